//! `nbamcp backup` on the real stack: a round trip of a few hundred MB (pgbench's tables, the
//! nbamcp schema and a table of varied types) compared table by table with SQL checksums, and
//! the faults that must never leave a manifest or an orphan upload behind. The oracles are
//! psql, the stack venv's boto3 and s3s-fs's files on disk (it keeps a pending multipart
//! upload as `.upload-<id>.json` plus `.upload_id-<id>.part-N` in its data directory).

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::{
    Fault, FaultProxy, Run, Stack, child_process, config_port, nbamcp, python, signal, stack,
    tool_output,
};

const PREFIX: &str = "postgres";
const BUCKET: &str = "nbamcp-backups";

/// Backups run one at a time and beside no test of another area: the orphan-upload oracle
/// counts every pending upload on the S3 server, a backup takes the database's backup lock,
/// and the fault tests time signals against one pg_dump.
fn serial() -> common::Exclusive {
    common::exclusive()
}

/// `DATABASE_URL` (with its password) pointed at another database.
fn url_of(db: &str) -> String {
    let mut url = url::Url::parse(&common::database_url()).unwrap();
    url.set_path(&format!("/{db}"));
    url.to_string()
}

fn psql_on(db: &str, sql: &str) -> String {
    tool_output(
        "psql",
        &[&url_of(db), "-X", "-v", "ON_ERROR_STOP=1", "-tAc", sql],
    )
}

fn database_exists(name: &str) -> bool {
    psql_on(
        "nbamcp",
        &format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'"),
    ) == "1"
}

/// Drop a test database; an autovacuum worker still in it makes DROP wait or fail for a
/// moment, so try again.
fn drop_database(name: &str) {
    let url = url_of("nbamcp");
    for _ in 0..20 {
        let out = Command::new("psql")
            .args([
                &url,
                "-X",
                "-tAc",
                &format!("DROP DATABASE IF EXISTS \"{name}\""),
            ])
            .output()
            .unwrap();
        if out.status.success() {
            return;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("cannot drop database {name}");
}

/// The database every test backs up, made once per run: pgbench at scale 20 (~300 MB), the
/// nbamcp schema (migrated by nbamcp itself) and a table of varied types that compresses
/// like real data.
fn source_db() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let stack = stack();
        // Sources of earlier runs (other pids): their databases and backups go.
        for old in psql_on(
            "nbamcp",
            "SELECT datname FROM pg_database WHERE datname LIKE 't\\_bk\\_%'",
        )
        .lines()
        {
            drop_database(old);
        }
        let root = backups_dir(&stack);
        if let Ok(entries) = std::fs::read_dir(&root) {
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().contains("-t_bk_") {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
        }
        let name = format!("t_bk_src_{}", std::process::id());
        psql_on("nbamcp", &format!("CREATE DATABASE {name}"));
        tool_output("pgbench", &["-i", "-s", "20", "-q", &url_of(&name)]);
        let migrate = nbamcp(&["db", "migrate"])
            .env("NBAMCP_DATABASE__URL", url_of(&name))
            .run();
        assert_eq!(migrate.code, 0, "{}", migrate.stderr);
        psql_on(
            &name,
            "CREATE TABLE varied AS SELECT i AS id, md5(i::text) || repeat(md5((i * 7)::text), 3) AS txt, \
               decode(md5(i::text), 'hex') AS raw, \
               jsonb_build_object('n', i, 'even', i % 2 = 0, 'tags', jsonb_build_array(i % 7, md5(i::text))) AS doc, \
               (i * 1.000001)::numeric(20, 6) AS amount, \
               timestamptz '2024-10-22 00:00:00+00' + i * interval '1 minute' AS at, \
               CASE WHEN i % 10 = 0 THEN NULL ELSE i % 97 END AS maybe \
             FROM generate_series(1, 300000) AS i; \
             ALTER TABLE varied ADD PRIMARY KEY (id); \
             INSERT INTO nbamcp.audit_events (actor, action, target, version) \
               SELECT 'backup-test', 'promote', 'nba_win_predictor', (i % 5)::text FROM generate_series(1, 50) AS i;",
        );
        name
    })
}

/// Per-table row count and an order-independent content checksum, computed by PostgreSQL.
fn table_checksums(db: &str) -> BTreeMap<String, String> {
    let tables = psql_on(
        db,
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' \
         AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    tables
        .lines()
        .map(|table| {
            let sum = psql_on(
                db,
                &format!(
                    "SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0) FROM {table} AS t"
                ),
            );
            (table.to_owned(), sum)
        })
        .collect()
}

fn backups_dir(stack: &Stack) -> PathBuf {
    stack.dir.join("s3data").join(BUCKET).join(PREFIX)
}

/// Multipart uploads pending on the S3 server (s3s-fs cannot list them over the API).
fn pending_uploads(stack: &Stack) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(stack.dir.join("s3data"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".upload"))
        .collect();
    found.sort();
    found
}

