//! `deploy`, `undeploy`, `ab-split`: change the desired deployments in PostgreSQL (the serving
//! replicas follow by LISTEN/NOTIFY), audited, and optionally wait for every live replica.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cli::{AbSplitArgs, DeployArgs, UndeployArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::audit::{self, NewEvent};
use nbamcp::clients::mlflow::Mlflow;
use nbamcp::clients::postgres::{self, Database};
use nbamcp::clients::serving::Serving;
use nbamcp::config::Config;
use nbamcp::deploy::{
    self, Convergence, DesiredChange, NewDeployment, Validation, artifact::Artifacts,
};
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::serve::metrics::VersionTraffic;

/// How one replica answered the wait.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaWait {
    pub replica_id: String,
    pub url: String,
    pub status: &'static str,
    pub detail: String,
}

/// A change to the desired state, as planned or done.
#[derive(Debug, Serialize)]
struct ChangeReport {
    action: &'static str,
    model: String,
    version: String,
    /// Every version's weight before and after.
    weights_before: BTreeMap<String, f64>,
    weights_after: BTreeMap<String, f64>,
    validation: Option<Validation>,
    dry_run: bool,
    applied: bool,
    audit_event_id: Option<i64>,
    waited: bool,
    replicas: Vec<ReplicaWait>,
    note: Option<String>,
}

impl ChangeReport {
    /// What the change is about: `v3`, or the split for ab-split.
    fn subject(&self) -> String {
        if self.action == "ab_split" {
            self.version.clone()
        } else {
            format!("v{}", self.version)
        }
    }
}

fn percent(w: f64) -> String {
    format!("{:.1}%", w * 100.0)
}

