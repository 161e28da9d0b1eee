//! The fault matrix: each command family × each backend it uses × {refused, black-holed,
//! frozen mid-command}, generated from one table ([`ROWS`]). Every case asserts the exit code,
//! the time to fail against the configured deadlines, that the message names the component and
//! the (redacted) endpoint at fault, and that PostgreSQL, MLflow (read with its own client) and
//! S3 (listed by the CLI through a healthy config) are unchanged, with no pending audit row left
//! behind. (Advisory locks are held by a connection of the command's own process, so they end
//! with it by construction; nothing to check after it exited.) A new command joins the matrix by
//! adding a row.
//!
//! Faults are injected on loopback only: a closed port (refused), a listener that never answers
//! (black-holed), and a real TCP proxy in front of the real service that freezes every
//! connection, old and new, when the command sends a given request (frozen mid-command, like a
//! SIGSTOPped server). The stack itself is never touched; a frozen case freezes only its own proxy,
//! but the real PostgreSQL sessions behind it stay open (with their locks) until it thaws, so
//! those cases hold the stack exclusively ([`common::exclusive`]).
//!
//! `NBAMCP_FAULT_CASES=a,b` runs only the cases whose name contains one of them (for a quick look);
//! by default every case runs. `scripts/faults` runs the whole matrix and prints the figures
//! quoted in docs/reliability.md.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{
    BlackHole, FreezableProxy, Stack, closed_port, config_port, nbamcp, oracle, oracle_state, psql,
    repo_root, set, stack, unique_name,
};

/// A backend of the system and the component name nbamcp reports it under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Postgres,
    Mlflow,
    S3,
    Serving,
}

impl Backend {
    fn component(self) -> &'static str {
        match self {
            Backend::Postgres => "database",
            Backend::Mlflow => "mlflow",
            Backend::S3 => "artifact_store",
            Backend::Serving => "serving",
        }
    }

    /// Point this backend of `config` at `port` on loopback, with a short deadline.
    fn redirect(self, config: &mut serde_yaml::Value, port: u16) {
        match self {
            Backend::Postgres => {
                let url = config["database"]["url"].as_str().unwrap().to_owned();
                let mut url = url::Url::parse(&url).unwrap();
                url.set_port(Some(port)).unwrap();
                set(config, "database.url", url.to_string());
            }
            Backend::Mlflow => set(
                config,
                "mlflow.tracking_uri",
                format!("http://127.0.0.1:{port}"),
            ),
            Backend::S3 => set(
                config,
                "s3.endpoint_url",
                format!("http://127.0.0.1:{port}"),
            ),
            Backend::Serving => {
                config["serving"]["replicas"] =
                    serde_yaml::Value::Sequence(vec![format!("http://127.0.0.1:{port}").into()]);
            }
        }
    }

    /// The real service's port, for a proxy in front of it.
    fn upstream(self, stack: &Stack) -> u16 {
        match self {
            Backend::Postgres => config_port(stack, "database.url"),
            Backend::Mlflow => config_port(stack, "mlflow.tracking_uri"),
            Backend::S3 => config_port(stack, "s3.endpoint_url"),
            Backend::Serving => {
                let url = stack.config["serving"]["replicas"][0].as_str().unwrap();
                url::Url::parse(url).unwrap().port().unwrap()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outage {
    /// Nothing listens: connecting is refused at once.
    Refused,
    /// Connections are accepted and never answered.
    BlackHoled,
    /// The service works until the command sends its trigger, then stops answering on every
    /// connection, old and new (accepted, never answered), like a SIGSTOPped server.
    Frozen,
}

/// The state a row's command could change, read through a healthy path before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touches {
    Nothing,
    /// The registry of the case's model (MLflow's client) and its audit rows.
    Registry,
    /// The desired deployments of the case's model and its audit rows.
    Deployments,
    /// The drift reports of the case's model.
    DriftReports,
    /// The stored drift references of the case's model.
    References,
    /// Maintenance runs left `running` (a failed run is recorded as failed).
    MaintenanceRuns,
    /// A database named like the case's model (a restore's target) must not exist.
    Database,
    /// The backup catalog in S3 (a prefix of the case's own).
    Backups,
}

/// One command family in the matrix.
struct Row {
    name: &'static str,
    /// The command; `{model}`, `{train}` and `{holdout}` are filled in per case.
    args: &'static [&'static str],
    /// The backends it uses, each with the request at which "frozen mid-command" cuts in
    /// (a byte string the command sends to that backend after it has started talking to it).
    uses: &'static [(Backend, &'static [u8])],
    /// The exit code under every outage: 1 (a backend failed), 3 for checks that report.
    exit: i32,
    touches: Touches,
    /// What the case's model needs before the command runs.
    setup: Setup,
    /// The command takes a lock every case of it shares (the backup lock of the database): its
    /// cases run one at a time, whichever matrix test they belong to, and beside no test of
    /// another area (see [`run_case`]).
    serial: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setup {
    None,
    /// Versions 1 (Production) and 2 (Staging) in MLflow, with accuracies.
    RegistryModel,
    /// [`Setup::RegistryModel`], then v2 promoted by nbamcp (so rollback has a way back).
    PromotedModel,
    /// Two ONNX versions in MLflow, v1 deployed and taking all traffic.
    DeployedModel,
    /// A backup of the stack's database in the case's own backup prefix (`{backup}`).
    Backup,
}

