//! `maintenance list|show|run|history|show-run`: checklists as code.

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::{MaintenanceCommand, MaintenanceHistoryArgs, MaintenanceRunArgs};
use crate::commands::Context;
use crate::output::{OutputFormat, Render, Style, short_duration};
use nbamcp::clients::postgres::Database;
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::maintenance::checklist::{self, Checklist, Step};
use nbamcp::maintenance::record::{self, RunSummary, StepRow};
use nbamcp::maintenance::run::{
    self, ManualAnswer, Observer, RunOptions, RunReport, RunStatus, StepReport, StepStatus,
};

pub async fn run(ctx: &Context, command: &MaintenanceCommand) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    match command {
        MaintenanceCommand::List => list(ctx, &config),
        MaintenanceCommand::Show { checklist } => {
            let checklist = checklist::load(&config, checklist)?;
            ctx.printer.print(&ChecklistView::from(&checklist))?;
            Ok(ExitStatus::Success)
        }
        MaintenanceCommand::Run(args) => run_checklist(ctx, &config, args).await,
        MaintenanceCommand::History(args) => history(ctx, &config, args).await,
        MaintenanceCommand::ShowRun { run_id } => show_run(ctx, &config, *run_id).await,
    }
}

fn millis(ms: u64) -> String {
    short_duration(Duration::from_millis(ms))
}

// ------------------------------------------------------------------ list, show

#[derive(Debug, Serialize)]
struct StepView {
    name: String,
    kind: &'static str,
    title: String,
    /// What it does, in words.
    does: String,
    continue_on_error: bool,
}

#[derive(Debug, Serialize)]
struct ChecklistView {
    name: String,
    source: String,
    description: String,
    schedule: Option<String>,
    sha256: String,
    steps: Vec<StepView>,
}

impl From<&Checklist> for ChecklistView {
    fn from(c: &Checklist) -> Self {
        ChecklistView {
            name: c.name.clone(),
            source: c.source.to_string(),
            description: c.description.clone(),
            schedule: c.schedule.clone(),
            sha256: c.sha256.clone(),
            steps: c
                .steps
                .iter()
                .map(|s| StepView {
                    name: s.name.clone(),
                    kind: s.kind(),
                    title: s.title(),
                    does: s.action.describe(),
                    continue_on_error: s.continue_on_error,
                })
                .collect(),
        }
    }
}

impl Render for ChecklistView {
    fn render_human(&self, style: &Style) -> String {
        let mut out = format!("{} ({}): {}\n", self.name, self.source, self.description);
        if let Some(schedule) = &self.schedule {
            out.push_str(&format!("schedule: {schedule}\n"));
        }
        let mut table = style.table(&["#", "STEP", "KIND", "WHAT"]);
        for (i, s) in self.steps.iter().enumerate() {
            let mut what = s.title.clone();
            if s.does != s.title {
                what.push_str(&format!("\n{}", s.does));
            }
            if s.continue_on_error {
                what.push_str("\n(continues on error)");
            }
            table.add_row(vec![
                style.cell(i + 1, None),
                style.cell(&s.name, None),
                style.cell(s.kind, None),
                style.cell(what, None),
            ]);
        }
        out.push_str(&style.render_table(&table));
        out
    }
}

#[derive(Debug, Serialize)]
struct ListedChecklist {
    name: String,
    source: String,
    description: Option<String>,
    steps: Vec<String>,
    /// Why it cannot be used.
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChecklistList {
    checklists: Vec<ListedChecklist>,
}

impl Render for ChecklistList {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&["CHECKLIST", "SOURCE", "STEPS", "DESCRIPTION"]);
        for c in &self.checklists {
            let (steps, description) = match &c.error {
                None => (
                    c.steps.join(", "),
                    style.cell(c.description.as_deref().unwrap_or(""), None),
                ),
                Some(e) => (
                    "-".into(),
                    style.cell(format!("INVALID: {e}"), Some(comfy_table::Color::Red)),
                ),
            };
            table.add_row(vec![
                style.cell(&c.name, None),
                style.cell(&c.source, None),
                style.cell(steps, None),
                description,
            ]);
        }
        style.render_table(&table)
    }
}

