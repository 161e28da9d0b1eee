//! The ready-to-copy snippets in commands/ (logrotate, cron, systemd, CI, PostgreSQL,
//! Prometheus), each run with the real tool it is written for: logrotate, sh + faketime,
//! systemd-analyze, nbamcp against the local stack, postgres, promtool. scripts/stack installs
//! the Debian packages they need.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

fn snippet(relative: &str) -> String {
    let path = common::repo_root().join("commands").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Run a tool; (exit code, stdout, stderr). A missing tool is a failure that says which Debian
/// package brings it, never a skip.
fn run(program: &str, package: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install the Debian package `{package}` (scripts/stack up does)")
        });
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_nbamcp"))
        .parent()
        .unwrap()
        .to_path_buf()
}

// ------------------------------------------------------------------------------ logrotate

/// Debian installs it in /usr/sbin, which is not on every user's PATH.
const LOGROTATE: &str = "/usr/sbin/logrotate";

#[test]
fn logrotate_config_rotates_daily_keeps_30_compressed_and_skips_empty_logs() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let text = snippet("logrotate/nbamcp");
    assert!(text.contains("/var/log/nbamcp/*.log {"), "{text}");
    assert!(text.contains("su nbamcp nbamcp"), "{text}");
    // The same file, for a log directory in a temp dir owned by the user running the tests.
    let conf = dir.path().join("nbamcp");
    std::fs::write(
        &conf,
        text.replace("/var/log/nbamcp/", &format!("{}/", logs.display()))
            .replace("su nbamcp nbamcp", "su root root"),
    )
    .unwrap();
    let state = dir.path().join("state");
    let logrotate = |extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend(["-s", state.to_str().unwrap(), conf.to_str().unwrap()]);
        let (code, stdout, stderr) = run(LOGROTATE, "logrotate", &args, &[]);
        assert_eq!(code, 0, "logrotate {args:?}:\n{stdout}{stderr}");
        assert!(!stderr.contains("error"), "logrotate {args:?}:\n{stderr}");
        stderr
    };

    // -d reads the whole config and reports what it would do.
    let debug = logrotate(&["-d"]);
    assert!(
        debug.contains("after 1 days (30 rotations)"),
        "daily, rotate 30:\n{debug}"
    );
    assert!(
        debug.contains("empty log files are not rotated"),
        "notifempty:\n{debug}"
    );
    let _ = std::fs::remove_file(&state);

    let log = logs.join("backup.log");
    let empty = logs.join("empty.log");
    let read = |name: &str| std::fs::read_to_string(logs.join(name)).ok();
    // daily: logs last rotated two days ago are due on a plain (unforced) run.
    std::fs::write(&log, "line 1\n").unwrap();
    std::fs::write(&empty, "").unwrap();
    let two_days_ago = (chrono::Local::now() - Duration::days(2)).format("%Y-%m-%d-%H:%M:%S");
    std::fs::write(
        &state,
        format!(
            "logrotate state -- version 2\n\"{}\" {two_days_ago}\n\"{}\" {two_days_ago}\n",
            log.display(),
            empty.display()
        ),
    )
    .unwrap();
    logrotate(&[]);
    // copytruncate: the live file stays (same inode for a writer holding it), now empty;
    // delaycompress: the newest rotated log stays plain.
    assert_eq!(read("backup.log.1").as_deref(), Some("line 1\n"));
    assert_eq!(read("backup.log").as_deref(), Some(""));
    assert!(!logs.join("backup.log.1.gz").exists());
    // notifempty: the empty log was due but is left alone.
    assert!(!logs.join("empty.log.1").exists());
    assert!(empty.exists());

    // Not due again within the day.
    std::fs::write(&log, "line 2\n").unwrap();
    logrotate(&[]);
    assert_eq!(read("backup.log").as_deref(), Some("line 2\n"));
    assert!(!logs.join("backup.log.2.gz").exists());

    // compress: the one before is gzipped on the next rotation.
    logrotate(&["-f"]);
    assert_eq!(read("backup.log.1").as_deref(), Some("line 2\n"));
    let gunzip = |name: &str| {
        let path = logs.join(name);
        let (code, stdout, stderr) = run("gzip", "gzip", &["-dc", path.to_str().unwrap()], &[]);
        assert_eq!(code, 0, "{name}: {stderr}");
        stdout
    };
    assert_eq!(gunzip("backup.log.2.gz"), "line 1\n");

    // rotate 30: after 33 rotations, .1 is the newest and .30.gz the oldest kept.
    for i in 3..=33 {
        std::fs::write(&log, format!("line {i}\n")).unwrap();
        logrotate(&["-f"]);
    }
    assert_eq!(read("backup.log.1").as_deref(), Some("line 33\n"));
    assert_eq!(gunzip("backup.log.30.gz"), "line 4\n");
    assert!(!logs.join("backup.log.31.gz").exists());
    let rotated = std::fs::read_dir(&logs)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("backup.log.")
        })
        .count();
    assert_eq!(rotated, 30);
}

