"""Set-up and oracle for the serving tests: MLflow's client registers models, onnxruntime's
Python API predicts (the numbers nbamcp serve must give), skl2onnx makes a model with other inputs.

  serving_oracle.py register NAME ARTIFACT...   one version per artifact file, uploaded as
                                                run artifact model/model.onnx (any bytes, so a
                                                corrupt file can be registered too); source runs:/
  serving_oracle.py register_s3 NAME ARTIFACT    one version whose source is s3://nbamcp-models/
                                                tests/NAME/ (uploaded with boto3)
  serving_oracle.py wrong_inputs PATH           write an ONNX model taking [N, 5] floats
  serving_oracle.py predict MODEL CSV           print {"label": [...], "probabilities": [[...]]}
                                                for the CSV's first 8 columns
Uses MLFLOW_TRACKING_URI.
"""

import json
import pathlib
import shutil
import sys
import tempfile


def register(name, artifacts):
    from mlflow import MlflowClient

    client = MlflowClient()
    exp = client.get_experiment_by_name("nbamcp-tests")
    exp_id = exp.experiment_id if exp else client.create_experiment("nbamcp-tests")
    client.create_registered_model(name)
    for path in artifacts:
        run = client.create_run(exp_id, run_name=f"{name}-serving")
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(path, pathlib.Path(tmp) / "model.onnx")
            client.log_artifacts(run.info.run_id, tmp, artifact_path="model")
        client.set_terminated(run.info.run_id)
        client.create_model_version(name, f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)


def register_s3(name, artifact):
    import boto3
    from mlflow import MlflowClient

    prefix = f"tests/{name}"
    boto3.client("s3").upload_file(artifact, "nbamcp-models", f"{prefix}/model.onnx")
    client = MlflowClient()
    client.create_registered_model(name)
    client.create_model_version(name, f"s3://nbamcp-models/{prefix}")


def wrong_inputs(path):
    import numpy as np
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    clf = LogisticRegression().fit(x, y)
    onx = convert_sklearn(
        clf,
        initial_types=[("input", FloatTensorType([None, 5]))],
        options={id(clf): {"zipmap": False}},
        target_opset=17,
    )
    pathlib.Path(path).write_bytes(onx.SerializeToString())


def predict(model, csv):
    import numpy as np
    import onnxruntime as ort

    rows = np.loadtxt(csv, delimiter=",", skiprows=1, dtype=np.float32)[:, :8]
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    label, probabilities = session.run(["label", "probabilities"], {"input": rows})
    print(json.dumps({"label": label.tolist(), "probabilities": probabilities.tolist()}))


cmd, args = sys.argv[1], sys.argv[2:]
if cmd == "register":
    register(args[0], args[1:])
elif cmd == "register_s3":
    register_s3(args[0], args[1])
elif cmd == "wrong_inputs":
    wrong_inputs(args[0])
elif cmd == "predict":
    predict(args[0], args[1])
else:
    sys.exit(f"unknown command {cmd}")
