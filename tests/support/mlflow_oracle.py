"""MLflow's own Python client, as the tests' setup tool and oracle for registry state.

  mlflow_oracle.py create NAME ACC1,ACC2,...   register NAME with one version per accuracy
                                               (each with its own run logging `accuracy`)
  mlflow_oracle.py stage NAME VERSION STAGE     set a stage directly (for setting up half states)
  mlflow_oracle.py alias NAME ALIAS VERSION     set an alias directly
  mlflow_oracle.py state NAME                  print {"versions": {v: stage}, "aliases": {a: v}}
  mlflow_oracle.py listing PREFIX              print every version of models named PREFIX*
  mlflow_oracle.py bulk PREFIX MODELS VERSIONS create MODELS models x VERSIONS versions
Uses MLFLOW_TRACKING_URI.
"""

import json
import sys

from mlflow import MlflowClient

client = MlflowClient()


def experiment_id():
    exp = client.get_experiment_by_name("nbamcp-tests")
    return exp.experiment_id if exp else client.create_experiment("nbamcp-tests")


def create(name, accuracies):
    client.create_registered_model(name)
    exp = experiment_id()
    for acc in accuracies:
        run = client.create_run(exp, run_name=f"{name}-v")
        client.log_metric(run.info.run_id, "accuracy", float(acc))
        client.set_terminated(run.info.run_id)
        client.create_model_version(name, f"{run.info.artifact_uri}/model", run_id=run.info.run_id)


def state(name):
    model = client.get_registered_model(name)
    versions = client.search_model_versions(f"name='{name}'")
    return {
        "versions": {v.version: v.current_stage for v in versions},
        "aliases": dict(model.aliases),
    }


def listing(prefix):
    """Every version of models named PREFIX*, with what `registry list` shows for it."""
    rows = []
    for model in client.search_registered_models(filter_string=f"name LIKE '{prefix}%'"):
        aliases = client.get_registered_model(model.name).aliases
        for v in client.search_model_versions(f"name='{model.name}'"):
            run = client.get_run(v.run_id) if v.run_id else None
            rows.append([
                model.name,
                v.version,
                v.current_stage,
                sorted(a for a, version in aliases.items() if version == v.version),
                v.status,
                v.run_id,
                v.creation_timestamp,
                run.data.metrics.get("accuracy") if run else None,
            ])
    return sorted(rows, key=lambda r: (r[0], int(r[1])))


cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "create":
    create(args[0], args[1].split(","))
elif cmd == "stage":
    client.transition_model_version_stage(args[0], args[1], args[2])
elif cmd == "alias":
    client.set_registered_model_alias(args[0], args[1], args[2])
elif cmd == "state":
    print(json.dumps(state(args[0]), sort_keys=True))
elif cmd == "listing":
    print(json.dumps(listing(args[0])))
elif cmd == "bulk":
    prefix, models, versions = args[0], int(args[1]), int(args[2])
    for m in range(models):
        create(f"{prefix}{m:02d}", [0.8 + (i % 10) / 100 for i in range(versions)])
else:
    sys.exit(f"unknown command {cmd}")