/// Keys under the backup prefix for `db`, listed by boto3.
fn keys_of(db: &str) -> Vec<String> {
    let out = python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         for page in s3.get_paginator('list_objects_v2').paginate(Bucket='{BUCKET}', Prefix='{PREFIX}/'):\n\
         \x20   for o in page.get('Contents', []):\n\
         \x20       if o['Key'].split('/')[1].endswith('-{db}'): print(o['Key'])\n"
    ));
    out.lines().map(str::to_owned).collect()
}

fn create(db: &str, extra: &[&str]) -> Run {
    let mut args = vec!["backup", "create", "--database", db];
    args.extend_from_slice(extra);
    nbamcp(&args).run()
}

/// Start `backup create` in the background, to interrupt it.
fn spawn_create(db: &str, extra: &[&str], config: Option<&std::path::Path>) -> Child {
    let mut args = vec!["backup", "create", "--database", db];
    args.extend_from_slice(extra);
    let mut cmd = nbamcp(&args);
    if let Some(config) = config {
        cmd = cmd.config(config);
    }
    cmd.spawn()
}

fn finish(child: Child) -> Run {
    common::Cmd::finish(child)
}

/// Wait until `what` holds, or fail the test.
fn wait_for(what: &str, check: impl FnMut() -> bool) {
    common::wait_until(
        what,
        Duration::from_secs(30),
        Duration::from_millis(20),
        check,
    );
}

fn assert_left_nothing(stack: &Stack, db: &str, keys_before: &[String], uploads_before: &[String]) {
    assert_eq!(keys_of(db), keys_before, "objects left in S3 for {db}");
    assert_eq!(
        pending_uploads(stack),
        uploads_before,
        "multipart upload left on the S3 server"
    );
}

fn manifest_of(id: &str) -> serde_json::Value {
    let text = python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         print(s3.get_object(Bucket='{BUCKET}', Key='{PREFIX}/{id}/manifest.json')['Body'].read().decode())\n"
    ));
    serde_json::from_str(&text).unwrap()
}

fn created_id(run: &Run) -> String {
    assert_eq!(
        run.code, 0,
        "backup create failed:\n{}{}",
        run.stdout, run.stderr
    );
    run.json()["backups"][0]["manifest"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn round_trip_restores_every_table_identically() {
    let _stack = stack();
    let src = source_db();
    let _serial = serial();
    let before = table_checksums(src);
    assert!(before.len() >= 6, "{before:?}");

    let run = create(src, &["--label", "round trip", "-o", "json"]);
    let id = created_id(&run);
    // The manifest, read by boto3, describes the object boto3 finds.
    let manifest = manifest_of(&id);
    assert_eq!(manifest["database"], src);
    assert_eq!(manifest["label"], "round trip");
    assert_eq!(manifest["compression"], "zstd");
    let object = manifest["object"].as_str().unwrap();
    let (size, sha) = {
        let out = python(&format!(
            "import boto3, os, hashlib\n\
             s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
             body = s3.get_object(Bucket='{BUCKET}', Key='{object}')['Body'].read()\n\
             print(len(body), hashlib.sha256(body).hexdigest())\n"
        ));
        let (size, sha) = out.split_once(' ').unwrap();
        (size.parse::<u64>().unwrap(), sha.to_owned())
    };
    assert_eq!(manifest["bytes"].as_u64(), Some(size));
    assert_eq!(manifest["sha256"].as_str(), Some(sha.as_str()));
    assert!(
        manifest["dump_bytes"].as_u64().unwrap() > 200 << 20,
        "a few hundred MB were dumped: {manifest}"
    );
    let accounts = manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "pgbench_accounts")
        .unwrap();
    assert_eq!(accounts["rows"], 2_000_000);

    // Damage the source: what the backup holds must come back, not what is there now.
    psql_on(
        src,
        "DELETE FROM varied WHERE id % 3 = 0; UPDATE pgbench_branches SET bbalance = 42; DROP TABLE pgbench_history;",
    );
    assert_ne!(table_checksums(src), before);

    let target = format!("t_bk_restore_{}", std::process::id());
    drop_database(&target);
    let restore = nbamcp(&[
        "backup",
        "restore",
        &id,
        "--target-db",
        &target,
        "--create",
        "--yes",
    ])
    .run();
    assert_eq!(restore.code, 0, "{}{}", restore.stdout, restore.stderr);
    assert!(
        restore
            .stdout
            .contains(&format!("restored {id} into {target}")),
        "{}",
        restore.stdout
    );
    assert_eq!(table_checksums(&target), before);
    drop_database(&target);

    // verify --restore restores into a scratch database of its own and drops it.
    let scratch_count = || {
        psql_on(
            "nbamcp",
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'nbamcp\\_verify\\_%'",
        )
    };
    let scratch_before = scratch_count();
    let verify = nbamcp(&["backup", "verify", &id, "--restore", "-o", "json"]).run();
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    let report = verify.json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["restored"], true);
    assert!(report["tables_checked"].as_u64().unwrap() >= 6);
    assert_eq!(
        scratch_count(),
        scratch_before,
        "the scratch database is dropped"
    );
    let listed = nbamcp(&["backup", "list", "--database", src, "-o", "json"]).run();
    let listed = listed.json();
    let entry = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id.as_str())
        .unwrap();
    assert!(entry["verified_at"].is_string(), "{entry}");
}

