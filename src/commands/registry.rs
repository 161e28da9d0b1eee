use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cli::{
    ArchiveArgs, HistoryArgs, PromoteArgs, PromoteTarget, RegistryCommand, RegistryListArgs,
    RegistryShowArgs, RollbackArgs,
};
use crate::commands::Context;
use crate::output::{Render, Style, short_duration};
use nbamcp::audit::{self, Event};
use nbamcp::clients::mlflow::Mlflow;
use nbamcp::clients::postgres::{AdvisoryLock, Database};
use nbamcp::config::Config;
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::registry::ops::{self, ArchiveReport, PlanReport};
use nbamcp::registry::{self, ListFilter, Plan, PlanKind, Stage, VersionRow};
use nbamcp::types::ModelVersion;

pub async fn run(ctx: &Context, command: &RegistryCommand) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let mlflow = Mlflow::new(&config.mlflow)?;
    match command {
        RegistryCommand::List(args) => list(ctx, &config, &mlflow, args).await,
        RegistryCommand::Show(args) => show(ctx, &config, &mlflow, args).await,
        RegistryCommand::Promote(args) => promote(ctx, &config, &mlflow, args).await,
        RegistryCommand::Rollback(args) => rollback(ctx, &config, &mlflow, args).await,
        RegistryCommand::Archive(args) => archive(ctx, &config, &mlflow, args).await,
        RegistryCommand::History(args) => history(ctx, &config, args).await,
    }
}

// ---------------------------------------------------------------- list

#[derive(Debug, Serialize)]
struct ListReport {
    models: Vec<VersionRow>,
    total: usize,
    /// HTTP requests made to MLflow for this listing.
    mlflow_requests: usize,
}

impl Render for ListReport {
    fn render_human(&self, style: &Style) -> String {
        let metric = self
            .models
            .first()
            .map(|r| r.metric.to_ascii_uppercase())
            .unwrap_or_else(|| "METRIC".into());
        let mut table = style.table(&[
            "MODEL", "VERSION", "STAGE", "ALIASES", "STATUS", "CREATED", "AGE", &metric, "RUN",
        ]);
        for row in &self.models {
            table.add_row(vec![
                style.cell(&row.name, None),
                style.cell(format!("v{}", row.version), None),
                style.cell(row.stage, stage_color(row.stage)),
                style.cell(row.aliases.join(","), None),
                style.cell(&row.status, None),
                style.cell(
                    row.created_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                    None,
                ),
                style.cell(row.age.map(short_duration).unwrap_or_default(), None),
                style.cell(
                    row.metric_value
                        .map(|v| format!("{v:.4}"))
                        .unwrap_or_else(|| "-".into()),
                    None,
                ),
                style.cell(row.run_id.as_deref().map(short_id).unwrap_or("-"), None),
            ]);
        }
        if self.models.is_empty() {
            return "no model versions match\n".into();
        }
        format!("{}{} version(s)\n", style.render_table(&table), self.total)
    }
}

fn stage_color(stage: Stage) -> Option<comfy_table::Color> {
    match stage {
        Stage::Production => Some(comfy_table::Color::Green),
        Stage::Staging => Some(comfy_table::Color::Yellow),
        Stage::Archived => Some(comfy_table::Color::DarkGrey),
        Stage::None => None,
    }
}

fn short_id(id: &str) -> &str {
    &id[..id.len().min(8)]
}

async fn list(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    args: &RegistryListArgs,
) -> Result<ExitStatus> {
    let now = args.now.unwrap_or_else(Utc::now);
    let filter = ListFilter {
        name: args.name.clone(),
        stage: args.stage.map(Into::into),
        created_before: args.older_than.map(|d| now - chrono_duration(d.0)),
        page_size: args.page_size,
    };
    let rows = registry::list_versions(mlflow, &filter, &config.registry.key_metric, now).await?;
    ctx.printer.print(&ListReport {
        total: rows.len(),
        models: rows,
        mlflow_requests: mlflow.requests_sent(),
    })?;
    Ok(ExitStatus::Success)
}

fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