fn list(ctx: &Context, config: &nbamcp::config::Config) -> Result<ExitStatus> {
    let mut checklists = Vec::new();
    let mut invalid = 0;
    for (name, source, parsed) in checklist::load_all(config) {
        checklists.push(match parsed {
            Ok(c) => ListedChecklist {
                name,
                source: source.to_string(),
                description: Some(c.description.clone()),
                steps: c.step_names().iter().map(|s| s.to_string()).collect(),
                error: None,
            },
            Err(e) => {
                invalid += 1;
                ListedChecklist {
                    name,
                    source: source.to_string(),
                    description: None,
                    steps: Vec::new(),
                    error: Some(e.to_string()),
                }
            }
        });
    }
    ctx.printer.print(&ChecklistList { checklists })?;
    if invalid > 0 {
        eprintln!("error: {invalid} checklist(s) cannot be used (see above)");
        return Ok(ExitStatus::Usage);
    }
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ run

/// Shows progress and asks about manual steps: a bar on a terminal, a line per step otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    /// Where step lines go when there is no bar: stdout for table output (they are the
    /// report), stderr for json/yaml (stdout is the document), nowhere with -q.
    lines_to_stdout: bool,
    quiet: bool,
    interactive: bool,
}

impl Progress {
    fn line(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.println(text);
        } else if self.lines_to_stdout {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{text}");
            let _ = out.flush();
        } else if !self.quiet {
            eprintln!("{text}");
        }
    }
}

fn step_line(position: usize, total: usize, report: &StepReport) -> String {
    let mut lines = report.output.lines();
    let first = lines.next().unwrap_or("");
    let earlier = report
        .from_attempt
        .map(|a| format!(" (done by attempt {a})"))
        .unwrap_or_default();
    let mut text = format!(
        "[{position}/{total}] {:<22} {:<8} {:>6}  {first}{earlier}",
        report.name,
        report.status.as_str(),
        millis(report.duration_ms),
    );
    // The rest of the output (a failure's cause, the table sizes, the files deleted), so that
    // a cron mail has it.
    for l in lines.by_ref().take(60) {
        text.push_str(&format!("\n      {l}"));
    }
    if lines.next().is_some() {
        text.push_str("\n      ... (see `nbamcp maintenance show-run`)");
    }
    text
}

impl Observer for Progress {
    fn started(&mut self, position: usize, total: usize, step: &Step) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(position as u64 - 1);
            bar.set_message(format!("{}: {}", step.name, step.title()));
        }
    }

    fn finished(&mut self, position: usize, total: usize, _step: &Step, report: &StepReport) {
        self.line(&step_line(position, total, report));
        if let Some(bar) = &self.bar {
            bar.set_position(position as u64);
        }
    }

    fn ask(&mut self, step: &Step) -> Option<ManualAnswer> {
        if !self.interactive {
            return None;
        }
        let checklist::Action::Manual(manual) = &step.action else {
            return None;
        };
        let ask = || {
            match &step.title {
                Some(title) => eprintln!("\n{title}\n  {}", manual.instructions),
                None => eprintln!("\n{}", manual.instructions),
            }
            dialoguer::Select::new()
                .with_prompt(format!("step {}", step.name))
                .items(["done", "skip", "abort the run"])
                .default(0)
                .interact()
                .ok()
        };
        let choice = match &self.bar {
            Some(bar) => bar.suspend(ask),
            None => ask(),
        };
        Some(match choice {
            Some(0) => ManualAnswer::Done,
            Some(1) => ManualAnswer::Skip,
            _ => ManualAnswer::Abort,
        })
    }
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
struct RunView<'a> {
    report: &'a RunReport,
    /// The step lines were already printed on stdout as they finished.
    #[serde(skip)]
    streamed: bool,
}

