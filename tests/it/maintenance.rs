//! `nbamcp maintenance` against the real stack. What a run did is read back independently:
//! MLflow's Python client for the registry, boto3 for S3, psql for the tables, the file system
//! for logs.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::common::{
    Fault, FaultProxy, nbamcp, oracle, oracle_state, psql, python, repo_root, stack, unique_name,
};

/// Runs change what is shared (every model in MLflow, the alerts and maintenance tables, the
/// backups) and the dry-run test must see nothing change: the tests on the stack hold it
/// exclusively, so they run one at a time and beside no test of another area.
fn shared() -> common::Exclusive {
    common::exclusive()
}

/// The shipped monthly.yaml with its log path pointed at `dir`: the only line that differs.
fn monthly_with_logs_in(dir: &Path) -> PathBuf {
    let text =
        std::fs::read_to_string(repo_root().join("commands/maintenance/monthly.yaml")).unwrap();
    let edited = text.replace(
        "path: /var/log/nbamcp/*.log*",
        &format!("path: {}/*.log", dir.display()),
    );
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "only the log path differs: {changed:?}");
    let path = dir.join("monthly.yaml");
    std::fs::write(&path, edited).unwrap();
    path
}

fn set_mtime(path: &Path, at: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(at)
        .unwrap();
}