// ---------------------------------------------------------------- show

#[derive(Debug, Serialize)]
struct ShowReport {
    name: String,
    version: String,
    stage: Stage,
    aliases: Vec<String>,
    status: String,
    created_at: Option<DateTime<Utc>>,
    last_updated_at: Option<DateTime<Utc>>,
    description: Option<String>,
    source: Option<String>,
    artifact_uri: Option<String>,
    run_id: Option<String>,
    metrics: BTreeMap<String, f64>,
    params: BTreeMap<String, String>,
    tags: BTreeMap<String, String>,
    /// This version's audit events, newest first; null when the database could not be read.
    history: Option<Vec<Event>>,
}

impl Render for ShowReport {
    fn render_human(&self, style: &Style) -> String {
        let mut out = format!("{} v{}\n", self.name, self.version);
        let time = |t: &Option<DateTime<Utc>>| {
            t.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default()
        };
        let fields = [
            ("stage", self.stage.to_string()),
            ("aliases", self.aliases.join(", ")),
            ("status", self.status.clone()),
            ("created", time(&self.created_at)),
            ("updated", time(&self.last_updated_at)),
            ("source", self.source.clone().unwrap_or_default()),
            ("artifacts", self.artifact_uri.clone().unwrap_or_default()),
            ("run", self.run_id.clone().unwrap_or_default()),
        ];
        for (key, value) in fields {
            out.push_str(&format!("  {key:<10} {value}\n"));
        }
        for (title, map) in [
            (
                "metrics",
                self.metrics
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_string()))
                    .collect::<Vec<_>>(),
            ),
            (
                "params",
                self.params
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            (
                "tags",
                self.tags
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
        ] {
            if !map.is_empty() {
                out.push_str(&format!("{title}:\n"));
                for (k, v) in map {
                    out.push_str(&format!("  {k:<24} {v}\n"));
                }
            }
        }
        match &self.history {
            Some(events) if !events.is_empty() => {
                out.push_str("history:\n");
                out.push_str(&history_table(style, events));
            }
            Some(_) => out.push_str("history: no nbamcp changes recorded for this version\n"),
            None => out.push_str("history: unavailable (database unreachable)\n"),
        }
        out
    }
}