impl Render for RunView<'_> {
    fn render_human(&self, style: &Style) -> String {
        let r = self.report;
        let mut out = String::new();
        if !self.streamed {
            let mut table = style.table(&["#", "STEP", "STATUS", "TIME", "OUTPUT"]);
            for s in &r.steps {
                let color = match s.status {
                    StepStatus::Ok => Some(comfy_table::Color::Green),
                    StepStatus::Failed => Some(comfy_table::Color::Red),
                    StepStatus::Pending => Some(comfy_table::Color::Yellow),
                    _ => None,
                };
                let mut output = s.output.clone();
                if let Some(a) = s.from_attempt {
                    output.push_str(&format!("\n(done by attempt {a})"));
                }
                table.add_row(vec![
                    style.cell(s.position, None),
                    style.cell(&s.name, None),
                    style.cell(s.status.as_str(), color),
                    style.cell(millis(s.duration_ms), None),
                    style.cell(output, None),
                ]);
            }
            out.push_str(&style.render_table(&table));
        }
        for note in &r.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        let count = |status: StepStatus| r.steps.iter().filter(|s| s.status == status).count();
        let total_ms: u64 = r
            .steps
            .iter()
            .filter(|s| s.from_attempt.is_none())
            .map(|s| s.duration_ms)
            .sum();
        let counts = [
            (StepStatus::Ok, "ok"),
            (StepStatus::Failed, "failed"),
            (StepStatus::Skipped, "skipped"),
            (StepStatus::Pending, "pending"),
            (StepStatus::Planned, "planned"),
        ]
        .iter()
        .filter_map(|(s, word)| match count(*s) {
            0 => None,
            n => Some(format!("{n} {word}")),
        })
        .collect::<Vec<_>>()
        .join(", ");
        let head = match r.run_id {
            Some(id) => format!("run #{id} of {}", r.checklist),
            None => format!(
                "dry run of {}: nothing was changed or recorded",
                r.checklist
            ),
        };
        let status = match r.status {
            RunStatus::Ok => "done".to_owned(),
            RunStatus::NeedsAttention => "NEEDS ATTENTION".to_owned(),
            RunStatus::DryRun => String::new(),
            other => other.as_str().to_uppercase(),
        };
        out.push_str(&format!(
            "{head}{}{} ({} step(s): {counts}) in {}\n",
            if status.is_empty() { "" } else { ": " },
            status,
            r.steps.len(),
            millis(total_ms)
        ));
        // How to name the checklist again: its name, or the file it was read from.
        let again = if r.source == "built-in" {
            r.checklist.as_str()
        } else {
            r.source.as_str()
        };
        if let Some(id) = r.run_id {
            match r.status {
                RunStatus::Failed | RunStatus::Interrupted | RunStatus::Aborted => out.push_str(
                    &format!("fix the cause, then: nbamcp maintenance run {again} --resume {id}\n"),
                ),
                RunStatus::NeedsAttention
                    if r.steps.iter().any(|s| s.status == StepStatus::Pending) =>
                {
                    let pending: Vec<&str> = r
                        .steps
                        .iter()
                        .filter(|s| s.status == StepStatus::Pending)
                        .map(|s| s.name.as_str())
                        .collect();
                    out.push_str(&format!(
                        "when done by hand: nbamcp maintenance run {again} --resume {id} --confirm {}\n",
                        pending.join(",")
                    ));
                }
                _ => {}
            }
        }
        out
    }
}

