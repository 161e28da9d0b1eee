//! `nbamcp health` against the real stack, and against real faults: refused ports, black holes,
//! wrong credentials.

use crate::common;

use std::time::Duration;

use crate::common::{BlackHole, closed_port, component, nbamcp, set, stack};

const COMPONENTS: [&str; 8] = [
    "database",
    "artifact_store",
    "mlflow",
    "model_registry",
    "data_validation",
    "model_serving",
    "model_deployment",
    "cache",
];

/// A test that checks every component of the stack's own system holds the stack exclusively:
/// `model_deployment` is degraded while any test of another area has a deployment of its own
/// that some live replica (the stack's, or a test's own in the shared schema) has not loaded
/// yet, and the `--record` test acknowledges every health alert.
fn whole_system() -> common::Exclusive {
    common::exclusive()
}

#[test]
fn all_up_every_component_is_healthy_and_exit_is_0() {
    let _whole = whole_system();
    let _stack = stack();
    let run = nbamcp(&["health", "-o", "json"]).run();
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let report = run.json();
    assert_eq!(report["status"], "healthy");
    assert_eq!(report["healthy_components"], 8);
    assert_eq!(report["total_components"], 8);
    for name in COMPONENTS {
        let c = component(&report, name);
        assert_eq!(c["status"], "healthy", "{c}");
        assert!(c["latency_ms"].is_u64(), "{c}");
    }
    let database = component(&report, "database");
    assert!(
        database["detail"].as_str().unwrap().contains(&format!(
            "migrations {0}/{0} applied",
            common::migration_files()
        )),
        "{database}"
    );
    let registry = component(&report, "model_registry");
    assert!(
        registry["detail"]
            .as_str()
            .unwrap()
            .contains("nba_win_predictor v1 in Production"),
        "{registry}"
    );
}

#[test]
fn table_output_starts_with_the_seed_lines() {
    let _whole = whole_system();
    let _stack = stack();
    let run = nbamcp(&["health"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("Status: healthy"));
    assert_eq!(lines.next(), Some("Healthy: 8/8 components"));
    assert!(
        !run.stdout.contains('\x1b'),
        "no ANSI escapes when stdout is not a terminal"
    );
    for name in COMPONENTS {
        assert!(run.stdout.contains(name), "{}", run.stdout);
    }
}

#[test]
fn only_the_named_components_are_checked() {
    let _stack = stack();
    let run = nbamcp(&["health", "mlflow", "database", "-o", "yaml"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: serde_yaml::Value = serde_yaml::from_str(&run.stdout).unwrap();
    assert_eq!(report["total_components"].as_u64(), Some(2));
    let names: Vec<&str> = report["components"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["database", "mlflow"]);
}

#[test]
fn black_holed_endpoints_return_within_the_deadline_with_a_clear_detail() {
    let _whole = whole_system();
    let stack = stack();
    let hole = BlackHole::start();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "database.url",
            format!("postgres://nbamcp@127.0.0.1:{}/nbamcp", hole.port),
        );
        set(
            c,
            "s3.endpoint_url",
            format!("http://127.0.0.1:{}", hole.port),
        );
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", hole.port),
        );
        set(c, "health.timeout", "1s");
    });
    let run = nbamcp(&["health", "-o", "json"]).config(&config).run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(2),
        "health took {:?}, deadline 1s + 1s",
        run.elapsed
    );
    let report = run.json();
    assert_eq!(report["status"], "unhealthy");
    assert_eq!(report["total_components"], 8);
    for name in ["database", "artifact_store", "mlflow"] {
        let c = component(&report, name);
        assert_eq!(c["status"], "unhealthy", "{c}");
        let detail = c["detail"].as_str().unwrap();
        assert!(detail.contains("no answer within 1s"), "{c}");
        assert!(detail.contains(&format!("127.0.0.1:{}", hole.port)), "{c}");
    }
}

#[test]
fn a_black_holed_mlflow_is_named_by_every_check_that_waits_for_it() {
    let _whole = whole_system();
    let stack = stack();
    let hole = BlackHole::start();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", hole.port),
        );
        // MLflow's own deadline is the longer one: health.timeout is what ends the checks.
        set(c, "mlflow.timeout", "10s");
        set(c, "health.timeout", "1s");
    });
    let run = nbamcp(&["health", "-o", "json"]).config(&config).run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(3),
        "health took {:?}, deadline 1s",
        run.elapsed
    );
    let report = run.json();
    let mlflow = format!("http://127.0.0.1:{}", hole.port);
    let database = common::config_port(&stack, "database.url");
    // The mlflow check itself fails; the checks that only need MLflow's answer cannot tell
    // (docs/health.md: unknown when MLflow cannot be asked).
    for (name, status) in [
        ("mlflow", "unhealthy"),
        ("model_registry", "unknown"),
        ("data_validation", "unknown"),
        ("model_deployment", "unknown"),
    ] {
        let c = component(&report, name);
        assert_eq!(c["status"], status, "{c}");
        let detail = c["detail"].as_str().unwrap();
        assert!(detail.contains(&format!("mlflow ({mlflow})")), "{c}");
        assert!(detail.contains("no answer within 1s"), "{c}");
        assert!(
            !detail.contains(&format!("127.0.0.1:{database}")),
            "PostgreSQL answered, it is not to blame: {c}"
        );
        assert_eq!(c["endpoint"], mlflow, "{c}");
    }
    for name in ["database", "artifact_store"] {
        assert_eq!(component(&report, name)["status"], "healthy");
    }
}

