//! The local stack's contract (`scripts/stack env`) and the state `scripts/stack seed` leaves,
//! checked with MLflow's own Python client and onnxruntime as the oracles.

use crate::common;

use crate::common::{STACK_VARS, nbamcp, python, set, stack};

#[test]
fn env_contract_names_are_exported_and_point_at_real_things() {
    let _stack = stack();
    for var in STACK_VARS {
        assert!(
            std::env::var(var).is_ok_and(|v| !v.is_empty()),
            "{var} is not exported"
        );
    }
    let ort = std::env::var("ORT_DYLIB_PATH").unwrap();
    assert!(
        ort.contains("libonnxruntime.so.1.31.1") && std::path::Path::new(&ort).is_file(),
        "{ort}"
    );
    assert_eq!(
        python(
            "import mlflow, scipy, onnxruntime; print(mlflow.__version__, onnxruntime.__version__)"
        ),
        "3.17.2 1.31.1"
    );
}

#[test]
fn seeded_registry_state_agrees_with_mlflows_own_client() {
    let _stack = stack();
    let state = python(
        "from mlflow import MlflowClient\n\
         c = MlflowClient()\n\
         m = c.get_registered_model('nba_win_predictor')\n\
         vs = sorted(c.search_model_versions(\"name='nba_win_predictor'\"), key=lambda v: int(v.version))\n\
         print(';'.join(f'{v.version}={v.current_stage}' for v in vs[:2]), sorted(m.aliases.items()))",
    );
    assert_eq!(
        state,
        "1=Production;2=Staging [('production', '1'), ('staging', '2')]"
    );
    let run = nbamcp(&["health", "model_registry", "-o", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let detail = common::component(&run.json(), "model_registry")["detail"].clone();
    assert_eq!(
        detail,
        "nba_win_predictor v1 in Production (stage and alias)"
    );
}

#[test]
fn fixture_models_load_in_onnxruntime_with_the_documented_outputs() {
    let out = python(
        "import onnxruntime as ort, numpy as np\n\
         for v in ('v1', 'v2'):\n\
         \x20   s = ort.InferenceSession(f'fixtures/models/nba_win_predictor_{v}.onnx')\n\
         \x20   label, proba = s.run(None, {'input': np.zeros((3, 8), dtype=np.float32)})\n\
         \x20   print(v, [i.name for i in s.get_inputs()], [o.name for o in s.get_outputs()], proba.shape, bool(np.allclose(proba.sum(axis=1), 1)))",
    );
    assert_eq!(
        out,
        "v1 ['input'] ['label', 'probabilities'] (3, 2) True\n\
         v2 ['input'] ['label', 'probabilities'] (3, 2) True"
    );
}

#[test]
fn an_unregistered_model_is_reported_from_mlflows_error_code() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "registry.models",
            serde_yaml::Value::Sequence(vec!["nba_win_predictor".into(), "no_such_model".into()]),
        );
    });
    let run = nbamcp(&["health", "model_registry", "-o", "json"])
        .config(&config)
        .run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let c = common::component(&run.json(), "model_registry").clone();
    assert_eq!(c["status"], "unhealthy");
    assert_eq!(
        c["detail"],
        "nba_win_predictor v1 in Production (stage and alias); no_such_model: not registered"
    );
}