#[test]
fn pg_dump_killed_mid_stream_leaves_no_manifest_and_no_upload() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    let child = spawn_create(src, &["--compression", "none"], None);
    let parent = child.id();
    let mut pg_dump = None;
    // The dump itself, not the short-lived `pg_dump --version` that checks the client first.
    wait_for("pg_dump to start", || {
        pg_dump = child_process(parent, "pg_dump")
            .filter(|pid| common::cmdline(*pid).is_some_and(|c| c.contains("--format")));
        pg_dump.is_some()
    });
    // Freeze it at once, so a fast dump cannot finish before the kill (a race seen once in CI:
    // `kill` found no process), then kill it the hard way while nbamcp's upload is open and
    // its pipe from pg_dump has not ended.
    signal(pg_dump.unwrap(), "STOP");
    wait_for("the upload to start", || {
        pending_uploads(&stack).len() > uploads.len()
    });
    signal(pg_dump.unwrap(), "KILL");
    let run = finish(child);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("pg_dump was killed by signal 9")
            && run
                .stderr
                .contains("the upload was aborted, no manifest written"),
        "{}",
        run.stderr
    );
    assert_left_nothing(&stack, src, &keys, &uploads);
}

#[test]
fn a_wrong_database_password_stores_nothing_and_is_not_printed() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    let dir = tempfile::tempdir().unwrap();
    let wrong = "wrong-password-81f3c2";
    let config = stack.config_with(dir.path(), |c| {
        common::set(c, "database.password", wrong);
        c["database"]
            .as_mapping_mut()
            .unwrap()
            .remove("password_file");
    });
    let run = nbamcp(&["backup", "create", "--database", src])
        .config(&config)
        .run();
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("password authentication failed"),
        "{}",
        run.stderr
    );
    run.assert_not_leaked(wrong);
    run.assert_not_leaked(&stack.secret("nbamcp-db-password"));
    assert_left_nothing(&stack, src, &keys, &uploads);
}