#[test]
fn stopped_database_is_unhealthy_and_the_others_are_still_reported() {
    let _whole = whole_system();
    // A refused port is what a stopped PostgreSQL looks like to a client; tests/outage.rs
    // stops the stack's real server as well.
    let stack = stack();
    let port = closed_port();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "database.url",
            format!("postgres://nbamcp@127.0.0.1:{port}/nbamcp"),
        );
    });
    let run = nbamcp(&["health", "-o", "json"]).config(&config).run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["status"], "unhealthy");
    // model_deployment reads the same database: unknown.
    assert_eq!(report["healthy_components"], 5);
    let database = component(&report, "database");
    assert_eq!(database["status"], "unhealthy");
    let detail = database["detail"].as_str().unwrap();
    assert!(
        detail.starts_with(&format!(
            "database (postgres://nbamcp@127.0.0.1:{port}/nbamcp)"
        )),
        "{detail}"
    );
    assert!(
        detail.to_lowercase().contains("connection refused"),
        "{detail}"
    );
    for name in ["artifact_store", "mlflow", "model_registry"] {
        assert_eq!(component(&report, name)["status"], "healthy");
    }
}

#[test]
fn wrong_database_password_is_named_and_never_printed() {
    let stack = stack();
    let wrong = "wrong-db-password-7f3a9c";
    let dir = tempfile::tempdir().unwrap();
    let url = stack.config["database"]["url"].as_str().unwrap().to_owned();
    let config = stack.config_with(dir.path(), |c| {
        // The password inside the URL, the way many operators write it.
        set(
            c,
            "database.url",
            url.replace("nbamcp@", &format!("nbamcp:{wrong}@")),
        );
        c["database"]
            .as_mapping_mut()
            .unwrap()
            .remove("password_file");
    });
    let run = nbamcp(&["health", "database", "-o", "json", "-vvv"])
        .config(&config)
        .run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    run.assert_not_leaked(wrong);
    run.assert_not_leaked(&stack.secret("nbamcp-db-password"));
    let database = component(&run.json(), "database").clone();
    assert_eq!(database["status"], "unhealthy");
    let detail = database["detail"].as_str().unwrap();
    assert!(
        detail.contains("password authentication failed"),
        "{detail}"
    );
    assert!(
        detail.contains("postgres://nbamcp:***@127.0.0.1:"),
        "{detail}"
    );

    // And through `config show`, which prints the URL.
    let show = nbamcp(&["config", "show"]).config(&config).run();
    assert_eq!(show.code, 0, "{}", show.stderr);
    show.assert_not_leaked(wrong);
    assert!(
        show.stdout.contains("nbamcp:***@127.0.0.1"),
        "{}",
        show.stdout
    );
}

#[test]
fn wrong_s3_secret_is_named_and_never_printed() {
    let _whole = whole_system();
    let stack = stack();
    let wrong = "wrong-s3-secret-2b8e1d";
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("s3-secret");
    std::fs::write(&secret_file, wrong).unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "s3.secret_access_key_file",
            secret_file.display().to_string(),
        );
    });
    let run = nbamcp(&["health", "-o", "json", "-vvv"])
        .config(&config)
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    run.assert_not_leaked(wrong);
    run.assert_not_leaked(&stack.secret("s3-secret"));
    let report = run.json();
    let store = component(&report, "artifact_store");
    assert_eq!(store["status"], "unhealthy");
    let detail = store["detail"].as_str().unwrap();
    assert!(detail.contains("access denied"), "{detail}");
    assert!(
        detail.contains(stack.config["s3"]["endpoint_url"].as_str().unwrap()),
        "{detail}"
    );
    assert_eq!(component(&report, "database")["status"], "healthy");
}

