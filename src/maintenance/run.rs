//! Running a checklist: steps in order under the checklist's advisory lock, each result
//! recorded in PostgreSQL as it finishes, resumable from the step that did not finish.
//! No printing and no prompting here: the caller's [`Observer`] shows progress and asks.

use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::io::AsyncReadExt;

use crate::backup::create::Interrupt;
use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::Database;
use crate::config::Config;
use crate::error::{Error, ExitStatus, Result};
use crate::maintenance::checklist::{Action, Checklist, CommandStep, Step, VerifyLevel};
use crate::maintenance::{db as upkeep, logs, record};

/// What `maintenance run` was asked to do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunOptions {
    pub dry_run: bool,
    pub only: Vec<String>,
    pub from: Option<String>,
    #[serde(skip)]
    pub resume: Option<i64>,
    pub skip_manual: bool,
    pub confirm: Vec<String>,
    /// The time the age cutoffs count from [default: now].
    pub now: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub actor: String,
}

pub use crate::maintenance::status::{RunStatus, StepStatus};

/// A person's answer to a manual step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManualAnswer {
    Done,
    Skip,
    Abort,
}

/// Progress and questions, implemented by the command (terminal or log lines).
pub trait Observer {
    fn started(&mut self, position: usize, total: usize, step: &Step);
    fn finished(&mut self, position: usize, total: usize, step: &Step, report: &StepReport);
    /// Ask a person about a manual step; `None` when nobody can be asked (no terminal).
    fn ask(&mut self, step: &Step) -> Option<ManualAnswer>;
}

#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    /// 1-based, in the checklist.
    pub position: usize,
    pub name: String,
    pub kind: &'static str,
    pub title: String,
    pub status: StepStatus,
    pub duration_ms: u64,
    pub output: String,
    pub details: serde_json::Value,
    /// The step was finished by this earlier attempt of a resumed run and not run again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_attempt: Option<i32>,
    #[serde(skip)]
    pub exit: ExitStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// None for a dry run (nothing is recorded).
    pub run_id: Option<i64>,
    pub checklist: String,
    pub source: String,
    /// ok, failed, needs_attention, aborted, interrupted; dry_run for a dry run.
    pub status: RunStatus,
    pub dry_run: bool,
    pub attempt: i32,
    pub steps: Vec<StepReport>,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub exit: ExitStatus,
}

/// The steps to run, in checklist order: all, `--only`, or from `--from` on.
pub fn select(checklist: &Checklist, only: &[String], from: Option<&str>) -> Result<Vec<usize>> {
    let unknown = |flag: &str, name: &str| {
        Error::usage(
            flag,
            format!(
                "checklist {} has no step {name:?}; its steps: {}",
                checklist.name,
                checklist.step_names().join(", ")
            ),
        )
    };
    if !only.is_empty() {
        for name in only {
            if checklist.step(name).is_none() {
                return Err(unknown("--only", name));
            }
        }
        return Ok((0..checklist.steps.len())
            .filter(|&i| only.contains(&checklist.steps[i].name))
            .collect());
    }
    if let Some(from) = from {
        let start = checklist
            .steps
            .iter()
            .position(|s| s.name == from)
            .ok_or_else(|| unknown("--from", from))?;
        return Ok((start..checklist.steps.len()).collect());
    }
    Ok((0..checklist.steps.len()).collect())
}

