//! Test support: run the real binary against the real local stack (`scripts/stack`), write
//! config variations, and inject faults with real sockets (closed ports, black holes).
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Condvar, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use serde_yaml::Value;

pub const HOW_TO_START: &str = "the local stack is not running or not in the environment: \
run `scripts/test` (does everything), or `scripts/stack up && scripts/stack seed && \
eval \"$(scripts/stack env)\"` before `cargo test`";

/// The stack's contract variables (see `scripts/stack env`).
pub const STACK_VARS: [&str; 11] = [
    "NBAMCP_STACK_DIR",
    "NBAMCP_CONFIG",
    "DATABASE_URL",
    "MLFLOW_TRACKING_URI",
    "AWS_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "AWS_EC2_METADATA_DISABLED",
    "ORT_DYLIB_PATH",
    "NBAMCP_STACK_PYTHON",
];

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The stack's venv python (MLflow's client, scipy, onnxruntime, boto3).
pub fn stack_python() -> String {
    std::env::var("NBAMCP_STACK_PYTHON").expect(HOW_TO_START)
}

/// The stack's `DATABASE_URL` (with its password).
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").expect(HOW_TO_START)
}

/// The migrations this checkout has (`src/db/migrations/*.sql`).
pub fn migration_files() -> usize {
    std::fs::read_dir(repo_root().join("src/db/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count()
}

/// The running stack, or a panic that says how to start it. Never a silent skip.
pub struct Stack {
    pub config_path: PathBuf,
    pub config: Value,
    pub dir: PathBuf,
}

pub fn stack() -> Stack {
    hold_shared();
    let config_path = PathBuf::from(std::env::var("NBAMCP_CONFIG").expect(HOW_TO_START));
    let dir = PathBuf::from(std::env::var("NBAMCP_STACK_DIR").expect(HOW_TO_START));
    let text = std::fs::read_to_string(&config_path)
        .unwrap_or_else(|e| panic!("{}: {e}; {HOW_TO_START}", config_path.display()));
    let config: Value = serde_yaml::from_str(&text).expect("stack config is YAML");
    for url in [
        config["database"]["url"].as_str().unwrap(),
        config["s3"]["endpoint_url"].as_str().unwrap(),
        config["mlflow"]["tracking_uri"].as_str().unwrap(),
    ] {
        let parsed = url::Url::parse(url).unwrap();
        let addr = format!("{}:{}", parsed.host_str().unwrap(), parsed.port().unwrap());
        if TcpStream::connect_timeout(&addr.parse().unwrap(), Duration::from_secs(2)).is_err() {
            panic!("{url} does not answer: {HOW_TO_START}");
        }
    }
    static MIGRATE: Once = Once::new();
    MIGRATE.call_once(|| {
        let out = nbamcp(&["db", "migrate"]).run();
        assert_eq!(out.code, 0, "db migrate failed: {}", out.stderr);
        // The seeded production version's data is validated, as in production: a recorded
        // drift check of the holdout games against the training games (no drift).
        let root = repo_root();
        let out = nbamcp(&[
            "drift",
            "check",
            "--reference",
            root.join("fixtures/data/train.csv").to_str().unwrap(),
            "--current",
            root.join("fixtures/data/holdout.csv").to_str().unwrap(),
            "--record",
            "--model",
            "nba_win_predictor",
            "--version",
            "1",
        ])
        .run();
        assert_eq!(out.code, 0, "seeding a drift check failed: {}", out.stderr);
    });
    Stack {
        config_path,
        config,
        dir,
    }
}

impl Stack {
    /// A secret the stack generated (database password, S3 secret), to assert it never leaks.
    pub fn secret(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join("secrets").join(name))
            .unwrap()
            .trim()
            .to_owned()
    }

    /// Write a copy of the stack's config with `edit` applied, into `dir`.
    pub fn config_with(&self, dir: &Path, edit: impl FnOnce(&mut Value)) -> PathBuf {
        let mut config = self.config.clone();
        edit(&mut config);
        let path = dir.join("nbamcp.yaml");
        std::fs::write(&path, serde_yaml::to_string(&config).unwrap()).unwrap();
        path
    }
}

/// The stack is shared by every test of the binary, and tests of different areas run at the same
/// time. A test that changes or counts what every area shares (a maintenance run archives every
/// model and vacuums; a backup takes the database's backup lock and counts every pending upload
/// on S3; a fault case freezes sessions that hold locks in the real PostgreSQL; the serving
/// drift test counts every logged prediction of the seeded model) holds [`exclusive`] for as
/// long as it does. Every other test holds the lock shared from its first use of the stack
/// ([`stack`], [`nbamcp`], [`tool_output`] and the oracles built on it) to its end: the test's
/// own thread takes it, so threads a test spawns never wait for it. Writers go first: a test
/// that asks for it exclusively waits for the shared holders of the moment, and none start
/// meanwhile.
struct StackLock {
    state: Mutex<LockState>,
    changed: Condvar,
}

struct LockState {
    readers: usize,
    writer: bool,
    writers_waiting: usize,
}

static LOCK: StackLock = StackLock {
    state: Mutex::new(LockState {
        readers: 0,
        writer: false,
        writers_waiting: 0,
    }),
    changed: Condvar::new(),
};

fn lock_state() -> MutexGuard<'static, LockState> {
    LOCK.state.lock().unwrap_or_else(|e| e.into_inner())
}