/// Log files around the 30-day cutoff, as seen from `now`.
fn logs_around_cutoff(dir: &Path, now: chrono::DateTime<chrono::Utc>) {
    let at = |days: i64| SystemTime::from(now - chrono::Duration::days(days));
    for (name, days) in [
        ("old.log", 40),
        ("older.log", 400),
        ("young.log", 5),
        ("old.txt", 40),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, format!("{name}\n")).unwrap();
        set_mtime(&path, at(days));
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A model with two versions: v1 promoted to production, v2 in no stage.
fn model_with_an_old_version() -> String {
    let name = unique_name("maint");
    oracle(&["create", &name, "0.9,0.8"]);
    let promoted = common::promote(&name, "1", "production", &[]).run();
    assert_eq!(promoted.code, 0, "{}", promoted.stderr);
    name
}

/// Put the seeded registry back (archiving "everything older than 90 days" also archives the
/// seeded staging version), for the test binaries that run after this one.
fn reseed() {
    common::tool_output(&common::stack_python(), &["fixtures/seed_mlflow.py"]);
}

fn write_checklist(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// The one run recorded of a checklist (each test names its own).
fn run_id_of(checklist: &str) -> i64 {
    psql(&format!(
        "SELECT id FROM nbamcp.maintenance_runs WHERE checklist = '{checklist}'"
    ))
    .parse()
    .unwrap()
}

/// `maintenance run CHECKLIST --resume RUN_ID` with more arguments.
fn resume(checklist: &str, run_id: i64, extra: &[&str]) -> common::Cmd {
    let id = run_id.to_string();
    let mut args = vec!["maintenance", "run", checklist, "--resume", &id];
    args.extend_from_slice(extra);
    nbamcp(&args)
}

fn steps_of(run_id: i64) -> Vec<(String, String)> {
    psql(&format!(
        "SELECT step || '=' || status FROM nbamcp.maintenance_steps WHERE run_id = {run_id} \
         ORDER BY position"
    ))
    .lines()
    .map(|l| {
        let (a, b) = l.split_once('=').unwrap();
        (a.to_owned(), b.to_owned())
    })
    .collect()
}

fn wait_for(path: &Path, within: Duration) {
    common::wait_until(
        &format!("{} to appear", path.display()),
        within,
        Duration::from_millis(50),
        || path.exists(),
    );
}

fn lines_in(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[test]
fn monthly_runs_end_to_end_without_a_terminal() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let checklist = monthly_with_logs_in(dir.path());
    let name = model_with_an_old_version();
    // 91 days from now, both versions are older than 90 days.
    let now = chrono::Utc::now() + chrono::Duration::days(91);
    logs_around_cutoff(dir.path(), now);
    // The shared replica's cache hit rate depends on what earlier tests sent it; it is not
    // what this test is about (health must still find every component healthy).
    let config_dir = tempfile::tempdir().unwrap();
    let config = _stack.config_with(config_dir.path(), |c| {
        common::set(c, "serving.cache_hit_rate_warning", 0.0)
    });

    let run = nbamcp(&[
        "maintenance",
        "run",
        checklist.to_str().unwrap(),
        "--yes",
        "--skip-manual",
        "--now",
        &now.to_rfc3339(),
        "-o",
        "json",
    ])
    .config(&config)
    .run();
    reseed();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let run_id = report["run_id"].as_i64().unwrap();
    assert_eq!(report["status"], "ok");
    let expected = [
        ("announce", "skipped"),
        ("window-open", "ok"),
        ("backup", "ok"),
        ("clear-logs", "ok"),
        ("archive-models", "ok"),
        ("update-dependencies", "skipped"),
        ("health", "ok"),
        ("tests", "skipped"),
        ("monitor", "skipped"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(steps_of(run_id), expected, "recorded in PostgreSQL");
    assert_eq!(
        psql(&format!(
            "SELECT status || ',' || attempts FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "ok,1"
    );

    // The backup: its manifest in S3 (boto3), labelled with the run, verified by restoring it.
    let backup = &report["steps"][2]["details"]["backups"][0];
    let id = backup["backup"]["manifest"]["id"].as_str().unwrap();
    assert_eq!(backup["verification"]["ok"], true);
    assert_eq!(backup["verification"]["restored"], true);
    let bucket = _stack.config["s3"]["backups_bucket"]
        .as_str()
        .unwrap()
        .to_owned();
    let manifest: Value = serde_json::from_str(&python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         print(s3.get_object(Bucket='{bucket}', Key='postgres/{id}/manifest.json')['Body'].read().decode())"
    )))
    .unwrap();
    assert_eq!(
        manifest["label"],
        format!("maintenance monthly run #{run_id}")
    );
    let verification: Value = serde_json::from_str(&python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         print(s3.get_object(Bucket='{bucket}', Key='postgres/{id}/verification.json')['Body'].read().decode())"
    )))
    .unwrap();
    assert_eq!(verification["ok"], true, "{verification}");

    // Old logs gone, young ones and other files kept.
    assert_eq!(
        files_in(dir.path()),
        ["monthly.yaml", "old.txt", "young.log"]
    );

    // The old version archived, production kept (MLflow's client), and audited.
    assert_eq!(
        oracle_state(&name)["versions"],
        serde_json::json!({"1": "Production", "2": "Archived"})
    );
    assert_eq!(
        psql(&format!(
            "SELECT reason FROM nbamcp.audit_events WHERE target = '{name}' AND action = 'archive'"
        )),
        format!("maintenance monthly run #{run_id}: older than 90d")
    );

    // Health was checked: every component healthy.
    let health = &report["steps"][6]["details"];
    assert_eq!(health["status"], "healthy", "{health}");
    assert_eq!(health["healthy_components"], health["total_components"]);

    // The Scheduled Maintenance alert.
    assert_eq!(
        psql(&format!(
            "SELECT severity || ' ' || alert_type || ' ' || source FROM nbamcp.alerts \
             WHERE details->>'run_id' = '{run_id}'"
        )),
        "INFO Scheduled Maintenance maintenance"
    );
    assert_eq!(
        oracle_state("nba_win_predictor")["versions"]["2"],
        "Staging",
        "reseeded"
    );
}

#[test]
fn without_a_terminal_manual_steps_are_pending_and_the_run_needs_attention() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let name = unique_name("manual").replace('_', "-");
    let marker = dir.path().join("after.ran");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: manual steps\nsteps:\n  - name: announce\n    manual: Tell the users\n  \
             - name: after\n    command: {{run: \"touch {}\"}}\n  - name: sign-off\n    manual: Sign it off\n",
            marker.display()
        ),
    );
    let file = checklist.to_str().unwrap();
    let run = nbamcp(&["maintenance", "run", file, "--yes"]).run();
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(
        marker.exists(),
        "steps after a pending manual one still run"
    );
    assert!(run.stdout.contains("NEEDS ATTENTION"), "{}", run.stdout);
    let run_id = run_id_of(&name);
    assert_eq!(
        steps_of(run_id),
        [
            ("announce".into(), "pending".into()),
            ("after".into(), "ok".into()),
            ("sign-off".into(), "pending".into())
        ]
    );
    assert!(
        run.stdout
            .contains(&format!("--resume {run_id} --confirm announce,sign-off")),
        "{}",
        run.stdout
    );
    // Confirmed later by a person: the run is done, the command step not run again.
    std::fs::remove_file(&marker).unwrap();
    let resumed = resume(file, run_id, &["--confirm", "announce,sign-off", "--yes"])
        .env("NBAMCP_ACTOR", "alice")
        .run();
    assert_eq!(resumed.code, 0, "{}\n{}", resumed.stdout, resumed.stderr);
    assert!(!marker.exists(), "the finished step was not run again");
    assert_eq!(
        psql(&format!(
            "SELECT output FROM nbamcp.maintenance_steps WHERE run_id = {run_id} AND step = 'announce'"
        )),
        "confirmed done by alice (--confirm)"
    );
    // --confirm names manual steps only.
    let bad = nbamcp(&[
        "maintenance",
        "run",
        file,
        "--confirm",
        "after",
        "--dry-run",
    ])
    .run();
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("not a manual one"), "{}", bad.stderr);
}