#[test]
fn unreachable_mlflow_is_named_and_the_registry_is_unknown() {
    let _whole = whole_system();
    let stack = stack();
    let port = closed_port();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(c, "mlflow.tracking_uri", format!("http://127.0.0.1:{port}"));
    });
    let run = nbamcp(&["health", "-o", "json"]).config(&config).run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    let mlflow = component(&report, "mlflow");
    assert_eq!(mlflow["status"], "unhealthy");
    let detail = mlflow["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("mlflow (http://127.0.0.1:{port})")),
        "{detail}"
    );
    assert!(detail.contains("cannot connect"), "{detail}");
    assert_eq!(component(&report, "model_registry")["status"], "unknown");
    assert_eq!(component(&report, "database")["status"], "healthy");
    assert_eq!(component(&report, "artifact_store")["status"], "healthy");
}

#[test]
fn a_healthy_run_prints_no_stack_secret_even_at_trace_level() {
    let _whole = whole_system();
    let stack = stack();
    let run = nbamcp(&["health", "-vvv"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run.assert_not_leaked(&stack.secret("nbamcp-db-password"));
    run.assert_not_leaked(&stack.secret("s3-secret"));
    assert!(
        run.stderr.contains("DEBUG") || run.stderr.contains("TRACE"),
        "-vvv logs something"
    );
}

#[test]
fn timeout_flag_beats_config() {
    let stack = stack();
    let hole = BlackHole::start();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", hole.port),
        );
        set(c, "health.timeout", "30s");
    });
    let run = nbamcp(&["health", "mlflow", "--timeout", "500ms", "-o", "json"])
        .config(&config)
        .run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_millis(1500),
        "took {:?}",
        run.elapsed
    );
    let detail = component(&run.json(), "mlflow")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("no answer within 500ms"), "{detail}");
}

/// `health COMPONENT --watch 1 -o json`, its output piped.
fn watch(component: &str, config: &std::path::Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_nbamcp"))
        .args(["health", component, "--watch", "1", "-o", "json"])
        .env("NBAMCP_CONFIG", config)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The JSON reports a watch printed one after another.
fn json_stream(stdout: &str) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_str(stdout)
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

/// A Ctrl-C that arrives while a check is still running (here the first one, waiting out a
/// black-holed MLflow) ends the watch when the check is done, with that check's exit status:
/// it is neither lost (the watch ran on) nor the default SIGINT death.
#[test]
fn watch_ends_on_a_ctrl_c_that_arrives_during_a_check() {
    let stack = stack();
    let hole = BlackHole::start();
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", hole.port),
        );
        set(c, "health.timeout", "3s");
    });
    let mut child = watch("mlflow", &config);
    // The first check waits 3 s for MLflow; interrupt it halfway.
    std::thread::sleep(Duration::from_millis(1500));
    common::signal(child.id(), "INT");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(15) {
            child.kill().unwrap();
            panic!("--watch ran on after a Ctrl-C that arrived during a check");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        status.code(),
        Some(3),
        "exit status {status:?} (a signal death has no code): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let reports = json_stream(&stdout);
    assert_eq!(reports.len(), 1, "{stdout}");
    assert_eq!(component(&reports[0], "mlflow")["status"], "unhealthy");
}