fn wait(state: MutexGuard<'static, LockState>) -> MutexGuard<'static, LockState> {
    LOCK.changed.wait(state).unwrap_or_else(|e| e.into_inner())
}

/// A test thread's share of the lock, given back when the thread ends (even by a panic).
struct SharedHold;

impl Drop for SharedHold {
    fn drop(&mut self) {
        lock_state().readers -= 1;
        LOCK.changed.notify_all();
    }
}

thread_local! {
    static SHARED: RefCell<Option<SharedHold>> = const { RefCell::new(None) };
    static EXCLUSIVE: Cell<bool> = const { Cell::new(false) };
}

/// libtest runs each test on a thread named after it; threads a test spawns have no name, and
/// with one test thread the tests may run on `main`, where nothing runs beside them.
fn on_a_test_thread() -> bool {
    matches!(std::thread::current().name(), Some(name) if name != "main")
}

/// Hold the stack shared until this test ends (nothing if it is held already, or exclusively).
pub fn hold_shared() {
    if !on_a_test_thread() || EXCLUSIVE.get() || SHARED.with_borrow(Option::is_some) {
        return;
    }
    let mut state = lock_state();
    while state.writer || state.writers_waiting > 0 {
        state = wait(state);
    }
    state.readers += 1;
    drop(state);
    SHARED.set(Some(SharedHold));
}

/// Give back this test's share before it ends (a test made of many cases, between two of them),
/// so that an exclusive test waiting for it can go; the next use of the stack takes it again.
pub fn release_shared() {
    SHARED.take();
}

/// The stack to this test alone while the guard lives: no other test of the binary uses it
/// meanwhile.
#[must_use]
pub struct Exclusive {
    taken: bool,
}

pub fn exclusive() -> Exclusive {
    if EXCLUSIVE.get() {
        return Exclusive { taken: false };
    }
    release_shared();
    let mut state = lock_state();
    state.writers_waiting += 1;
    while state.writer || state.readers > 0 {
        state = wait(state);
    }
    state.writers_waiting -= 1;
    state.writer = true;
    drop(state);
    EXCLUSIVE.set(true);
    Exclusive { taken: true }
}

impl Drop for Exclusive {
    fn drop(&mut self) {
        if self.taken {
            EXCLUSIVE.set(false);
            lock_state().writer = false;
            LOCK.changed.notify_all();
        }
    }
}

/// `registry promote NAME VERSION --to STAGE --yes` and `extra`, ready to run.
pub fn promote(name: &str, version: &str, to: &str, extra: &[&str]) -> Cmd {
    let mut args = vec!["registry", "promote", name, version, "--to", to, "--yes"];
    args.extend_from_slice(extra);
    nbamcp(&args)
}

/// A backup catalog of its own: the stack's config with another `backup.prefix`, in `dir`.
pub fn config_with_backup_prefix(stack: &Stack, dir: &Path, prefix: &str) -> PathBuf {
    stack.config_with(dir, |c| set(c, "backup.prefix", prefix))
}

/// Removes a test model's deployments at the end, even when the test fails, so no replica keeps
/// reporting it (health checks every deployment).
pub struct Undeploy(pub String);

impl Drop for Undeploy {
    fn drop(&mut self) {
        psql(&format!(
            "DELETE FROM nbamcp.deployments WHERE model = '{}'",
            self.0
        ));
    }
}

/// Set `a.b.c` in a YAML mapping.
pub fn set(config: &mut Value, dotted: &str, value: impl Into<Value>) {
    let mut node = config;
    let parts: Vec<&str> = dotted.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        node = &mut node[*part];
    }
    node[*parts.last().unwrap()] = value.into();
}