/// `backup create` of `db` (uncompressed) with `config`, whose S3 is behind `proxy`; killed
/// (and its leftovers cleaned by the next backup) if it is still running after `limit`.
/// Returns the run and how long it took to exit after the proxy injected its fault.
fn create_through_fault(
    proxy: &FaultProxy,
    config: &std::path::Path,
    db: &str,
    limit: Duration,
) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = spawn_create(db, &["--compression", "none"], Some(config));
    let mut fired_at = None;
    while child.try_wait().unwrap().is_none() {
        if fired_at.is_none() && proxy.fired() {
            fired_at = Some(Instant::now());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let cleanup = create(db, &[]);
            panic!(
                "backup create still running {}s after the fault (limit {limit:?}); cleanup run: exit {} {}",
                fired_at.map_or(0, |t| t.elapsed().as_secs()),
                cleanup.code,
                cleanup.stderr
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let after_fault = fired_at
        .expect("the fault was injected before the backup ended")
        .elapsed();
    eprintln!("backup create exited {after_fault:?} after the fault");
    (finish(child), after_fault)
}

/// The deadline the S3 fault tests configure (`s3.timeout`), and what exiting "within it"
/// allows on top: detecting S3's failure takes up to one deadline, trying to abort the upload
/// a short grace after it.
const S3_TIMEOUT: Duration = Duration::from_secs(3);
const EXIT_SLACK: Duration = Duration::from_secs(3);

fn config_via_s3_proxy(stack: &Stack, dir: &std::path::Path, proxy: &FaultProxy) -> PathBuf {
    stack.config_with(dir, |c| {
        common::set(
            c,
            "s3.endpoint_url",
            format!("http://127.0.0.1:{}", proxy.port),
        );
        common::set(c, "s3.timeout", format!("{}s", S3_TIMEOUT.as_secs()));
    })
}

#[test]
fn s3_dying_mid_upload_leaves_nothing_once_it_is_back() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    let proxy = FaultProxy::start(
        config_port(&stack, "s3.endpoint_url"),
        b"partNumber=2",
        Fault::Die,
    );
    let dir = tempfile::tempdir().unwrap();
    let config = config_via_s3_proxy(&stack, dir.path(), &proxy);
    let (run, after_fault) = create_through_fault(&proxy, &config, src, Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        after_fault < S3_TIMEOUT + EXIT_SLACK,
        "exited {after_fault:?} after S3 died, s3.timeout is {S3_TIMEOUT:?}: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("uploading part 2")
            && run
                .stderr
                .contains(&format!("artifact_store (http://127.0.0.1:{})", proxy.port)),
        "the message says what failed, naming S3 and its endpoint: {}",
        run.stderr
    );
    // S3 is gone, so the upload could not be aborted: the message says so and who cleans up.
    assert!(
        run.stderr.contains("failed too") && run.stderr.contains("the next `backup create` of"),
        "{}",
        run.stderr
    );
    assert!(
        !keys_of(src)
            .iter()
            .any(|k| k.ends_with("/manifest.json") && !keys.contains(k)),
        "no manifest"
    );
    assert!(pending_uploads(&stack).len() > uploads.len());

    // S3 is back: the next backup of this database removes what the dead one left.
    proxy.revive();
    let next = create(src, &["-o", "json"]);
    let id = created_id(&next);
    assert_eq!(next.json()["backups"][0]["stale_uploads_aborted"], 1);
    assert_eq!(pending_uploads(&stack), uploads);
    let mut expected = keys.clone();
    expected.extend(keys_of(src).into_iter().filter(|k| k.contains(&id)));
    expected.sort();
    assert_eq!(keys_of(src), expected, "only the new backup was added");
}

#[test]
fn s3_hanging_mid_upload_fails_within_its_deadline_and_aborts_the_upload() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    // The request of part 2 is swallowed and its connection held open: S3 hangs on it.
    let proxy = FaultProxy::start(
        config_port(&stack, "s3.endpoint_url"),
        b"partNumber=2",
        Fault::Stall,
    );
    let dir = tempfile::tempdir().unwrap();
    let config = config_via_s3_proxy(&stack, dir.path(), &proxy);
    let (run, after_fault) = create_through_fault(&proxy, &config, src, Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        after_fault < S3_TIMEOUT + EXIT_SLACK,
        "exited {after_fault:?} after S3 hung, s3.timeout is {S3_TIMEOUT:?}: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "artifact_store (http://127.0.0.1:{}): uploading part 2",
            proxy.port
        )) && run.stderr.contains("no answer within 3s (s3.timeout)"),
        "the message names S3, its endpoint and the deadline: {}",
        run.stderr
    );
    // S3 still answers new connections: the upload was aborted, nothing is left.
    assert!(
        run.stderr
            .contains("the upload was aborted, no manifest written"),
        "{}",
        run.stderr
    );
    assert_left_nothing(&stack, src, &keys, &uploads);
}

#[test]
fn a_rejected_part_aborts_the_upload() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    const DENIED: &str = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: 109\r\nConnection: close\r\n\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Bucket policy</Message></Error>";
    let proxy = FaultProxy::start(
        config_port(&stack, "s3.endpoint_url"),
        b"partNumber=3",
        Fault::Reject(DENIED),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        common::set(
            c,
            "s3.endpoint_url",
            format!("http://127.0.0.1:{}", proxy.port),
        );
    });
    let run = nbamcp(&[
        "backup",
        "create",
        "--database",
        src,
        "--compression",
        "none",
    ])
    .config(&config)
    .run();
    assert!(proxy.fired());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("uploading part 3")
            && run
                .stderr
                .contains("the upload was aborted, no manifest written"),
        "{}",
        run.stderr
    );
    assert_left_nothing(&stack, src, &keys, &uploads);
}