const ROWS: &[Row] = &[
    Row {
        name: "health",
        args: &["health", "-o", "json"],
        uses: &[
            (Backend::Postgres, b"drift_reports"),
            (Backend::Mlflow, b"registered-models"),
            (Backend::S3, b"HEAD /"),
            (Backend::Serving, b"/v2/health"),
        ],
        exit: 3,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "registry-list",
        args: &["registry", "list", "--name", "{model}"],
        uses: &[(Backend::Mlflow, b"model-versions/search")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "registry-promote",
        args: &[
            "registry",
            "promote",
            "{model}",
            "2",
            "--to",
            "production",
            "--yes",
        ],
        uses: &[
            (Backend::Mlflow, b"transition-stage"),
            (Backend::Postgres, b"INSERT INTO audit_events"),
        ],
        exit: 1,
        touches: Touches::Registry,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "registry-rollback",
        args: &["registry", "rollback", "{model}", "--yes"],
        uses: &[
            (Backend::Mlflow, b"transition-stage"),
            (Backend::Postgres, b"INSERT INTO audit_events"),
        ],
        exit: 1,
        touches: Touches::Registry,
        serial: false,
        setup: Setup::PromotedModel,
    },
    Row {
        name: "registry-show",
        args: &["registry", "show", "{model}"],
        uses: &[(Backend::Mlflow, b"registered-models/get")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "registry-archive",
        args: &["registry", "archive", "{model}", "2", "--yes"],
        uses: &[
            (Backend::Mlflow, b"transition-stage"),
            (Backend::Postgres, b"INSERT INTO audit_events"),
        ],
        exit: 1,
        touches: Touches::Registry,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "registry-history",
        args: &["registry", "history", "{model}"],
        uses: &[(Backend::Postgres, b"audit_events")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "deploy",
        args: &[
            "deploy",
            "{model}",
            "2",
            "--weight",
            "0.5",
            "--yes",
            "--no-wait",
        ],
        uses: &[
            (Backend::Mlflow, b"mlflow-artifacts/artifacts"),
            (Backend::Postgres, b"INSERT INTO audit_events"),
        ],
        exit: 1,
        touches: Touches::Deployments,
        serial: false,
        setup: Setup::DeployedModel,
    },
    Row {
        name: "ab-split",
        args: &["ab-split", "{model}", "v1=1", "--yes", "--no-wait"],
        uses: &[(Backend::Postgres, b"INSERT INTO audit_events")],
        exit: 1,
        touches: Touches::Deployments,
        serial: false,
        setup: Setup::DeployedModel,
    },
    Row {
        name: "undeploy",
        args: &["undeploy", "{model}", "1", "--force", "--yes", "--no-wait"],
        uses: &[(Backend::Postgres, b"INSERT INTO audit_events")],
        exit: 1,
        touches: Touches::Deployments,
        serial: false,
        setup: Setup::DeployedModel,
    },
    Row {
        name: "ab-split-show",
        args: &["ab-split", "{model}", "--show"],
        uses: &[(Backend::Postgres, b"serving_replicas")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::DeployedModel,
    },
    Row {
        name: "cache-stats",
        args: &["cache", "stats"],
        uses: &[(Backend::Serving, b"admin/cache")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "cache-clear",
        args: &["cache", "clear", "--responses", "--yes"],
        uses: &[(Backend::Serving, b"admin/cache")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "drift-reference-set",
        args: &["drift", "reference", "set", "{model}", "1", "{train}"],
        uses: &[
            (Backend::Mlflow, b"model-versions/get"),
            (Backend::S3, b"PUT /"),
            (Backend::Postgres, b"INSERT INTO drift_references"),
        ],
        exit: 1,
        touches: Touches::References,
        serial: false,
        setup: Setup::RegistryModel,
    },
    Row {
        name: "drift-check-record",
        args: &[
            "drift",
            "check",
            "--reference",
            "{train}",
            "--current",
            "{holdout}",
            "--record",
            "--model",
            "{model}",
            "--version",
            "1",
        ],
        uses: &[(Backend::Postgres, b"INSERT INTO drift_reports")],
        exit: 1,
        touches: Touches::DriftReports,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "drift-check-from-db",
        args: &[
            "drift",
            "check",
            "--reference",
            "{train}",
            "--current-from-db",
            "--model",
            "nba_win_predictor",
            "--since",
            "1d",
        ],
        uses: &[(Backend::Postgres, b"FROM predictions")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "alerts",
        args: &["alerts", "--hours", "24"],
        uses: &[(Backend::Postgres, b"FROM alerts")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "db-status",
        args: &["db", "status"],
        uses: &[(Backend::Postgres, b"_sqlx_migrations")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "db-migrate",
        args: &["db", "migrate"],
        uses: &[(Backend::Postgres, b"_sqlx_migrations")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "maintenance-history",
        args: &["maintenance", "history"],
        uses: &[(Backend::Postgres, b"maintenance_runs")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "maintenance-run",
        args: &["maintenance", "run", "weekly-db", "--yes"],
        uses: &[(Backend::Postgres, b"VACUUM")],
        exit: 1,
        touches: Touches::MaintenanceRuns,
        serial: true,
        setup: Setup::None,
    },
    Row {
        name: "backup-list",
        args: &["backup", "list"],
        uses: &[(Backend::S3, b"list-type")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "backup-verify",
        args: &["backup", "verify", "--latest"],
        uses: &[(Backend::S3, b"list-type")],
        exit: 1,
        touches: Touches::Nothing,
        serial: false,
        setup: Setup::None,
    },
    Row {
        name: "backup-prune",
        args: &["backup", "prune", "--yes"],
        uses: &[(Backend::S3, b"list-type")],
        exit: 1,
        touches: Touches::Backups,
        serial: true,
        setup: Setup::None,
    },
    Row {
        name: "backup-restore",
        args: &[
            "backup",
            "restore",
            "{backup}",
            "--target-db",
            "{model}",
            "--create",
            "--yes",
        ],
        uses: &[
            (Backend::S3, b".dump"),
            (Backend::Postgres, b"CREATE DATABASE"),
        ],
        exit: 1,
        touches: Touches::Database,
        serial: true,
        setup: Setup::Backup,
    },
    Row {
        name: "backup-create",
        args: &["backup", "create"],
        uses: &[(Backend::S3, b"uploadId"), (Backend::Postgres, b"COPY ")],
        exit: 1,
        touches: Touches::Backups,
        serial: true,
        setup: Setup::None,
    },
];

/// The deadlines every case runs under, and what a case may take to fail: the longest chain
/// of deadlines a command can wait through (connect, then a statement; an MLflow call, then
/// the registry's settle window) plus process start and clean-up.
const DEADLINE: &str = "2s";
const BUDGET: Duration = Duration::from_secs(12);

fn config_for(stack: &Stack, dir: &Path, backend: Backend, port: u16, prefix: &str) -> PathBuf {
    stack.config_with(dir, |c| {
        // A statement may take 5 s (CREATE DATABASE on a busy 2-core machine takes 2).
        set(c, "database.statement_timeout", "5s");
        for key in [
            "database.connect_timeout",
            "mlflow.timeout",
            "s3.timeout",
            "serving.timeout",
            "registry.settle_timeout",
            "backup.stall_timeout",
        ] {
            set(c, key, DEADLINE);
        }
        set(c, "health.timeout", "3s");
        set(c, "backup.prefix", prefix);
        backend.redirect(c, port);
    })
}

/// Run with a hard stop: a command that hangs is killed at `limit` and reported as such.
fn run_within(cmd: common::Cmd, limit: Duration) -> (common::Run, bool) {
    let started = Instant::now();
    let mut child = cmd.spawn();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            killed = true;
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    (
        common::Run {
            code: status.code().unwrap_or(-1),
            stdout: out_reader.join().unwrap(),
            stderr: err_reader.join().unwrap(),
            elapsed,
        },
        killed,
    )
}

/// The state a case may not change, as text to compare.
fn snapshot(touches: Touches, model: &str, healthy: &Path) -> String {
    // A failed change is recorded (settled `*_failed` or `*_unknown`): that is the audit log
    // working. What must not appear is a change recorded as done, or one left pending.
    let audit = || {
        psql(&format!(
            "SELECT count(*) FILTER (WHERE action NOT LIKE '%\\_failed' AND action NOT LIKE '%\\_unknown' \
             AND action NOT LIKE '%\\_pending') || ' applied, ' \
             || count(*) FILTER (WHERE action LIKE '%\\_pending') || ' pending' \
             FROM nbamcp.audit_events WHERE target = '{model}'"
        ))
    };
    match touches {
        Touches::Nothing => String::new(),
        Touches::Registry => format!("{} / {}", oracle_state(model), audit()),
        Touches::Deployments => format!(
            "{} / {}",
            psql(&format!(
                "SELECT coalesce(string_agg(version || '=' || weight, ',' ORDER BY version), '') \
                 FROM nbamcp.deployments WHERE model = '{model}'"
            )),
            audit()
        ),
        Touches::MaintenanceRuns => psql(
            "SELECT count(*) || ' running' FROM nbamcp.maintenance_runs WHERE status = 'running'",
        ),
        Touches::Database => psql(&format!(
            "SELECT count(*) FROM pg_database WHERE datname = '{model}'"
        )),
        Touches::References => psql(&format!(
            "SELECT count(*) FROM nbamcp.drift_references WHERE model = '{model}'"
        )),
        Touches::DriftReports => psql(&format!(
            "SELECT count(*) FROM nbamcp.drift_reports WHERE model = '{model}'"
        )),
        Touches::Backups => {
            let run = nbamcp(&["backup", "list", "--all", "-o", "json"])
                .config(healthy)
                .run();
            assert_eq!(run.code, 0, "backup list (healthy): {}", run.stderr);
            let ids: Vec<String> = run.json()["backups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["id"].to_string())
                .collect();
            ids.join(",")
        }
    }
}

/// Prepare the case; returns the `{backup}` it made, if any.
fn set_up(setup: Setup, model: &str, healthy: &Path) -> String {
    match setup {
        Setup::None => {}
        Setup::Backup => {
            let run = nbamcp(&["backup", "create", "-o", "json"])
                .config(healthy)
                .run();
            assert_eq!(run.code, 0, "set-up backup: {}", run.stderr);
            let report = run.json();
            return report["backups"][0]["manifest"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("no backup id in {report}"))
                .to_owned();
        }
        Setup::RegistryModel | Setup::PromotedModel => {
            oracle(&["create", model, "0.9,0.91"]);
            oracle(&["stage", model, "1", "Production"]);
            oracle(&["stage", model, "2", "Staging"]);
            oracle(&["alias", model, "production", "1"]);
            oracle(&["alias", model, "staging", "2"]);
            if setup == Setup::PromotedModel {
                let run = common::promote(model, "2", "production", &[]).run();
                assert_eq!(run.code, 0, "set-up promote: {}", run.stderr);
            }
        }
        Setup::DeployedModel => {
            let models = repo_root().join("fixtures/models");
            common::register_onnx(
                model,
                &[
                    &models.join("nba_win_predictor_v1.onnx"),
                    &models.join("nba_win_predictor_v2.onnx"),
                ],
            );
            let run = nbamcp(&["deploy", model, "1", "--yes", "--no-wait"]).run();
            assert_eq!(run.code, 0, "set-up deploy: {}", run.stderr);
        }
    }
    String::new()
}

/// Drops a restore's target at the end, should one have been created after all.
struct DropDatabase(String);

impl Drop for DropDatabase {
    fn drop(&mut self) {
        psql(&format!("DROP DATABASE IF EXISTS {}", self.0));
    }
}

/// The result of one case, for the summary the matrix prints.
struct Outcome {
    case: String,
    elapsed: Duration,
    failure: Option<String>,
}

fn run_case(
    stack: &Stack,
    row: &Row,
    backend: Backend,
    trigger: &'static [u8],
    outage: Outage,
) -> Outcome {
    let case = format!("{} × {} × {outage:?}", row.name, backend.component());
    // The stack to this case alone when it takes a lock of the database every case of the row
    // shares, when its snapshot counts rows that are not the case's own (running maintenance
    // runs), or when it freezes: the proxy keeps the real PostgreSQL's sessions of the frozen
    // command open, with their locks and transactions, until it thaws. Any other case shares
    // the stack, and gives it back when it ends so that an exclusive test can go between cases.
    let _exclusive =
        (row.serial || outage == Outage::Frozen || row.touches == Touches::MaintenanceRuns)
            .then(common::exclusive);
    let model = unique_name(&row.name.replace('-', "_"));
    // The case's deployments go at the end (no replica keeps serving a test model), then the
    // database (a tuple drops its fields in order).
    let _cleanup = (common::Undeploy(model.clone()), DropDatabase(model.clone()));
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("faults/{model}");
    let healthy_dir = tempfile::tempdir().unwrap();
    // A healthy config with the case's backup prefix, to read state back.
    let healthy = common::config_with_backup_prefix(stack, healthy_dir.path(), &prefix);
    let backup = set_up(row.setup, &model, &healthy);

    // The fault, and the port the config points at.
    let mut _hole = None;
    let mut proxy = None;
    let port = match outage {
        Outage::Refused => closed_port(),
        Outage::BlackHoled => _hole.insert(BlackHole::start()).port,
        Outage::Frozen => {
            proxy
                .insert(FreezableProxy::freezing_at(
                    backend.upstream(stack),
                    trigger,
                ))
                .port
        }
    };
    let config = config_for(stack, dir.path(), backend, port, &prefix);
    let root = repo_root();
    let train = root.join("fixtures/data/train.csv");
    let holdout = root.join("fixtures/data/holdout.csv");
    let args: Vec<String> = row
        .args
        .iter()
        .map(|a| {
            a.replace("{model}", &model)
                .replace("{backup}", &backup)
                .replace("{train}", train.to_str().unwrap())
                .replace("{holdout}", holdout.to_str().unwrap())
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let before = snapshot(row.touches, &model, &healthy);
    let (run, killed) = run_within(
        nbamcp(&args).config(&config).env("NBAMCP_ACTOR", "faults"),
        BUDGET * 3,
    );
    // Let the frozen service go: what the proxy held (and the server's connections) is released.
    let froze = proxy.as_ref().map(|p| p.is_frozen());
    if let Some(proxy) = &proxy {
        proxy.thaw();
    }
    let mut after = snapshot(row.touches, &model, &healthy);
    // A run whose end could not be written (PostgreSQL froze) stays `running`: the documented
    // partial state, which the next run of the checklist marks interrupted (it holds the lock,
    // so it knows the old run is dead). Check exactly that.
    if row.touches == Touches::MaintenanceRuns && before != after {
        let next = nbamcp(&[
            "maintenance",
            "run",
            "weekly-db",
            "--only",
            "table-sizes",
            "--yes",
        ])
        .config(&healthy)
        .run();
        assert_eq!(next.code, 0, "the next run: {}", next.stderr);
        after = snapshot(row.touches, &model, &healthy);
    }

    let endpoint = format!("127.0.0.1:{port}");
    let said = format!("{}{}", run.stdout, run.stderr);
    let mut problems = Vec::new();
    if killed {
        problems.push(format!("hung: killed after {:?}", run.elapsed));
    }
    if run.code != row.exit {
        problems.push(format!("exit {} (want {})", run.code, row.exit));
    }
    if run.elapsed > BUDGET {
        problems.push(format!("took {:?} (budget {BUDGET:?})", run.elapsed));
    }
    if !said.contains(backend.component()) || !said.contains(&endpoint) {
        problems.push(format!(
            "does not name {} at {endpoint}",
            backend.component()
        ));
    }
    if froze == Some(false) {
        problems.push(format!(
            "the command never sent {:?}: the case froze nothing (fix the row's trigger)",
            String::from_utf8_lossy(trigger)
        ));
    }
    if before != after {
        problems.push(format!(
            "state changed:\n  before {before}\n  after  {after}"
        ));
    }
    for secret in [
        "nbamcp-db-password",
        "mlflow-db-password",
        "s3-secret",
        "serving-admin-token",
    ] {
        if let Ok(value) = std::fs::read_to_string(stack.dir.join("secrets").join(secret)) {
            let value = value.trim();
            if value.len() >= 6 && said.contains(value) {
                problems.push(format!("leaked the {secret}"));
            }
        }
    }
    Outcome {
        failure: (!problems.is_empty()).then(|| {
            format!(
                "{case}: {}\n  stdout: {}\n  stderr: {}",
                problems.join("; "),
                run.stdout.trim(),
                run.stderr.trim()
            )
        }),
        case,
        elapsed: run.elapsed,
    }
}

/// Every case of the rows that use `which`, one after another.
fn matrix_for(which: Backend) {
    let stack = stack();
    let only = std::env::var("NBAMCP_FAULT_CASES").unwrap_or_default();
    let mut outcomes = Vec::new();
    for row in ROWS {
        for &(backend, trigger) in row.uses.iter().filter(|(b, _)| *b == which) {
            for outage in [Outage::Refused, Outage::BlackHoled, Outage::Frozen] {
                let name = format!("{} × {} × {outage:?}", row.name, backend.component());
                if !only.split(',').any(|o| name.contains(o.trim())) {
                    continue;
                }
                outcomes.push(run_case(&stack, row, backend, trigger, outage));
                common::release_shared();
            }
        }
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    let longest = outcomes.iter().max_by_key(|o| o.elapsed);
    eprintln!(
        "fault matrix, {}: {} cases, {} passed, {} failed; longest {}",
        which.component(),
        outcomes.len(),
        outcomes.len() - failed.len(),
        failed.len(),
        longest.map_or("-".into(), |o| format!("{:.1?} ({})", o.elapsed, o.case))
    );
    for o in &outcomes {
        eprintln!(
            "  {:<55} {:>6.1?} {}",
            o.case,
            o.elapsed,
            if o.failure.is_some() { "FAIL" } else { "ok" }
        );
    }
    assert!(
        failed.is_empty(),
        "{}",
        failed
            .iter()
            .map(|o| o.failure.clone().unwrap())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

// One test per backend, so the matrix runs two at a time like the rest of the suite.

#[test]
fn a_postgresql_outage_fails_every_command_within_its_deadline_and_changes_nothing() {
    matrix_for(Backend::Postgres);
}

#[test]
fn an_mlflow_outage_fails_every_command_within_its_deadline_and_changes_nothing() {
    matrix_for(Backend::Mlflow);
}

#[test]
fn an_s3_outage_fails_every_command_within_its_deadline_and_changes_nothing() {
    matrix_for(Backend::S3);
}

#[test]
fn a_serving_outage_fails_every_command_within_its_deadline_and_changes_nothing() {
    matrix_for(Backend::Serving);
}