#[test]
fn a_killed_run_is_resumed_without_redoing_finished_steps() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let name = unique_name("resume").replace('_', "-");
    let message = format!("resume test {name}");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: resume\nsteps:\n\
             \x20 - name: first\n    command: {{run: \"echo ran >> {d}/first\"}}\n\
             \x20 - name: announce\n    alert: {{message: \"{message}\"}}\n\
             \x20 - name: slow\n    command: {{run: \"echo ran >> {d}/slow; echo $$ > {d}/slow.pid; touch {d}/slow.started; [ -f {d}/release ] || exec sleep 97\"}}\n\
             \x20 - name: last\n    command: {{run: \"echo ran >> {d}/last\"}}\n"
        ),
    );
    let file = checklist.to_str().unwrap();
    let mut child = nbamcp(&["maintenance", "run", file, "--yes"]).spawn();
    wait_for(&dir.path().join("slow.started"), Duration::from_secs(60));
    child.kill().unwrap(); // SIGKILL: no chance to record anything more
    child.wait().unwrap();
    let run_id = run_id_of(&name);
    assert_eq!(
        psql(&format!(
            "SELECT status FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "running",
        "it died without finishing"
    );
    assert_eq!(
        steps_of(run_id),
        [
            ("first".into(), "ok".into()),
            ("announce".into(), "ok".into()),
            ("slow".into(), "running".into())
        ]
    );
    // The step's command (exec'd by its shell) died with nbamcp (parent-death signal).
    let pid = std::fs::read_to_string(dir.path().join("slow.pid")).unwrap();
    common::wait_until(
        "the step's command to end with nbamcp",
        Duration::from_secs(5),
        Duration::from_millis(100),
        || !common::running(pid.trim().parse().unwrap(), "sleep"),
    );

    std::fs::write(dir.path().join("release"), "").unwrap();
    let resumed = resume(file, run_id, &["--yes", "-o", "json"]).run();
    assert_eq!(resumed.code, 0, "{}\n{}", resumed.stdout, resumed.stderr);
    let report = resumed.json();
    assert_eq!(report["run_id"], run_id);
    assert_eq!(report["attempt"], 2);
    assert_eq!(report["steps"][0]["from_attempt"], 1);
    assert_eq!(report["steps"][1]["from_attempt"], 1);
    assert!(report["steps"][2].get("from_attempt").is_none());
    assert_eq!(lines_in(&dir.path().join("first")), 1, "not run again");
    assert_eq!(
        lines_in(&dir.path().join("slow")),
        2,
        "the unfinished step ran again"
    );
    assert_eq!(lines_in(&dir.path().join("last")), 1);
    assert_eq!(
        psql(&format!(
            "SELECT count(*) FROM nbamcp.alerts WHERE message = '{message}'"
        )),
        "1",
        "the alert was not raised twice"
    );
    assert_eq!(
        psql(&format!(
            "SELECT status || ',' || attempts FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "ok,2"
    );
    assert!(steps_of(run_id).iter().all(|(_, s)| s == "ok"));
    // A run of another checklist cannot be resumed with this one.
    let other = write_checklist(
        dir.path(),
        "other",
        "description: x\nsteps:\n  - name: a\n    command: {run: \"true\"}\n",
    );
    let wrong = resume(other.to_str().unwrap(), run_id, &["--yes"]).run();
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("is a run of checklist"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn a_failing_command_step_stops_the_run_with_its_output_recorded() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let name = unique_name("fail").replace('_', "-");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: fails\nsteps:\n\
             \x20 - name: before\n    command: {{run: \"echo fine\"}}\n\
             \x20 - name: breaks\n    command: {{run: \"echo to stdout; echo to stderr >&2; exit 7\"}}\n\
             \x20 - name: after\n    command: {{run: \"touch {d}/after.ran\"}}\n"
        ),
    );
    let run = nbamcp(&["maintenance", "run", checklist.to_str().unwrap(), "--yes"]).run();
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(!dir.path().join("after.ran").exists(), "the run stopped");
    assert!(
        run.stdout.contains("to stderr"),
        "the failure's output is shown: {}",
        run.stdout
    );
    assert!(run.stdout.contains("--resume"), "{}", run.stdout);
    let run_id = run_id_of(&name);
    assert_eq!(
        steps_of(run_id),
        [
            ("before".into(), "ok".into()),
            ("breaks".into(), "failed".into())
        ]
    );
    let output = psql(&format!(
        "SELECT output FROM nbamcp.maintenance_steps WHERE run_id = {run_id} AND step = 'breaks'"
    ));
    assert!(output.contains("exited 7"), "{output}");
    assert!(
        output.contains("to stdout") && output.contains("to stderr"),
        "{output}"
    );
    assert_eq!(
        psql(&format!(
            "SELECT status FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "failed"
    );
    let shown = nbamcp(&["maintenance", "show-run", &run_id.to_string()]).run();
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(shown.stdout.contains("exited 7"), "{}", shown.stdout);
    let history = nbamcp(&["maintenance", "history", "--checklist", &name, "-o", "json"]).run();
    assert_eq!(history.json()["runs"][0]["status"], "failed");
    assert_eq!(history.json()["runs"][0]["failed"], 1);

    // continue_on_error: the run goes on and ends "needs attention" (exit 3); a timeout kills.
    let tolerant = write_checklist(
        dir.path(),
        &format!("{name}-tolerant"),
        &format!(
            "description: tolerant\nsteps:\n\
             \x20 - name: breaks\n    continue_on_error: true\n    command: {{run: \"exit 1\"}}\n\
             \x20 - name: hangs\n    continue_on_error: true\n    command: {{run: \"sleep 30\", timeout: 1s}}\n\
             \x20 - name: after\n    command: {{run: \"touch {d}/after.ran\"}}\n"
        ),
    );
    let run = nbamcp(&[
        "maintenance",
        "run",
        tolerant.to_str().unwrap(),
        "--yes",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 3, "{}\n{}", run.stdout, run.stderr);
    assert!(run.elapsed < Duration::from_secs(15), "{:?}", run.elapsed);
    assert!(dir.path().join("after.ran").exists());
    let report = run.json();
    assert_eq!(report["status"], "needs_attention");
    assert!(
        report["steps"][1]["output"]
            .as_str()
            .unwrap()
            .contains("did not finish within 1s"),
        "{report}"
    );
}

/// What the shipped checklists could change, read by the oracles.
fn snapshot(bucket: &str, dir: &Path) -> Value {
    let mlflow: Value = serde_json::from_str(&oracle(&["listing", ""])).unwrap();
    let s3 = python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         for page in s3.get_paginator('list_objects_v2').paginate(Bucket='{bucket}'):\n\
         \x20   for o in page.get('Contents', []): print(o['Key'], o['Size'], o['LastModified'])\n"
    ));
    let mut files = Vec::new();
    for name in files_in(dir) {
        let meta = std::fs::metadata(dir.join(&name)).unwrap();
        files.push(format!("{name} {:?}", meta.modified().unwrap()));
    }
    // Rows written to the tables a run writes; VACUUM / ANALYZE of any table. (The serving
    // replica's heartbeat keeps writing serving_replicas, so row counts elsewhere move.)
    let tables = psql(
        "SELECT string_agg(relname || ':' || CASE WHEN relname IN ('alerts', 'audit_events', \
         'maintenance_runs', 'maintenance_steps') THEN n_tup_ins || ':' || n_tup_upd || ':' || \
         n_tup_del ELSE '' END || ':' || coalesce(last_vacuum::text, '-') || ':' || \
         coalesce(last_analyze::text, '-'), ' ' ORDER BY relname) \
         FROM pg_stat_user_tables WHERE schemaname = 'nbamcp'",
    );
    serde_json::json!({ "mlflow": mlflow, "s3": s3, "files": files, "tables": tables })
}

#[test]
fn dry_run_changes_nothing() {
    let stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let checklist = monthly_with_logs_in(dir.path());
    let name = model_with_an_old_version();
    let now = chrono::Utc::now() + chrono::Duration::days(91);
    logs_around_cutoff(dir.path(), now);
    let bucket = stack.config["s3"]["backups_bucket"]
        .as_str()
        .unwrap()
        .to_owned();
    // Statistics are flushed as sessions end; let the ones of the set-up settle.
    std::thread::sleep(Duration::from_millis(1500));
    let before = snapshot(&bucket, dir.path());

    let run = nbamcp(&[
        "maintenance",
        "run",
        checklist.to_str().unwrap(),
        "--dry-run",
        "--now",
        &now.to_rfc3339(),
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["run_id"], Value::Null);
    assert_eq!(report["status"], "dry_run");
    let output = |step: &str| {
        report["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == step)
            .unwrap()["output"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // It says what it would do...
    assert!(
        output("archive-models").contains(&format!("{name} v2")),
        "{report}"
    );
    assert!(
        !output("archive-models").contains(&format!("{name} v1")),
        "{report}"
    );
    assert!(
        output("clear-logs").contains("would delete 2 file(s)"),
        "{report}"
    );
    assert!(output("backup").starts_with("would back up"), "{report}");
    let weekly = nbamcp(&["maintenance", "run", "weekly-db", "--dry-run"]).run();
    assert_eq!(weekly.code, 0, "{}", weekly.stderr);
    assert!(
        weekly.stdout.contains("would run VACUUM (ANALYZE)"),
        "{}",
        weekly.stdout
    );

    // ...and did none of it.
    std::thread::sleep(Duration::from_millis(1500));
    let after = snapshot(&bucket, dir.path());
    assert_eq!(before["mlflow"], after["mlflow"], "MLflow unchanged");
    assert_eq!(before["s3"], after["s3"], "S3 unchanged");
    assert_eq!(before["files"], after["files"], "files unchanged");
    assert_eq!(before["tables"], after["tables"], "tables unchanged");
}

#[test]
fn malformed_checklists_are_refused_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "typo-in-params",
            "description: x\nsteps:\n  - name: b\n    backup:\n      verfy: restore\n",
            ":5:",
            "unknown field `verfy`",
        ),
        (
            "unknown-action",
            "description: x\nsteps:\n  - name: h\n    helth: {}\n",
            ":4:5:",
            "unknown field `helth`",
        ),
        (
            "two-actions",
            "description: x\nsteps:\n  - name: h\n    health: {}\n    manual: do it\n",
            ":5:5:",
            "this one has `health` and `manual`",
        ),
        (
            "no-action",
            "description: x\nsteps:\n  - name: h\n    title: Nothing\n",
            ":3:",
            "step `h` has no action",
        ),
        (
            "same-name",
            "description: x\nsteps:\n  - name: a\n    health: {}\n  - name: a\n    health: {}\n",
            ":5:",
            "two steps are named `a`",
        ),
        (
            "bad-duration",
            "description: x\nsteps:\n  - name: a\n    archive-models: {older_than: ninety days}\n",
            ":4:",
            "older_than",
        ),
        (
            "top-level-typo",
            "description: x\nstep:\n  - name: a\n    health: {}\n",
            ":2:",
            "unknown field `step`",
        ),
        (
            "greedy-glob",
            "description: x\nsteps:\n  - name: a\n    clear-logs: {path: /var/log/*, older_than: 30d}\n",
            ":4:",
            "matches every file",
        ),
        (
            "not-yaml",
            "description: x\nsteps:\n  - name: a\n    health: {components: [database}\n",
            ":4:",
            "",
        ),
    ];
    for (name, text, at, says) in cases {
        let path = write_checklist(dir.path(), name, text);
        let run = nbamcp(&["maintenance", "run", path.to_str().unwrap(), "--dry-run"]).run();
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        let expected = format!("{}{at}", path.display());
        assert!(
            run.stderr.contains(&expected),
            "{name}: wanted {expected} in {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(says),
            "{name}: wanted {says} in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{name}: nothing ran: {}", run.stdout);
    }
    // `maintenance list` over a directory of them: every one named, exit 2; the built-in
    // ones still listed.
    let listed = nbamcp(&["maintenance", "list", "-o", "json"])
        .env("NBAMCP_MAINTENANCE__DIRS", dir.path())
        .run();
    assert_eq!(listed.code, 2, "{}", listed.stderr);
    let list = listed.json();
    let checklists = list["checklists"].as_array().unwrap();
    let invalid = checklists.iter().filter(|c| !c["error"].is_null()).count();
    assert_eq!(invalid, cases.len());
    assert!(
        checklists
            .iter()
            .any(|c| c["name"] == "weekly-db" && c["error"].is_null())
    );
    // Unknown steps in --only / --from, and unknown checklists.
    let only = nbamcp(&[
        "maintenance",
        "run",
        "weekly-db",
        "--only",
        "vacum",
        "--dry-run",
    ])
    .run();
    assert_eq!(only.code, 2);
    assert!(
        only.stderr
            .contains("vacuum-analyze, analyze-hot-tables, table-sizes"),
        "{}",
        only.stderr
    );
    let none = nbamcp(&["maintenance", "show", "yearly"]).run();
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("monthly") && none.stderr.contains("weekly-db"),
        "{}",
        none.stderr
    );
}

#[test]
fn a_directory_of_maintenance_dirs_replaces_a_builtin_checklist() {
    let dir = tempfile::tempdir().unwrap();
    write_checklist(
        dir.path(),
        "weekly-db",
        "description: our own weekly\nsteps:\n  - name: sizes\n    table-sizes: {limit: 3}\n",
    );
    let shown = nbamcp(&["maintenance", "show", "weekly-db", "-o", "json"])
        .env("NBAMCP_MAINTENANCE__DIRS", dir.path())
        .run();
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let c = shown.json();
    assert_eq!(c["description"], "our own weekly");
    assert_eq!(
        c["source"],
        dir.path().join("weekly-db.yaml").display().to_string()
    );
}

#[test]
fn two_runs_of_one_checklist_at_once_one_is_refused_with_exit_4() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let name = unique_name("lock").replace('_', "-");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: lock\nsteps:\n\
             \x20 - name: hold\n    command: {{run: \"touch {d}/started; while [ ! -f {d}/release ]; do sleep 0.1; done\"}}\n"
        ),
    );
    let file = checklist.to_str().unwrap();
    let first = nbamcp(&["maintenance", "run", file, "--yes"])
        .env("NBAMCP_ACTOR", "alice")
        .spawn();
    wait_for(&dir.path().join("started"), Duration::from_secs(60));
    let second = nbamcp(&["maintenance", "run", file, "--yes"]).run();
    std::fs::write(dir.path().join("release"), "").unwrap();
    let first = first.wait_with_output().unwrap();
    assert_eq!(second.code, 4, "{}\n{}", second.stdout, second.stderr);
    assert!(
        second.stderr.contains(&format!(
            "maintenance {name} is locked by nbamcp maintenance run {name} by alice"
        )),
        "{}",
        second.stderr
    );
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        psql(&format!(
            "SELECT count(*) FROM nbamcp.maintenance_runs WHERE checklist = '{name}'"
        )),
        "1",
        "the refused run recorded nothing"
    );
}

#[test]
fn weekly_db_vacuums_and_prints_table_sizes_largest_first() {
    let _stack = stack();
    let _shared = shared();
    let started = psql("SELECT now()");
    let run = nbamcp(&["maintenance", "run", "weekly-db", "--yes"]).run();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // VACUUM and ANALYZE really ran (PostgreSQL's own statistics say when).
    std::thread::sleep(Duration::from_millis(1000));
    for (table, column) in [("alerts", "last_vacuum"), ("predictions", "last_analyze")] {
        assert_eq!(
            psql(&format!(
                "SELECT {column} >= '{started}' FROM pg_stat_user_tables \
                 WHERE schemaname = 'nbamcp' AND relname = '{table}'"
            )),
            "t",
            "{table}.{column}"
        );
    }
    // The sizes, largest first, as the seed's query (information_schema,
    // pg_total_relation_size) orders them. The tables this binary's runs write may grow a
    // page in between; the others must be in the same order.
    let volatile = [
        "alerts",
        "maintenance_runs",
        "maintenance_steps",
        "serving_replicas",
    ];
    let stable = |name: &String| !volatile.iter().any(|v| name.ends_with(&format!(".{v}")));
    let printed: Vec<String> = run
        .stdout
        .lines()
        .skip_while(|l| !l.contains("table-sizes"))
        .skip(1)
        .take_while(|l| l.starts_with("      "))
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    let oracle: Vec<String> = psql(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables \
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') \
         ORDER BY pg_total_relation_size(quote_ident(table_schema) || '.' || quote_ident(table_name)) DESC, \
                  table_schema, table_name",
    )
    .lines()
    .map(str::to_owned)
    .collect();
    assert!(oracle.len() >= 10, "{oracle:?}");
    let mut a = printed.clone();
    let mut b = oracle.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "every table: {}", run.stdout);
    let printed: Vec<&String> = printed.iter().filter(|n| stable(n)).collect();
    let oracle: Vec<&String> = oracle.iter().filter(|n| stable(n)).collect();
    assert_eq!(printed, oracle, "{}", run.stdout);
    let sizes = nbamcp(&["db", "table-sizes", "--schema", "nbamcp", "-o", "json"]).run();
    let tables = sizes.json()["tables"].as_array().unwrap().clone();
    let bytes: Vec<i64> = tables
        .iter()
        .map(|t| t["total_bytes"].as_i64().unwrap())
        .collect();
    assert!(bytes.windows(2).all(|w| w[0] >= w[1]), "{bytes:?}");
    let first = &tables[0];
    assert_eq!(
        psql(&format!(
            "SELECT pg_total_relation_size('nbamcp.{}')",
            first["table"].as_str().unwrap()
        )),
        first["total_bytes"].to_string()
    );
}

/// On a terminal (a pseudo-terminal made by `script`): the run asks for confirmation and asks
/// about the manual step; the answers typed are what is recorded.
#[test]
fn on_a_terminal_manual_steps_ask_and_the_answer_is_recorded() {
    use std::io::{Read, Write};
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let name = unique_name("tty").replace('_', "-");
    let checklist = write_checklist(
        dir.path(),
        &name,
        "description: tty\nsteps:\n  - name: first\n    command: {run: \"echo one\"}\n  \
         - name: announce\n    manual: Tell the users\n  - name: skipped-one\n    manual: Maybe later\n",
    );
    let command = format!(
        "{} maintenance run {}",
        env!("CARGO_BIN_EXE_nbamcp"),
        checklist.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NBAMCP_ACTOR", "carol")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs the command on a pseudo-terminal");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let wait_for_text = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !seen.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "never saw {text:?}: {}",
                seen.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let mut stdin = child.stdin.take().unwrap();
    wait_for_text("[y/N]");
    stdin.write_all(b"y").unwrap();
    wait_for_text("step announce");
    stdin.write_all(b"\r").unwrap(); // the first choice: done
    wait_for_text("step skipped-one");
    stdin.write_all(b"\x1b[B\r").unwrap(); // down once: skip
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let screen = seen.lock().unwrap().clone();
    assert_eq!(status.code(), Some(0), "{screen}");
    let run_id = run_id_of(&name);
    assert_eq!(
        psql(&format!(
            "SELECT string_agg(step || ':' || status || ':' || output, '|' ORDER BY position) \
             FROM nbamcp.maintenance_steps WHERE run_id = {run_id} AND kind = 'manual'"
        )),
        "announce:ok:done, said carol|skipped-one:skipped:skipped by carol"
    );
}

#[test]
fn ctrl_c_stops_a_command_step_and_its_processes_and_the_run_can_be_resumed() {
    let _stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let name = unique_name("sigint").replace('_', "-");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: sigint\nsteps:\n\
             \x20 - name: first\n    command: {{run: \"echo ran >> {d}/first\"}}\n\
             \x20 - name: slow\n    command: {{run: \"[ -f {d}/release ] && exit 0; sleep 300 & echo $! > {d}/child.pid; touch {d}/started; wait\"}}\n\
             \x20 - name: after\n    command: {{run: \"echo ran >> {d}/after\"}}\n"
        ),
    );
    let file = checklist.to_str().unwrap();
    let child = nbamcp(&["maintenance", "run", file, "--yes"]).spawn();
    wait_for(&dir.path().join("started"), Duration::from_secs(60));
    let grandchild = std::fs::read_to_string(dir.path().join("child.pid")).unwrap();
    // SAFETY: a signal to the nbamcp process this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(stdout.contains("INTERRUPTED"), "{stdout}");
    // The background `sleep 300` the step started is gone with its process group.
    common::wait_until(
        "the step's background process to end with its process group",
        Duration::from_secs(5),
        Duration::from_millis(100),
        || !common::running(grandchild.trim().parse().unwrap(), "sleep"),
    );
    assert!(!dir.path().join("after").exists(), "the run stopped");
    let run_id = run_id_of(&name);
    assert_eq!(
        psql(&format!(
            "SELECT status FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "interrupted"
    );
    assert_eq!(
        steps_of(run_id),
        [
            ("first".into(), "ok".into()),
            ("slow".into(), "failed".into())
        ]
    );
    let output = psql(&format!(
        "SELECT output FROM nbamcp.maintenance_steps WHERE run_id = {run_id} AND step = 'slow'"
    ));
    assert!(output.contains("interrupted (SIGINT)"), "{output}");
    // Resumed: the finished step is not run again, the rest is.
    std::fs::write(dir.path().join("release"), "").unwrap();
    let resumed = resume(file, run_id, &["--yes"]).run();
    assert_eq!(resumed.code, 0, "{}{}", resumed.stdout, resumed.stderr);
    assert_eq!(lines_in(&dir.path().join("first")), 1);
    assert_eq!(lines_in(&dir.path().join("after")), 1);
    // A finished run cannot be resumed again.
    let again = resume(file, run_id, &["--yes"]).run();
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("nothing to resume"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_database_lost_mid_run_stops_it_with_the_steps_result_and_the_run_resumes() {
    let stack = stack();
    let _shared = shared();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    let name = unique_name("dblost").replace('_', "-");
    let checklist = write_checklist(
        dir.path(),
        &name,
        &format!(
            "description: db lost\nsteps:\n\
             \x20 - name: a\n    command: {{run: \"echo ran >> {d}/a\"}}\n\
             \x20 - name: b\n    command: {{run: \"echo ran >> {d}/b\"}}\n"
        ),
    );
    let file = checklist.to_str().unwrap();
    // PostgreSQL dies when step a's result is written (the step itself has run).
    let db_port = common::config_port(&stack, "database.url");
    let proxy = FaultProxy::start(db_port, b"duration_ms = $7", Fault::Die);
    let url = stack.config["database"]["url"]
        .as_str()
        .unwrap()
        .replace(&db_port.to_string(), &proxy.port.to_string());
    let config = stack.config_with(dir.path(), |c| {
        common::set(c, "database.url", url);
        common::set(c, "database.connect_timeout", "2s");
        common::set(c, "database.statement_timeout", "2s");
    });
    let run = nbamcp(&["maintenance", "run", file, "--yes"])
        .config(&config)
        .run();
    assert!(proxy.fired());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
    assert!(
        run.stderr
            .contains("step a finished ok but its result could not be recorded")
            && run.stderr.contains("exited 0"),
        "the step's own result is still told: {}",
        run.stderr
    );
    assert_eq!(lines_in(&dir.path().join("a")), 1);
    assert!(!dir.path().join("b").exists(), "the run stopped");
    let run_id = run_id_of(&name);
    assert_eq!(steps_of(run_id), [("a".into(), "running".into())]);

    // Back: the dead run is marked interrupted and resumed; step a's end was never recorded,
    // so it runs again (steps run at least once: make them safe to repeat).
    proxy.revive();
    let resumed = resume(file, run_id, &["--yes"]).config(&config).run();
    assert_eq!(resumed.code, 0, "{}{}", resumed.stdout, resumed.stderr);
    assert_eq!(lines_in(&dir.path().join("a")), 2);
    assert_eq!(lines_in(&dir.path().join("b")), 1);
    assert_eq!(
        psql(&format!(
            "SELECT status || ',' || attempts FROM nbamcp.maintenance_runs WHERE id = {run_id}"
        )),
        "ok,2"
    );
}
