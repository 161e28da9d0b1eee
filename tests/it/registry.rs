//! `nbamcp registry` against the real MLflow of the local stack. Every model is created by
//! MLflow's own Python client, and every change nbamcp makes is read back through that client
//! (tests/support/mlflow_oracle.py): the client is the oracle, not nbamcp.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{
    Fault, FaultProxy, nbamcp, oracle, oracle_state, psql, set, stack, unique_name,
};

/// A model with one version per accuracy, none in any stage.
fn model(prefix: &str, accuracies: &str) -> String {
    let name = unique_name(prefix);
    oracle(&["create", &name, accuracies]);
    name
}

fn promote(name: &str, version: &str, to: &str) -> common::Run {
    common::promote(name, version, to, &["-o", "json"]).run()
}

fn audit_count(name: &str) -> i64 {
    psql(&format!(
        "SELECT count(*) FROM nbamcp.audit_events WHERE target = '{name}'"
    ))
    .parse()
    .unwrap()
}

#[test]
fn list_pages_through_every_model_and_version_like_mlflows_client() {
    let _stack = stack();
    let prefix = unique_name("list");
    for m in 0..3 {
        oracle(&["create", &format!("{prefix}_{m}"), "0.9,0.8,0.7"]);
    }
    assert_eq!(promote(&format!("{prefix}_1"), "1", "production").code, 0);
    // Page size 2 forces several pages of models and of versions.
    let run = nbamcp(&["registry", "list", "--page-size", "2", "-o", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let ours: Vec<serde_json::Value> = report["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["name"].as_str().unwrap().starts_with(&prefix))
        .map(|r| {
            let created = chrono::DateTime::parse_from_rfc3339(r["created_at"].as_str().unwrap())
                .unwrap()
                .timestamp_millis();
            json!([
                r["name"],
                r["version"],
                r["stage"],
                r["aliases"],
                r["status"],
                r["run_id"],
                created,
                r["metric_value"]
            ])
        })
        .collect();
    let theirs: serde_json::Value = serde_json::from_str(&oracle(&["listing", &prefix])).unwrap();
    assert_eq!(serde_json::Value::Array(ours), theirs);
    assert!(
        report["mlflow_requests"].as_u64().unwrap() > 4,
        "paged: {}",
        report["mlflow_requests"]
    );

    let promoted = report["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == format!("{prefix}_1") && r["version"] == "1")
        .unwrap();
    assert_eq!(promoted["aliases"], json!(["production"]));
    assert_eq!(promoted["metric"], "accuracy");
    assert_eq!(promoted["metric_value"], 0.9);

    let one = nbamcp(&[
        "registry",
        "list",
        "--name",
        &format!("{prefix}_0"),
        "--stage",
        "none",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.json()["total"], 3);

    let table = nbamcp(&["registry", "list", "--name", &format!("{prefix}_1")]).run();
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.contains(&format!("{prefix}_1"))
                && l.contains("v1")
                && l.contains("Production")),
        "{}",
        table.stdout
    );
}

#[test]
fn promote_to_production_archives_the_holder_and_moves_the_alias() {
    let _stack = stack();
    let name = model("promote", "0.90,0.95");
    assert_eq!(promote(&name, "1", "production").code, 0);
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "production",
        "--yes",
        "--reason",
        "better",
    ])
    .env("NBAMCP_ACTOR", "alice")
    .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("v2: stage None → Production (archiving v1: Production → Archived)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Production"}, "aliases": {"production": "2"}})
    );
    // The audit log, read with psql.
    assert_eq!(
        psql(&format!(
            "SELECT actor || ' ' || action || ' ' || version || ' ' || from_state || ' ' || to_state || ' ' || reason || ' ' || (details->>'previous_holder') \
             FROM nbamcp.audit_events WHERE target = '{name}' ORDER BY id DESC LIMIT 1"
        )),
        "alice promote 2 None Production better 1"
    );
    // And history shows it.
    let history = nbamcp(&["registry", "history", &name]).run();
    assert_eq!(history.code, 0);
    let newest = history.stdout.lines().nth(1).unwrap();
    for part in ["alice", "promote", "v2", "None → Production", "better"] {
        assert!(newest.contains(part), "{newest}");
    }
    let json = nbamcp(&["registry", "history", &name, "--limit", "1", "-o", "json"])
        .run()
        .json();
    assert_eq!(json["events"].as_array().unwrap().len(), 1);
    assert_eq!(json["events"][0]["version"], "2");
}