/// A command line for the built binary with a clean environment: PATH, HOME and the stack's
/// variables only (no stray RUST_LOG or AWS profile from the developer's shell).
pub struct Cmd {
    command: Command,
}

pub fn nbamcp(args: &[&str]) -> Cmd {
    let mut command = nbamcp_command(args);
    command.current_dir(std::env::temp_dir());
    Cmd { command }
}

/// The built binary with `args` and the same clean environment as [`nbamcp`], as a plain
/// [`Command`] (in the test's working directory) for what [`Cmd`] does not cover: a `serve`
/// replica with its own stdio.
pub fn nbamcp_command(args: &[&str]) -> Command {
    hold_shared();
    let mut command = Command::new(env!("CARGO_BIN_EXE_nbamcp"));
    command.args(args).env_clear();
    for var in ["PATH", "HOME"].iter().chain(STACK_VARS.iter()) {
        if let Ok(value) = std::env::var(var) {
            command.env(var, value);
        }
    }
    command
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Assert that `secret` appears in neither stdout nor stderr.
    pub fn assert_not_leaked(&self, secret: &str) {
        assert!(secret.len() >= 6, "test secret too short to be meaningful");
        assert!(
            !self.stdout.contains(secret),
            "secret leaked on stdout:\n{}",
            self.stdout
        );
        assert!(
            !self.stderr.contains(secret),
            "secret leaked on stderr:\n{}",
            self.stderr
        );
    }
}

impl Cmd {
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.command.env_remove(key);
        self
    }

    pub fn config(self, path: &Path) -> Self {
        self.env("NBAMCP_CONFIG", path)
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Start it in the background (stdin closed, stdout and stderr piped), to interrupt it
    /// or race it.
    pub fn spawn(mut self) -> std::process::Child {
        self.command
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start nbamcp")
    }

    /// Wait for a command started with [`Cmd::spawn`] and collect what it printed.
    pub fn finish(child: std::process::Child) -> Run {
        let started = Instant::now();
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            elapsed: started.elapsed(),
        }
    }

    pub fn run(mut self) -> Run {
        let started = Instant::now();
        let Output {
            status,
            stdout,
            stderr,
        } = self.command.output().expect("run nbamcp");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            elapsed: started.elapsed(),
        }
    }
}

/// Run a tool of the stack (psql, the venv's python) and return its trimmed stdout.
pub fn tool_output(program: &str, args: &[&str]) -> String {
    hold_shared();
    let out = Command::new(program)
        .args(args)
        .current_dir(repo_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A query through psql, the oracle for what nbamcp wrote to PostgreSQL.
pub fn psql(sql: &str) -> String {
    let url = database_url();
    tool_output("psql", &[url.as_str(), "-X", "-tAc", sql])
}

/// Python code run by the stack's venv (MLflow's client, scipy, onnxruntime as oracles).
pub fn python(code: &str) -> String {
    tool_output(&stack_python(), &["-c", code])
}

/// scipy's answers to `cases` (tests/support/scipy_oracle.py reads a JSON list on stdin and
/// writes one answer per case).
pub fn scipy(cases: &[serde_json::Value]) -> Vec<serde_json::Value> {
    use std::io::Write;
    let mut child = Command::new(stack_python())
        .arg(repo_root().join("tests/support/scipy_oracle.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run scipy oracle");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(cases).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Poll `check` every `every` until it holds; fail the test naming `what` if it still does not
/// after `within`.
pub fn wait_until(what: &str, within: Duration, every: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(
            Instant::now() < deadline,
            "timed out after {within:?} waiting for {what}"
        );
        std::thread::sleep(every);
    }
}

/// What `/proc` says of process `pid`: its command line (arguments joined by NUL), if it exists.
pub fn cmdline(pid: u32) -> Option<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .ok()
        .map(|c| String::from_utf8_lossy(&c).into_owned())
}

/// Whether process `pid` exists and is not a zombie (exited, not yet reaped).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        // pid (comm) state ppid ...
        !s.rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z'))
    })
}