async fn run_checklist(
    ctx: &Context,
    config: &nbamcp::config::Config,
    args: &MaintenanceRunArgs,
) -> Result<ExitStatus> {
    let checklist = checklist::load(config, &args.checklist)?;
    let options = RunOptions {
        dry_run: args.dry_run,
        only: args.only.clone(),
        from: args.from.clone(),
        resume: args.resume,
        skip_manual: args.skip_manual,
        confirm: args.confirm.clone(),
        now: args.now,
        actor: ctx.actor(),
    };
    // Unknown step names are usage errors before anything is asked.
    let selected = run::select(&checklist, &args.only, args.from.as_deref())?;
    if !args.dry_run {
        let what = match args.resume {
            Some(id) => format!("resume run #{id} of checklist {}", checklist.name),
            None => format!(
                "run checklist {} ({} step(s): {})",
                checklist.name,
                selected.len(),
                selected
                    .iter()
                    .map(|&i| checklist.steps[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        ctx.ui.confirm(
            &format!(
                "{what} against {}?",
                nbamcp::redact::url(&config.database.url)
            ),
            args.yes,
        )?;
    }
    let table = ctx.global.output == OutputFormat::Table;
    let bar = ctx.ui.progress.then(|| {
        let bar = ProgressBar::with_draw_target(
            Some(selected.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len}] {wide_msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    });
    let mut progress = Progress {
        lines_to_stdout: bar.is_none() && table,
        bar,
        quiet: ctx.global.quiet,
        interactive: ctx.ui.interactive,
    };
    let result = run::run(config, &checklist, &options, &mut progress).await;
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    let report = result?;
    ctx.printer.print(&RunView {
        report: &report,
        streamed: progress.lines_to_stdout || progress.bar.is_some(),
    })?;
    Ok(report.exit)
}

// ------------------------------------------------------------------ history, show-run

#[derive(Debug, Serialize)]
struct History {
    runs: Vec<RunSummary>,
}

fn run_duration(started: DateTime<Utc>, finished: Option<DateTime<Utc>>) -> String {
    match finished {
        Some(f) => short_duration((f - started).to_std().unwrap_or_default()),
        None => "-".into(),
    }
}

impl Render for History {
    fn render_human(&self, style: &Style) -> String {
        if self.runs.is_empty() {
            return "no maintenance runs recorded\n".into();
        }
        let mut table = style.table(&[
            "RUN",
            "CHECKLIST",
            "STARTED",
            "TOOK",
            "STATUS",
            "STEPS",
            "BY",
            "ATTEMPTS",
        ]);
        for r in &self.runs {
            let color = match r.status {
                RunStatus::Ok => Some(comfy_table::Color::Green),
                RunStatus::Running => None,
                RunStatus::NeedsAttention => Some(comfy_table::Color::Yellow),
                _ => Some(comfy_table::Color::Red),
            };
            let steps = [
                (r.ok, "ok"),
                (r.failed, "failed"),
                (r.skipped, "skipped"),
                (r.pending, "pending"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect::<Vec<_>>()
            .join(", ");
            table.add_row(vec![
                style.cell(r.id, None),
                style.cell(&r.checklist, None),
                style.cell(r.started_at.format("%Y-%m-%d %H:%M UTC"), None),
                style.cell(run_duration(r.started_at, r.finished_at), None),
                style.cell(r.status, color),
                style.cell(steps, None),
                style.cell(&r.actor, None),
                style.cell(r.attempts, None),
            ]);
        }
        style.render_table(&table)
    }
}

async fn history(
    ctx: &Context,
    config: &nbamcp::config::Config,
    args: &MaintenanceHistoryArgs,
) -> Result<ExitStatus> {
    let db = Database::connect(&config.database).await?;
    let runs = record::history(&db, args.checklist.as_deref(), args.limit).await?;
    ctx.printer.print(&History { runs })?;
    Ok(ExitStatus::Success)
}

#[derive(Debug, Serialize)]
struct RunDetail {
    run: record::RunRow,
    steps: Vec<StepRow>,
}

impl Render for RunDetail {
    fn render_human(&self, style: &Style) -> String {
        let r = &self.run;
        let mut out = format!(
            "run #{} of {} ({}), started {} by {}, {}, status {}{}\n",
            r.id,
            r.checklist,
            r.source,
            r.started_at.format("%Y-%m-%d %H:%M:%S UTC"),
            r.actor,
            match r.finished_at {
                Some(_) => format!("took {}", run_duration(r.started_at, r.finished_at)),
                None => "not finished".into(),
            },
            r.status,
            if r.attempts > 1 {
                format!(", {} attempts", r.attempts)
            } else {
                String::new()
            }
        );
        if self.steps.is_empty() {
            out.push_str("no step recorded\n");
            return out;
        }
        let mut table = style.table(&["#", "STEP", "KIND", "STATUS", "TIME", "ATTEMPT", "OUTPUT"]);
        for s in &self.steps {
            table.add_row(vec![
                style.cell(s.position, None),
                style.cell(&s.step, None),
                style.cell(&s.kind, None),
                style.cell(s.status, None),
                style.cell(
                    s.duration_ms
                        .map(|ms| millis(ms.max(0) as u64))
                        .unwrap_or_else(|| "-".into()),
                    None,
                ),
                style.cell(s.attempt, None),
                style.cell(&s.output, None),
            ]);
        }
        out.push_str(&style.render_table(&table));
        out
    }
}

async fn show_run(ctx: &Context, config: &nbamcp::config::Config, id: i64) -> Result<ExitStatus> {
    let db = Database::connect(&config.database).await?;
    let run = record::get_run(&db, id)
        .await?
        .ok_or_else(|| Error::usage("RUN_ID", format!("there is no maintenance run #{id}")))?;
    let steps = record::steps_of(&db, id).await?;
    ctx.printer.print(&RunDetail { run, steps })?;
    Ok(ExitStatus::Success)
}