#[test]
fn sigint_mid_upload_aborts_it() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let (keys, uploads) = (keys_of(src), pending_uploads(&stack));
    let child = spawn_create(src, &["--compression", "none"], None);
    let parent = child.id();
    wait_for("a part to be uploaded", || {
        std::fs::read_dir(stack.dir.join("s3data"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".part-1"))
            && pending_uploads(&stack).len() > uploads.len()
    });
    let pg_dump = child_process(parent, "pg_dump").expect("pg_dump runs");
    signal(parent, "INT");
    let run = finish(child);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("interrupted (SIGINT)")
            && run
                .stderr
                .contains("the upload was aborted, no manifest written"),
        "{}",
        run.stderr
    );
    assert!(!common::alive(pg_dump), "pg_dump was stopped too");
    assert_left_nothing(&stack, src, &keys, &uploads);
}

#[test]
fn a_flipped_byte_fails_verify_and_restore_refuses() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let id = created_id(&create(src, &["-o", "json"]));
    let manifest = manifest_of(&id);
    let file = stack
        .dir
        .join("s3data")
        .join(BUCKET)
        .join(manifest["object"].as_str().unwrap());
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&file, &bytes).unwrap();

    let verify = nbamcp(&["backup", "verify", &id]).run();
    assert_eq!(verify.code, 3, "{}{}", verify.stdout, verify.stderr);
    assert!(
        verify.stdout.contains("FAILED") && verify.stdout.contains("sha256"),
        "{}",
        verify.stdout
    );

    let target = format!("t_bk_corrupt_{}", std::process::id());
    drop_database(&target);
    let restore = nbamcp(&[
        "backup",
        "restore",
        &id,
        "--target-db",
        &target,
        "--create",
        "--yes",
    ])
    .run();
    assert_eq!(restore.code, 3, "{}{}", restore.stdout, restore.stderr);
    assert!(
        restore.stderr.contains("corrupt, refusing to restore"),
        "{}",
        restore.stderr
    );
    assert!(!database_exists(&target), "nothing was left behind");

    // Restoring over an existing database: it stays exactly as it was.
    psql_on("nbamcp", &format!("CREATE DATABASE {target}"));
    psql_on(
        &target,
        "CREATE TABLE keep (x int); INSERT INTO keep VALUES (7);",
    );
    let over = nbamcp(&[
        "backup",
        "restore",
        &id,
        "--target-db",
        &target,
        "--clean",
        "--yes",
    ])
    .run();
    assert_eq!(over.code, 3, "{}{}", over.stdout, over.stderr);
    assert_eq!(
        psql_on(
            &target,
            "SELECT string_agg(relname, ',') FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        ),
        "keep"
    );
    drop_database(&target);

    // The failed verification shows in the list.
    let listed = nbamcp(&["backup", "list", "-o", "json"]).run().json();
    let entry = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(entry["verification_failed"], true, "{entry}");
}

#[test]
fn restore_refuses_without_confirmation_and_over_connected_databases() {
    let _stack = stack();
    let _serial = serial();
    let id = created_id(&create("nbamcp", &["-o", "json"]));
    let target = format!("t_bk_busy_{}", std::process::id());
    drop_database(&target);
    // No TTY and no --yes: refused, nothing created.
    let run = nbamcp(&["backup", "restore", &id, "--target-db", &target, "--create"]).run();
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(!database_exists(&target));
    // A database someone is connected to.
    psql_on("nbamcp", &format!("CREATE DATABASE {target}"));
    let mut holder = Command::new("psql")
        .args([&url_of(&target), "-X", "-c", "SELECT pg_sleep(30)"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the other session", || {
        psql_on(
            "nbamcp",
            &format!("SELECT count(*) FROM pg_stat_activity WHERE datname = '{target}'"),
        ) != "0"
    });
    let busy = nbamcp(&["backup", "restore", &id, "--target-db", &target, "--yes"]).run();
    assert_eq!(busy.code, 4, "{}{}", busy.stdout, busy.stderr);
    assert!(busy.stderr.contains("connected to"), "{}", busy.stderr);
    let _ = holder.kill();
    let _ = holder.wait();
    drop_database(&target);
}

#[test]
fn concurrent_backups_of_one_database_one_runs_the_other_is_locked() {
    let stack = stack();
    let src = source_db();
    let _serial = serial();
    let uploads = pending_uploads(&stack);
    let first = spawn_create(src, &["--compression", "none"], None);
    wait_for("the first backup to upload", || {
        pending_uploads(&stack).len() > uploads.len()
    });
    let second = create(src, &[]);
    assert_eq!(second.code, 4, "{}{}", second.stdout, second.stderr);
    assert!(
        second.stderr.contains("locked by nbamcp backup create"),
        "{}",
        second.stderr
    );
    let first = finish(first);
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    assert_eq!(first.stdout.lines().count(), 1, "{}", first.stdout);
}

