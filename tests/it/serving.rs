//! `nbamcp serve`, `deploy`, `undeploy`, `ab-split`, `cache` against the real stack: models are
//! registered by MLflow's own client, replicas are real `nbamcp serve` processes started here,
//! predictions are compared with onnxruntime's Python API, and PostgreSQL is read with psql.

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{closed_port, nbamcp, psql, repo_root, stack, unique_name};

const TOKEN: &str = "serving-test-token-4711";

/// A file holding [`TOKEN`]: it replaces the stack's `serving.admin_token_file` for the replicas
/// these tests start and for the CLI talking to them.
fn token_file() -> &'static Path {
    static FILE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let path =
            std::env::temp_dir().join(format!("nbamcp-serving-test-token-{}", std::process::id()));
        std::fs::write(&path, TOKEN).unwrap();
        path
    })
}

fn cli(args: &[&str]) -> common::Run {
    nbamcp(args)
        .env("NBAMCP_SERVING__ADMIN_TOKEN_FILE", token_file())
        .env("NBAMCP_SERVING__HEARTBEAT", "1s")
        .env("NBAMCP_ACTOR", "serving-test")
        .run()
}

fn ok(args: &[&str]) -> Value {
    let run = cli(args);
    assert_eq!(
        run.code, 0,
        "{args:?}\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    if run.stdout.trim_start().starts_with('{') {
        run.json()
    } else {
        Value::Null
    }
}

use crate::common::Undeploy as Cleanup;
use crate::common::register_onnx as register;

fn fixture(version: &str) -> PathBuf {
    repo_root().join(format!("fixtures/models/nba_win_predictor_{version}.onnx"))
}

/// A running `nbamcp serve`, stopped (SIGTERM) when dropped.
struct Replica {
    child: Child,
    port: u16,
    id: String,
    url: String,
}

impl Replica {
    fn start(id: &str) -> Replica {
        Replica::start_on(id, closed_port())
    }

    fn start_on(id: &str, port: u16) -> Replica {
        Replica::start_with(id, port, &[])
    }

    /// A replica with extra `NBAMCP_*` settings (e.g. `NBAMCP_SERVING__IDLE_TIMEOUT`).
    fn start_with(id: &str, port: u16, env: &[(&str, &str)]) -> Replica {
        Replica::start_logging(id, port, env, None)
    }

    /// [`Replica::start_with`], its log (stderr) written to `log`.
    fn start_logging(id: &str, port: u16, env: &[(&str, &str)], log: Option<&Path>) -> Replica {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            None => Stdio::null(),
        };
        let listen = format!("127.0.0.1:{port}");
        let mut command =
            common::nbamcp_command(&["serve", "--listen", &listen, "--replica-id", id]);
        command
            .env("NBAMCP_SERVING__HEARTBEAT", "1s")
            .stdout(Stdio::null())
            .stderr(stderr);
        // Set after the stack's variables, which it overrides.
        command.env("NBAMCP_SERVING__ADMIN_TOKEN_FILE", token_file());
        command.envs(env.iter().copied());
        let child = command.spawn().expect("start nbamcp serve");
        let replica = Replica {
            child,
            port,
            id: id.to_owned(),
            url: format!("http://127.0.0.1:{port}"),
        };
        common::wait_until(
            &format!("replica {id} to be ready"),
            Duration::from_secs(30),
            Duration::from_millis(100),
            || {
                matches!(
                    request(port, "GET", "/v2/health/ready", &[], b""),
                    Ok((200, _))
                )
            },
        );
        replica
    }

    fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// One HTTP/1.1 request on a fresh connection: (status, body).
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    let mut client = Client::connect(port)?;
    client.send(method, path, headers, body)
}

/// A keep-alive HTTP/1.1 client, enough for JSON requests and answers with Content-Length.
struct Client {
    port: u16,
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(port: u16) -> std::io::Result<Client> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            port,
            reader: BufReader::new(stream),
        })
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<(u16, String)> {
        let (status, _, body) = self.send_full(method, path, headers, body)?;
        Ok((status, body))
    }

    /// (status, response headers lower-cased, body)
    fn send_full(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<(u16, BTreeMap<String, String>, String)> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        // A body above the server's limit may be refused before it is all sent.
        let _ = stream.write_all(body);
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut response_headers = BTreeMap::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                response_headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let length: usize = response_headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut buf = vec![0; length];
        self.reader.read_exact(&mut buf)?;
        Ok((
            status,
            response_headers,
            String::from_utf8_lossy(&buf).into_owned(),
        ))
    }
}

fn infer_body(rows: &[Vec<f32>]) -> Vec<u8> {
    json!({
        "inputs": [{
            "name": "input",
            "shape": [rows.len(), rows.first().map_or(0, Vec::len)],
            "datatype": "FP32",
            "data": rows,
        }]
    })
    .to_string()
    .into_bytes()
}

/// The first `n` rows of a fixture CSV (8 features, the label dropped).
fn holdout_rows(n: usize) -> Vec<Vec<f32>> {
    let text = std::fs::read_to_string(repo_root().join("fixtures/data/holdout.csv")).unwrap();
    text.lines()
        .skip(1)
        .take(n)
        .map(|l| l.split(',').take(8).map(|v| v.parse().unwrap()).collect())
        .collect()
}

/// What the stack venv's onnxruntime predicts for the first `n` holdout rows.
fn oracle_predictions(model: &Path, n: usize) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    let text = std::fs::read_to_string(repo_root().join("fixtures/data/holdout.csv")).unwrap();
    let head: Vec<&str> = text.lines().take(n + 1).collect();
    std::fs::write(&csv, head.join("\n")).unwrap();
    let out = common::serving_oracle(&[
        "predict",
        &model.display().to_string(),
        &csv.display().to_string(),
    ]);
    serde_json::from_str(&out).unwrap()
}

fn assert_matches_oracle(answer: &Value, oracle: &Value) {
    let outputs = answer["outputs"].as_array().unwrap();
    let label = outputs.iter().find(|o| o["name"] == "label").unwrap();
    let probabilities = outputs
        .iter()
        .find(|o| o["name"] == "probabilities")
        .unwrap();
    assert_eq!(
        label["data"], oracle["label"],
        "labels differ from onnxruntime"
    );
    let ours: Vec<f64> = probabilities["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let theirs: Vec<f64> = oracle["probabilities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()))
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert!((a - b).abs() <= 1e-6, "{a} vs onnxruntime {b}");
    }
}