/// Whether process `pid` is alive and running `program` (its command line starts with it).
pub fn running(pid: u32, program: &str) -> bool {
    cmdline(pid).is_some_and(|c| c.starts_with(program)) && alive(pid)
}

/// The pid of a direct child of `parent` running `program`.
pub fn child_process(parent: u32, program: &str) -> Option<u32> {
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...
        let Some((comm_end, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let ppid: u32 = rest.split(' ').nth(1).and_then(|p| p.parse().ok())?;
        if ppid == parent && comm_end.ends_with(&format!("({program}")) {
            return Some(pid);
        }
    }
    None
}

/// Send signal `name` (`STOP`, `CONT`, `INT`, `KILL`...) to `pid` with kill(1).
pub fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// A port on loopback with nothing listening: connecting is refused, as with a stopped service.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A listener that accepts connections and never answers: the worst kind of outage.
pub struct BlackHole {
    pub port: u16,
}

impl BlackHole {
    pub fn start() -> BlackHole {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                // Keep the connection open and read nothing.
                held.push(stream);
            }
        });
        BlackHole { port }
    }
}

/// The component named `name` in a `health -o json` report.
pub fn component<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no component {name} in {report}"))
}

/// The feature named `name` in a `drift check -o json` report.
pub fn drift_feature<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["feature"] == name)
        .unwrap()
}

/// What a [`FaultProxy`] does to the first request that contains its trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Cut it before it reaches the service, and forward nothing more until `revive`: the
    /// service died.
    Die,
    /// Cut it before it reaches the service; everything else goes through.
    DropRequest,
    /// Deliver it, then cut the connection before the answer comes back: the change happened
    /// but the client cannot know.
    DropResponse,
    /// Swallow it and everything after it on that connection, keeping the connection open:
    /// the service hangs.
    Stall,
    /// Answer it (and every later request that contains the trigger) with this raw HTTP
    /// response instead of the service: a policy or a full disk that rejects the request.
    Reject(&'static str),
    /// Hold it for this long, then deliver it (and the rest of the request) anyway, whether
    /// the client still waits or not: a write that lands after the client's deadline.
    Delay(Duration),
}