// ------------------------------------------------------------------------------ cron

struct CronJob {
    line: usize,
    fields: [String; 5],
    user: String,
    command: String,
}

/// The jobs of an /etc/cron.d file: five time fields, the user, the command; variable
/// settings and comments are left out.
fn cron_jobs(text: &str) -> (Vec<CronJob>, Vec<String>) {
    let mut jobs = Vec::new();
    let mut settings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let first = trimmed.split_whitespace().next().unwrap();
        if first.contains('=') && first.chars().next().unwrap().is_ascii_alphabetic() {
            settings.push(trimmed.to_owned());
            continue;
        }
        let mut rest = trimmed;
        let mut words = Vec::new();
        for _ in 0..6 {
            let (word, tail) = rest
                .split_once(char::is_whitespace)
                .unwrap_or_else(|| panic!("line {}: fewer than 7 fields: {line}", i + 1));
            words.push(word.to_owned());
            rest = tail.trim_start();
        }
        jobs.push(CronJob {
            line: i + 1,
            fields: std::array::from_fn(|k| words[k].clone()),
            user: words[5].clone(),
            command: rest.to_owned(),
        });
    }
    (jobs, settings)
}

/// Whether a cron time field (`*`, `a`, `a-b`, lists, `/step`) holds `value`; panics on a
/// field that is not valid for the range `min..=max`.
fn field_holds(field: &str, value: u32, min: u32, max: u32) -> bool {
    field.split(',').any(|part| {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => (range, step.parse::<u32>().expect("step")),
            None => (part, 1),
        };
        let (low, high) = match range {
            "*" => (min, max),
            _ => match range.split_once('-') {
                Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
                None => {
                    let a: u32 = range.parse().unwrap_or_else(|_| panic!("field {field}"));
                    (a, a)
                }
            },
        };
        assert!(
            min <= low && low <= high && high <= max && step > 0,
            "field {field}: outside {min}-{max}"
        );
        value >= low && value <= high && (value - low).is_multiple_of(step)
    })
}

/// Whether cron starts the job on `day` (at its hour): day-of-month and day-of-week are ORed
/// when both are restricted, as cron does.
fn cron_runs_on(job: &CronJob, day: NaiveDate) -> bool {
    let [_, _, dom, month, dow] = &job.fields;
    let dom_ok = field_holds(dom, day.day(), 1, 31);
    let weekday = day.weekday().num_days_from_sunday();
    let dow_ok = field_holds(dow, weekday, 0, 7) || (weekday == 0 && field_holds(dow, 7, 0, 7));
    let day_ok = if dom != "*" && dow != "*" {
        dom_ok || dow_ok
    } else {
        dom_ok && dow_ok
    };
    day_ok && field_holds(month, day.month(), 1, 12)
}