fn sha256_of(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

fn deployments(name: &str) -> String {
    psql(&format!(
        "SELECT coalesce(string_agg(version || '=' || weight || ':' || sha256, ',' ORDER BY version), '') \
         FROM nbamcp.deployments WHERE model = '{name}'"
    ))
}

/// Wait until `replica` reports `weights` for `name` through the KServe metadata.
fn wait_for_weights(replica: &Replica, name: &str, weights: Value) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) =
            request(replica.port, "GET", &format!("/v2/models/{name}"), &[], b"").unwrap();
        if status == 200 && serde_json::from_str::<Value>(&body).unwrap()["weights"] == weights {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "replica {} still says {status} {body}, wanted {weights}",
            replica.id
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn deploy_infer_split_sticky_undeploy() {
    let _stack = stack();
    let name = unique_name("serve");
    register(&name, &[&fixture("v1"), &fixture("v2")]);
    let _cleanup = Cleanup(name.clone());
    let replica = Replica::start(&unique_name("replica"));

    // deploy v1: validated, written, served.
    let report = ok(&["deploy", &name, "v1", "--yes", "--wait", "-o", "json"]);
    assert_eq!(report["validation"]["sha256"], sha256_of(&fixture("v1")));
    assert_eq!(report["validation"]["signature"]["features"], 8);
    assert!(
        report["replicas"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["replica_id"] == replica.id.as_str() && r["status"] == "ready"),
        "{report}"
    );
    assert_eq!(
        deployments(&name),
        format!("1=1:{}", sha256_of(&fixture("v1")))
    );

    // Predictions are onnxruntime's, to 1e-6, for 50 rows in one request.
    let rows = holdout_rows(50);
    let mut client = Client::connect(replica.port).unwrap();
    let (status, body) = client
        .send(
            "POST",
            &format!("/v2/models/{name}/infer"),
            &[],
            &infer_body(&rows),
        )
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["model_version"], "1");
    assert_matches_oracle(&answer, &oracle_predictions(&fixture("v1"), 50));

    // deploy v2 (takes everything), then split 80/20.
    ok(&["deploy", &name, "2", "--yes", "--wait"]);
    assert_eq!(
        deployments(&name),
        format!(
            "1=0:{},2=1:{}",
            sha256_of(&fixture("v1")),
            sha256_of(&fixture("v2"))
        )
    );
    let (_, body) = client
        .send(
            "POST",
            &format!("/v2/models/{name}/versions/v2/infer"),
            &[],
            &infer_body(&rows),
        )
        .unwrap();
    assert_matches_oracle(
        &serde_json::from_str(&body).unwrap(),
        &oracle_predictions(&fixture("v2"), 50),
    );
    ok(&["ab-split", &name, "v2=80", "v1=20", "--yes", "--wait"]);
    assert!(
        deployments(&name).starts_with("1=0.2:"),
        "{}",
        deployments(&name)
    );

    // 10 000 requests without a key land within ±2 % of the split.
    let mut v2 = 0;
    for i in 0..10_000 {
        let row = vec![vec![i as f32, 0.0, 1.0, 2.0, 0.0, 0.0, 500.0, 1.0]];
        let (status, headers, _) = client
            .send_full(
                "POST",
                &format!("/v2/models/{name}/infer"),
                &[],
                &infer_body(&row),
            )
            .unwrap();
        assert_eq!(status, 200);
        if headers["x-model-version"] == "2" {
            v2 += 1;
        }
    }
    let share = f64::from(v2) / 10_000.0;
    assert!((share - 0.8).abs() <= 0.02, "v2 got {share} of the traffic");

    // A routing key always lands on one version; 2 000 keys still follow the split.
    let mut v2_keys = 0;
    for key in 0..2_000 {
        let key = format!("game-{key}");
        let mut seen = None;
        for attempt in 0..3 {
            let (status, headers, _) = client
                .send_full(
                    "POST",
                    &format!("/v2/models/{name}/infer"),
                    &[("X-Routing-Key", key.as_str())],
                    &infer_body(&[vec![attempt as f32; 8]]),
                )
                .unwrap();
            assert_eq!(status, 200);
            let version = headers["x-model-version"].clone();
            if let Some(first) = &seen {
                assert_eq!(first, &version, "key {key} moved between versions");
            }
            seen = Some(version);
        }
        if seen.as_deref() == Some("2") {
            v2_keys += 1;
        }
    }
    let share = f64::from(v2_keys) / 2_000.0;
    assert!((share - 0.8).abs() <= 0.03, "keys: v2 got {share}");
    // The key also works as a request parameter.
    let (_, headers, _) = client
        .send_full(
            "POST",
            &format!("/v2/models/{name}/infer"),
            &[],
            json!({"parameters": {"routing_key": "game-7"}, "inputs": [{"name": "input", "shape": [1, 8], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6, 7, 8]}]}).to_string().as_bytes(),
        )
        .unwrap();
    let (_, headers_again, _) = client
        .send_full(
            "POST",
            &format!("/v2/models/{name}/infer"),
            &[("X-Routing-Key", "game-7")],
            &infer_body(&[vec![0.0; 8]]),
        )
        .unwrap();
    assert_eq!(headers["x-model-version"], headers_again["x-model-version"]);

    // ab-split --show: the split and the traffic the replicas counted.
    let show = ok(&["ab-split", &name, "--show", "-o", "json"]);
    let versions = show["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    let requests: u64 = versions
        .iter()
        .map(|v| v["requests"].as_u64().unwrap())
        .sum();
    assert!(requests >= 16_004, "{show}");
    assert_eq!(versions[1]["weight"], 0.8);

    // The prediction log: every request, in PostgreSQL, written off the request path.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let logged: u64 = psql(&format!(
            "SELECT count(*) FROM nbamcp.predictions WHERE model = '{name}'"
        ))
        .parse()
        .unwrap();
        if logged >= 16_004 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {logged} predictions logged"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // undeploy v1: v2 keeps everything; v1 is gone from the replica.
    ok(&["undeploy", &name, "v1", "--yes", "--wait"]);
    assert_eq!(
        deployments(&name),
        format!("2=1:{}", sha256_of(&fixture("v2")))
    );
    let (status, body) = client
        .send(
            "POST",
            &format!("/v2/models/{name}/versions/1/infer"),
            &[],
            &infer_body(&rows),
        )
        .unwrap();
    assert_eq!(status, 404, "{body}");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());

    // The last version taking traffic is not removed without --force.
    let refused = cli(&["undeploy", &name, "v2", "--yes"]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        deployments(&name),
        format!("2=1:{}", sha256_of(&fixture("v2")))
    );

    let actions = psql(&format!(
        "SELECT string_agg(action, ',' ORDER BY id) FROM nbamcp.audit_events WHERE target = '{name}'"
    ));
    assert_eq!(actions, "deploy,deploy,ab_split,undeploy");
    ok(&["undeploy", &name, "v2", "--force", "--yes", "--wait"]);
    assert_eq!(deployments(&name), "");
    let (status, _) = client
        .send(
            "POST",
            &format!("/v2/models/{name}/infer"),
            &[],
            &infer_body(&rows),
        )
        .unwrap();
    assert_eq!(status, 404);
}