/// A fault-injecting TCP proxy on loopback in front of a real service. It forwards bytes both
/// ways until a client request contains `trigger`, then injects `fault` (once).
pub struct FaultProxy {
    pub port: u16,
    dead: std::sync::Arc<std::sync::atomic::AtomicBool>,
    fired: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FaultProxy {
    pub fn start(upstream_port: u16, trigger: &'static [u8], fault: Fault) -> FaultProxy {
        use std::io::{Read, Write};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let dead = Arc::new(AtomicBool::new(false));
        let fired = Arc::new(AtomicBool::new(false));
        let (dead_for_thread, fired_for_thread) = (dead.clone(), fired.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if dead_for_thread.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
                    continue;
                };
                let (dead, fired) = (dead_for_thread.clone(), fired_for_thread.clone());
                let (mut client_read, mut server_write) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut server_read, mut client_write) = (server, client);
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    loop {
                        let n = match client_read.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let chunk = &buf[..n];
                        if dead.load(Ordering::SeqCst) {
                            break;
                        }
                        let triggered = (matches!(fault, Fault::Reject(_))
                            || !fired.load(Ordering::SeqCst))
                            && chunk.windows(trigger.len()).any(|w| w == trigger);
                        if triggered {
                            fired.store(true, Ordering::SeqCst);
                            match fault {
                                Fault::Die => dead.store(true, Ordering::SeqCst),
                                Fault::DropRequest => {}
                                Fault::Stall => {
                                    // Read and drop until the client gives up.
                                    while matches!(client_read.read(&mut buf), Ok(n) if n > 0) {}
                                }
                                Fault::Reject(response) => {
                                    let mut answer = client_read.try_clone().unwrap();
                                    let _ = answer.write_all(response.as_bytes());
                                    let _ = answer.shutdown(std::net::Shutdown::Write);
                                    // Read the rest of the request so the client sees the answer.
                                    let _ =
                                        client_read.set_read_timeout(Some(Duration::from_secs(5)));
                                    while matches!(client_read.read(&mut buf), Ok(n) if n > 0) {}
                                }
                                Fault::Delay(delay) => {
                                    std::thread::sleep(delay);
                                    // On a new connection, as a gateway that held the request
                                    // would (the idle one may be closed by now); the rest of
                                    // the request (its body) too, then wait for the answer so
                                    // the service handles it whole.
                                    if let Ok(mut late) =
                                        TcpStream::connect(("127.0.0.1", upstream_port))
                                    {
                                        let _ = late.write_all(chunk);
                                        let _ = client_read
                                            .set_read_timeout(Some(Duration::from_millis(500)));
                                        while let Ok(n) = client_read.read(&mut buf) {
                                            if n == 0 || late.write_all(&buf[..n]).is_err() {
                                                break;
                                            }
                                        }
                                        let _ =
                                            late.set_read_timeout(Some(Duration::from_secs(10)));
                                        let _ = late.read(&mut buf);
                                    }
                                }
                                Fault::DropResponse => {
                                    let _ = server_write.write_all(chunk);
                                    // Give the service the request, never the client the answer.
                                    let _ = client_read.shutdown(std::net::Shutdown::Both);
                                    std::thread::sleep(Duration::from_millis(500));
                                }
                            }
                            break;
                        }
                        if server_write.write_all(chunk).is_err() {
                            break;
                        }
                    }
                    let _ = client_read.shutdown(std::net::Shutdown::Both);
                    let _ = server_write.shutdown(std::net::Shutdown::Both);
                });
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut server_read, &mut client_write);
                    let _ = client_write.shutdown(std::net::Shutdown::Both);
                });
            }
        });
        FaultProxy { port, dead, fired }
    }

    /// Whether the fault was injected.
    pub fn fired(&self) -> bool {
        self.fired.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The service is back: forward new connections again.
    pub fn revive(&self) {
        self.dead.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A name no other test uses, for models created by one test.
pub fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "t_{prefix}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000
    )
}

/// MLflow's Python client (tests/support/mlflow_oracle.py): set-up and the oracle of state.
pub fn oracle(args: &[&str]) -> String {
    let mut all = vec!["tests/support/mlflow_oracle.py"];
    all.extend_from_slice(args);
    tool_output(&stack_python(), &all)
}

/// The serving oracle (tests/support/serving_oracle.py): MLflow's client and onnxruntime.
pub fn serving_oracle(args: &[&str]) -> String {
    let mut all = vec!["tests/support/serving_oracle.py"];
    all.extend_from_slice(args);
    tool_output(&stack_python(), &all)
}

/// The registry state of a model as MLflow's Python client sees it.
pub fn oracle_state(name: &str) -> serde_json::Value {
    serde_json::from_str(&oracle(&["state", name])).unwrap()
}

/// A small deterministic generator (xorshift64*) for generated test data, so failures reproduce.
pub struct Rng(pub u64);

impl Rng {
    /// Uniform in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-300), self.next());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// The port of a URL in the stack's config (`database.url`, `mlflow.tracking_uri`, ...).
pub fn config_port(stack: &Stack, dotted: &str) -> u16 {
    let mut node = &stack.config;
    for part in dotted.split('.') {
        node = &node[part];
    }
    url::Url::parse(node.as_str().unwrap())
        .unwrap()
        .port()
        .unwrap()
}

/// A copy of the stack's config that reaches MLflow through `proxy_port`, with a short timeout.
pub fn config_via_mlflow_proxy(stack: &Stack, dir: &Path, proxy_port: u16) -> PathBuf {
    stack.config_with(dir, |c| {
        set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{proxy_port}"),
        );
        set(c, "mlflow.timeout", "2s");
    })
}