async fn show(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    args: &RegistryShowArgs,
) -> Result<ExitStatus> {
    let model = registry::get_model(mlflow, &args.name).await?;
    let version = match (&args.model_version, args.stage, &args.alias) {
        (Some(v), _, _) => v.clone(),
        (None, Some(stage), _) => {
            let stage: Stage = stage.into();
            let versions = mlflow.versions_of(&args.name).await?;
            registry::holders(&model, &versions, stage)
                .by_stage
                .last()
                .cloned()
                .ok_or_else(|| {
                    Error::usage(
                        "--stage",
                        format!("no version of {} is in {stage}", args.name),
                    )
                })?
        }
        (None, None, Some(alias)) => model
            .aliases
            .iter()
            .find(|a| &a.alias == alias)
            .map(|a| a.version.clone())
            .ok_or_else(|| {
                Error::usage("--alias", format!("{} has no alias {alias:?}", args.name))
            })?,
        // The version serving Production, as registry.mode defines it.
        (None, None, None) => {
            let versions = mlflow.versions_of(&args.name).await?;
            registry::holders(&model, &versions, Stage::Production)
                .current(config.registry.mode)
                .ok_or_else(|| {
                    Error::usage(
                        "VERSION",
                        format!("{} has no version in Production: name one", args.name),
                    )
                })?
        }
    };
    let mv = registry::get_version(mlflow, &args.name, &version).await?;
    let artifact_uri = mlflow.download_uri(&args.name, &version).await.ok();
    let run = match mv.run_id.as_deref().filter(|r| !r.is_empty()) {
        Some(id) => mlflow.get_run(id).await.ok(),
        None => None,
    };
    let history = match Database::connect(&config.database).await {
        Ok(db) => Some(
            audit::history(&db, &args.name, 1000)
                .await?
                .into_iter()
                .filter(|e| e.version.as_deref() == Some(version.as_str()))
                .collect(),
        ),
        Err(e) => {
            tracing::warn!("audit history unavailable: {}", e.report());
            None
        }
    };
    let aliases = registry::aliases_by_version(&model)
        .remove(&version)
        .unwrap_or_default();
    ctx.printer.print(&ShowReport {
        name: args.name.clone(),
        stage: Stage::of(&mv),
        aliases,
        status: mv.status.clone().unwrap_or_default(),
        created_at: registry::millis_to_time(mv.creation_timestamp),
        last_updated_at: registry::millis_to_time(mv.last_updated_timestamp),
        description: mv.description.clone().filter(|d| !d.is_empty()),
        source: mv.source.clone(),
        artifact_uri,
        run_id: mv.run_id.clone().filter(|r| !r.is_empty()),
        metrics: run
            .as_ref()
            .map(|r| {
                r.data
                    .metrics
                    .iter()
                    .map(|m| (m.key.clone(), m.value))
                    .collect()
            })
            .unwrap_or_default(),
        params: run
            .as_ref()
            .map(|r| {
                r.data
                    .params
                    .iter()
                    .map(|p| (p.key.clone(), p.value.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        tags: mv
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect(),
        history,
        version,
    })?;
    Ok(ExitStatus::Success)
}

// ---------------------------------------------------------------- promote, rollback, archive

impl Render for PlanReport {
    fn render_human(&self, _style: &Style) -> String {
        let mut out = format!("{}\n", self.headline());
        if let Some(note) = &self.note {
            out.push_str(&format!("  {note}\n"));
        }
        for gate in &self.gate {
            let value = gate
                .value
                .map(|v| v.to_string())
                .unwrap_or_else(|| "missing".into());
            out.push_str(&format!(
                "  gate {} ({value}): {}\n",
                gate.requirement,
                if gate.passed { "passed" } else { "FAILED" }
            ));
        }
        for step in &self.steps {
            out.push_str(&format!("  {step}\n"));
        }
        if self.dry_run {
            out.push_str("dry run: nothing changed\n");
        } else if self.applied {
            out.push_str(&format!(
                "done: verified in MLflow; audit event #{}\n",
                self.audit_event_id.unwrap_or_default()
            ));
        }
        out
    }
}

async fn lock_model(
    ctx: &Context,
    db: &Database,
    action: &str,
    model: &str,
) -> Result<AdvisoryLock> {
    ops::lock_model(db, action, model, &ctx.actor()).await
}

/// Show the plan, confirm, then commit it. Shared by promote, rollback and archive.
async fn execute(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    db: &Database,
    plan: &Plan,
    reason: Option<&str>,
    yes: bool,
) -> Result<PlanReport> {
    if plan.is_noop() {
        return Ok(PlanReport::new(plan, false));
    }
    if ctx.ui.interactive && !yes {
        eprint!(
            "{}",
            nbamcp::redact::text(&PlanReport::new(plan, false).render_human(&ctx.printer.style))
        );
    }
    ctx.ui.confirm(
        &format!("apply {} change(s) to {}?", plan.changes.len(), plan.model),
        yes,
    )?;
    ops::commit(config, mlflow, db, plan, reason, &ctx.actor()).await
}

async fn promote(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    args: &PromoteArgs,
) -> Result<ExitStatus> {
    let target = match args.to {
        PromoteTarget::Production => Stage::Production,
        PromoteTarget::Staging => Stage::Staging,
    };
    let archive_existing = if args.no_archive_existing {
        false
    } else {
        args.archive_existing || target == Stage::Production
    };
    let requirements = registry::requirements_for(
        &config.registry,
        target,
        &args.require,
        args.no_require_defaults,
    )?;
    let plan_now = || {
        registry::plan_promote(
            mlflow,
            config.registry.mode,
            PlanKind::Promote,
            &args.name,
            &args.model_version,
            target,
            archive_existing,
            &requirements,
        )
    };
    if args.dry_run {
        ctx.printer
            .print(&PlanReport::new(&plan_now().await?, true))?;
        return Ok(ExitStatus::Success);
    }
    let db = Database::connect(&config.database).await?;
    // Compare-and-swap: read the current holder only once the lock is held.
    let _lock = lock_model(ctx, &db, "promote", &args.name).await?;
    let plan = plan_now().await?;
    if !archive_existing && target == Stage::Production && plan.previous_holder.is_some() {
        tracing::warn!(
            "--no-archive-existing: v{} stays in Production beside v{}",
            plan.previous_holder.as_deref().unwrap_or_default(),
            plan.version
        );
    }
    let report = execute(
        ctx,
        config,
        mlflow,
        &db,
        &plan,
        args.reason.as_deref(),
        args.yes,
    )
    .await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}

async fn rollback(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    args: &RollbackArgs,
) -> Result<ExitStatus> {
    let db = Database::connect(&config.database).await?;
    let _lock = if args.dry_run {
        None
    } else {
        Some(lock_model(ctx, &db, "rollback", &args.name).await?)
    };
    let events = audit::history(&db, &args.name, 10_000).await?;
    let plan = registry::plan_rollback(
        mlflow,
        config.registry.mode,
        &args.name,
        args.to.as_deref(),
        &events,
    )
    .await?;
    if args.dry_run {
        ctx.printer.print(&PlanReport::new(&plan, true))?;
        return Ok(ExitStatus::Success);
    }
    let report = execute(
        ctx,
        config,
        mlflow,
        &db,
        &plan,
        args.reason.as_deref(),
        args.yes,
    )
    .await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}

impl Render for ArchiveReport {
    fn render_human(&self, style: &Style) -> String {
        let mut out = String::new();
        if self.archived.is_empty() {
            out.push_str("nothing to archive\n");
        }
        for report in &self.archived {
            out.push_str(&report.render_human(style));
        }
        for failed in &self.failed {
            out.push_str(&format!(
                "FAILED {} v{}: {}\n",
                failed.model, failed.version, failed.reason
            ));
        }
        for kept in &self.kept {
            out.push_str(&format!(
                "kept {} v{}: {}\n",
                kept.model, kept.version, kept.reason
            ));
        }
        out
    }
}

async fn archive(
    ctx: &Context,
    config: &Config,
    mlflow: &Mlflow,
    args: &ArchiveArgs,
) -> Result<ExitStatus> {
    let mode = config.registry.mode;
    // One version.
    if let (Some(model), Some(version)) = (&args.model, &args.model_version) {
        if args.dry_run {
            let plan = registry::plan_archive(mlflow, mode, model, version).await?;
            ctx.printer.print(&ArchiveReport {
                archived: vec![PlanReport::new(&plan, true)],
                kept: Vec::new(),
                failed: Vec::new(),
                dry_run: true,
                refused_only: true,
            })?;
            return Ok(ExitStatus::Success);
        }
        let db = Database::connect(&config.database).await?;
        let _lock = lock_model(ctx, &db, "archive", model).await?;
        let plan = registry::plan_archive(mlflow, mode, model, version).await?;
        let report = execute(
            ctx,
            config,
            mlflow,
            &db,
            &plan,
            args.reason.as_deref(),
            args.yes,
        )
        .await?;
        ctx.printer.print(&ArchiveReport {
            archived: vec![report],
            kept: Vec::new(),
            failed: Vec::new(),
            dry_run: false,
            refused_only: true,
        })?;
        return Ok(ExitStatus::Success);
    }

    // Every version older than the cutoff (the runbook's 90-day cleanup).
    let older_than = args
        .older_than
        .ok_or_else(|| Error::usage("--older-than", "give MODEL VERSION or --older-than"))?;
    let name = args.name.clone().or_else(|| args.model.clone());
    let now = args.now.unwrap_or_else(Utc::now);
    let cutoff = now - chrono_duration(older_than.0);
    let (plans, kept) =
        ops::plan_archive_older_than(config, mlflow, name.as_deref(), cutoff).await?;
    let db = if args.dry_run || plans.is_empty() {
        None
    } else {
        Some(Database::connect(&config.database).await?)
    };
    if args.dry_run || plans.is_empty() {
        ctx.printer.print(&ArchiveReport {
            archived: plans
                .iter()
                .map(|p| PlanReport::new(p, args.dry_run))
                .collect(),
            kept,
            failed: Vec::new(),
            dry_run: args.dry_run,
            refused_only: true,
        })?;
        return Ok(ExitStatus::Success);
    }
    let db = db.expect("connected unless dry run");
    let summary: Vec<String> = plans
        .iter()
        .map(|p| format!("{} v{}", p.model, p.version))
        .collect();
    ctx.ui.confirm(
        &format!(
            "archive {} version(s): {}?",
            plans.len(),
            summary.join(", ")
        ),
        args.yes,
    )?;
    let mut report = ops::archive_planned(
        config,
        mlflow,
        &db,
        &plans,
        args.reason.as_deref(),
        &ctx.actor(),
    )
    .await;
    report.kept = kept;
    ctx.printer.print(&report)?;
    if !report.failed.is_empty() {
        eprintln!(
            "error: {} of {} version(s) not archived (see above)",
            report.failed.len(),
            plans.len()
        );
    }
    Ok(report.exit_status())
}

// ---------------------------------------------------------------- history

#[derive(Debug, Serialize)]
struct HistoryReport {
    model: String,
    events: Vec<Event>,
}

fn history_table(style: &Style, events: &[Event]) -> String {
    let mut table = style.table(&["WHEN", "ACTOR", "ACTION", "VERSION", "FROM → TO", "REASON"]);
    for e in events {
        table.add_row(vec![
            style.cell(e.occurred_at.format("%Y-%m-%d %H:%M:%S UTC"), None),
            style.cell(&e.actor, None),
            style.cell(
                &e.action,
                if e.action.ends_with("_failed") {
                    Some(comfy_table::Color::Red)
                } else if e.action.ends_with("_unknown") {
                    Some(comfy_table::Color::Yellow)
                } else {
                    None
                },
            ),
            style.cell(
                // A version number reads v3; an A/B split event names its split (v3=0.8 v2=0.2).
                e.version
                    .as_deref()
                    .map(|v| {
                        if ModelVersion::from_mlflow(v).is_some() {
                            format!("v{v}")
                        } else {
                            v.to_owned()
                        }
                    })
                    .unwrap_or_default(),
                None,
            ),
            style.cell(
                format!(
                    "{} → {}",
                    e.from_state.as_deref().unwrap_or("-"),
                    e.to_state.as_deref().unwrap_or("-")
                ),
                None,
            ),
            style.cell(e.reason.as_deref().unwrap_or(""), None),
        ]);
    }
    style.render_table(&table)
}

impl Render for HistoryReport {
    fn render_human(&self, style: &Style) -> String {
        if self.events.is_empty() {
            return format!("{}: no changes recorded by nbamcp\n", self.model);
        }
        history_table(style, &self.events)
    }
}

async fn history(ctx: &Context, config: &Config, args: &HistoryArgs) -> Result<ExitStatus> {
    if args.limit < 1 {
        return Err(Error::usage("--limit", "must be at least 1"));
    }
    let db = Database::connect(&config.database).await?;
    let events = audit::history(&db, &args.name, args.limit).await?;
    ctx.printer.print(&HistoryReport {
        model: args.name.clone(),
        events,
    })?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, version: &str) -> Event {
        Event {
            id: 1,
            occurred_at: Utc::now(),
            actor: "alice".into(),
            action: action.into(),
            target: "m".into(),
            version: Some(version.into()),
            from_state: None,
            to_state: None,
            reason: None,
            details: serde_json::json!({}),
        }
    }

    #[test]
    fn history_names_versions_and_splits_as_written() {
        let text = history_table(
            &Style { color: false },
            &[event("promote", "3"), event("ab_split", "v2=0.8 v1=0.2")],
        );
        assert!(text.contains(" v3 "), "{text}");
        assert!(text.contains("v2=0.8 v1=0.2"), "{text}");
        assert!(!text.contains("vv2"), "{text}");
    }
}