#[test]
fn the_cron_job_logs_one_line_and_exits_with_the_backups_status() {
    let stack = stack();
    let _serial = serial();
    let script = common::repo_root().join("commands/cron/nbamcp-backup.sh");
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_nbamcp"))
        .parent()
        .unwrap()
        .to_path_buf();
    let cron = |config: &std::path::Path| {
        // cron's world: no TTY, no stdin, a minimal environment.
        let out = Command::new("sh")
            .arg(&script)
            .env_clear()
            .env("PATH", format!("{}:/usr/bin:/bin", bin_dir.display()))
            .env("HOME", std::env::var("HOME").unwrap())
            .env("NBAMCP_CONFIG", config)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = cron(&stack.config_path);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("backup ") && stdout.contains(" of nbamcp complete"),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let broken = stack.config_with(dir.path(), |c| {
        common::set(c, "database.password", "not-the-password-9a1");
        c["database"]
            .as_mapping_mut()
            .unwrap()
            .remove("password_file");
    });
    let (code, stdout, stderr) = cron(&broken);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("password authentication failed"),
        "{stdout}"
    );
    assert!(!stdout.contains("not-the-password-9a1"));
}

#[test]
fn list_reads_s3_alone_and_shows_incomplete_backups_with_all() {
    let stack = stack();
    let _serial = serial();
    let id = created_id(&create("nbamcp", &["--label", "listed", "-o", "json"]));
    // A backup whose manifest is missing is not a backup.
    let incomplete = "20200101T000000.000Z-nbamcp".to_owned();
    let dir = backups_dir(&stack).join(&incomplete);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("nbamcp.dump.zst"), b"half").unwrap();

    // PostgreSQL unreachable: the catalog still reads.
    let dead = tempfile::tempdir().unwrap();
    let config = stack.config_with(dead.path(), |c| {
        common::set(
            c,
            "database.url",
            format!(
                "postgres://nbamcp@127.0.0.1:{}/nbamcp",
                common::closed_port()
            ),
        );
    });
    let run = nbamcp(&["backup", "list", "-o", "json"])
        .config(&config)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = run.json();
    assert!(
        listed["backups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == id.as_str() && b["label"] == "listed")
    );
    assert!(
        !listed["backups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["id"] == incomplete.as_str())
    );
    assert!(listed.get("incomplete").is_none());
    let all = nbamcp(&["backup", "list", "--all"]).config(&config).run();
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(
        all.stdout
            .contains(&format!("incomplete (no manifest): {incomplete}")),
        "{}",
        all.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn health_backups_compares_the_newest_backup_with_max_age() {
    let stack = stack();
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let prefix = common::unique_name("health");
    let config = common::config_with_backup_prefix(&stack, dir.path(), &prefix);
    let health = |max_age: &str| {
        let run = nbamcp(&["health", "backups", "-o", "json"])
            .config(&config)
            .env("NBAMCP_BACKUP__MAX_AGE", max_age)
            .run();
        let report = run.json();
        (run.code, common::component(&report, "backups").clone())
    };
    let (code, none) = health("26h");
    assert_eq!(code, 3);
    assert_eq!(none["status"], "unhealthy");
    assert!(
        none["detail"]
            .as_str()
            .unwrap()
            .contains("no complete backup of nbamcp"),
        "{none}"
    );
    let made = nbamcp(&["backup", "create"]).config(&config).run();
    assert_eq!(made.code, 0, "{}", made.stderr);
    let (code, fresh) = health("26h");
    assert_eq!(code, 0, "{fresh}");
    assert!(
        fresh["detail"].as_str().unwrap().contains("never verified"),
        "{fresh}"
    );
    std::thread::sleep(Duration::from_millis(1500));
    let (code, stale) = health("1s");
    assert_eq!(code, 3);
    assert!(
        stale["detail"]
            .as_str()
            .unwrap()
            .contains("backup.max_age 1s"),
        "{stale}"
    );
    // With backup.max_age set, plain `health` includes backups.
    let all = nbamcp(&["health", "-o", "json"])
        .config(&config)
        .env("NBAMCP_BACKUP__MAX_AGE", "26h")
        .run()
        .json();
    assert!(
        all["components"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "backups"),
        "{all}"
    );
}

#[test]
fn prune_keeps_the_newest_and_the_newest_verified_and_cleans_incomplete_uploads() {
    let stack = stack();
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let prefix = common::unique_name("prune");
    let config = common::config_with_backup_prefix(&stack, dir.path(), &prefix);
    // A backup whose manifest was damaged (an old one: the dump may be all there is): neither
    // `create` (which clears what dead runs left) nor `prune` may delete it unseen.
    let damaged_id = "20200102T000000.000Z-nbamcp";
    python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         s3.put_object(Bucket='{BUCKET}', Key='{prefix}/{damaged_id}/nbamcp.dump.zst', Body=b'dump' * 256)\n\
         s3.put_object(Bucket='{BUCKET}', Key='{prefix}/{damaged_id}/manifest.json', Body=b'{{\"id\": \"trunc')\n"
    ));
    let mut ids = Vec::new();
    for _ in 0..3 {
        let run = nbamcp(&["backup", "create", "-o", "json"])
            .config(&config)
            .run();
        ids.push(created_id(&run));
    }
    let verify = nbamcp(&["backup", "verify", &ids[0]]).config(&config).run();
    assert_eq!(verify.code, 0, "{}{}", verify.stdout, verify.stderr);
    // A backup that died mid-upload: a pending upload and its marker, no manifest.
    let dead_id = "20200101T000000.000Z-nbamcp";
    let upload_id = python(&format!(
        "import boto3, os, json\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         key = '{prefix}/{dead_id}/nbamcp.dump.zst'\n\
         up = s3.create_multipart_upload(Bucket='{BUCKET}', Key=key)['UploadId']\n\
         s3.upload_part(Bucket='{BUCKET}', Key=key, UploadId=up, PartNumber=1, Body=b'x' * 1024)\n\
         s3.put_object(Bucket='{BUCKET}', Key='{prefix}/{dead_id}/upload.json', Body=json.dumps(\
           {{'upload_id': up, 'object': key, 'database': 'nbamcp', 'started_at': '2020-01-01T00:00:00Z'}}))\n\
         print(up)\n"
    ));
    let upload_file = stack
        .dir
        .join("s3data")
        .join(format!(".upload-{upload_id}.json"));
    assert!(upload_file.exists());
    let keys = || {
        python(&format!(
            "import boto3, os\n\
             s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
             r = s3.list_objects_v2(Bucket='{BUCKET}', Prefix='{prefix}/')\n\
             print(' '.join(sorted({{o['Key'].split('/')[1] for o in r.get('Contents', [])}})))\n"
        ))
    };
    let all_ids = format!("{dead_id} {damaged_id} {} {} {}", ids[0], ids[1], ids[2]);
    assert_eq!(
        keys(),
        all_ids,
        "backup create left the damaged backup alone"
    );
    let listed = nbamcp(&["backup", "list", "--all"]).config(&config).run();
    assert!(
        listed.stdout.contains("incomplete (damaged manifest: "),
        "{}",
        listed.stdout
    );
    let later = (chrono::Utc::now() + chrono::Duration::days(10)).to_rfc3339();
    let prune = |extra: &[&str]| {
        let mut args = vec!["backup", "prune", "--keep-days", "7", "--now", &later];
        args.extend_from_slice(extra);
        nbamcp(&args).config(&config).run()
    };
    let dry = prune(&["--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.contains(&format!("would delete {}", ids[1])),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains(&format!("kept {} (newest)", ids[2])),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains(&format!("kept {} (newest verified)", ids[0])),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout
            .contains(&format!("kept {damaged_id} (its manifest.json is damaged")),
        "{}",
        dry.stdout
    );
    assert_eq!(keys(), all_ids, "a dry run deletes nothing");
    let refused = prune(&[]);
    assert_eq!(refused.code, 4, "no TTY, no --yes: {}", refused.stderr);
    assert_eq!(keys(), all_ids);
    let done = prune(&["--yes"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(keys(), format!("{damaged_id} {} {}", ids[0], ids[2]));
    assert!(!upload_file.exists(), "the dead upload was aborted");
}

#[test]
fn all_backs_up_every_configured_database_with_its_own_credentials() {
    let stack = stack();
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let prefix = common::unique_name("all");
    let pg_port = config_port(&stack, "database.url");
    let mlflow_password = stack.dir.join("secrets").join("mlflow-db-password");
    let config = stack.config_with(dir.path(), |c| {
        common::set(c, "backup.prefix", prefix.as_str());
        let mut mlflow = serde_yaml::Mapping::new();
        mlflow.insert(
            "url".into(),
            format!("postgres://mlflow@127.0.0.1:{pg_port}/mlflow").into(),
        );
        mlflow.insert(
            "password_file".into(),
            mlflow_password.to_str().unwrap().into(),
        );
        common::set(
            c,
            "backup.databases",
            serde_yaml::Value::Sequence(vec![mlflow.into()]),
        );
    });
    let run = nbamcp(&["backup", "create", "--all"]).config(&config).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    run.assert_not_leaked(&stack.secret("mlflow-db-password"));
    let listed = nbamcp(&["backup", "list", "-o", "json"])
        .config(&config)
        .run()
        .json();
    let mut databases: Vec<&str> = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["database"].as_str().unwrap())
        .collect();
    databases.sort();
    assert_eq!(databases, ["mlflow", "nbamcp"]);
    // MLflow's tables were counted in its own database, as the oracle counts them.
    let mlflow_id = listed["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["database"] == "mlflow")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = python(&format!(
        "import boto3, os\n\
         s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
         print(s3.get_object(Bucket='{BUCKET}', Key='{prefix}/{mlflow_id}/manifest.json')['Body'].read().decode())\n"
    ));
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let versions = manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "model_versions")
        .unwrap()["rows"]
        .as_i64()
        .unwrap();
    let oracle = tool_output(
        "psql",
        &[
            &format!(
                "postgres://mlflow:{}@127.0.0.1:{pg_port}/mlflow",
                stack.secret("mlflow-db-password")
            ),
            "-X",
            "-tAc",
            "SELECT count(*) FROM model_versions",
        ],
    );
    assert_eq!(versions, oracle.parse::<i64>().unwrap());
}

#[test]
fn verify_artifacts_finds_missing_and_incomplete_model_artifacts() {
    let _stack = stack();
    // The seeded fixture versions have their artifacts: boto3 counts the same files.
    let run = nbamcp(&[
        "backup",
        "verify-artifacts",
        "--name",
        "nba_win_predictor",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    for v in report["versions"].as_array().unwrap() {
        let location = v["location"].as_str().unwrap();
        let (bucket, prefix) = location
            .strip_prefix("s3://")
            .unwrap()
            .split_once('/')
            .unwrap();
        let count = python(&format!(
            "import boto3, os\n\
             s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n\
             print(s3.list_objects_v2(Bucket='{bucket}', Prefix='{prefix}')['KeyCount'])\n"
        ));
        assert_eq!(v["files"].as_u64().unwrap().to_string(), count, "{v}");
        assert!(v["problems"].as_array().unwrap().is_empty(), "{v}");
    }

    // A version registered without uploading anything.
    let name = common::unique_name("artifacts");
    common::oracle(&["create", &name, "0.9"]);
    let check = || {
        let run = nbamcp(&["backup", "verify-artifacts", "--name", &name, "-o", "json"]).run();
        let report = run.json();
        (run.code, report["versions"][0].clone())
    };
    let (code, missing) = check();
    assert_eq!(code, 3, "{missing}");
    assert!(
        missing["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("no artifact in s3://nbamcp-models/mlflow/"),
        "{missing}"
    );
    // Upload its artifacts where MLflow's proxy keeps them: now it is complete.
    let uri = missing["artifact_uri"].as_str().unwrap();
    let key = format!(
        "mlflow/{}",
        uri.strip_prefix("mlflow-artifacts:/")
            .unwrap()
            .trim_matches('/')
    );
    let s3 = |code: &str| {
        python(&format!(
            "import boto3, os\n\
             s3 = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n{code}\n"
        ))
    };
    s3(&format!(
        "s3.put_object(Bucket='nbamcp-models', Key='{key}/MLmodel', Body=b'flavors: {{}}\\n')\n\
         s3.put_object(Bucket='nbamcp-models', Key='{key}/model.onnx', Body=b'x' * 300)"
    ));
    let (code, complete) = check();
    assert_eq!(code, 0, "{complete}");
    assert_eq!(complete["files"], 2);
    assert_eq!(complete["bytes"], 300 + 12);
    // Its MLmodel lost: incomplete.
    s3(&format!(
        "s3.delete_object(Bucket='nbamcp-models', Key='{key}/MLmodel')"
    ));
    let (code, broken) = check();
    assert_eq!(code, 3, "{broken}");
    assert_eq!(broken["problems"][0], "no MLmodel file among the artifacts");
    s3(&format!(
        "s3.delete_object(Bucket='nbamcp-models', Key='{key}/model.onnx')"
    ));
    python(&format!(
        "from mlflow import MlflowClient\nMlflowClient().delete_registered_model('{name}')"
    ));
}