#[test]
fn promote_to_staging_keeps_the_previous_staging_version_unless_asked() {
    let _stack = stack();
    let name = model("staging", "0.5,0.6,0.7");
    assert_eq!(promote(&name, "1", "staging").code, 0);
    assert_eq!(promote(&name, "2", "staging").code, 0);
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Staging", "2": "Staging", "3": "None"}, "aliases": {"staging": "2"}})
    );
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "3",
        "--to",
        "staging",
        "--archive-existing",
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Archived", "3": "Staging"}, "aliases": {"staging": "3"}})
    );
}

#[test]
fn promoting_the_holder_again_is_a_noop_success() {
    let _stack = stack();
    let name = model("noop", "0.9");
    assert_eq!(promote(&name, "1", "production").code, 0);
    let events = audit_count(&name);
    let run = nbamcp(&["registry", "promote", &name, "1", "--to", "production"]).run();
    assert_eq!(
        run.code, 0,
        "no --yes needed when nothing changes: {}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("already holds Production: nothing to do"),
        "{}",
        run.stdout
    );
    assert_eq!(audit_count(&name), events, "no audit event for a no-op");
}

#[test]
fn policy_gate_refuses_with_exit_4_and_changes_nothing() {
    let _stack = stack();
    let name = model("gate", "0.80,0.90");
    let before = oracle_state(&name);
    // The default gate from config: accuracy>=0.85.
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "1",
        "--to",
        "production",
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("accuracy>=0.85 (is 0.8)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
    // An extra gate on the command line.
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "production",
        "--require",
        "accuracy>=0.95",
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    // A metric the run never logged fails the gate too.
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "staging",
        "--require",
        "roc_auc>=0.5",
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("metric not logged"), "{}", run.stderr);
    assert_eq!(oracle_state(&name), before);
    assert_eq!(audit_count(&name), 0);
}

#[test]
fn bad_input_is_a_clear_usage_error() {
    let _stack = stack();
    let name = model("usage", "0.9");
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "registry",
                "promote",
                &name,
                "1",
                "--to",
                "production",
                "--require",
                "accuracy>>0.8",
            ],
            "--require",
        ),
        (
            &[
                "registry",
                "promote",
                &name,
                "7",
                "--to",
                "production",
                "--yes",
            ],
            "has no version \"7\"",
        ),
        (
            &[
                "registry",
                "promote",
                "no_such_model_xyz",
                "1",
                "--to",
                "production",
                "--yes",
            ],
            "no registered model named \"no_such_model_xyz\"",
        ),
        (
            &["registry", "promote", &name, "1", "--to", "archived"],
            "--to",
        ),
    ];
    for (args, expected) in cases {
        let run = nbamcp(args).run();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn without_a_terminal_changes_need_yes_and_dry_run_changes_nothing() {
    let _stack = stack();
    let name = model("confirm", "0.9,0.95");
    let before = oracle_state(&name);
    let run = nbamcp(&["registry", "promote", &name, "1", "--to", "production"]).run();
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    let dry = nbamcp(&[
        "registry",
        "promote",
        &name,
        "1",
        "--to",
        "production",
        "--dry-run",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let plan = dry.json();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["applied"], false);
    assert_eq!(
        plan["steps"],
        json!([
            "v1: stage None → Production",
            "alias production: (none) → v1"
        ])
    );
    assert_eq!(oracle_state(&name), before);
    assert_eq!(audit_count(&name), 0);
}

#[test]
fn rollback_after_two_promotes_restores_the_previous_version() {
    let _stack = stack();
    let name = model("rollback", "0.90,0.91,0.92");
    for v in ["1", "2", "3"] {
        assert_eq!(promote(&name, v, "production").code, 0);
    }
    let run = nbamcp(&[
        "registry",
        "rollback",
        &name,
        "--yes",
        "--reason",
        "v3 regressed",
    ])
    .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("v2 from the audit log"),
        "{}",
        run.stdout
    );
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Production", "3": "Archived"}, "aliases": {"production": "2"}})
    );
    // Again: back to v1, then nothing is left.
    assert_eq!(
        nbamcp(&["registry", "rollback", &name, "--yes"]).run().code,
        0
    );
    assert_eq!(oracle_state(&name)["aliases"], json!({"production": "1"}));
    let none = nbamcp(&["registry", "rollback", &name, "--yes"]).run();
    assert_eq!(none.code, 4, "{}", none.stderr);
    assert!(
        none.stderr.contains("nothing to roll back to"),
        "{}",
        none.stderr
    );
    let history = nbamcp(&["registry", "history", &name, "-o", "json"])
        .run()
        .json();
    let actions: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["rollback", "rollback", "promote", "promote", "promote"]
    );
}

