//! Stop the stack's real PostgreSQL: `health` reports the database unhealthy (exit 3) and
//! still reports the others; after `scripts/stack up`, everything that was healthy before is
//! healthy again.
//! These tests change the shared stack, so they live alone in their own test binary (cargo runs
//! test binaries one after another), and take [`STACK`] so that they run one at a time: each
//! stops a service the other's assertions need.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{component, nbamcp, stack};

fn stack_script(args: &[&str]) {
    let status = Command::new(common::repo_root().join("scripts/stack"))
        .args(args)
        .status()
        .expect("run scripts/stack");
    assert!(status.success(), "scripts/stack {args:?} failed");
}

/// Held by each test for its whole run.
static STACK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn exclusive() -> std::sync::MutexGuard<'static, ()> {
    STACK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Restarts PostgreSQL even when an assertion fails, so later tests find the stack up.
struct RestartOnDrop;

impl Drop for RestartOnDrop {
    fn drop(&mut self) {
        stack_script(&["up"]);
    }
}

#[test]
fn stopping_postgres_makes_database_unhealthy_and_recovery_is_seen() {
    let _exclusive = exclusive();
    let _stack = stack();
    // What is healthy before the outage must be healthy again after it. The cache component
    // judges the stack replica's hit rate since it started, which depends on the tests that
    // ran before this binary (tests/it's serving tests miss on purpose), not on PostgreSQL.
    let before = nbamcp(&["health", "-o", "json"]).run().json();
    let healthy_before: Vec<String> = before["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "healthy")
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        healthy_before.len() >= 7 && healthy_before.iter().any(|c| c == "database"),
        "the stack is not healthy before the outage: {before}"
    );
    let restart = RestartOnDrop;
    stack_script(&["stop", "postgres"]);

    let run = nbamcp(&["health", "-o", "json"]).run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(
        report["total_components"], 8,
        "every component is still reported"
    );
    let database = component(&report, "database");
    assert_eq!(database["status"], "unhealthy");
    assert!(
        database["detail"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{database}"
    );
    assert_eq!(component(&report, "artifact_store")["status"], "healthy");
    // MLflow's /health still answers but its registry lives in the stopped PostgreSQL.
    assert_ne!(component(&report, "mlflow")["status"], "healthy");

    drop(restart);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let run = nbamcp(&["health", "-o", "json"]).run();
        let report = run.json();
        let recovered = healthy_before
            .iter()
            .all(|name| component(&report, name)["status"] == "healthy");
        if recovered {
            assert_eq!(report["healthy_components"], before["healthy_components"]);
            assert_eq!(run.code, if healthy_before.len() == 8 { 0 } else { 3 });
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not healthy 60 s after restart:\n{}",
            run.stdout
        );
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// With the stack's S3 stopped, MLflow's artifact proxy answers `deploy`'s download with its
/// HTML error page: the operator reads one line naming MLflow, not a page of markup.
#[test]
fn deploy_with_s3_down_says_so_in_one_line() {
    let _exclusive = exclusive();
    let _stack = stack();
    let restart = RestartOnDrop;
    stack_script(&["stop", "s3"]);
    let run = nbamcp(&["deploy", "nba_win_predictor", "2", "--dry-run"])
        .env("NBAMCP_MLFLOW__TIMEOUT", "10s")
        .run();
    drop(restart);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let message = run.stderr.trim_end();
    assert!(message.starts_with("error: mlflow ("), "{message}");
    assert!(!message.contains('<'), "HTML in the message: {message}");
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("artifact store"), "{message}");
}