impl Render for ChangeReport {
    fn render_human(&self, style: &Style) -> String {
        let mut out = format!("{} {} {}\n", self.action, self.model, self.subject());
        if let Some(v) = &self.validation {
            out.push_str(&format!(
                "  artifact  {} ({} bytes, sha256 {})\n  inputs    {} [N, {}] -> {}\n",
                v.artifact_uri,
                v.bytes,
                v.sha256,
                v.signature.input_name,
                v.signature.features,
                v.signature
                    .outputs
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut table = style.table(&["VERSION", "WEIGHT BEFORE", "WEIGHT AFTER"]);
        let mut versions: Vec<&String> = self
            .weights_before
            .keys()
            .chain(self.weights_after.keys())
            .collect();
        versions.sort_by(|a, b| nbamcp::registry::version_order(a, b));
        versions.dedup();
        for v in versions {
            table.add_row(vec![
                style.cell(format!("v{v}"), None),
                style.cell(
                    self.weights_before
                        .get(v)
                        .map_or("-".into(), |w| percent(*w)),
                    None,
                ),
                style.cell(
                    self.weights_after
                        .get(v)
                        .map_or("removed".into(), |w| percent(*w)),
                    None,
                ),
            ]);
        }
        out.push_str(&style.render_table(&table));
        if let Some(note) = &self.note {
            out.push_str(&format!("note: {note}\n"));
        }
        for r in &self.replicas {
            out.push_str(&format!(
                "  replica {} ({}): {} {}\n",
                r.replica_id, r.url, r.status, r.detail
            ));
        }
        if self.dry_run {
            out.push_str("dry run: nothing changed\n");
        } else if self.applied {
            out.push_str(&format!(
                "done: desired state written; audit event #{}{}\n",
                self.audit_event_id.unwrap_or_default(),
                if self.waited {
                    "; every live replica serves it"
                } else {
                    ""
                }
            ));
        }
        out
    }
}

fn weights_of(rows: &[deploy::Deployment]) -> BTreeMap<String, f64> {
    rows.iter().map(|d| (d.version.clone(), d.weight)).collect()
}

fn should_wait(ctx: &Context, wait: bool, no_wait: bool) -> bool {
    if wait {
        true
    } else if no_wait {
        false
    } else {
        ctx.ui.interactive
    }
}

async fn connect(config: &Config) -> Result<Database> {
    Database::connect(&config.database).await
}

/// Who holds the deploy lock, as another session's refusal shows it: the command as typed
/// (`ab-split`), not the audit action (`ab_split`).
fn lock_holder(action: &str, model: &str, actor: &str) -> String {
    format!("{} {model} by {actor}", action.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lock_holder_is_the_command_as_typed() {
        assert_eq!(
            super::lock_holder("ab_split", "m", "ops@host"),
            "ab-split m by ops@host"
        );
        assert_eq!(super::lock_holder("deploy", "m", "a"), "deploy m by a");
    }
}

/// Confirm, lock, audit, write, settle; then wait when asked. Shared by the three commands.
async fn apply(
    ctx: &Context,
    config: &Config,
    db: &Database,
    mut report: ChangeReport,
    change: DesiredChange<'_>,
    yes: bool,
    wait: bool,
) -> Result<ChangeReport> {
    if report.dry_run {
        return Ok(report);
    }
    if ctx.ui.interactive && !yes {
        eprint!(
            "{}",
            nbamcp::redact::text(&report.render_human(&ctx.printer.style))
        );
    }
    ctx.ui.confirm(
        &format!("{} {} {}?", report.action, report.model, report.subject()),
        yes,
    )?;
    let _lock = db
        .try_lock(
            "deploy",
            &report.model,
            &lock_holder(report.action, &report.model, &ctx.actor()),
        )
        .await?;
    // Re-read under the lock: another change may have landed since the plan.
    let current = weights_of(&deploy::list(db, Some(&report.model)).await?);
    if current != report.weights_before {
        return Err(Error::refused(format!(
            "the deployments of {} changed while this command ran; run it again",
            report.model
        )));
    }
    let event = NewEvent {
        actor: ctx.actor(),
        action: format!("{}_pending", report.action),
        target: report.model.clone(),
        version: Some(report.version.clone()),
        from_state: Some(serde_json::to_string(&report.weights_before).unwrap_or_default()),
        to_state: Some(serde_json::to_string(&report.weights_after).unwrap_or_default()),
        reason: None,
        details: serde_json::json!({
            "sha256": report.validation.as_ref().map(|v| v.sha256.clone()),
            "artifact_uri": report.validation.as_ref().map(|v| v.artifact_uri.clone()),
        }),
    };
    let id = audit::record(db, &event).await.map_err(|e| {
        Error::backend(
            postgres::COMPONENT,
            db.endpoint(),
            format!(
                "cannot write the audit log, so nothing was changed (has `nbamcp db migrate` run?): {}",
                e.report()
            ),
        )
    })?;
    if let Err(e) = deploy::write(db, &change).await {
        let error = serde_json::json!({ "error": e.report() });
        let _ = audit::settle(db, id, &format!("{}_failed", report.action), &error).await;
        return Err(e);
    }
    // The change is committed: a failure to settle its audit event must not report it undone.
    if let Err(e) = audit::settle(db, id, report.action, &serde_json::json!({})).await {
        tracing::warn!(
            "the change is applied, but its audit event #{id} stays pending: {}",
            e.report()
        );
    }
    report.applied = true;
    report.audit_event_id = Some(id);
    if wait {
        report.replicas = wait_for_replicas(ctx, config, db, &report.model).await?;
        report.waited = true;
        if report.replicas.is_empty() {
            report.note =
                Some("no serving replica is running: they will load it when they start".into());
        }
    }
    Ok(report)
}

/// Wait until every live replica serves exactly the desired state of `model`.
pub async fn wait_for_replicas(
    ctx: &Context,
    config: &Config,
    db: &Database,
    model: &str,
) -> Result<Vec<ReplicaWait>> {
    let deadline = Instant::now() + config.serving.wait_timeout.0;
    let spinner = ctx
        .ui
        .spinner(format!("waiting for the replicas to serve {model}"));
    loop {
        let desired = deploy::list(db, Some(model)).await?;
        let (replicas, silent): (Vec<_>, Vec<_>) = deploy::replicas(db, config.serving.heartbeat.0)
            .await?
            .into_iter()
            .partition(|r| r.alive);
        // Silent for more than a day is gone (a running replica deletes such rows).
        let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
        let silent: Vec<_> = silent
            .into_iter()
            .filter(|r| r.heartbeat_at > day_ago)
            .collect();
        // A replica that stops cleanly removes its row; one whose heartbeat went stale is hung
        // or was killed. With none answering, nothing confirms the change is served: that is a
        // failure, not "no replica is running" (a CI gate on --wait must not pass).
        if replicas.is_empty() && !silent.is_empty() {
            spinner.finish_and_clear();
            let now = chrono::Utc::now();
            let names: Vec<String> = silent
                .iter()
                .map(|r| {
                    format!(
                        "{} ({}) last reported {} ago",
                        r.replica_id,
                        r.url,
                        nbamcp::units::HumanDuration(Duration::from_secs(
                            (now - r.heartbeat_at).num_seconds().max(0) as u64
                        ))
                    )
                })
                .collect();
            return Err(Error::backend(
                nbamcp::clients::serving::COMPONENT,
                "replicas",
                format!(
                    "no serving replica answers, so none confirms it serves {model}: {} (hung or killed: a replica that stops cleanly deregisters); the desired state is written",
                    names.join("; ")
                ),
            ));
        }
        let mut waits = Vec::new();
        let mut done = true;
        for r in &replicas {
            let (status, detail) = match deploy::convergence(r, model, &desired) {
                Convergence::Converged => ("ready", String::new()),
                Convergence::Pending(why) => {
                    done = false;
                    ("pending", why)
                }
                Convergence::Failed(why) => ("failed", why),
            };
            waits.push(ReplicaWait {
                replica_id: r.replica_id.clone(),
                url: r.url.clone(),
                status,
                detail,
            });
        }
        spinner.set_message(
            waits
                .iter()
                .map(|w| format!("{} {}", w.replica_id, w.status))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if let Some(failed) = waits.iter().find(|w| w.status == "failed") {
            spinner.finish_and_clear();
            return Err(Error::backend(
                nbamcp::clients::serving::COMPONENT,
                &failed.url,
                format!(
                    "replica {} cannot serve {model} {}; the desired state is written and the replicas keep serving what they can (fix it with ab-split or undeploy)",
                    failed.replica_id, failed.detail
                ),
            ));
        }
        if done {
            spinner.finish_and_clear();
            return Ok(waits);
        }
        if Instant::now() >= deadline {
            spinner.finish_and_clear();
            let pending: Vec<String> = waits
                .iter()
                .filter(|w| w.status == "pending")
                .map(|w| format!("{}: {}", w.replica_id, w.detail))
                .collect();
            return Err(Error::backend(
                nbamcp::clients::serving::COMPONENT,
                "replicas",
                format!(
                    "not every replica serves {model} after {} (serving.wait_timeout): {}",
                    nbamcp::units::HumanDuration(config.serving.wait_timeout.0),
                    pending.join("; ")
                ),
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// MLflow's "no such version" as a usage error (exit 2) naming what was asked.
fn unknown_version(e: Error, name: &str, version: &str) -> Error {
    match e {
        Error::MlflowApi { error_code, .. } if error_code == "RESOURCE_DOES_NOT_EXIST" => {
            Error::usage(
                "VERSION",
                format!("{name} has no version {version} in MLflow"),
            )
        }
        other => other,
    }
}

pub async fn deploy(ctx: &Context, args: &DeployArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let version = deploy::parse_version(&args.model_version)?;
    let mlflow = Mlflow::new(&config.mlflow)?;
    mlflow
        .get_model_version(&args.name, &version)
        .await
        .map_err(|e| unknown_version(e, &args.name, &version))?;
    let source = mlflow.download_uri(&args.name, &version).await?;
    let db = connect(&config).await?;
    let existing = deploy::list(&db, Some(&args.name)).await?;
    let weights_after = deploy::weights_after_deploy(&existing, &version, args.weight)?;
    deploy::check_weights(&weights_after)?;
    let expected_features = existing
        .iter()
        .find(|d| d.version != version)
        .map(|d| d.features as usize);
    let spinner = ctx
        .ui
        .spinner(format!("validating {} v{version}", args.name));
    let artifacts = Artifacts::new(mlflow, config.s3.clone());
    let validation = deploy::validate_artifact(
        &artifacts,
        &config.serving,
        &source,
        args.sha256.as_deref(),
        expected_features,
    )
    .await;
    spinner.finish_and_clear();
    let validation = validation?;
    let report = ChangeReport {
        action: "deploy",
        model: args.name.clone(),
        version: version.clone(),
        weights_before: weights_of(&existing),
        weights_after: weights_after.clone(),
        validation: Some(validation.clone()),
        dry_run: args.dry_run,
        applied: false,
        audit_event_id: None,
        waited: false,
        replicas: Vec::new(),
        note: None,
    };
    let change = DesiredChange {
        model: &args.name,
        actor: &ctx.actor(),
        upsert: Some(NewDeployment {
            version: version.clone(),
            artifact_uri: validation.artifact_uri.clone(),
            sha256: validation.sha256.clone(),
            features: validation.signature.features as i32,
            description: args.description.clone(),
        }),
        remove: None,
        weights: weights_after,
    };
    let wait = should_wait(ctx, args.wait, args.no_wait);
    let report = apply(ctx, &config, &db, report, change, args.yes, wait).await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}

pub async fn undeploy(ctx: &Context, args: &UndeployArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let version = deploy::parse_version(&args.model_version)?;
    let db = connect(&config).await?;
    let existing = deploy::list(&db, Some(&args.name)).await?;
    if !existing.iter().any(|d| d.version == version) {
        return Err(Error::usage(
            "VERSION",
            format!(
                "v{version} of {} is not deployed (deployed: {})",
                args.name,
                deployed_list(&existing)
            ),
        ));
    }
    let (weights_after, note) = match deploy::weights_after_undeploy(&existing, &version) {
        Some(w) => (w, None),
        None if args.force => (
            existing
                .iter()
                .filter(|d| d.version != version)
                .map(|d| (d.version.clone(), 0.0))
                .collect(),
            Some(format!(
                "--force: no version of {} takes traffic afterwards; routed requests answer 503",
                args.name
            )),
        ),
        None => {
            return Err(Error::refused(format!(
                "v{version} is the last version of {} taking traffic: deploy or ab-split another version first, or pass --force",
                args.name
            )));
        }
    };
    deploy::check_weights(&weights_after)?;
    let report = ChangeReport {
        action: "undeploy",
        model: args.name.clone(),
        version: version.clone(),
        weights_before: weights_of(&existing),
        weights_after: weights_after.clone(),
        validation: None,
        dry_run: args.dry_run,
        applied: false,
        audit_event_id: None,
        waited: false,
        replicas: Vec::new(),
        note,
    };
    let change = DesiredChange {
        model: &args.name,
        actor: &ctx.actor(),
        upsert: None,
        remove: Some(version),
        weights: weights_after,
    };
    let wait = should_wait(ctx, args.wait, args.no_wait);
    let report = apply(ctx, &config, &db, report, change, args.yes, wait).await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}

fn deployed_list(rows: &[deploy::Deployment]) -> String {
    if rows.is_empty() {
        "none".into()
    } else {
        rows.iter()
            .map(|d| format!("v{}", d.version))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `ab-split --show`: the desired split and each version's traffic summed over the replicas.
#[derive(Debug, Serialize)]
struct SplitShow {
    model: String,
    versions: Vec<SplitRow>,
    replicas: Vec<ReplicaWait>,
    /// Replicas whose traffic could not be read.
    errors: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SplitRow {
    version: String,
    weight: f64,
    sha256: String,
    deployed_by: String,
    deployed_at: chrono::DateTime<chrono::Utc>,
    requests: u64,
    errors: u64,
    error_rate: f64,
    mean_latency_ms: f64,
    p95_latency_ms: f64,
}

impl Render for SplitShow {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&[
            "VERSION",
            "WEIGHT",
            "REQUESTS",
            "ERRORS",
            "MEAN",
            "P95",
            "DEPLOYED BY",
        ]);
        for v in &self.versions {
            table.add_row(vec![
                style.cell(format!("v{}", v.version), None),
                style.cell(percent(v.weight), None),
                style.cell(v.requests, None),
                style.cell(format!("{:.2}%", v.error_rate * 100.0), None),
                style.cell(format!("{:.2}ms", v.mean_latency_ms), None),
                style.cell(format!("≤{}ms", v.p95_latency_ms), None),
                style.cell(&v.deployed_by, None),
            ]);
        }
        let mut out = format!("{}\n{}", self.model, style.render_table(&table));
        if self.versions.is_empty() {
            out = format!("{} is not deployed\n", self.model);
        }
        for r in &self.replicas {
            out.push_str(&format!(
                "  replica {} ({}): {} {}\n",
                r.replica_id, r.url, r.status, r.detail
            ));
        }
        for e in &self.errors {
            out.push_str(&format!("  warning: {e}\n"));
        }
        out
    }
}

async fn show_split(
    ctx: &Context,
    config: &Config,
    db: &Database,
    model: &str,
) -> Result<ExitStatus> {
    let desired = deploy::list(db, Some(model)).await?;
    let replicas: Vec<_> = deploy::replicas(db, config.serving.heartbeat.0)
        .await?
        .into_iter()
        .filter(|r| r.alive)
        .collect();
    let serving = Serving::new(&config.serving)?;
    let mut traffic: Vec<VersionTraffic> = Vec::new();
    let mut errors = Vec::new();
    for r in &replicas {
        match serving
            .admin(reqwest::Method::GET, &r.url, "admin/stats")
            .await
        {
            Ok(body) => {
                let rows: Vec<VersionTraffic> =
                    serde_json::from_value(body["traffic"].clone()).unwrap_or_default();
                traffic.extend(rows.into_iter().filter(|t| t.model == model));
            }
            Err(e) => errors.push(e.report()),
        }
    }
    let versions = desired
        .iter()
        .map(|d| {
            let mine: Vec<&VersionTraffic> =
                traffic.iter().filter(|t| t.version == d.version).collect();
            let requests: u64 = mine.iter().map(|t| t.requests).sum();
            let errs: u64 = mine.iter().map(|t| t.errors).sum();
            let mean = if requests == 0 {
                0.0
            } else {
                mine.iter()
                    .map(|t| t.mean_latency_ms * t.requests as f64)
                    .sum::<f64>()
                    / requests as f64
            };
            SplitRow {
                version: d.version.clone(),
                weight: d.weight,
                sha256: d.sha256.clone(),
                deployed_by: d.deployed_by.clone(),
                deployed_at: d.deployed_at,
                requests,
                errors: errs,
                error_rate: if requests == 0 {
                    0.0
                } else {
                    errs as f64 / requests as f64
                },
                mean_latency_ms: mean,
                // The worst replica's p95: an upper bound of the fleet's.
                p95_latency_ms: mine.iter().map(|t| t.p95_latency_ms).fold(0.0, f64::max),
            }
        })
        .collect();
    let replicas = replicas
        .iter()
        .map(|r| {
            let (status, detail) = match deploy::convergence(r, model, &desired) {
                Convergence::Converged => ("ready", String::new()),
                Convergence::Pending(why) => ("pending", why),
                Convergence::Failed(why) => ("failed", why),
            };
            ReplicaWait {
                replica_id: r.replica_id.clone(),
                url: r.url.clone(),
                status,
                detail,
            }
        })
        .collect();
    ctx.printer.print(&SplitShow {
        model: model.to_owned(),
        versions,
        replicas,
        errors,
    })?;
    Ok(ExitStatus::Success)
}

pub async fn ab_split(ctx: &Context, args: &AbSplitArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let db = connect(&config).await?;
    if args.show {
        return show_split(ctx, &config, &db, &args.name).await;
    }
    let split = deploy::parse_split(&args.split)?;
    let existing = deploy::list(&db, Some(&args.name)).await?;
    for (version, _) in &split {
        if !existing.iter().any(|d| &d.version == version) {
            return Err(Error::usage(
                "VERSION=WEIGHT",
                format!(
                    "v{version} of {} is not deployed (deployed: {}); deploy it first",
                    args.name,
                    deployed_list(&existing)
                ),
            ));
        }
    }
    let weights_after: BTreeMap<String, f64> = existing
        .iter()
        .map(|d| {
            let w = split
                .iter()
                .find(|(v, _)| *v == d.version)
                .map_or(0.0, |(_, w)| *w);
            (d.version.clone(), w)
        })
        .collect();
    let label = split
        .iter()
        .map(|(v, w)| format!("v{v}={w}"))
        .collect::<Vec<_>>()
        .join(" ");
    deploy::check_weights(&weights_after)?;
    let report = ChangeReport {
        action: "ab_split",
        model: args.name.clone(),
        version: label,
        weights_before: weights_of(&existing),
        weights_after: weights_after.clone(),
        validation: None,
        dry_run: args.dry_run,
        applied: false,
        audit_event_id: None,
        waited: false,
        replicas: Vec::new(),
        note: None,
    };
    let change = DesiredChange {
        model: &args.name,
        actor: &ctx.actor(),
        upsert: None,
        remove: None,
        weights: weights_after,
    };
    let wait = should_wait(ctx, args.wait, args.no_wait);
    let report = apply(ctx, &config, &db, report, change, args.yes, wait).await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}