/// One HTTP request a [`WebhookReceiver`] got.
#[derive(Debug, Clone)]
pub struct Received {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A real HTTP endpoint for webhook deliveries: answers each request with the next status of
/// `statuses` (200 once they run out) and keeps what it received.
pub struct WebhookReceiver {
    pub port: u16,
    received: std::sync::Arc<std::sync::Mutex<Vec<Received>>>,
}

impl WebhookReceiver {
    pub fn start(statuses: &[u16]) -> WebhookReceiver {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = received.clone();
        let mut statuses = Vec::from(statuses).into_iter();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                let mut headers = Vec::new();
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = line.trim_end().split_once(':') {
                        headers.push((k.trim().to_owned(), v.trim().to_owned()));
                    }
                }
                let length = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    continue;
                }
                log.lock().unwrap().push(Received {
                    request_line: request_line.trim_end().to_owned(),
                    headers,
                    body,
                });
                let status = statuses.next().unwrap_or(200);
                let _ = reader.get_mut().write_all(
                    format!(
                        "HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                    .as_bytes(),
                );
            }
        });
        WebhookReceiver { port, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// A TCP proxy on loopback in front of a real service that a test can freeze: while frozen no
/// byte moves either way (what was read is held, not lost) and new connections get no answer,
/// as with a server that hangs (a stuck disk, a stopped process); thawed, everything carries
/// on where it stopped.
pub struct FreezableProxy {
    pub port: u16,
    frozen: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FreezableProxy {
    pub fn start(upstream_port: u16) -> FreezableProxy {
        FreezableProxy::start_inner(upstream_port, None)
    }

    /// Frozen by itself the moment a client sends `trigger` (that request is held too): the
    /// whole service hangs mid-command, every connection, old and new.
    pub fn freezing_at(upstream_port: u16, trigger: &'static [u8]) -> FreezableProxy {
        FreezableProxy::start_inner(upstream_port, Some(trigger))
    }

    fn start_inner(upstream_port: u16, trigger: Option<&'static [u8]>) -> FreezableProxy {
        use std::io::{Read, Write};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};

        fn pump(
            mut from: TcpStream,
            mut to: TcpStream,
            frozen: Arc<AtomicBool>,
            trigger: Option<&'static [u8]>,
        ) {
            let mut buf = [0u8; 65536];
            loop {
                let n = match from.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if let Some(trigger) = trigger
                    && buf[..n].windows(trigger.len()).any(|w| w == trigger)
                {
                    frozen.store(true, Ordering::SeqCst);
                }
                while frozen.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
            let _ = from.shutdown(std::net::Shutdown::Both);
            let _ = to.shutdown(std::net::Shutdown::Both);
        }

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let frozen = Arc::new(AtomicBool::new(false));
        let frozen_for_thread = frozen.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
                    continue;
                };
                let (client_read, server_read) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (up, down) = (frozen_for_thread.clone(), frozen_for_thread.clone());
                std::thread::spawn(move || pump(client_read, server, up, trigger));
                std::thread::spawn(move || pump(server_read, client, down, None));
            }
        });
        FreezableProxy { port, frozen }
    }

    pub fn freeze(&self) {
        self.frozen.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether it is frozen (for [`FreezableProxy::freezing_at`]: whether the trigger came).
    pub fn is_frozen(&self) -> bool {
        self.frozen.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn thaw(&self) {
        self.frozen
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Register a model whose versions are these ONNX files, through MLflow's own client
/// (tests/support/serving_oracle.py).
pub fn register_onnx(name: &str, artifacts: &[&Path]) {
    let artifacts: Vec<String> = artifacts.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["register", name];
    args.extend(artifacts.iter().map(String::as_str));
    serving_oracle(&args);
}