#[test]
fn rollback_with_nothing_to_roll_back_to_refuses() {
    let _stack = stack();
    let name = model("norollback", "0.9");
    assert_eq!(promote(&name, "1", "production").code, 0);
    let before = oracle_state(&name);
    let run = nbamcp(&["registry", "rollback", &name, "--yes"]).run();
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("nothing to roll back to"),
        "{}",
        run.stderr
    );
    assert_eq!(oracle_state(&name), before);
}

#[test]
fn rollback_without_history_falls_back_to_the_most_recently_archived_version_and_says_so() {
    let _stack = stack();
    let name = model("fallback", "0.9,0.9");
    // Set up outside nbamcp, as a registry that predates it would be.
    oracle(&["stage", &name, "1", "Archived"]);
    oracle(&["stage", &name, "2", "Production"]);
    oracle(&["alias", &name, "production", "2"]);
    let run = nbamcp(&["registry", "rollback", &name, "--yes"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("chose the most recently archived one"),
        "{}",
        run.stdout
    );
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Production", "2": "Archived"}, "aliases": {"production": "1"}})
    );
}

#[test]
fn archive_older_than_never_touches_production() {
    let _stack = stack();
    let name = model("archive", "0.9,0.8,0.7");
    assert_eq!(promote(&name, "1", "production").code, 0);
    assert_eq!(
        nbamcp(&[
            "registry", "promote", &name, "2", "--to", "staging", "--yes"
        ])
        .run()
        .code,
        0
    );
    // 91 days from now, everything is older than 90 days.
    let future = (chrono::Utc::now() + chrono::Duration::days(91)).to_rfc3339();
    let dry = nbamcp(&[
        "registry",
        "archive",
        "--older-than",
        "90d",
        "--name",
        &name,
        "--now",
        &future,
        "--dry-run",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let plan = dry.json();
    let planned: Vec<&str> = plan["archived"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["version"].as_str().unwrap())
        .collect();
    assert_eq!(planned, ["2", "3"]);
    assert_eq!(plan["kept"][0]["version"], "1");
    // Today nothing is 90 days old.
    let today = nbamcp(&[
        "registry",
        "archive",
        "--older-than",
        "90d",
        "--name",
        &name,
        "--dry-run",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(today.json()["archived"], json!([]));

    let run = nbamcp(&[
        "registry",
        "archive",
        "--older-than",
        "90d",
        "--name",
        &name,
        "--now",
        &future,
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Production", "2": "Archived", "3": "Archived"}, "aliases": {"production": "1"}})
    );
    assert_eq!(audit_count(&name), 2 + 2, "two promotes and two archives");
    // One version by name: refused for production.
    let refused = nbamcp(&["registry", "archive", &name, "1", "--yes"]).run();
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is in Production"),
        "{}",
        refused.stderr
    );
}

#[test]
fn a_held_lock_refuses_with_who_and_since() {
    let _stack = stack();
    let name = model("lock", "0.9");
    // Another session holds the model's lock, as a running promote would.
    let url = common::database_url();
    let mut holder = Command::new("psql")
        .args([url.as_str(), "-X", "-q"])
        .env("PGAPPNAME", "nbamcp registry promote by bob")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = holder.stdin.take().unwrap();
    writeln!(
        stdin,
        "SELECT pg_advisory_lock(hashtext('registry'), hashtext('{name}'));"
    )
    .unwrap();
    stdin.flush().unwrap();
    common::wait_until(
        "psql to take the lock",
        Duration::from_secs(10),
        Duration::from_millis(100),
        || {
            psql(&format!(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = (hashtext('{name}')::bigint & 4294967295)"
            )) == "1"
        },
    );
    let before = oracle_state(&name);
    let run = promote(&name, "1", "production");
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "registry {name} is locked by nbamcp registry promote by bob since"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(oracle_state(&name), before);
    drop(stdin);
    holder.wait().unwrap();
    assert_eq!(
        promote(&name, "1", "production").code,
        0,
        "free again once the holder is gone"
    );
}

#[test]
fn concurrent_promotes_leave_one_consistent_production() {
    let _stack = stack();
    let name = model("race", "0.9,0.91,0.92,0.93");
    let children: Vec<_> = ["2", "3", "4"]
        .iter()
        .map(|v| {
            std::process::Command::new(env!("CARGO_BIN_EXE_nbamcp"))
                .args([
                    "registry",
                    "promote",
                    &name,
                    v,
                    "--to",
                    "production",
                    "--yes",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let results: Vec<(i32, String)> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .collect();
    for (code, stderr) in &results {
        assert!(
            *code == 0 || (*code == 4 && stderr.contains("is locked by")),
            "{code}: {stderr}"
        );
    }
    assert!(results.iter().any(|(code, _)| *code == 0));
    let state = oracle_state(&name);
    let production: Vec<&String> = state["versions"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, stage)| *stage == "Production")
        .map(|(v, _)| v)
        .collect();
    assert_eq!(
        production.len(),
        1,
        "exactly one version in Production: {state}"
    );
    assert_eq!(
        state["aliases"]["production"],
        json!(production[0]),
        "{state}"
    );
    let successes = results.iter().filter(|(code, _)| *code == 0).count() as i64;
    assert_eq!(audit_count(&name), successes);
}

#[test]
fn mlflow_dying_mid_promote_is_reported_and_the_next_run_repairs_it() {
    let stack = stack();
    let name = model("midway", "0.90,0.95");
    assert_eq!(promote(&name, "1", "production").code, 0);
    let mlflow_port = common::config_port(&stack, "mlflow.tracking_uri");
    // MLflow "dies" when the alias is about to move: after the stage transition went through.
    let proxy = FaultProxy::start(
        mlflow_port,
        b"POST /api/2.0/mlflow/registered-models/alias",
        Fault::Die,
    );
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_via_mlflow_proxy(&stack, dir.path(), proxy.port);
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "production",
        "--yes",
    ])
    .config(&config)
    .run();
    assert!(proxy.fired());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("alias production: v1 → v2 failed"),
        "{}",
        run.stderr
    );
    // MLflow is still down: nbamcp cannot undo nor even read the state, and says so.
    assert!(
        run.stderr.contains("the state of the registry is UNKNOWN"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("run the same command again"),
        "{}",
        run.stderr
    );
    // The half state is real, and health sees it.
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Production"}, "aliases": {"production": "1"}})
    );
    let health_dir = tempfile::tempdir().unwrap();
    let health_config = stack.config_with(health_dir.path(), |c| {
        set(
            c,
            "registry.models",
            serde_yaml::Value::Sequence(vec![name.clone().into()]),
        );
    });
    let health = nbamcp(&["health", "model_registry", "-o", "json"])
        .config(&health_config)
        .run();
    assert_eq!(health.code, 3, "{}", health.stdout);
    let registry = common::component(&health.json(), "model_registry").clone();
    assert_eq!(registry["status"], "degraded");
    assert_eq!(
        registry["detail"],
        format!("{name}: stage Production is v2 but alias production is v1")
    );
    let failed_events: i64 = psql(&format!(
        "SELECT count(*) FROM nbamcp.audit_events WHERE target = '{name}' AND action = 'promote_unknown'"
    ))
    .parse()
    .unwrap();
    assert_eq!(
        failed_events, 1,
        "the alias request was cut: its outcome is unknown"
    );

    // MLflow is back: the same command completes the promotion.
    proxy.revive();
    let repair = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "production",
        "--yes",
    ])
    .config(&config)
    .run();
    assert_eq!(repair.code, 0, "{}{}", repair.stdout, repair.stderr);
    assert!(
        repair.stdout.contains("alias production: v1 → v2"),
        "{}",
        repair.stdout
    );
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Production"}, "aliases": {"production": "2"}})
    );
}

/// Promote v2 of a fresh model (v1 in Production, alias staging on v2) through a proxy that
/// injects `fault` into the first request containing `trigger`. Returns the model, its state
/// before, the run, and when the promote started.
fn promote_through_fault(
    prefix: &str,
    trigger: &'static [u8],
    fault: Fault,
) -> (String, serde_json::Value, common::Run, Instant) {
    let stack = stack();
    let name = model(prefix, "0.90,0.95");
    oracle(&["alias", &name, "staging", "2"]);
    assert_eq!(promote(&name, "1", "production").code, 0);
    let mlflow_port = common::config_port(&stack, "mlflow.tracking_uri");
    let proxy = FaultProxy::start(mlflow_port, trigger, fault);
    let dir = tempfile::tempdir().unwrap();
    let config = common::config_via_mlflow_proxy(&stack, dir.path(), proxy.port);
    let before = oracle_state(&name);
    let started = Instant::now();
    let run = nbamcp(&[
        "registry",
        "promote",
        &name,
        "2",
        "--to",
        "production",
        "--yes",
    ])
    .config(&config)
    .run();
    assert!(proxy.fired(), "the fault was not injected");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    (name, before, run, started)
}

/// The action the promote's audit event was settled with.
fn last_action(name: &str) -> String {
    psql(&format!(
        "SELECT action FROM nbamcp.audit_events WHERE target = '{name}' ORDER BY id DESC LIMIT 1"
    ))
}

#[test]
fn a_request_lost_midway_is_undone_but_not_claimed_as_before() {
    // The stage moved (and v1 was archived); the alias request was cut on its way. nbamcp
    // cannot know whether MLflow got it: it undoes the stage, and says the alias step's
    // outcome is unknown instead of claiming the registry is as it was.
    let (name, before, run, _) = promote_through_fault(
        "lostreq",
        b"POST /api/2.0/mlflow/registered-models/alias",
        Fault::DropRequest,
    );
    assert!(
        run.stderr
            .contains("the outcome of alias production: v1 → v2 is UNKNOWN"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("as it was before"),
        "a lost request is never reported as undone: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("nbamcp registry show {name}")),
        "{}",
        run.stderr
    );
    // It really never reached MLflow, so the undone stage is all there is.
    assert_eq!(oracle_state(&name), before);
    assert_eq!(last_action(&name), "promote_unknown");
}

#[test]
fn an_answer_lost_after_mlflow_applied_the_change_is_undone_too() {
    // MLflow moved the stage but the answer was lost: nbamcp must not assume nothing happened.
    // It sees the change in MLflow, so it can no longer land later: undone and checked.
    let (name, before, run, _) = promote_through_fault(
        "lostanswer",
        b"POST /api/2.0/mlflow/model-versions/transition-stage",
        Fault::DropResponse,
    );
    assert!(
        run.stderr
            .contains("checked in MLflow: the registry is as it was before"),
        "{}",
        run.stderr
    );
    assert_eq!(oracle_state(&name), before);
    assert_eq!(last_action(&name), "promote_failed");
}

#[test]
fn a_stage_change_mlflow_applies_after_the_timeout_is_awaited_then_undone() {
    // The transition reaches MLflow 4s after it was sent, 2s after mlflow.timeout fired, within
    // the settle window (3 x mlflow.timeout): nbamcp waits for it to land before undoing.
    let delay = Duration::from_secs(4);
    let (name, before, run, started) = promote_through_fault(
        "latewrite",
        b"POST /api/2.0/mlflow/model-versions/transition-stage",
        Fault::Delay(delay),
    );
    assert!(
        run.stderr
            .contains("checked in MLflow: the registry is as it was before"),
        "{}",
        run.stderr
    );
    // The claim still holds once the delayed request has surely been handled.
    std::thread::sleep(
        (started + delay + Duration::from_secs(2)).saturating_duration_since(Instant::now()),
    );
    assert_eq!(oracle_state(&name), before, "{}", run.stderr);
    assert!(run.stderr.contains("no answer within 2s"), "{}", run.stderr);
    assert!(
        run.stderr.contains("MLflow applied it"),
        "the late write is seen: {}",
        run.stderr
    );
    assert_eq!(last_action(&name), "promote_failed");
}

#[test]
fn a_stage_change_mlflow_applies_after_nbamcp_gave_up_is_reported_unknown_and_repairable() {
    // The transition reaches MLflow 12s after it was sent: after mlflow.timeout (2s) and the
    // settle window (6s). nbamcp must say the outcome is unknown, not that nothing changed.
    let delay = Duration::from_secs(12);
    let (name, _before, run, started) = promote_through_fault(
        "verylatewrite",
        b"POST /api/2.0/mlflow/model-versions/transition-stage",
        Fault::Delay(delay),
    );
    assert!(
        !run.stderr.contains("as it was before"),
        "a write that may still land is never reported as undone: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "the outcome of v2: stage None → Production (archiving v1: Production → Archived) is UNKNOWN"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("MLflow may still apply it"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("nbamcp registry show {name}")),
        "{}",
        run.stderr
    );
    assert!(
        run.elapsed < delay,
        "nbamcp gives up before the write lands: {:?}",
        run.elapsed
    );
    assert_eq!(last_action(&name), "promote_unknown");

    // Then MLflow applies it: the half state nbamcp warned about.
    let landed = json!({
        "versions": {"1": "Archived", "2": "Production"},
        "aliases": {"production": "1", "staging": "2"}
    });
    let deadline = started + delay + Duration::from_secs(10);
    while oracle_state(&name) != landed {
        assert!(
            Instant::now() < deadline,
            "the delayed transition never landed: {}",
            oracle_state(&name)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let stack = stack();
    let health_dir = tempfile::tempdir().unwrap();
    let health_config = stack.config_with(health_dir.path(), |c| {
        set(
            c,
            "registry.models",
            serde_yaml::Value::Sequence(vec![name.clone().into()]),
        );
    });
    let health = nbamcp(&["health", "model_registry", "-o", "json"])
        .config(&health_config)
        .run();
    let registry = common::component(&health.json(), "model_registry").clone();
    assert_eq!(registry["status"], "degraded", "{registry}");
    assert!(
        registry["detail"]
            .as_str()
            .unwrap()
            .contains("stage Production is v2 but alias production is v1"),
        "{registry}"
    );
    // Running the promote again (MLflow answering again) completes it.
    let repair = promote(&name, "2", "production");
    assert_eq!(repair.code, 0, "{}{}", repair.stdout, repair.stderr);
    assert_eq!(
        oracle_state(&name),
        json!({"versions": {"1": "Archived", "2": "Production"}, "aliases": {"production": "2"}})
    );
}

#[test]
fn health_flags_a_staging_alias_on_the_production_version_until_promote_removes_it() {
    let stack = stack();
    let name = model("stagingalias", "0.90,0.95");
    assert_eq!(promote(&name, "2", "production").code, 0);
    // Left behind by a half-done promote, or set by hand.
    oracle(&["alias", &name, "staging", "2"]);
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        set(
            c,
            "registry.models",
            serde_yaml::Value::Sequence(vec![name.clone().into()]),
        );
    });
    let registry = || {
        let run = nbamcp(&["health", "model_registry", "-o", "json"])
            .config(&config)
            .run();
        (
            run.code,
            common::component(&run.json(), "model_registry").clone(),
        )
    };
    let (code, found) = registry();
    assert_eq!(code, 3, "{found}");
    assert_eq!(found["status"], "degraded", "{found}");
    assert!(
        found["detail"].as_str().unwrap().contains(&format!(
            "{name}: alias staging points at v2, the Production version"
        )),
        "{found}"
    );
    // The repair the runbook gives: promote the holder again; it drops the stale alias.
    let run = promote(&name, "2", "production");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(oracle_state(&name)["aliases"], json!({"production": "2"}));
    let (code, found) = registry();
    assert_eq!(
        (code, found["status"].as_str()),
        (0, Some("healthy")),
        "{found}"
    );
}

#[test]
fn show_gives_the_version_its_run_and_its_history() {
    let _stack = stack();
    let name = model("show", "0.9,0.95");
    assert_eq!(promote(&name, "2", "production").code, 0);
    let run = nbamcp(&["registry", "show", &name, "-o", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = run.json();
    assert_eq!(shown["version"], "2", "the production version by default");
    assert_eq!(shown["stage"], "Production");
    assert_eq!(shown["metrics"]["accuracy"], 0.95);
    assert!(
        shown["artifact_uri"]
            .as_str()
            .unwrap()
            .starts_with("mlflow-artifacts:/"),
        "{shown}"
    );
    assert_eq!(shown["history"][0]["action"], "promote");
    let by_version = nbamcp(&["registry", "show", &name, "1", "-o", "json"])
        .run()
        .json();
    assert_eq!(by_version["version"], "1");
    assert_eq!(by_version["history"], json!([]));
    let missing = nbamcp(&["registry", "show", &name, "--alias", "champion"]).run();
    assert_eq!(missing.code, 2);
}

#[test]
fn a_database_that_stops_answering_mid_command_is_a_clear_error_not_a_hang() {
    let stack = stack();
    let db_port = url::Url::parse(stack.config["database"]["url"].as_str().unwrap())
        .unwrap()
        .port()
        .unwrap();
    // Connecting and authenticating work; the audit query never gets an answer.
    let proxy = FaultProxy::start(db_port, b"FROM audit_events", Fault::Stall);
    let dir = tempfile::tempdir().unwrap();
    let url = stack.config["database"]["url"]
        .as_str()
        .unwrap()
        .replace(&db_port.to_string(), &proxy.port.to_string());
    let config = stack.config_with(dir.path(), |c| {
        set(c, "database.url", url.clone());
        set(c, "database.statement_timeout", "1s");
        set(c, "database.connect_timeout", "1s");
    });
    let run = nbamcp(&["registry", "history", "nba_win_predictor"])
        .config(&config)
        .run();
    assert!(proxy.fired());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
    assert!(run.stderr.contains("no answer within 2s"), "{}", run.stderr);
}