#[test]
fn refused_artifacts_change_nothing_and_a_bad_artifact_never_takes_traffic() {
    let _stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.onnx");
    std::fs::write(&garbage, b"this is not an ONNX model").unwrap();
    let five = dir.path().join("five.onnx");
    common::serving_oracle(&["wrong_inputs", &five.display().to_string()]);
    let name = unique_name("refuse");
    register(&name, &[&fixture("v1"), &garbage, &five]);
    let _cleanup = Cleanup(name.clone());
    ok(&["deploy", &name, "1", "--yes", "--no-wait"]);
    let before = deployments(&name);
    let audit = || {
        psql(&format!(
            "SELECT count(*) FROM nbamcp.audit_events WHERE target = '{name}'"
        ))
    };
    let audit_before = audit();

    let corrupt = cli(&["deploy", &name, "2", "--yes"]);
    assert_eq!(corrupt.code, 4, "{}", corrupt.stderr);
    assert!(
        corrupt.stderr.contains("not a loadable ONNX model"),
        "{}",
        corrupt.stderr
    );

    let wrong = cli(&["deploy", &name, "3", "--yes"]);
    assert_eq!(wrong.code, 4, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("takes 5 features"),
        "{}",
        wrong.stderr
    );

    // Against the configured feature list too (here 3 names for an 8-feature model).
    let listed = nbamcp(&["deploy", &name, "1", "--yes"])
        .env("NBAMCP_SERVING__FEATURES", "a,b,c")
        .run();
    assert_eq!(listed.code, 4, "{}", listed.stderr);
    assert!(
        listed.stderr.contains("serving.features"),
        "{}",
        listed.stderr
    );

    let mismatch = cli(&["deploy", &name, "1", "--sha256", &"0".repeat(64), "--yes"]);
    assert_eq!(mismatch.code, 4, "{}", mismatch.stderr);
    assert!(mismatch.stderr.contains("sha256"), "{}", mismatch.stderr);

    let unknown = cli(&["deploy", &name, "v9", "--yes"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);

    assert_eq!(
        deployments(&name),
        before,
        "a refused deploy changed the desired state"
    );
    assert_eq!(
        audit(),
        audit_before,
        "a refused deploy wrote an audit event"
    );

    // An artifact that no longer matches its sha256 (changed in the store, or the row): the
    // replica reports it failed and the version it served keeps serving.
    let replica = Replica::start(&unique_name("replica"));
    wait_for_weights(&replica, &name, json!({"1": 1.0}));
    psql(&format!(
        "UPDATE nbamcp.deployments SET sha256 = '{}' WHERE model = '{name}' AND version = '1'",
        "f".repeat(64)
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let state = psql(&format!(
            "SELECT status || ' ' || coalesce(error, '') FROM nbamcp.deployment_state \
             WHERE replica_id = '{}' AND model = '{name}' AND version = '1' AND sha256 = '{}'",
            replica.id,
            "f".repeat(64)
        ));
        if state.starts_with("failed") {
            assert!(state.contains("sha256"), "{state}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "replica did not report the mismatch: {state:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, body) = request(
        replica.port,
        "POST",
        &format!("/v2/models/{name}/infer"),
        &[],
        &infer_body(&holdout_rows(1)),
    )
    .unwrap();
    assert_eq!(status, 200, "the loaded version must keep serving: {body}");
    // health names the replica and the reason.
    let health = cli(&["health", "model_deployment", "-o", "json"]);
    assert_eq!(health.code, 3, "{}", health.stdout);
    let component = common::component(&health.json(), "model_deployment").clone();
    assert_eq!(component["status"], "unhealthy", "{component}");
    let detail = component["detail"].as_str().unwrap();
    assert!(
        detail.contains(&replica.id) && detail.contains("sha256"),
        "{detail}"
    );
}

#[test]
fn replicas_converge_without_the_cli_and_a_restarted_replica_comes_back() {
    let _stack = stack();
    let name = unique_name("converge");
    register(&name, &[&fixture("v1"), &fixture("v2")]);
    let _cleanup = Cleanup(name.clone());
    let a = Replica::start(&unique_name("replica_a"));
    let mut b = Replica::start(&unique_name("replica_b"));
    ok(&["deploy", &name, "1", "--yes", "--wait"]);
    ok(&["deploy", &name, "2", "--weight", "0.5", "--yes", "--wait"]);
    // The CLI only writes PostgreSQL; the replicas hear it (NOTIFY) and follow.
    ok(&["ab-split", &name, "v2=0.8", "v1=0.2", "--yes", "--no-wait"]);
    wait_for_weights(&a, &name, json!({"1": 0.2, "2": 0.8}));
    wait_for_weights(&b, &name, json!({"1": 0.2, "2": 0.8}));

    // A replica that dies and restarts serves the desired state, changed while it was down.
    let port = b.port;
    let id = b.id.clone();
    b.terminate();
    ok(&["ab-split", &name, "v2=1", "--yes", "--no-wait"]);
    wait_for_weights(&a, &name, json!({"1": 0.0, "2": 1.0}));
    let b = Replica::start_on(&id, port);
    wait_for_weights(&b, &name, json!({"1": 0.0, "2": 1.0}));
    let (status, body) = request(
        b.port,
        "POST",
        &format!("/v2/models/{name}/infer"),
        &[],
        &infer_body(&holdout_rows(3)),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["model_version"],
        "2"
    );
    let ready = psql(&format!(
        "SELECT count(*) FROM nbamcp.deployment_state WHERE model = '{name}' AND status = 'ready' \
         AND replica_id IN ('{}', '{}')",
        a.id, b.id
    ));
    assert_eq!(ready, "4");
}

#[test]
fn no_failed_request_while_deploying_and_splitting_under_load() {
    let _stack = stack();
    let name = unique_name("swap");
    register(&name, &[&fixture("v1"), &fixture("v2")]);
    let _cleanup = Cleanup(name.clone());
    let replica = Replica::start(&unique_name("replica"));
    ok(&["deploy", &name, "1", "--yes", "--wait"]);
    let stop = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let (stop, total, failed) = (stop.clone(), total.clone(), failed.clone());
            let (port, path) = (replica.port, format!("/v2/models/{name}/infer"));
            std::thread::spawn(move || {
                let mut client = Client::connect(port).unwrap();
                let mut i = 0u32;
                while !stop.load(Ordering::SeqCst) {
                    i += 1;
                    let body = infer_body(&[vec![(i + w) as f32; 8]]);
                    match client.send("POST", &path, &[], &body) {
                        Ok((200, _)) => {}
                        Ok((status, body)) => {
                            eprintln!("{status} {body}");
                            failed.fetch_add(1, Ordering::SeqCst);
                        }
                        Err(e) => {
                            eprintln!("{e}");
                            failed.fetch_add(1, Ordering::SeqCst);
                            client = Client::connect(port).unwrap();
                        }
                    }
                    total.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    ok(&["deploy", &name, "2", "--weight", "0.5", "--yes", "--wait"]);
    ok(&["ab-split", &name, "v2=100", "--yes", "--wait"]);
    ok(&["undeploy", &name, "v1", "--yes", "--wait"]);
    ok(&["deploy", &name, "1", "--yes", "--wait"]);
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::SeqCst);
    for w in workers {
        w.join().unwrap();
    }
    let total = total.load(Ordering::SeqCst);
    assert!(total > 200, "only {total} requests ran during the swaps");
    assert_eq!(
        failed.load(Ordering::SeqCst),
        0,
        "non-2xx answers out of {total}"
    );
}

#[test]
fn admin_needs_the_token_and_bad_requests_are_4xx_never_a_crash() {
    let _stack = stack();
    let name = unique_name("admin");
    register(&name, &[&fixture("v1")]);
    let _cleanup = Cleanup(name.clone());
    let replica = Replica::start(&unique_name("replica"));
    ok(&["deploy", &name, "1", "--yes", "--wait"]);
    let port = replica.port;
    let bearer = format!("Bearer {TOKEN}");
    for path in ["/admin/cache", "/admin/deployments", "/admin/stats"] {
        let (status, body) = request(port, "GET", path, &[], b"").unwrap();
        assert_eq!(status, 401, "{path}: {body}");
        assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());
        let (status, _) = request(
            port,
            "GET",
            path,
            &[("Authorization", "Bearer wrong-token")],
            b"",
        )
        .unwrap();
        assert_eq!(status, 401, "{path}");
        let (status, body) =
            request(port, "GET", path, &[("Authorization", &bearer)], b"").unwrap();
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, _) = request(port, "POST", "/admin/cache/clear", &[], b"").unwrap();
    assert_eq!(status, 401);

    let infer = format!("/v2/models/{name}/infer");
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"{not json".to_vec(), 400),
        (b"{}".to_vec(), 400),
        (br#"{"inputs": []}"#.to_vec(), 400),
        (br#"{"inputs": [{"name": "input", "shape": [1, 8], "datatype": "FP32", "data": [1, 2]}]}"#.to_vec(), 400),
        // A shape whose product overflows: a 400, not a panic.
        (br#"{"inputs": [{"name": "input", "shape": [4611686018427387904, 4], "datatype": "FP32", "data": [1, 2]}]}"#.to_vec(), 400),
        (br#"{"inputs": [{"name": "input", "shape": [1, 5], "datatype": "FP32", "data": [1, 2, 3, 4, 5]}]}"#.to_vec(), 422),
        (br#"{"inputs": [{"name": "input", "shape": [1, 8], "datatype": "BYTES", "data": [1, 2, 3, 4, 5, 6, 7, 8]}]}"#.to_vec(), 422),
        (br#"{"inputs": [{"name": "input", "shape": [1, 8], "datatype": "FP32", "data": ["a", 2, 3, 4, 5, 6, 7, 8]}]}"#.to_vec(), 422),
        (vec![b' '; 5 << 20], 413),
    ];
    for (body, expected) in cases {
        let (status, answer) = request(port, "POST", &infer, &[], &body).unwrap();
        assert_eq!(
            status,
            expected,
            "{}: {answer}",
            String::from_utf8_lossy(&body[..body.len().min(80)])
        );
        assert!(
            serde_json::from_str::<Value>(&answer).unwrap()["error"].is_string(),
            "{answer}"
        );
    }
    for path in [
        "/v2/models/no_such_model/infer".to_string(),
        format!("/v2/models/{name}/versions/7/infer"),
        format!("/v2/models/{name}/versions/latest/infer"),
    ] {
        let (status, answer) =
            request(port, "POST", &path, &[], &infer_body(&holdout_rows(1))).unwrap();
        assert_eq!(status, 404, "{path}: {answer}");
    }
    let (status, _) = request(port, "GET", "/v2/health/live", &[], b"").unwrap();
    assert_eq!(status, 200, "the replica survived");

    // The response cache: the same rows twice is a hit, seen by `cache stats`.
    let body = infer_body(&holdout_rows(2));
    let first: Value =
        serde_json::from_str(&request(port, "POST", &infer, &[], &body).unwrap().1).unwrap();
    let second: Value =
        serde_json::from_str(&request(port, "POST", &infer, &[], &body).unwrap().1).unwrap();
    assert_eq!(first["parameters"]["cached"], false);
    assert_eq!(second["parameters"]["cached"], true);
    assert_eq!(first["outputs"], second["outputs"]);
    let stats = ok(&["cache", "stats", "--replica", &replica.url, "-o", "json"]);
    assert!(
        stats["data_cache"]["hits"].as_u64().unwrap() >= 1,
        "{stats}"
    );
    assert!(
        stats["model_cache"]["size"].as_u64().unwrap() >= 1,
        "{stats}"
    );
    for key in ["hit_rate", "hits", "misses", "size", "max_size"] {
        assert!(stats["model_cache"][key].is_number(), "{key}: {stats}");
    }
    let metrics = request(port, "GET", "/metrics", &[], b"").unwrap().1;
    assert!(
        metrics.contains(&format!(
            "nbamcp_requests_total{{model=\"{name}\",version=\"1\",outcome=\"ok\"}}"
        )),
        "{metrics}"
    );
    assert!(
        metrics.contains("nbamcp_response_cache_hits_total"),
        "{metrics}"
    );

    // cache clear: refused without --yes off a terminal; with it, cleared and alerted.
    let refused = cli(&["cache", "clear", "--responses", "--replica", &replica.url]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    let alerts_before: i64 =
        psql("SELECT count(*) FROM nbamcp.alerts WHERE alert_type = 'Cache Cleared'")
            .parse()
            .unwrap();
    let cleared = ok(&[
        "cache",
        "clear",
        "--responses",
        "--replica",
        &replica.url,
        "--yes",
        "-o",
        "json",
    ]);
    assert!(
        cleared["replicas"][0]["data_cache_cleared"]
            .as_u64()
            .unwrap()
            >= 1,
        "{cleared}"
    );
    let alerts_after: i64 = psql("SELECT count(*) FROM nbamcp.alerts WHERE alert_type = 'Cache Cleared' AND severity = 'INFO'")
        .parse()
        .unwrap();
    assert_eq!(alerts_after, alerts_before + 1);
    let third: Value =
        serde_json::from_str(&request(port, "POST", &infer, &[], &body).unwrap().1).unwrap();
    assert_eq!(
        third["parameters"]["cached"], false,
        "the response cache was cleared"
    );

    // The CLI without the token gets the replica's 401, named.
    let no_token = nbamcp(&["cache", "stats", "--replica", &replica.url]).run();
    assert_eq!(no_token.code, 1);
    assert!(
        no_token.stderr.contains("401") || no_token.stdout.contains("401"),
        "{}{}",
        no_token.stdout,
        no_token.stderr
    );
}

/// One inference request body with `data` written as raw JSON text (numbers no f32 can hold).
fn raw_infer_body(shape: &str, datatype: &str, data: &str) -> Vec<u8> {
    format!(
        r#"{{"inputs": [{{"name": "input", "shape": {shape}, "datatype": "{datatype}", "data": {data}}}]}}"#
    )
    .into_bytes()
}

/// The holdout row `i` as JSON text with position `at` replaced by `value`.
fn row_with(i: usize, at: usize, value: &str) -> String {
    let mut row: Vec<String> = holdout_rows(i + 1)[i]
        .iter()
        .map(|v| v.to_string())
        .collect();
    row[at] = value.to_owned();
    format!("[{}]", row.join(", "))
}

#[test]
fn values_that_overflow_fp32_are_a_422_naming_them_and_are_never_logged() {
    let _stack = stack();
    let _log = seeded_log(false);
    // A replica of its own: it serves what the stack seeded (nba_win_predictor v1) and logs
    // predictions under its id.
    let id = unique_name("overflow");
    let replica = Replica::start(&id);
    let path = "/v2/models/nba_win_predictor/versions/1/infer";
    let bad_key = format!("{id}-bad");
    // (body, row, position, value as written, datatype)
    let cases = [
        (
            raw_infer_body(
                "[2, 8]",
                "FP32",
                &format!("[{}, {}]", row_with(0, 0, "1.5"), row_with(1, 3, "1e300")),
            ),
            1,
            3,
            "1e300",
            "FP32",
        ),
        (
            raw_infer_body("[1, 8]", "FP32", &row_with(0, 0, "3.5e38")),
            0,
            0,
            "3.5e38",
            "FP32",
        ),
        (
            raw_infer_body("[1, 8]", "FP32", &row_with(0, 7, "-3.5e38")),
            0,
            7,
            "-3.5e38",
            "FP32",
        ),
        // FP64 data sent into the FP32 model; flat data with the shape [rows, features].
        (
            raw_infer_body(
                "[2, 8]",
                "FP64",
                &format!(
                    "[{}, {}]",
                    row_with(0, 0, "1.0").trim_matches(['[', ']']),
                    row_with(1, 6, "1.7976931348623157e308").trim_matches(['[', ']'])
                ),
            ),
            1,
            6,
            "1.7976931348623157e308",
            "FP64",
        ),
    ];
    for (body, row, position, value, datatype) in &cases {
        let (status, answer) = request(
            replica.port,
            "POST",
            path,
            &[("X-Routing-Key", &bad_key)],
            body,
        )
        .unwrap();
        assert_eq!(status, 422, "{value} ({datatype}): {answer}");
        let error = serde_json::from_str::<Value>(&answer).unwrap()["error"]
            .as_str()
            .unwrap()
            .to_owned();
        for part in [
            "input \"input\"".to_string(),
            format!("row {row}, position {position}"),
            format!("{value} is out of range"),
            "not finite as FP32".to_string(),
            "input datatype is FP32".to_string(),
        ] {
            assert!(error.contains(&part), "{part:?} not in {error:?}");
        }
        if *datatype == "FP64" {
            assert!(error.contains("the request says FP64"), "{error}");
        }
    }
    // The largest values FP32 holds are served, FP64 data that fits too.
    let good_key = format!("{id}-good");
    for (datatype, value) in [("FP32", "3.4e38"), ("FP64", "-3.4e38")] {
        let (status, answer) = request(
            replica.port,
            "POST",
            path,
            &[("X-Routing-Key", &good_key)],
            &raw_infer_body("[1, 8]", datatype, &row_with(0, 2, value)),
        )
        .unwrap();
        assert_eq!(status, 200, "{value} ({datatype}): {answer}");
    }
    // The log is one queue, written in order: once the later good requests are in, the bad
    // ones would be too.
    let logged = |key: &str| {
        psql(&format!(
            "SELECT count(*) FROM nbamcp.predictions WHERE replica_id = '{id}' AND routing_key = '{key}'"
        ))
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while logged(&good_key) != "2" {
        assert!(
            Instant::now() < deadline,
            "good requests logged: {}",
            logged(&good_key)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(logged(&bad_key), "0", "a rejected request was logged");
    let nulls = psql(&format!(
        "SELECT count(*) FROM nbamcp.predictions, jsonb_array_elements(features) AS r, \
         jsonb_array_elements(r) AS v WHERE replica_id = '{id}' AND v = 'null'::jsonb"
    ));
    assert_eq!(nulls, "0", "a feature was logged as null");
}

#[test]
fn split_arguments_are_checked() {
    let _stack = stack();
    let name = unique_name("split");
    register(&name, &[&fixture("v1"), &fixture("v2")]);
    let _cleanup = Cleanup(name.clone());
    ok(&["deploy", &name, "1", "--yes", "--no-wait"]);
    for (args, code) in [
        (vec!["v1=0.5", "v2=0.5"], 2), // v2 is not deployed
        (vec!["v1=0.7"], 2),           // does not sum to 1
        (vec!["v1=-1", "v1=2"], 2),
        (vec!["one=1"], 2),
    ] {
        let mut all = vec!["ab-split", name.as_str()];
        all.extend(args.iter());
        all.push("--yes");
        let run = cli(&all);
        assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
    }
    let before = deployments(&name);
    let dry = ok(&[
        "deploy",
        &name,
        "2",
        "--weight",
        "0.3",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(dry["dry_run"], true);
    assert!((dry["weights_after"]["1"].as_f64().unwrap() - 0.7).abs() < 1e-9);
    assert_eq!(
        deployments(&name),
        before,
        "a dry run changed the desired state"
    );
}

#[test]
fn redeploying_the_version_that_takes_all_traffic_changes_nothing_and_succeeds() {
    let _stack = stack();
    let name = unique_name("redeploy");
    register(&name, &[&fixture("v1"), &fixture("v2")]);
    let _cleanup = Cleanup(name.clone());
    ok(&["deploy", &name, "1", "--yes", "--no-wait"]);
    ok(&["deploy", &name, "2", "--yes", "--no-wait"]);
    let (v1, v2) = (sha256_of(&fixture("v1")), sha256_of(&fixture("v2")));
    let full = format!("1=0:{v1},2=1:{v2}");
    assert_eq!(deployments(&name), full);
    // The state every deploy leaves (v1 at weight 0): the dry run shows numbers, not NaN%,
    // and the repeat is a success that changes no weight.
    let dry = cli(&["deploy", &name, "2", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(!dry.stdout.contains("NaN"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("0.0%") && dry.stdout.contains("100.0%"),
        "{}",
        dry.stdout
    );
    for _ in 0..2 {
        let report = ok(&["deploy", &name, "2", "--yes", "--no-wait", "-o", "json"]);
        assert_eq!(
            report["weights_after"],
            json!({"1": 0.0, "2": 1.0}),
            "{report}"
        );
        assert_eq!(deployments(&name), full);
    }
    // After `ab-split v2=1` (v1 stays deployed at 0) too.
    ok(&["ab-split", &name, "v2=0.5", "v1=0.5", "--yes", "--no-wait"]);
    ok(&["ab-split", &name, "v2=1", "--yes", "--no-wait"]);
    ok(&["deploy", &name, "2", "--yes", "--no-wait"]);
    assert_eq!(deployments(&name), full);
    // No failed change was recorded, and every settled event has its weights.
    let failed = psql(&format!(
        "SELECT count(*) FROM nbamcp.audit_events WHERE target = '{name}' \
         AND (action LIKE '%failed' OR to_state LIKE '%null%' OR to_state LIKE '%NaN%')"
    ));
    assert_eq!(failed.trim(), "0");
}

#[test]
fn deploy_wait_fails_when_every_replica_is_hung() {
    let _stack = stack();
    // A schema of its own, so the stack's replica (which always answers) is not one of them.
    let schema = unique_name("hung").replace('-', "_").to_lowercase();
    struct DropSchema(String);
    impl Drop for DropSchema {
        fn drop(&mut self) {
            psql(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.0));
        }
    }
    let _drop = DropSchema(schema.clone());
    let with_schema = |args: &[&str]| {
        nbamcp(args)
            .env("NBAMCP_DATABASE__SCHEMA", &schema)
            .env("NBAMCP_SERVING__ADMIN_TOKEN_FILE", token_file())
            .env("NBAMCP_SERVING__HEARTBEAT", "1s")
            .env("NBAMCP_SERVING__WAIT_TIMEOUT", "20s")
            .run()
    };
    let migrated = with_schema(&["db", "migrate"]);
    assert_eq!(migrated.code, 0, "{}", migrated.stderr);
    let name = unique_name("hung");
    register(&name, &[&fixture("v1"), &fixture("v2")]);

    // No replica at all: the change is written, and the note says so (exit 0).
    let run = with_schema(&["deploy", &name, "1", "--yes", "--wait", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.json()["note"]
            .as_str()
            .unwrap()
            .contains("no serving replica is running"),
        "{}",
        run.stdout
    );

    // One replica, frozen (SIGSTOP) until its heartbeat is stale: --wait cannot confirm.
    let port = closed_port();
    let id = unique_name("frozen");
    let listen = format!("127.0.0.1:{port}");
    let mut command = common::nbamcp_command(&["serve", "--listen", &listen, "--replica-id", &id]);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
        .env("NBAMCP_SERVING__HEARTBEAT", "1s")
        .env("NBAMCP_DATABASE__SCHEMA", &schema)
        .env("NBAMCP_SERVING__ADMIN_TOKEN_FILE", token_file());
    let replica = Replica {
        child: command.spawn().unwrap(),
        port,
        id: id.clone(),
        url: format!("http://127.0.0.1:{port}"),
    };
    common::wait_until(
        &format!("replica {id} to be up"),
        Duration::from_secs(30),
        Duration::from_millis(100),
        || request(port, "GET", "/v2/health/live", &[], b"").is_ok(),
    );
    wait_for_weights(&replica, &name, json!({"1": 1.0}));
    let pid = replica.child.id().to_string();
    common::signal(replica.child.id(), "STOP");
    struct Resume(String);
    impl Drop for Resume {
        fn drop(&mut self) {
            let _ = Command::new("kill")
                .args(["-CONT", &self.0])
                .stderr(Stdio::null())
                .status();
        }
    }
    let _resume = Resume(pid.clone());
    std::thread::sleep(Duration::from_secs(6)); // > 3 heartbeats + 1 s
    let started = Instant::now();
    let run = with_schema(&["deploy", &name, "2", "--yes", "--wait"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(
        run.stderr.contains("no serving replica answers"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&id), "{}", run.stderr);
    assert!(
        !run.stderr.contains("no serving replica is running"),
        "{}",
        run.stderr
    );
    common::signal(replica.child.id(), "CONT");
    drop(replica);
}

#[test]
fn cache_stats_tells_a_replica_that_does_not_answer_on_stderr_and_makes_up_no_totals() {
    let stack = stack();
    let good = stack.config["serving"]["replicas"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = format!("http://127.0.0.1:{}", closed_port());
    let hole = common::BlackHole::start();
    let hung = format!("http://127.0.0.1:{}", hole.port);
    for bad in [&refused, &hung] {
        let started = Instant::now();
        let run = nbamcp(&["cache", "stats", "--replica", bad, "-o", "json"])
            .env("NBAMCP_SERVING__TIMEOUT", "2s")
            .run();
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error: {bad}")),
            "{bad}: {}",
            run.stderr
        );
        let report = run.json();
        assert_eq!(report["replicas_answered"], 0, "{report}");
        assert_eq!(
            report["model_cache"],
            Value::Null,
            "no totals of 0: {report}"
        );
        assert_eq!(report["data_cache"], Value::Null, "{report}");
        assert!(report["replicas"][0]["error"].is_string(), "{report}");
        // The table says nobody answered; the error itself is on stderr only.
        let table = nbamcp(&["cache", "stats", "--replica", bad])
            .env("NBAMCP_SERVING__TIMEOUT", "2s")
            .run();
        assert_eq!(table.code, 1);
        assert!(
            table.stdout.contains("no replica answered"),
            "{}",
            table.stdout
        );
        assert!(table.stderr.contains(bad.as_str()), "{}", table.stderr);
    }
    // cache clear too: the failed replica on stderr, not in the report on stdout.
    let run = nbamcp(&[
        "cache",
        "clear",
        "--responses",
        "--replica",
        &refused,
        "--yes",
    ])
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("error: {refused}")),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("error:"), "{}", run.stdout);
    // One of two answers: the totals are the one replica's, and say so.
    let run = nbamcp(&[
        "cache",
        "stats",
        "--replica",
        &good,
        "--replica",
        &refused,
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["replicas_answered"], 1, "{report}");
    assert_eq!(
        report["model_cache"], report["replicas"][0]["model_cache"],
        "{report}"
    );
    assert!(run.stderr.contains(&refused), "{}", run.stderr);
}

#[test]
fn the_stacks_replica_is_up_and_takes_its_token_from_the_config() {
    let stack = stack();
    let url = stack.config["serving"]["replicas"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let port = url::Url::parse(&url).unwrap().port().unwrap();
    let (status, body) = request(port, "GET", "/v2/health/ready", &[], b"").unwrap();
    assert_eq!(status, 200, "{body}");
    // The CLI reads the same token file as the replica: cache stats work without flags.
    let run = nbamcp(&["cache", "stats", "-o", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["replicas"][0]["replica_id"], "stack-1");
    run.assert_not_leaked(&stack.secret("serving-admin-token"));
}

#[test]
fn an_artifact_in_s3_is_read_through_the_s3_client() {
    let _stack = stack();
    let name = unique_name("s3");
    common::serving_oracle(&["register_s3", &name, &fixture("v2").display().to_string()]);
    let _cleanup = Cleanup(name.clone());
    let replica = Replica::start(&unique_name("replica"));
    let report = ok(&["deploy", &name, "1", "--yes", "--wait", "-o", "json"]);
    assert_eq!(
        report["validation"]["artifact_uri"],
        format!("s3://nbamcp-models/tests/{name}/model.onnx")
    );
    assert_eq!(report["validation"]["sha256"], sha256_of(&fixture("v2")));
    let (status, body) = request(
        replica.port,
        "POST",
        &format!("/v2/models/{name}/infer"),
        &[],
        &infer_body(&holdout_rows(20)),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert_matches_oracle(
        &serde_json::from_str(&body).unwrap(),
        &oracle_predictions(&fixture("v2"), 20),
    );
}

#[test]
fn health_sees_a_replica_that_does_not_answer() {
    let stack = stack();
    let dir = tempfile::tempdir().unwrap();
    let port = closed_port();
    let config = stack.config_with(dir.path(), |c| {
        common::set(
            c,
            "serving.replicas",
            serde_yaml::Value::Sequence(vec![format!("http://127.0.0.1:{port}").into()]),
        );
    });
    let run = nbamcp(&["health", "model_serving", "cache", "-o", "json"])
        .config(&config)
        .run();
    assert_eq!(run.code, 3, "{}", run.stdout);
    let report = run.json();
    let serving = common::component(&report, "model_serving");
    assert_eq!(serving["status"], "unhealthy", "{serving}");
    assert!(
        serving["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("127.0.0.1:{port}")),
        "{serving}"
    );
    assert_eq!(common::component(&report, "cache")["status"], "unknown");
}

#[test]
fn the_prediction_log_is_the_current_sample_of_a_drift_check() {
    let stack = stack();
    let _log = seeded_log(true);
    // The window below reaches 2 s back: let predictions of tests that just ended fall out of it.
    std::thread::sleep(Duration::from_secs(3));
    let url = stack.config["serving"]["replicas"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let port = url::Url::parse(&url).unwrap().port().unwrap();
    let started = std::time::Instant::now();
    // 300 holdout games with home_net_rating moved by +10: the production version (v1, deployed
    // by `scripts/stack seed`) serves them and logs their features.
    let mut rows = holdout_rows(300);
    for row in &mut rows {
        row[0] += 10.0;
    }
    for chunk in rows.chunks(100) {
        let (status, body) = request(
            port,
            "POST",
            "/v2/models/nba_win_predictor/versions/1/infer",
            &[("Content-Type", "application/json")],
            &infer_body(chunk),
        )
        .unwrap();
        assert_eq!(status, 200, "{body}");
    }
    // The log is written in batches off the request path: wait for the rows.
    let since = |extra: u64| (started.elapsed().as_secs() + extra).to_string();
    let count = || {
        psql(&format!(
            "SELECT coalesce(sum(jsonb_array_length(features)), 0) FROM nbamcp.predictions \
             WHERE model = 'nba_win_predictor' AND version = '1' \
             AND predicted_at >= now() - make_interval(secs => {})",
            since(2)
        ))
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while count() != "300" {
        assert!(std::time::Instant::now() < deadline, "logged: {}", count());
        std::thread::sleep(Duration::from_millis(200));
    }
    let window = format!("{}s", since(2));
    let train = repo_root().join("fixtures/data/train.csv");
    let run = nbamcp(&[
        "drift",
        "check",
        "--current-from-db",
        "--model",
        "nba_win_predictor",
        "--version",
        "v1",
        "--since",
        &window,
        "--reference",
        train.to_str().unwrap(),
        "--features",
        "home_net_rating,away_net_rating",
        "-o",
        "json",
    ])
    .run();
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    let feature = |name: &str| common::drift_feature(&report, name).clone();
    let shifted = feature("home_net_rating");
    assert_eq!(shifted["drift_detected"], true, "{shifted}");
    assert_eq!(shifted["current_size"], 300);
    // The same statistic as scipy's over the same logged values (read back with psql).
    let logged = psql(&format!(
        "SELECT string_agg(row_values->>0, ',') FROM nbamcp.predictions, \
         jsonb_array_elements(features) AS row_values \
         WHERE model = 'nba_win_predictor' AND version = '1' \
         AND predicted_at >= now() - make_interval(secs => {})",
        since(2)
    ));
    let scipy = common::python(&format!(
        "import csv, scipy.stats as st\n\
         ref = [float(r['home_net_rating']) for r in csv.DictReader(open('{}'))]\n\
         cur = [float(v) for v in '{logged}'.split(',')]\n\
         r = st.ks_2samp(ref, cur)\n\
         print(len(cur), repr(float(r.statistic)))",
        train.display()
    ));
    let (n, statistic) = scipy.split_once(' ').unwrap();
    assert_eq!(n, "300");
    let statistic: f64 = statistic.parse().unwrap();
    assert!(
        (shifted["statistic"].as_f64().unwrap() - statistic).abs() < 1e-9,
        "{shifted} vs scipy {statistic}"
    );
    assert_eq!(feature("away_net_rating")["current_size"], 300);

    // An empty window is a clear usage error.
    std::thread::sleep(Duration::from_millis(1100));
    let empty = nbamcp(&[
        "drift",
        "check",
        "--current-from-db",
        "--model",
        "no_such_model_in_the_log",
        "--reference",
        train.to_str().unwrap(),
    ])
    .run();
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert!(
        empty.stderr.contains("no predictions in the last 1d"),
        "{}",
        empty.stderr
    );
}

/// Tests whose replicas log predictions of the seeded model hold the stack shared (as every
/// test that uses it does); the drift test, which counts every logged prediction of it in a
/// time window, holds it exclusively (no test of any area runs beside it).
fn seeded_log(exclusive: bool) -> Option<common::Exclusive> {
    if exclusive {
        Some(common::exclusive())
    } else {
        common::hold_shared();
        None
    }
}

/// The model every replica serves (seeded by `scripts/stack seed`).
const SEEDED_INFER: &str = "/v2/models/nba_win_predictor/versions/1/infer";

/// A well-behaved client while the replica is abused: readiness and one inference, each on a
/// fresh connection, answered 200 within `budget`. Returns the slowest of the two.
fn assert_well_served(port: u16, budget: Duration, during: &str) -> Duration {
    let body = infer_body(&holdout_rows(1));
    let mut slowest = Duration::ZERO;
    for (method, path, body) in [
        ("GET", "/v2/health/ready", &b""[..]),
        ("POST", SEEDED_INFER, &body[..]),
    ] {
        let started = Instant::now();
        let answer = request(port, method, path, &[], body);
        let took = started.elapsed();
        assert!(
            matches!(answer, Ok((200, _))),
            "{during}: {method} {path}: {answer:?} after {took:?}"
        );
        assert!(
            took <= budget,
            "{during}: {method} {path} took {took:?} (budget {budget:?})"
        );
        slowest = slowest.max(took);
    }
    slowest
}

/// Whether the server closed `stream` (EOF or reset) within `within`; bytes it sends first
/// (an error answer) are skipped.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn slow_headers_and_idle_connections_are_closed_while_health_keeps_answering() {
    // It logs predictions of the seeded model (assert_well_served): not while the drift test
    // counts them.
    let _log = seeded_log(false);
    let _stack = stack();
    let replica = Replica::start_with(
        &unique_name("slowloris"),
        closed_port(),
        &[
            ("NBAMCP_SERVING__HEADER_TIMEOUT", "1s"),
            ("NBAMCP_SERVING__IDLE_TIMEOUT", "3s"),
            ("NBAMCP_SERVING__BODY_TIMEOUT", "1s"),
        ],
    );
    let port = replica.port;
    // 20 slowloris clients: a request line, then one header byte every 100 ms, never the end;
    // 20 that connect and send nothing.
    let stop = Arc::new(AtomicBool::new(false));
    let mut trickling = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(format!("POST {SEEDED_INFER} HTTP/1.1\r\nHost: x\r\nX-Slow: ").as_bytes())
            .unwrap();
        let mut writer = stream.try_clone().unwrap();
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) && writer.write_all(b"a").is_ok() {
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        trickling.push(stream);
    }
    let mut silent: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // A body that never completes: a 408 once serving.body_timeout passes.
    let mut slow_body = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow_body
        .write_all(
            format!(
                "POST {SEEDED_INFER} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"inputs\""
            )
            .as_bytes(),
        )
        .unwrap();
    let abused = Instant::now();
    for _ in 0..5 {
        assert_well_served(port, Duration::from_millis(500), "during slowloris");
        std::thread::sleep(Duration::from_millis(100));
    }
    // header_timeout (1 s) from the accept: every one of them is closed by ~1 s, even though
    // the trickling ones keep sending.
    let margin = Duration::from_millis(1500);
    for (i, stream) in trickling.iter_mut().chain(silent.iter_mut()).enumerate() {
        let left = (Duration::from_secs(1) + margin).saturating_sub(abused.elapsed());
        assert!(
            closed_within(stream, left),
            "connection {i} still open {:?} after it sent its first bytes",
            abused.elapsed()
        );
    }
    stop.store(true, Ordering::SeqCst);
    let mut answer = String::new();
    slow_body
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let _ = BufReader::new(&slow_body).read_line(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "a body not sent in time: {answer:?}"
    );
    assert_well_served(port, Duration::from_millis(500), "after slowloris");

    // A keep-alive connection stays open between requests for idle_timeout (3 s), not for the
    // shorter header_timeout, then is closed.
    let mut client = Client::connect(port).unwrap();
    let (status, _) = client.send("GET", "/v2/health/ready", &[], b"").unwrap();
    assert_eq!(status, 200);
    std::thread::sleep(Duration::from_millis(1500));
    let (status, _) = client.send("GET", "/v2/health/live", &[], b"").unwrap();
    assert_eq!(
        status, 200,
        "the idle connection was still open after 1.5 s"
    );
    let idle_since = Instant::now();
    let stream = client.reader.get_mut();
    assert!(
        !closed_within(stream, Duration::from_millis(2000)),
        "closed before idle_timeout"
    );
    assert!(
        closed_within(stream, Duration::from_millis(2500)),
        "idle connection still open {:?} after its last answer",
        idle_since.elapsed()
    );
    assert_eq!(
        metric(
            port,
            "nbamcp_connections_closed_total{reason=\"header_timeout\"}"
        ),
        40.0
    );
    assert_eq!(
        metric(
            port,
            "nbamcp_connections_closed_total{reason=\"idle_timeout\"}"
        ),
        1.0
    );
}

#[test]
fn connections_beyond_the_limit_are_shed_fast_and_never_stall_the_replica() {
    // It logs predictions of the seeded model (assert_well_served): not while the drift test
    // counts them.
    let _log = seeded_log(false);
    let _stack = stack();
    let replica = Replica::start_with(
        &unique_name("connlimit"),
        closed_port(),
        &[
            ("NBAMCP_SERVING__MAX_CONNECTIONS", "16"),
            ("NBAMCP_SERVING__BODY_TIMEOUT", "3s"),
        ],
    );
    let port = replica.port;
    // 200 idle connections, far beyond the limit: the longest-waiting ones are closed to make
    // room, so at most 16 stay open, and a well-behaved client still gets in at once.
    let mut idle: Vec<TcpStream> = Vec::new();
    for _ in 0..200 {
        idle.push(TcpStream::connect(("127.0.0.1", port)).unwrap());
    }
    // (While the replica is still taking in the burst a newcomer may be shed: that is the 503.)
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..5 {
        assert_well_served(port, Duration::from_millis(500), "200 idle connections");
    }
    std::thread::sleep(Duration::from_millis(300));
    let mut open = 0;
    for stream in &mut idle {
        if !closed_within(stream, Duration::from_millis(20)) {
            open += 1;
        }
    }
    assert!(open <= 16, "{open} of 200 idle connections held open");
    drop(idle);

    // 16 requests in progress (bodies that never come) fill every slot: a new connection gets
    // a 503 with Retry-After at once, never a stall; once serving.body_timeout frees the slots
    // (408 to the slow ones), everything is served again.
    let shed_before = metric(port, "nbamcp_connections_shed_total");
    let mut busy: Vec<TcpStream> = Vec::new();
    for _ in 0..16 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(
                format!("POST {SEEDED_INFER} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[")
                    .as_bytes(),
            )
            .unwrap();
        busy.push(stream);
    }
    std::thread::sleep(Duration::from_millis(300));
    let filled = Instant::now();
    for _ in 0..3 {
        let started = Instant::now();
        let mut client = Client::connect(port).unwrap();
        let (status, headers, body) = client
            .send_full("GET", "/v2/health/ready", &[], b"")
            .unwrap();
        assert_eq!(status, 503, "{body}");
        assert_eq!(headers.get("retry-after").map(String::as_str), Some("1"));
        assert!(
            serde_json::from_str::<Value>(&body).unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("serving.max_connections"),
            "{body}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "shed after {:?}",
            started.elapsed()
        );
    }
    for stream in &mut busy {
        let mut line = String::new();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let _ = BufReader::new(&*stream).read_line(&mut line);
        assert!(line.starts_with("HTTP/1.1 408"), "{line:?}");
    }
    assert!(filled.elapsed() < Duration::from_secs(5));
    assert_well_served(port, Duration::from_millis(500), "after the slow bodies");
    assert_eq!(
        metric(port, "nbamcp_connections_shed_total"),
        shed_before + 3.0
    );
}

/// One sample of the replica's `/metrics`, by its full name with labels.
fn metric(port: u16, name: &str) -> f64 {
    let text = request(port, "GET", "/metrics", &[], b"").unwrap().1;
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

#[test]
fn huge_and_deeply_nested_bodies_are_4xx_while_health_keeps_answering() {
    // It logs predictions of the seeded model (assert_well_served): not while the drift test
    // counts them.
    let _log = seeded_log(false);
    let _stack = stack();
    let replica = Replica::start(&unique_name("abuse"));
    let port = replica.port;
    let deep = |depth: usize| {
        let mut body =
            r#"{"inputs": [{"name": "input", "shape": [1, 8], "datatype": "FP32", "data": "#
                .to_string();
        body.push_str(&"[".repeat(depth));
        body.push_str(&"]".repeat(depth));
        body.push_str("}]}");
        body.into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("nested 200 deep", deep(200), 400),
        ("nested a million deep", deep(1_000_000), 400),
        (
            "a body of nested objects",
            "{\"a\":".repeat(500_000).into_bytes(),
            400,
        ),
        ("5 MiB of digits", vec![b'1'; 5 << 20], 413),
        (
            "an overflowing number",
            raw_infer_body("[1, 8]", "FP32", &row_with(0, 1, "1e39")),
            422,
        ),
        (
            "a number beyond f64",
            raw_infer_body("[1, 8]", "FP32", &row_with(0, 1, "1e400")),
            400,
        ),
    ];
    for (what, body, expected) in &cases {
        let started = Instant::now();
        let (status, answer) = request(port, "POST", SEEDED_INFER, &[], body).unwrap();
        assert_eq!(status, *expected, "{what}: {answer}");
        assert!(
            serde_json::from_str::<Value>(&answer).unwrap()["error"].is_string(),
            "{what}: {answer}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: {:?}",
            started.elapsed()
        );
        assert_well_served(port, Duration::from_millis(500), what);
    }
}

/// The sum of a metric's samples over all its labels (`name` and `name{...}`), 0 when absent.
fn metric_sum(port: u16, name: &str) -> f64 {
    let text = request(port, "GET", "/metrics", &[], b"").unwrap().1;
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix(name)?;
            let value = if rest.starts_with('{') {
                rest.split_once("} ")?.1
            } else {
                rest.strip_prefix(' ')?
            };
            value.parse::<f64>().ok()
        })
        .sum()
}

/// A replica of its own whose `database.url` goes through a [`common::FreezableProxy`] in
/// front of the stack's PostgreSQL, with short database deadlines (an insert attempt gave up
/// after 2 s before the prediction log retried) and `settings` on top.
fn replica_behind_freezable_db(
    id: &str,
    settings: &[(&str, &str)],
    log: &Path,
) -> (Replica, common::FreezableProxy) {
    let stack = stack();
    let proxy = common::FreezableProxy::start(common::config_port(&stack, "database.url"));
    let mut url = url::Url::parse(stack.config["database"]["url"].as_str().unwrap()).unwrap();
    url.set_port(Some(proxy.port)).unwrap();
    let url = url.to_string();
    let mut env = vec![
        ("NBAMCP_DATABASE__URL", url.as_str()),
        ("NBAMCP_DATABASE__CONNECT_TIMEOUT", "1s"),
        ("NBAMCP_DATABASE__STATEMENT_TIMEOUT", "1s"),
        ("NBAMCP_SERVING__PREDICTION_LOG_INTERVAL", "200ms"),
    ];
    env.extend_from_slice(settings);
    let replica = Replica::start_logging(id, closed_port(), &env, Some(log));
    (replica, proxy)
}

/// Send `rows` one request each (routing key `key`) at `every`; each must be answered 200
/// within `budget`. Returns how many were answered.
fn infer_each(port: u16, key: &str, rows: &[Vec<f32>], every: Duration, budget: Duration) -> u64 {
    for (i, row) in rows.iter().enumerate() {
        let started = Instant::now();
        let (status, answer) = request(
            port,
            "POST",
            SEEDED_INFER,
            &[("X-Routing-Key", key)],
            &infer_body(std::slice::from_ref(row)),
        )
        .unwrap();
        assert_eq!(status, 200, "request {i}: {answer}");
        assert!(
            started.elapsed() < budget,
            "request {i} took {:?} with PostgreSQL frozen (budget {budget:?})",
            started.elapsed()
        );
        std::thread::sleep(every);
    }
    rows.len() as u64
}

fn logged_with_key(id: &str, key: &str) -> u64 {
    psql(&format!(
        "SELECT count(*) FROM nbamcp.predictions WHERE replica_id = '{id}' AND routing_key = '{key}'"
    ))
    .parse()
    .unwrap()
}

#[test]
fn a_database_frozen_shorter_than_the_retry_bound_loses_no_prediction() {
    let _log = seeded_log(false);
    let id = unique_name("pgfreeze");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let (replica, proxy) = replica_behind_freezable_db(
        &id,
        &[("NBAMCP_SERVING__PREDICTION_LOG_RETRY", "30s")],
        &log,
    );
    let key = format!("{id}-k");
    let rows = holdout_rows(60);
    // Logged as usual first: the writer has its connection.
    let mut answered = infer_each(
        replica.port,
        &key,
        &rows[..5],
        Duration::ZERO,
        Duration::from_secs(2),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while logged_with_key(&id, &key) != answered {
        assert!(Instant::now() < deadline, "not logged before the freeze");
        std::thread::sleep(Duration::from_millis(100));
    }
    // PostgreSQL hangs for ~5 s (longer than one insert attempt's 2 s deadline) while requests
    // keep coming: each is answered within its budget.
    proxy.freeze();
    let frozen = Instant::now();
    answered += infer_each(
        replica.port,
        &key,
        &rows[5..],
        Duration::from_millis(90),
        Duration::from_millis(500),
    );
    assert!(
        frozen.elapsed() >= Duration::from_secs(4),
        "{:?}",
        frozen.elapsed()
    );
    assert_eq!(
        logged_with_key(&id, &key),
        5,
        "nothing is written while frozen"
    );
    proxy.thaw();
    // Every answered request is in PostgreSQL, once; nothing was dropped.
    let deadline = Instant::now() + Duration::from_secs(30);
    while logged_with_key(&id, &key) < answered && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        logged_with_key(&id, &key),
        answered,
        "predictions logged vs answered; dropped: {}",
        metric_sum(replica.port, "nbamcp_predictions_dropped_total")
    );
    assert_eq!(
        metric_sum(replica.port, "nbamcp_predictions_dropped_total"),
        0.0
    );
    assert_eq!(metric(replica.port, "nbamcp_prediction_log_pending"), 0.0);
    // The outage was logged, naming PostgreSQL's endpoint without its password.
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains(&format!(
            "prediction log: PostgreSQL (postgres://nbamcp@127.0.0.1:{}",
            proxy.port
        )) && text.contains("retrying for up to 30s"),
        "{text}"
    );
    assert!(
        !text.contains(&stack().secret("nbamcp-db-password")),
        "{text}"
    );
}

#[test]
fn a_database_frozen_longer_than_the_retry_bound_drops_counted_records_and_inference_goes_on() {
    let _log = seeded_log(false);
    let id = unique_name("pgfreeze_long");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let (replica, proxy) = replica_behind_freezable_db(
        &id,
        &[
            ("NBAMCP_SERVING__PREDICTION_LOG_RETRY", "2s"),
            ("NBAMCP_SERVING__PREDICTION_LOG_QUEUE", "20"),
        ],
        &log,
    );
    let key = format!("{id}-k");
    let rows = holdout_rows(80);
    proxy.freeze();
    let answered = infer_each(
        replica.port,
        &key,
        &rows,
        Duration::from_millis(75),
        Duration::from_millis(500),
    );
    // Inference answered throughout; what could not be kept was dropped and counted by reason.
    let queue_full = metric(
        replica.port,
        "nbamcp_predictions_dropped_total{reason=\"queue_full\"}",
    );
    let unavailable = metric(
        replica.port,
        "nbamcp_predictions_dropped_total{reason=\"database_unavailable\"}",
    );
    assert!(
        queue_full > 0.0 && unavailable > 0.0,
        "{queue_full} {unavailable}"
    );
    proxy.thaw();
    // The log resumes once PostgreSQL is back: what the queue held is written, then new records.
    let deadline = Instant::now() + Duration::from_secs(30);
    while metric(replica.port, "nbamcp_prediction_log_pending") > 0.0 {
        assert!(
            Instant::now() < deadline,
            "the queue was not written after the thaw"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let dropped = metric_sum(replica.port, "nbamcp_predictions_dropped_total") as u64;
    let after = format!("{id}-after");
    let resumed = infer_each(
        replica.port,
        &after,
        &rows[..3],
        Duration::ZERO,
        Duration::from_secs(2),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while logged_with_key(&id, &after) < resumed {
        assert!(
            Instant::now() < deadline,
            "the log did not resume: {}",
            std::fs::read_to_string(&log).unwrap()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Nothing unaccounted: each answered request is logged or counted as dropped (a batch given
    // up on while PostgreSQL was frozen with it in hand may still land: never more than sent).
    let logged = logged_with_key(&id, &key);
    assert_eq!(
        metric_sum(replica.port, "nbamcp_predictions_dropped_total") as u64,
        dropped,
        "nothing dropped once PostgreSQL was back"
    );
    assert!(logged <= answered, "{logged} logged of {answered}");
    assert!(
        logged + dropped >= answered,
        "{logged} logged + {dropped} dropped < {answered} answered"
    );
    let stats: Value = serde_json::from_str(
        &request(
            replica.port,
            "GET",
            "/admin/stats",
            &[("Authorization", &format!("Bearer {TOKEN}"))],
            b"",
        )
        .unwrap()
        .1,
    )
    .unwrap();
    assert_eq!(stats["predictions_dropped"], dropped, "{stats}");
    assert!(
        stats["predictions_dropped_by_reason"]["queue_full"]
            .as_f64()
            .is_some_and(|n| n >= queue_full),
        "{stats}"
    );
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("records dropped (database_unavailable")
            && text.contains("queue full (20 records, serving.prediction_log_queue)"),
        "{text}"
    );
}