#[test]
fn maintenance_cron_runs_monthly_on_first_sundays_and_weekly_db_on_sundays() {
    let text = snippet("cron/nbamcp-maintenance.cron");
    let (jobs, settings) = cron_jobs(&text);
    assert!(settings.contains(&"CRON_TZ=UTC".to_owned()), "{settings:?}");
    assert_eq!(jobs.len(), 2, "monthly and weekly-db");
    for job in &jobs {
        let at = format!("line {}", job.line);
        assert_eq!(job.user, "nbamcp", "{at}");
        for (k, (min, max)) in [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
            .into_iter()
            .enumerate()
        {
            field_holds(&job.fields[k], min, min, max); // validates the field
        }
        // In a crontab an unescaped % ends the command (the rest becomes its stdin).
        let mut previous = ' ';
        for c in job.command.chars() {
            assert!(c != '%' || previous == '\\', "{at}: unescaped %");
            previous = c;
        }
        let command = job.command.replace("\\%", "%");
        let (code, _, stderr) = run("sh", "dash", &["-n", "-c", &command], &[]);
        assert_eq!(code, 0, "{at}: not valid sh: {stderr}");
        assert!(
            command.contains(">>/var/log/nbamcp/maintenance.log 2>&1"),
            "{at}"
        );
        // That the command parses as an unattended `maintenance run` of monthly, then
        // weekly-db, is checked against the command tree by the binary's unit test
        // `cli_tests::cron_snippet_runs_the_checklists_unattended`.
    }
    let monthly = &jobs[0];
    let weekly = &jobs[1];
    assert_eq!(monthly.fields[..2], ["0", "2"], "02:00");
    assert_eq!(weekly.fields[..2], ["0", "3"], "03:00");

    // The first-Sunday guard, run by sh under faketime with the real `date`, on every day cron
    // would start the monthly job, over 14 months. The host's zone must not matter: the job
    // runs at 02:00 UTC, which is still Saturday in Los Angeles.
    let command = monthly.command.replace("\\%", "%");
    let guard = command
        .split(" && nbamcp ")
        .next()
        .filter(|g| *g != command)
        .expect("monthly job: a guard, then && nbamcp ...");
    let mut runs = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    while day <= NaiveDate::from_ymd_opt(2027, 12, 31).unwrap() {
        assert_eq!(
            cron_runs_on(weekly, day),
            day.weekday() == Weekday::Sun,
            "weekly-db on {day}"
        );
        if cron_runs_on(monthly, day) {
            let when = format!("{day} 02:00:00 UTC");
            for tz in ["UTC", "America/Los_Angeles"] {
                let (code, _, stderr) = run(
                    "faketime",
                    "faketime",
                    &[&when, "sh", "-c", guard],
                    &[("TZ", tz)],
                );
                assert!(code <= 1, "guard on {when} (TZ {tz}): exit {code} {stderr}");
                if code == 0 {
                    runs.push((day, tz));
                }
                let first_sunday = day.weekday() == Weekday::Sun && day.day() <= 7;
                assert_eq!(code == 0, first_sunday, "monthly on {day} (TZ {tz})");
            }
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(runs.len(), 2 * 14, "one first Sunday a month: {runs:?}");
    assert!(runs.contains(&(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(), "UTC")));

    // The whole line on a Wednesday among days 1-7 (cron starts it): nbamcp is not even started.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("maintenance.log");
    let line = command.replace("/var/log/nbamcp/maintenance.log", log.to_str().unwrap());
    let path = format!("{}:/usr/bin:/bin", bin_dir().display());
    let (code, _, stderr) = run(
        "faketime",
        "faketime",
        &["2026-12-02 02:00:00 UTC", "sh", "-c", &line],
        &[("PATH", &path)],
    );
    assert_eq!(code, 1, "the guard is false on a Wednesday: {stderr}");
    assert!(!log.exists(), "nbamcp ran on 2026-12-02");
}

// ------------------------------------------------------------------------------ systemd

/// `systemd-analyze verify` of a unit in `dir`: exit 0 and nothing on stderr (it warns about
/// unknown keys and bad values there).
fn verify_unit(dir: &Path, unit: &str) {
    let path = dir.join(unit);
    let (code, stdout, stderr) = run(
        "systemd-analyze",
        "systemd",
        &["verify", path.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{unit}:\n{stdout}{stderr}");
    assert_eq!(stderr.trim(), "", "{unit}");
}

/// The dates `systemd-analyze calendar` gives for a timer's OnCalendar=.
fn next_elapses(spec: &str, count: usize) -> Vec<chrono::NaiveDateTime> {
    let (code, stdout, stderr) = run(
        "systemd-analyze",
        "systemd",
        &["calendar", &format!("--iterations={count}"), spec],
        &[("TZ", "UTC")],
    );
    assert_eq!(code, 0, "{spec}: {stderr}");
    let elapses: Vec<_> = stdout
        .lines()
        .filter_map(|l| l.split_once("Next elapse:").or(l.split_once("Iter. #")))
        .map(|(_, rest)| {
            // "Sun 2026-12-06 02:00:00 UTC" or "2: Sun 2027-01-03 02:00:00 UTC"
            let rest = rest.split_once(": ").map_or(rest, |(_, r)| r).trim();
            let words: Vec<&str> = rest.split_whitespace().collect();
            chrono::NaiveDateTime::parse_from_str(
                &format!("{} {}", words[1], words[2]),
                "%Y-%m-%d %H:%M:%S",
            )
            .unwrap_or_else(|e| panic!("{rest}: {e}"))
        })
        .collect();
    assert_eq!(elapses.len(), count, "{stdout}");
    elapses
}

fn unit_value<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in\n{text}"))
}

#[test]
fn systemd_units_and_timers_verify_and_fire_when_the_guide_says() {
    let dir = tempfile::tempdir().unwrap();
    let binary = env!("CARGO_BIN_EXE_nbamcp");
    let source = common::repo_root().join("commands/systemd");
    let mut units = Vec::new();
    for entry in std::fs::read_dir(&source).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let text = std::fs::read_to_string(source.join(&name)).unwrap();
        // Installed, the binary is /usr/local/bin/nbamcp; here, the one just built.
        let text = text.replace("/usr/local/bin/nbamcp", binary);
        std::fs::write(dir.path().join(&name), &text).unwrap();
        units.push((name, text));
    }
    units.sort();
    let names: Vec<&str> = units.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "nbamcp-serve.service",
        "nbamcp-backup.service",
        "nbamcp-backup.timer",
        "nbamcp-maintenance@.service",
        "nbamcp-maintenance-monthly.timer",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }

    for (name, text) in &units {
        if let Some(template) = name.strip_suffix("@.service") {
            // A template is verified through an instance of it, where %i is resolved.
            let instance = format!("{template}@monthly.service");
            std::fs::write(dir.path().join(&instance), text).unwrap();
            verify_unit(dir.path(), &instance);
            continue;
        }
        verify_unit(dir.path(), name);
        // That every ExecStart parses against the command tree is the binary's unit test
        // `cli_tests::systemd_units_start_commands_that_parse`.
        if name.ends_with(".timer") {
            // The service a timer starts exists here (verify does not check that).
            let unit = unit_value(text, "Unit");
            let file = match unit.split_once('@') {
                Some((template, _)) => format!("{template}@.service"),
                None => unit.to_owned(),
            };
            assert!(names.contains(&file.as_str()), "{name}: Unit={unit}");
            let instance = dir.path().join(unit);
            if !instance.exists() {
                std::fs::copy(dir.path().join(&file), &instance).unwrap();
            }
            verify_unit(dir.path(), unit);
        }
    }
    let template = &units
        .iter()
        .find(|(n, _)| n == "nbamcp-maintenance@.service")
        .unwrap()
        .1;
    // verify does fail on a unit that cannot start: the check above can fail.
    let broken = template.replace(binary, "/nonexistent/nbamcp");
    std::fs::write(dir.path().join("broken@monthly.service"), broken).unwrap();
    let (code, _, stderr) = run(
        "systemd-analyze",
        "systemd",
        &[
            "verify",
            dir.path().join("broken@monthly.service").to_str().unwrap(),
        ],
        &[],
    );
    assert_ne!(code, 0, "{stderr}");

    // The schedules, as systemd computes them.
    let timer = |name: &str| {
        unit_value(
            &units.iter().find(|(n, _)| n == name).unwrap().1,
            "OnCalendar",
        )
        .to_owned()
    };
    let monthly = next_elapses(&timer("nbamcp-maintenance-monthly.timer"), 14);
    for (i, at) in monthly.iter().enumerate() {
        assert_eq!(at.weekday(), Weekday::Sun, "{at}");
        assert!(at.day() <= 7, "{at} is not the first Sunday");
        assert_eq!(at.format("%H:%M").to_string(), "02:00");
        if i > 0 {
            let months = |d: &chrono::NaiveDateTime| d.year() * 12 + d.month() as i32;
            assert_eq!(
                months(at),
                months(&monthly[i - 1]) + 1,
                "one a month: {monthly:?}"
            );
        }
    }
    let daily = next_elapses(&timer("nbamcp-backup.timer"), 3);
    for pair in daily.windows(2) {
        assert_eq!(pair[1] - pair[0], Duration::days(1));
    }
    assert_eq!(daily[0].format("%H:%M").to_string(), "02:00");
    if names.contains(&"nbamcp-maintenance-weekly-db.timer") {
        for at in next_elapses(&timer("nbamcp-maintenance-weekly-db.timer"), 3) {
            assert_eq!(
                (at.weekday(), at.format("%H:%M").to_string()),
                (Weekday::Sun, "03:00".into())
            );
        }
    }
}

// ------------------------------------------------------------------------------ CI health gate

#[test]
fn the_health_gate_passes_a_healthy_stack_and_names_the_component_that_is_down() {
    let stack = common::stack();
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("health.json");
    let path = format!("{}:/usr/bin:/bin", bin_dir().display());
    let gate = |config: &Path, args: &[&str]| {
        let _ = std::fs::remove_file(&report);
        let out = Command::new(common::repo_root().join("commands/ci/health-gate.sh"))
            .arg(&report)
            .args(args)
            .env_clear()
            .env("PATH", &path)
            .env("HOME", std::env::var("HOME").unwrap())
            .env("NBAMCP_CONFIG", config)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The components a deploy depends on (the cache's hit rate depends on other tests' traffic).
    let components = [
        "database",
        "artifact_store",
        "mlflow",
        "model_registry",
        "model_serving",
    ];
    let (code, stderr) = gate(&stack.config_path, &components);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.trim(), "health gate: healthy (5 of 5 components)");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["status"], "healthy");

    // MLflow stopped (nothing listens on its port): exit 3, and the gate names it.
    let down = stack.config_with(dir.path(), |c| {
        common::set(
            c,
            "mlflow.tracking_uri",
            format!("http://127.0.0.1:{}", common::closed_port()),
        );
    });
    let (code, stderr) = gate(&down, &components);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("health gate: FAILED, not healthy: mlflow (unhealthy)"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["status"], "unhealthy");
    // The message names exactly the components the report has as not healthy.
    for component in json["components"].as_array().unwrap() {
        let name = component["name"].as_str().unwrap();
        let status = component["status"].as_str().unwrap();
        assert_eq!(
            stderr.contains(&format!("{name} ({status})")),
            status != "healthy",
            "{name} {status}: {stderr}"
        );
    }
    assert_eq!(common::component(&json, "database")["status"], "healthy");

    // A configuration that cannot be loaded: exit 2, said as such.
    let (code, stderr) = gate(&dir.path().join("missing.yaml"), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("health gate: bad configuration"),
        "{stderr}"
    );
}

// ------------------------------------------------------------------------------ PostgreSQL

struct Cluster {
    bin: PathBuf,
    data: PathBuf,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

/// Debian's PostgreSQL binaries, as scripts/stack uses them (version 15).
fn pg_bin() -> PathBuf {
    let bin = PathBuf::from("/usr/lib/postgresql/15/bin");
    assert!(
        bin.join("postgres").exists(),
        "no {}/postgres: install the Debian package postgresql-15 (scripts/stack up does)",
        bin.display()
    );
    bin
}

#[test]
fn postgresql_tuning_snippet_is_accepted_as_written() {
    let text = snippet("postgresql/nbamcp-tuning.conf");
    // name = value lines, with their line numbers.
    let settings: Vec<(usize, &str, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains('='))
        .map(|(i, l)| {
            let (name, value) = l.split_once('=').unwrap();
            (i + 1, name.trim(), value.trim())
        })
        .collect();
    let names: Vec<&str> = settings.iter().map(|s| s.1).collect();
    assert_eq!(
        names,
        [
            "shared_buffers",
            "effective_cache_size",
            "work_mem",
            "max_connections",
            "random_page_cost",
            "effective_io_concurrency"
        ]
    );

    // A throwaway cluster (initdb refuses root: it runs as postgres), the snippet included last.
    let bin = pg_bin();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(
        "chown",
        "coreutils",
        &["postgres:postgres", dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let data = dir.path().join("data");
    let include = dir.path().join("nbamcp-tuning.conf");
    std::fs::write(&include, &text).unwrap();
    let as_postgres = |program: &str, args: &[&str]| {
        let mut all = vec!["-u", "postgres", "--"];
        let program = bin.join(program);
        all.push(program.to_str().unwrap());
        all.extend(args);
        run("runuser", "util-linux", &all, &[])
    };
    let (code, _, stderr) = as_postgres(
        "initdb",
        &[
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
    );
    assert_eq!(code, 0, "initdb: {stderr}");
    let conf = data.join("postgresql.conf");
    let mut main = std::fs::read_to_string(&conf).unwrap();
    main.push_str(&format!("include '{}'\n", include.display()));
    std::fs::write(&conf, main).unwrap();

    // postgres -C reads the configuration as the server would and prints a setting.
    for (_, name, _) in &settings {
        let (code, stdout, stderr) =
            as_postgres("postgres", &["-D", data.to_str().unwrap(), "-C", name]);
        assert_eq!(code, 0, "postgres -C {name}: {stderr}");
        assert!(!stdout.trim().is_empty(), "{name}");
    }
    assert_eq!(
        as_postgres(
            "postgres",
            &["-D", data.to_str().unwrap(), "-C", "work_mem"]
        )
        .1
        .trim(),
        "16384",
        "16MB in kB"
    );

    // Started, the server shows each value as written and names the snippet as its source.
    let socket = dir.path().to_str().unwrap();
    let port = common::closed_port().to_string();
    let options = format!("-c listen_addresses='' -c unix_socket_directories={socket} -p {port}");
    let (code, stdout, stderr) = as_postgres(
        "pg_ctl",
        &[
            "-D",
            data.to_str().unwrap(),
            "-l",
            dir.path().join("server.log").to_str().unwrap(),
            "-w",
            "-t",
            "30",
            "-o",
            &options,
            "start",
        ],
    );
    let _cluster = Cluster {
        bin: bin.clone(),
        data: data.clone(),
    };
    let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
    assert_eq!(code, 0, "pg_ctl start: {stdout}{stderr}\n{log}");
    for (line, name, value) in &settings {
        let sql = format!(
            "SELECT current_setting('{name}') || '|' || sourcefile || '|' || sourceline \
             FROM pg_settings WHERE name = '{name}'"
        );
        let (code, stdout, stderr) = run(
            "psql",
            "postgresql-client",
            &[
                "-X", "-h", socket, "-p", &port, "-U", "postgres", "-tAc", &sql,
            ],
            &[],
        );
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(
            stdout.trim(),
            format!("{value}|{}|{line}", include.display()),
            "{name}"
        );
    }
}

// ------------------------------------------------------------------------------ Prometheus

/// promtool's unit test of the rules: each fires on made-up /metrics series above its
/// threshold, with the summary an operator sees, and stays quiet below it.
const PROMETHEUS_RULE_TESTS: &str = r#"
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      # serve-1 stops answering at minute 2; serve-2 stays up.
      - {series: 'up{job="nbamcp-serve",instance="serve-1:8080"}', values: '1 1 0x10'}
      - {series: 'up{job="nbamcp-serve",instance="serve-2:8080"}', values: '1x12'}
      # model a: 10 failed requests a minute for 100 good ones (9.1 %); model b: 1 % fail.
      - {series: 'nbamcp_requests_total{model="a",version="1",outcome="ok"}', values: '0+100x40'}
      - {series: 'nbamcp_requests_total{model="a",version="1",outcome="500"}', values: '0+10x40'}
      - {series: 'nbamcp_requests_total{model="b",version="1",outcome="ok"}', values: '0+100x40'}
      - {series: 'nbamcp_requests_total{model="b",version="1",outcome="422"}', values: '0+1x40'}
      # model a answers in 100-250 ms (p95 242.5 ms), model b within 5 ms.
      - {series: 'nbamcp_request_duration_seconds_bucket{model="a",version="1",outcome="ok",le="0.005"}', values: '0x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="a",version="1",outcome="ok",le="0.1"}', values: '0x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="a",version="1",outcome="ok",le="0.25"}', values: '0+100x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="a",version="1",outcome="ok",le="+Inf"}', values: '0+100x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="b",version="1",outcome="ok",le="0.005"}', values: '0+100x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="b",version="1",outcome="ok",le="0.1"}', values: '0+100x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="b",version="1",outcome="ok",le="0.25"}', values: '0+100x40'}
      - {series: 'nbamcp_request_duration_seconds_bucket{model="b",version="1",outcome="ok",le="+Inf"}', values: '0+100x40'}
      # response cache: serve-1 50 % hits, serve-2 90 %, serve-3 unused.
      - {series: 'nbamcp_response_cache_hits_total{instance="serve-1:8080"}', values: '0+50x80'}
      - {series: 'nbamcp_response_cache_misses_total{instance="serve-1:8080"}', values: '0+50x80'}
      - {series: 'nbamcp_response_cache_hits_total{instance="serve-2:8080"}', values: '0+90x80'}
      - {series: 'nbamcp_response_cache_misses_total{instance="serve-2:8080"}', values: '0+10x80'}
      - {series: 'nbamcp_response_cache_hits_total{instance="serve-3:8080"}', values: '0x80'}
      - {series: 'nbamcp_response_cache_misses_total{instance="serve-3:8080"}', values: '0x80'}
    alert_rule_test:
      - {eval_time: 3m, alertname: ModelServingDown, exp_alerts: []}
      - eval_time: 5m
        alertname: ModelServingDown
        exp_alerts:
          - exp_labels: {job: nbamcp-serve, instance: "serve-1:8080", severity: critical, nbamcp_type: Model Serving Down}
            exp_annotations: {summary: "nbamcp serve replica serve-1:8080 is down", runbook: "nbamcp health model_serving model_deployment"}
      - {eval_time: 3m, alertname: HighErrorRate, exp_alerts: []}
      - eval_time: 20m
        alertname: HighErrorRate
        exp_alerts:
          - exp_labels: {model: a, severity: critical, nbamcp_type: High Error Rate}
            exp_annotations: {summary: "a: 9.091% of requests fail", runbook: "nbamcp ab-split a --show"}
      - eval_time: 20m
        alertname: HighLatency
        exp_alerts:
          - exp_labels: {model: a, severity: warning, nbamcp_type: High Latency}
            exp_annotations: {summary: "a: p95 latency 242.5ms", runbook: "nbamcp ab-split a --show"}
      - {eval_time: 20m, alertname: CacheHitRateLow, exp_alerts: []}
      - eval_time: 70m
        alertname: CacheHitRateLow
        exp_alerts:
          - exp_labels: {instance: "serve-1:8080", severity: warning, nbamcp_type: Cache Hit Rate Low}
            exp_annotations: {summary: "serve-1:8080: response cache hit rate 50%", runbook: "nbamcp cache stats"}
"#;

#[test]
fn prometheus_rules_fire_above_the_guides_thresholds_and_not_below() {
    let rules = common::repo_root().join("commands/prometheus/nbamcp-alerts.yml");
    let rules = rules.to_str().unwrap();
    let (code, stdout, stderr) = run("promtool", "prometheus", &["check", "rules", rules], &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("SUCCESS: 4 rules found"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("nbamcp-alerts.test.yml");
    std::fs::write(
        &tests,
        format!("rule_files: ['{rules}']\n{PROMETHEUS_RULE_TESTS}"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        "promtool",
        "prometheus",
        &["test", "rules", tests.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("SUCCESS"), "{stdout}");

    // The same test fails when a rule does not fire: the check above can fail.
    let silent =
        std::fs::read_to_string(common::repo_root().join("commands/prometheus/nbamcp-alerts.yml"))
            .unwrap()
            .replace("> 0.05", "> 0.5");
    let silent_path = dir.path().join("silent.yml");
    std::fs::write(&silent_path, silent).unwrap();
    std::fs::write(
        &tests,
        format!(
            "rule_files: ['{}']\n{PROMETHEUS_RULE_TESTS}",
            silent_path.display()
        ),
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        "promtool",
        "prometheus",
        &["test", "rules", tests.to_str().unwrap()],
        &[],
    );
    assert_ne!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("alertname: HighErrorRate, time: 20m"),
        "{stderr}"
    );
    assert!(!stderr.contains("alertname: HighLatency"), "{stderr}");
}