fn check_confirm(checklist: &Checklist, confirm: &[String]) -> Result<()> {
    for name in confirm {
        match checklist.step(name) {
            Some(step) if matches!(step.action, Action::Manual(_)) => {}
            Some(step) => {
                return Err(Error::usage(
                    "--confirm",
                    format!("step {name:?} is a {} step, not a manual one", step.kind()),
                ));
            }
            None => {
                let manual: Vec<&str> = checklist
                    .steps
                    .iter()
                    .filter(|s| matches!(s.action, Action::Manual(_)))
                    .map(|s| s.name.as_str())
                    .collect();
                return Err(Error::usage(
                    "--confirm",
                    format!(
                        "checklist {} has no step {name:?}; its manual steps: {}",
                        checklist.name,
                        manual.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Run (or, with `dry_run`, preview) a checklist.
pub async fn run(
    config: &Config,
    checklist: &Checklist,
    options: &RunOptions,
    observer: &mut dyn Observer,
) -> Result<RunReport> {
    check_confirm(checklist, &options.confirm)?;
    let mut selected = select(checklist, &options.only, options.from.as_deref())?;
    let mut report = RunReport {
        run_id: None,
        checklist: checklist.name.clone(),
        source: checklist.source.to_string(),
        status: RunStatus::DryRun,
        dry_run: options.dry_run,
        attempt: 1,
        steps: Vec::new(),
        notes: Vec::new(),
        exit: ExitStatus::Success,
    };
    if options.dry_run {
        preview(config, checklist, options, &selected, &mut report, observer).await;
        return Ok(report);
    }

    let db = Database::connect(&config.database).await?;
    let mut lock = db
        .try_lock(
            "maintenance",
            &checklist.name,
            &format!("maintenance run {} by {}", checklist.name, options.actor),
        )
        .await?;
    let no_table = |e: Error| {
        e.context("cannot record the run, so nothing was done (has `nbamcp db migrate` run?)")
    };
    for id in record::mark_dead_runs(&db, &checklist.name)
        .await
        .map_err(no_table)?
    {
        if options.resume == Some(id) {
            continue;
        }
        report.notes.push(format!(
            "run #{id} of {} had died without finishing; marked interrupted (resume it with --resume {id})",
            checklist.name
        ));
    }

    let mut earlier: HashMap<String, record::StepRow> = HashMap::new();
    let run_id = match options.resume {
        Some(id) => {
            let run = record::get_run(&db, id)
                .await?
                .ok_or_else(|| Error::usage("--resume", format!("there is no run #{id}")))?;
            if run.checklist != checklist.name {
                return Err(Error::usage(
                    "--resume",
                    format!(
                        "run #{id} is a run of checklist {}, not {}",
                        run.checklist, checklist.name
                    ),
                ));
            }
            if run.status == RunStatus::Ok {
                return Err(Error::usage(
                    "--resume",
                    format!("run #{id} finished ok; there is nothing to resume"),
                ));
            }
            if run.checklist_sha256 != checklist.sha256 {
                report.notes.push(format!(
                    "checklist {} changed since run #{id} started; its steps are matched by name",
                    checklist.name
                ));
            }
            // The same selection as the run being resumed.
            let only: Vec<String> =
                serde_json::from_value(run.options["only"].clone()).unwrap_or_default();
            let from = run.options["from"].as_str().map(str::to_owned);
            selected = select(checklist, &only, from.as_deref())?;
            for step in record::steps_of(&db, id).await? {
                // A step skipped earlier is done now when --confirm names it.
                let confirmed_now =
                    step.status == StepStatus::Skipped && options.confirm.contains(&step.step);
                if matches!(step.status, StepStatus::Ok | StepStatus::Skipped) && !confirmed_now {
                    earlier.insert(step.step.clone(), step);
                }
            }
            report.attempt = record::reopen_run(&db, id).await?;
            id
        }
        None => {
            let recorded = serde_json::to_value(options).unwrap_or_default();
            record::start_run(
                &db,
                &checklist.name,
                &checklist.source.to_string(),
                &checklist.sha256,
                &options.actor,
                &recorded,
            )
            .await
            .map_err(no_table)?
        }
    };
    report.run_id = Some(run_id);

    let mut interrupt = Interrupt::new()?;
    let total = selected.len();
    let now = options.now.unwrap_or_else(Utc::now);
    let mut stopped: Option<(RunStatus, ExitStatus)> = None;
    let mut attention = false;
    for (n, &index) in selected.iter().enumerate() {
        let step = &checklist.steps[index];
        let position = n + 1;
        let mut step_report = StepReport {
            position: index + 1,
            name: step.name.clone(),
            kind: step.kind(),
            title: step.title(),
            status: StepStatus::Ok,
            duration_ms: 0,
            output: String::new(),
            details: serde_json::json!({}),
            from_attempt: None,
            exit: ExitStatus::Success,
        };
        if let Some(done) = earlier.get(&step.name) {
            step_report.status = done.status;
            step_report.duration_ms = done.duration_ms.unwrap_or(0).max(0) as u64;
            step_report.output = done.output.clone();
            step_report.details = done.details.clone();
            step_report.from_attempt = Some(done.attempt);
            observer.finished(position, total, step, &step_report);
            report.steps.push(step_report);
            continue;
        }
        // A signal that came while a person was asked, or while a result was recorded, and a
        // lock lost with its connection, stop the run before the next step starts.
        if let Some(why) = interrupt.pending().await {
            report.notes.push(format!(
                "{why} before step {}; resume with --resume {run_id}",
                step.name
            ));
            stopped = Some((RunStatus::Interrupted, ExitStatus::Failure));
            break;
        }
        if !lock.check(Duration::from_secs(10)).await {
            report.notes.push(format!(
                "the connection holding the lock of checklist {} was lost (did PostgreSQL \
                 restart?); stopped before step {} so that no second run can overlap; resume \
                 with --resume {run_id}",
                checklist.name, step.name
            ));
            stopped = Some((RunStatus::Interrupted, ExitStatus::Failure));
            break;
        }
        observer.started(position, total, step);
        let started = Instant::now();
        let mut interrupted: Option<&'static str> = None;
        if let Action::Manual(manual) = &step.action {
            let (status, output) = if options.confirm.contains(&step.name) {
                (
                    StepStatus::Ok,
                    format!("confirmed done by {} (--confirm)", options.actor),
                )
            } else if options.skip_manual {
                (StepStatus::Skipped, "skipped (--skip-manual)".to_owned())
            } else {
                match observer.ask(step) {
                    Some(ManualAnswer::Done) => {
                        (StepStatus::Ok, format!("done, said {}", options.actor))
                    }
                    Some(ManualAnswer::Skip) => {
                        (StepStatus::Skipped, format!("skipped by {}", options.actor))
                    }
                    Some(ManualAnswer::Abort) => {
                        stopped = Some((RunStatus::Aborted, ExitStatus::Refused));
                        (
                            StepStatus::Pending,
                            format!("the run was aborted here by {}", options.actor),
                        )
                    }
                    None => (
                        StepStatus::Pending,
                        format!(
                            "needs a person: {} (confirm with --resume {run_id} --confirm {})",
                            manual.instructions, step.name
                        ),
                    ),
                }
            };
            attention |= status == StepStatus::Pending;
            step_report.status = status;
            step_report.output = output;
        } else {
            record::step_started(
                &db,
                run_id,
                index + 1,
                &step.name,
                step.kind(),
                report.attempt,
            )
            .await
            .map_err(|e| {
                e.context(format!(
                    "could not record the start of step {}, so it was not run; resume with \
                     --resume {run_id}",
                    step.name
                ))
            })?;
            let env = StepEnv {
                config,
                db: &db,
                checklist,
                step,
                actor: &options.actor,
                run_id: Some(run_id),
                now,
            };
            let outcome = execute(&env, &mut interrupt).await;
            step_report.status = if outcome.ok {
                StepStatus::Ok
            } else {
                StepStatus::Failed
            };
            step_report.output = crate::redact::text(&outcome.output);
            step_report.details = outcome.details;
            step_report.exit = outcome.exit;
            interrupted = outcome.interrupted;
        }
        step_report.duration_ms = started.elapsed().as_millis() as u64;
        if let Err(e) = record::step_finished(
            &db,
            run_id,
            index + 1,
            &step.name,
            step.kind(),
            report.attempt,
            step_report.status,
            step_report.duration_ms as i64,
            &step_report.output,
            &step_report.details,
        )
        .await
        {
            let _ = record::finish_run(&db, run_id, RunStatus::Failed).await;
            return Err(e.context(format!(
                "step {} finished {} but its result could not be recorded; the run stops here \
                 (resume it with --resume {run_id}). The step said: {}",
                step.name,
                step_report.status.as_str(),
                step_report.output
            )));
        }
        observer.finished(position, total, step, &step_report);
        let failed = step_report.status == StepStatus::Failed;
        let exit = step_report.exit;
        report.steps.push(step_report);
        if let Some(why) = interrupted {
            report.notes.push(format!(
                "{why} during step {}; resume with --resume {run_id}",
                step.name
            ));
            stopped = Some((RunStatus::Interrupted, ExitStatus::Failure));
        } else if failed && step.continue_on_error {
            attention = true;
            continue;
        } else if failed {
            stopped = Some((RunStatus::Failed, exit));
        }
        if stopped.is_some() {
            break;
        }
    }
    let (status, exit) = match stopped {
        Some(s) => s,
        None if attention => (RunStatus::NeedsAttention, ExitStatus::ProblemFound),
        None => (RunStatus::Ok, ExitStatus::Success),
    };
    report.status = status;
    report.exit = exit;
    record::finish_run(&db, run_id, status).await.map_err(|e| {
        e.context(format!(
            "every step was recorded, but run #{run_id} is still marked running"
        ))
    })?;
    Ok(report)
}

/// What each step would do; nothing changes and nothing is recorded.
async fn preview(
    config: &Config,
    checklist: &Checklist,
    options: &RunOptions,
    selected: &[usize],
    report: &mut RunReport,
    observer: &mut dyn Observer,
) {
    let now = options.now.unwrap_or_else(Utc::now);
    let total = selected.len();
    for (n, &index) in selected.iter().enumerate() {
        let step = &checklist.steps[index];
        observer.started(n + 1, total, step);
        let started = Instant::now();
        let (status, output, details) =
            match preview_step(config, checklist, step, options, now).await {
                Ok((output, details)) => (StepStatus::Planned, output, details),
                Err(e) => {
                    report.exit = ExitStatus::Failure;
                    (StepStatus::Failed, e.report(), serde_json::json!({}))
                }
            };
        let step_report = StepReport {
            position: index + 1,
            name: step.name.clone(),
            kind: step.kind(),
            title: step.title(),
            status,
            duration_ms: started.elapsed().as_millis() as u64,
            output: crate::redact::text(&output),
            details,
            from_attempt: None,
            exit: ExitStatus::Success,
        };
        observer.finished(n + 1, total, step, &step_report);
        report.steps.push(step_report);
    }
}

async fn preview_step(
    config: &Config,
    checklist: &Checklist,
    step: &Step,
    options: &RunOptions,
    now: DateTime<Utc>,
) -> Result<(String, serde_json::Value)> {
    let none = serde_json::json!({});
    Ok(match &step.action {
        Action::Backup(b) => {
            let targets = crate::backup::targets(config, b.database.as_deref(), b.all)?;
            let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
            let store = crate::backup::Store::connect(config).await?;
            (
                format!(
                    "would back up {} to {} and verify ({})",
                    names.join(", "),
                    store.url(&format!("{}/", config.backup.prefix)),
                    b.verify.as_str()
                ),
                serde_json::json!({ "databases": names }),
            )
        }
        Action::ArchiveModels(a) => {
            let mlflow = Mlflow::new(&config.mlflow)?;
            let cutoff = now - chrono::Duration::from_std(a.older_than.0).unwrap_or_default();
            let (plans, kept) = crate::registry::ops::plan_archive_older_than(
                config,
                &mlflow,
                a.name.as_deref(),
                cutoff,
            )
            .await?;
            let versions: Vec<String> = plans
                .iter()
                .map(|p| format!("{} v{}", p.model, p.version))
                .collect();
            let out = archive_text(&versions, &kept, a, true);
            (
                out,
                serde_json::json!({ "archive": versions, "kept": kept }),
            )
        }
        Action::ClearLogs(c) => {
            let cutoff = now - chrono::Duration::from_std(c.older_than.0).unwrap_or_default();
            let r = logs::clear_logs(&c.path, cutoff, true, c.missing_ok)?;
            (
                clear_logs_text(&r),
                serde_json::to_value(&r).unwrap_or_default(),
            )
        }
        Action::VacuumAnalyze(t) | Action::Analyze(t) => (
            format!(
                "would run {} {} on {}",
                if matches!(step.action, Action::Analyze(_)) {
                    "ANALYZE"
                } else {
                    "VACUUM (ANALYZE)"
                },
                if t.tables.is_empty() {
                    "(every table)".to_owned()
                } else {
                    t.tables.join(", ")
                },
                crate::redact::url(&config.database.url)
            ),
            none,
        ),
        Action::TableSizes(_) => ("would report the table sizes".into(), none),
        Action::Health(_) => (format!("would {}", step.action.describe()), none),
        Action::CacheClear(c) => {
            let urls = crate::deploy::caches::replica_urls(config, &c.replicas)?;
            (
                format!(
                    "would clear the {} cache(s) on {}",
                    c.what.as_str(),
                    urls.join(", ")
                ),
                none,
            )
        }
        Action::Alert(a) => (
            format!(
                "would raise {} {}: {}",
                a.severity.as_str(),
                a.alert_type.as_deref().unwrap_or("Scheduled Maintenance"),
                alert_message(a, checklist, None, &options.actor)
            ),
            none,
        ),
        Action::Manual(m) => {
            let what = if options.confirm.contains(&step.name) {
                "would be recorded done (--confirm)".to_owned()
            } else if options.skip_manual {
                "would be skipped (--skip-manual)".to_owned()
            } else {
                "would ask (pending when no one can be asked)".to_owned()
            };
            (format!("{what}: {}", m.instructions), none)
        }
        Action::Command(c) => (
            format!("would run `{}` (timeout {})", c.run, c.timeout),
            none,
        ),
    })
}

fn alert_message(
    a: &crate::maintenance::checklist::AlertStep,
    checklist: &Checklist,
    run_id: Option<i64>,
    actor: &str,
) -> String {
    a.message.clone().unwrap_or_else(|| {
        format!(
            "{} maintenance{} started by {actor}: {}",
            checklist.name,
            run_id.map(|id| format!(" run #{id}")).unwrap_or_default(),
            checklist.description
        )
    })
}

/// What an archive step did (or would do): the versions, and what it left alone.
fn archive_text(
    versions: &[String],
    kept: &[crate::registry::ops::KeptVersion],
    a: &crate::maintenance::checklist::ArchiveStep,
    dry_run: bool,
) -> String {
    let mut out = if versions.is_empty() {
        format!("nothing older than {} to archive", a.older_than)
    } else {
        format!(
            "{} {} version(s): {}",
            if dry_run { "would archive" } else { "archived" },
            versions.len(),
            versions.join(", ")
        )
    };
    out.push_str(&kept_text(
        kept,
        if dry_run { "would keep" } else { "kept" },
    ));
    out
}

/// The versions an archive leaves alone: the production ones counted (every model has one),
/// the others named with the reason.
fn kept_text(kept: &[crate::registry::ops::KeptVersion], verb: &str) -> String {
    let production = |k: &&crate::registry::ops::KeptVersion| {
        k.policy == Some(crate::registry::change::KeepReason::InProduction)
    };
    let mut out = String::new();
    let n = kept.iter().filter(production).count();
    if n > 0 {
        out.push_str(&format!(
            "\n{verb} {n} production version(s) (never archived)"
        ));
    }
    for k in kept.iter().filter(|k| !production(k)) {
        out.push_str(&format!(
            "\n{verb} {} v{}: {}",
            k.model, k.version, k.reason
        ));
    }
    out
}

fn clear_logs_text(r: &logs::ClearLogsReport) -> String {
    if r.missing {
        return format!("no directory for {} (nothing to clear)", r.pattern);
    }
    let verb = if r.dry_run { "would delete" } else { "deleted" };
    let mut out = format!(
        "{verb} {} file(s) ({}) matching {} last changed before {}; kept {} younger",
        r.removed.len(),
        crate::units::short_bytes(r.bytes()),
        r.pattern,
        r.cutoff.format("%Y-%m-%d %H:%M UTC"),
        r.kept
    );
    for f in r.removed.iter().take(20) {
        out.push_str(&format!("\n  {}", f.path));
    }
    if r.removed.len() > 20 {
        out.push_str(&format!("\n  ... and {} more", r.removed.len() - 20));
    }
    out
}

struct StepEnv<'a> {
    config: &'a Config,
    db: &'a Database,
    checklist: &'a Checklist,
    step: &'a Step,
    actor: &'a str,
    run_id: Option<i64>,
    now: DateTime<Utc>,
}

struct Outcome {
    ok: bool,
    output: String,
    details: serde_json::Value,
    exit: ExitStatus,
    interrupted: Option<&'static str>,
}

impl Outcome {
    fn ok(output: String, details: serde_json::Value) -> Outcome {
        Outcome {
            ok: true,
            output,
            details,
            exit: ExitStatus::Success,
            interrupted: None,
        }
    }

    fn failed(output: String, details: serde_json::Value, exit: ExitStatus) -> Outcome {
        Outcome {
            ok: false,
            output,
            details,
            exit,
            interrupted: None,
        }
    }
}

async fn execute(env: &StepEnv<'_>, interrupt: &mut Interrupt) -> Outcome {
    // The backup and command steps handle Ctrl-C themselves (abort the upload, stop the
    // process group); the others are cut short where they stand.
    // VACUUM can run for a long time: Ctrl-C drops its connection and the server stops it.
    // The other steps are short and change things in several places (MLflow and the audit
    // log, a cache and its alert): they finish, and the signal stops the run after them.
    let result = match &env.step.action {
        Action::Backup(b) => backup(env, b, interrupt).await,
        Action::Command(c) => command(env, c, interrupt).await,
        Action::VacuumAnalyze(_) | Action::Analyze(_) => tokio::select! {
            r = execute_step(env) => r,
            why = interrupt.recv() => Err(Error::interrupted(why)),
        },
        _ => execute_step(env).await,
    };
    match result {
        Ok(outcome) => outcome,
        Err(e) => {
            let interrupted = interrupted_by(&e);
            Outcome {
                ok: false,
                output: e.report(),
                details: serde_json::json!({}),
                exit: e.exit_status(),
                interrupted,
            }
        }
    }
}

/// Whether a step's error means a signal stopped it, and which (as the run's notes name it).
/// The kind decides ([`Error::Interrupted`]); its text only says which signal. An operation
/// that still reports an interrupt as a plain failure is recognised by the signal's text.
fn interrupted_by(e: &Error) -> Option<&'static str> {
    const SIGNALS: [&str; 2] = ["interrupted (SIGINT)", "terminated (SIGTERM)"];
    let text = e.report();
    let named = SIGNALS.into_iter().find(|why| text.contains(why));
    match e {
        Error::Interrupted { .. } => Some(named.unwrap_or(SIGNALS[0])),
        _ => named,
    }
}

async fn execute_step(env: &StepEnv<'_>) -> Result<Outcome> {
    let config = env.config;
    let none = serde_json::json!({});
    let cutoff = |d: &crate::units::HumanDuration| {
        env.now - chrono::Duration::from_std(d.0).unwrap_or_default()
    };
    Ok(match &env.step.action {
        Action::ArchiveModels(a) => {
            let mlflow = Mlflow::new(&config.mlflow)?;
            let (plans, kept) = crate::registry::ops::plan_archive_older_than(
                config,
                &mlflow,
                a.name.as_deref(),
                cutoff(&a.older_than),
            )
            .await?;
            let reason = format!(
                "maintenance {} run #{}: older than {}",
                env.checklist.name,
                env.run_id.unwrap_or_default(),
                a.older_than
            );
            let mut report = crate::registry::ops::archive_planned(
                config,
                &mlflow,
                env.db,
                &plans,
                Some(&reason),
                env.actor,
            )
            .await;
            report.kept = kept;
            let archived: Vec<String> = report
                .archived
                .iter()
                .map(|p| format!("{} v{}", p.model, p.version))
                .collect();
            let mut out = archive_text(&archived, &report.kept, a, false);
            for f in &report.failed {
                out.push_str(&format!(
                    "\nFAILED {} v{}: {}",
                    f.model, f.version, f.reason
                ));
            }
            let details = serde_json::json!({
                "archived": archived,
                "kept": report.kept,
                "failed": report.failed,
            });
            if report.failed.is_empty() {
                Outcome::ok(out, details)
            } else {
                Outcome::failed(out, details, report.exit_status())
            }
        }
        Action::ClearLogs(c) => {
            let r = logs::clear_logs(&c.path, cutoff(&c.older_than), false, c.missing_ok)?;
            Outcome::ok(
                clear_logs_text(&r),
                serde_json::to_value(&r).unwrap_or(none),
            )
        }
        Action::VacuumAnalyze(t) | Action::Analyze(t) => {
            let analyze_only = matches!(env.step.action, Action::Analyze(_));
            let r = upkeep::vacuum(env.db, &t.tables, analyze_only).await?;
            Outcome::ok(
                format!("{}: done in {:.1}s", r.statement, r.seconds),
                serde_json::to_value(&r).unwrap_or(none),
            )
        }
        Action::TableSizes(t) => {
            let tables = upkeep::table_sizes(env.db, &t.schemas, t.limit).await?;
            let width = tables
                .iter()
                .map(|t| t.schema.len() + t.table.len() + 1)
                .max()
                .unwrap_or(0);
            let mut out = format!("{} table(s), largest first:", tables.len());
            for t in &tables {
                out.push_str(&format!(
                    "\n  {:<width$}  {:>10}",
                    format!("{}.{}", t.schema, t.table),
                    crate::units::short_bytes(t.total_bytes.max(0) as u64)
                ));
            }
            Outcome::ok(out, serde_json::json!({ "tables": tables }))
        }
        Action::Health(h) => {
            let mut report = crate::health::check(config, &h.components).await;
            if h.record {
                let services = crate::services::Services::new(config.clone(), env.actor);
                crate::health::record(&services, &mut report).await;
            }
            let mut out = format!(
                "{:?}: {}/{} components healthy",
                report.status, report.healthy_components, report.total_components
            )
            .to_lowercase();
            for c in report
                .components
                .iter()
                .filter(|c| c.status != crate::health::Status::Healthy)
            {
                out.push_str(&format!("\n  {} {:?}: {}", c.name, c.status, c.detail));
            }
            let details = serde_json::to_value(&report).unwrap_or(none);
            if report.is_healthy() {
                Outcome::ok(out, details)
            } else {
                Outcome::failed(out, details, ExitStatus::ProblemFound)
            }
        }
        Action::CacheClear(c) => {
            let urls = crate::deploy::caches::replica_urls(config, &c.replicas)?;
            let r =
                crate::deploy::caches::clear_in(env.db, config, c.what, &urls, env.actor).await?;
            let out = r.summary().trim_end().to_owned();
            let details = serde_json::to_value(&r).unwrap_or(none);
            if r.replicas.iter().any(|r| r.error.is_some()) {
                Outcome::failed(out, details, ExitStatus::Failure)
            } else {
                Outcome::ok(out, details)
            }
        }
        Action::Alert(a) => {
            let alert_type = a.alert_type.as_deref().unwrap_or("Scheduled Maintenance");
            let message = alert_message(a, env.checklist, env.run_id, env.actor);
            let id = crate::alerts::Alerts::new(&env.config.alerts.webhook)
                .raise(
                    env.db,
                    (a.severity, alert_type),
                    &message,
                    "maintenance",
                    serde_json::json!({
                        "checklist": env.checklist.name,
                        "run_id": env.run_id,
                        "step": env.step.name,
                    }),
                )
                .await?;
            Outcome::ok(
                format!(
                    "alert #{id} {} {alert_type}: {message}",
                    a.severity.as_str()
                ),
                serde_json::json!({ "alert_id": id }),
            )
        }
        Action::Backup(_) | Action::Command(_) | Action::Manual(_) => {
            unreachable!("run by execute / decided by the runner")
        }
    })
}

async fn backup(
    env: &StepEnv<'_>,
    b: &crate::maintenance::checklist::BackupStep,
    interrupt: &mut Interrupt,
) -> Result<Outcome> {
    use crate::backup::{Store, create, prune, restore};
    let config = env.config;
    let targets = crate::backup::targets(config, b.database.as_deref(), b.all)?;
    let store = Store::connect(config).await?;
    let options = create::CreateOptions {
        label: Some(format!(
            "maintenance {} run #{}",
            env.checklist.name,
            env.run_id.unwrap_or_default()
        )),
        compression: config.backup.compression,
        part_size: config.backup.part_size.0,
        pg_bin_dir: config.backup.pg_bin_dir.clone(),
        stall_timeout: config.backup.stall_timeout.0,
    };
    let holder = format!("backup create by {} (maintenance)", env.actor);
    let hidden = crate::progress::Hidden;
    let mut lines = Vec::new();
    let mut details = Vec::new();
    let mut problem = false;
    for target in &targets {
        let created = create::create(&store, target, &options, &holder, &hidden, interrupt).await?;
        let m = &created.manifest;
        lines.push(format!(
            "backup {} of {}: {} in {:.1}s, sha256 {}…",
            m.id,
            m.database,
            crate::units::short_bytes(m.bytes),
            created.seconds,
            &m.sha256[..16.min(m.sha256.len())]
        ));
        let verified = if b.verify == VerifyLevel::None {
            None
        } else {
            let r = restore::verify(
                &store,
                m,
                config.backup.pg_bin_dir.as_deref(),
                (b.verify == VerifyLevel::Restore).then_some(&config.database),
                &hidden,
            )
            .await?;
            if !r.ok
                && let Some(why) = interrupt.pending().await
            {
                // The signal reached pg_restore too (it shares nbamcp's process group): the
                // verification was cut short, not failed.
                return Err(Error::interrupted(format!(
                    "{why} while verifying backup {id}: the backup was made and uploaded, its \
                     verification was cut short (verification.json says failed) — verify it \
                     again with `nbamcp backup verify {id}{restore}`",
                    id = m.id,
                    restore = if b.verify == VerifyLevel::Restore {
                        " --restore"
                    } else {
                        ""
                    }
                )));
            }
            problem |= !r.ok;
            lines.push(r.summary().trim_end().to_owned());
            Some(r)
        };
        details.push(serde_json::json!({ "backup": created, "verification": verified }));
    }
    if b.prune && !problem {
        let plan = prune::by_config(&store, config).await?;
        lines.push(format!(
            "pruned {} backup(s), {} incomplete",
            plan.delete.len(),
            plan.incomplete.len()
        ));
    }
    let details = serde_json::json!({ "backups": details });
    Ok(if problem {
        Outcome::failed(lines.join("\n"), details, ExitStatus::ProblemFound)
    } else {
        Outcome::ok(lines.join("\n"), details)
    })
}

/// What a command step's output keeps: the last 64 KiB of stdout and stderr as they came.
const OUTPUT_TAIL: usize = 64 << 10;

async fn command(env: &StepEnv<'_>, c: &CommandStep, interrupt: &mut Interrupt) -> Result<Outcome> {
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "nbamcp".into());
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c")
        .arg(&c.run)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NBAMCP", &exe)
        .env("NBAMCP_CHECKLIST", &env.checklist.name)
        .env("NBAMCP_STEP", &env.step.name)
        .env(
            "NBAMCP_RUN_ID",
            env.run_id.map(|i| i.to_string()).unwrap_or_default(),
        )
        // Its own process group, so a timeout or Ctrl-C ends everything it started.
        .process_group(0)
        .kill_on_drop(true);
    // SAFETY: prctl is async-signal-safe; it only asks the kernel to kill the child if
    // nbamcp itself dies (e.g. SIGKILL) before the child ends.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::failed_with(format!("cannot start `sh -c {}`: {e}", c.run), e))?;
    let pgid = child.id().map(|p| p as i32);
    let tail = Arc::new(Mutex::new(Vec::<u8>::new()));
    let mut readers = Vec::new();
    for pipe in [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn tokio::io::AsyncRead + Unpin + Send>),
    ]
    .into_iter()
    .flatten()
    {
        let tail = tail.clone();
        readers.push(tokio::spawn(async move {
            let mut pipe = pipe;
            let mut buf = [0u8; 8192];
            loop {
                match pipe.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                        t.extend_from_slice(&buf[..n]);
                        if t.len() > 2 * OUTPUT_TAIL {
                            let cut = t.len() - OUTPUT_TAIL;
                            t.drain(..cut);
                        }
                    }
                }
            }
        }));
    }
    let started = Instant::now();
    enum End {
        Exited(std::process::ExitStatus),
        TimedOut,
        Interrupted(&'static str),
    }
    let end = tokio::select! {
        status = child.wait() => End::Exited(status.map_err(|e| Error::failed_with(format!("waiting for the command: {e}"), e))?),
        _ = tokio::time::sleep(c.timeout.0) => End::TimedOut,
        why = interrupt.recv() => End::Interrupted(why),
    };
    if !matches!(end, End::Exited(_)) {
        stop_group(pgid, &mut child).await;
    }
    for r in readers {
        // A grandchild holding the pipes open must not hold the run: give up after a moment.
        let _ = tokio::time::timeout(Duration::from_secs(2), r).await;
    }
    let bytes = tail.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let text = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(OUTPUT_TAIL)..])
        .trim_end()
        .to_owned();
    let seconds = started.elapsed().as_secs_f64();
    let with_output = |head: String| {
        if text.is_empty() {
            head
        } else {
            format!("{head}\n{text}")
        }
    };
    Ok(match end {
        End::Exited(status) if status.success() => Outcome::ok(
            with_output(format!("`{}` exited 0 after {seconds:.1}s", c.run)),
            serde_json::json!({ "exit_code": 0 }),
        ),
        End::Exited(status) => {
            let how = match status.code() {
                Some(code) => format!("exited {code}"),
                None => {
                    use std::os::unix::process::ExitStatusExt;
                    format!("was killed by signal {}", status.signal().unwrap_or(0))
                }
            };
            Outcome::failed(
                with_output(format!("`{}` {how} after {seconds:.1}s", c.run)),
                serde_json::json!({ "exit_code": status.code() }),
                ExitStatus::Failure,
            )
        }
        End::TimedOut => Outcome::failed(
            with_output(format!(
                "`{}` did not finish within {} (timeout); its processes were stopped",
                c.run, c.timeout
            )),
            serde_json::json!({ "timed_out": true }),
            ExitStatus::Failure,
        ),
        End::Interrupted(why) => Outcome {
            ok: false,
            output: with_output(format!("`{}` stopped: nbamcp was {why}", c.run)),
            details: serde_json::json!({ "interrupted": why }),
            exit: ExitStatus::Failure,
            interrupted: Some(why),
        },
    })
}

/// SIGTERM to the command's process group; SIGKILL to whatever of it is left 5 s later.
async fn stop_group(pgid: Option<i32>, child: &mut tokio::process::Child) {
    if let Some(pgid) = pgid {
        // SAFETY: kill(2) on the process group of our own child.
        unsafe { libc::kill(-pgid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let _ = child.try_wait();
            // Signal 0: does any process of the group remain?
            let alive = unsafe { libc::kill(-pgid, 0) } == 0;
            if !alive {
                break;
            }
            if Instant::now() >= deadline {
                unsafe { libc::kill(-pgid, libc::SIGKILL) };
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let _ = child.kill().await;
}