#[test]
fn watch_repeats_the_check_until_interrupted() {
    let stack = stack();
    let child = watch("database", &stack.config_path);
    std::thread::sleep(Duration::from_millis(2500));
    // Ctrl-C, as an operator would end it.
    common::signal(child.id(), "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let reports = json_stream(&stdout);
    assert!(
        reports.len() >= 2,
        "expected a report a second, got {}:\n{stdout}",
        reports.len()
    );
    assert!(reports.iter().all(|r| r["status"] == "healthy"));
}

/// A model with a version in Production that only this test uses, and a config that makes
/// it the one `health` watches.
fn watched_model(stack: &common::Stack, dir: &std::path::Path) -> (String, std::path::PathBuf) {
    let name = common::unique_name("validated");
    common::oracle(&["create", &name, "0.95"]);
    let promote = common::promote(&name, "1", "production", &[]).run();
    assert_eq!(promote.code, 0, "{}", promote.stderr);
    let config = stack.config_with(dir, |c| {
        set(
            c,
            "registry.models",
            serde_yaml::Value::Sequence(vec![name.clone().into()]),
        );
    });
    (name, config)
}

fn drift_csv(dir: &std::path::Path, file: &str, shift: f64) -> String {
    let mut rng = common::Rng(0xDA7A + shift.to_bits());
    let mut text = String::from("net_rating\n");
    for _ in 0..300 {
        text.push_str(&format!("{:.4}\n", rng.normal() * 5.0 + shift));
    }
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn data_validation_follows_the_latest_recorded_drift_check_of_production() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let (name, config) = watched_model(&stack, dir.path());
    let validation = || {
        let run = nbamcp(&["health", "data_validation", "-o", "json"])
            .config(&config)
            .run();
        let c = component(&run.json(), "data_validation").clone();
        (
            run.code,
            c["status"].as_str().unwrap().to_owned(),
            c["detail"].as_str().unwrap().to_owned(),
        )
    };
    let (code, status, detail) = validation();
    assert_eq!((code, status.as_str()), (3, "degraded"));
    assert!(
        detail.contains(&format!("{name} v1: no drift check recorded")),
        "{detail}"
    );

    let (reference, same, shifted) = (
        drift_csv(dir.path(), "r.csv", 0.0),
        drift_csv(dir.path(), "c.csv", 0.0),
        drift_csv(dir.path(), "s.csv", 5.0),
    );
    let record = |current: &str| {
        nbamcp(&[
            "drift",
            "check",
            "--reference",
            &reference,
            "--current",
            current,
            "--record",
            "--model",
            &name,
            "--version",
            "1",
        ])
        .config(&config)
        .run()
        .code
    };
    assert_eq!(record(&shifted), 3);
    let (code, status, detail) = validation();
    assert_eq!((code, status.as_str()), (3, "degraded"));
    assert!(
        detail.starts_with(&format!("{name} v1: 1 of 1 features drifted (")),
        "{detail}"
    );

    assert_eq!(record(&same), 0);
    let (code, status, detail) = validation();
    assert_eq!((code, status.as_str()), (0, "healthy"), "{detail}");
    assert!(
        detail.starts_with(&format!("{name} v1: no drift in 1 features (")),
        "{detail}"
    );

    // An old check is not a current one.
    common::psql(&format!(
        "UPDATE nbamcp.drift_reports SET created_at = now() - interval '30 hours' WHERE model = '{name}'"
    ));
    let (code, status, detail) = validation();
    assert_eq!((code, status.as_str()), (3, "degraded"));
    assert!(detail.contains("older than 26h"), "{detail}");
}

#[test]
fn record_raises_one_critical_alert_per_incident_and_webhooks_it_when_the_database_is_down() {
    let _whole = whole_system();
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    common::psql(
        "UPDATE nbamcp.alerts SET acknowledged_at = now(), acknowledged_by = 'test' \
         WHERE source = 'health' AND acknowledged_at IS NULL",
    );
    // MLflow down, the database up: the alert is recorded, once.
    let mlflow_down = stack.config_with(dir.path(), |c| {
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", closed_port()),
        );
    });
    let first = nbamcp(&["health", "--record", "-o", "json"])
        .config(&mlflow_down)
        .run();
    assert_eq!(first.code, 3, "{}", first.stderr);
    let raised = first.json()["alerts"].as_array().unwrap().clone();
    assert_eq!(raised.len(), 1, "{raised:?}");
    let line = raised[0].as_str().unwrap();
    assert!(
        line.contains("raised: [CRITICAL] System Unhealthy: ")
            && line.contains("unhealthy: mlflow"),
        "{line}"
    );
    let id: i64 = line
        .trim_start_matches("alert #")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        common::psql(&format!(
            "SELECT severity || ' ' || alert_type || ' ' || source FROM nbamcp.alerts WHERE id = {id}"
        )),
        "CRITICAL System Unhealthy health"
    );
    let again = nbamcp(&["health", "--record"]).config(&mlflow_down).run();
    assert_eq!(again.code, 3);
    assert!(
        again.stdout.contains(&format!(
            "alert #{id} [CRITICAL] System Unhealthy still stands"
        )),
        "{}",
        again.stdout
    );
    // Healthy: nothing to record.
    let fine = nbamcp(&["health", "--record", "-o", "json"]).run();
    assert_eq!(fine.code, 0, "{}", fine.stdout);
    assert!(fine.json().get("alerts").is_none());

    // The database down: nothing can be recorded, so both alerts go out by webhook only.
    let receiver = common::WebhookReceiver::start(&[]);
    let db_down = stack.config_with(dir.path(), |c| {
        set(
            c,
            "database.url",
            format!("postgres://nbamcp@127.0.0.1:{}/nbamcp", closed_port()),
        );
        set(c, "alerts", serde_yaml::Mapping::new());
        set(c, "alerts.webhook", serde_yaml::Mapping::new());
        set(
            c,
            "alerts.webhook.url",
            format!("http://127.0.0.1:{}/", receiver.port),
        );
    });
    let run = nbamcp(&["health", "--record"]).config(&db_down).run();
    assert_eq!(run.code, 3);
    let types: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| {
            let body = r.json();
            assert_eq!(body["details"]["recorded"], false);
            assert!(body["id"].is_null());
            body["type"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(types, ["System Unhealthy", "Database Connection Failed"]);
    assert!(
        run.stdout
            .contains("not recorded (the database is unreachable")
            && run.stdout.contains("webhook: delivered"),
        "{}",
        run.stdout
    );
}
