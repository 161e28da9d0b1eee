//! `deploy`, `undeploy`, `ab-split`: change the desired deployments in PostgreSQL (the serving
//! replicas follow by LISTEN/NOTIFY), audited, and optionally wait for every live replica.
//! Argument mapping, the plan shown and confirmed, one library call ([`ops::apply`]), rendering.

use std::sync::Mutex;

use indicatif::ProgressBar;

use crate::cli::{AbSplitArgs, DeployArgs, UndeployArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::deploy::ops::{
    self, ChangePlan, ChangeReport, DeployOptions, ReplicaWait, SplitOptions, SplitShow,
    UndeployOptions,
};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::services::Services;

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

/// The spinners of a change: while the artifact is validated, while the replicas are waited for.
struct Spinners<'a> {
    ctx: &'a Context,
    bar: Mutex<Option<ProgressBar>>,
}

impl<'a> Spinners<'a> {
    fn new(ctx: &'a Context) -> Self {
        Spinners {
            ctx,
            bar: Mutex::new(None),
        }
    }

    fn start(&self, message: String) {
        *self.bar.lock().unwrap_or_else(|p| p.into_inner()) = Some(self.ctx.ui.spinner(message));
    }

    fn stop(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}

impl ops::Observer for Spinners<'_> {
    fn validating(&self, model: &str, version: &str) {
        self.start(format!("validating {model} v{version}"));
    }
    fn validated(&self) {
        self.stop();
    }
    fn waiting(&self, model: &str) {
        self.start(format!("waiting for the replicas to serve {model}"));
    }
    fn replicas(&self, replicas: &[ReplicaWait]) {
        if let Some(bar) = &*self.bar.lock().unwrap_or_else(|p| p.into_inner()) {
            bar.set_message(
                replicas
                    .iter()
                    .map(|w| format!("{} {}", w.replica_id, w.status))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
    }
    fn waited(&self) {
        self.stop();
    }
}

/// The flags the three commands share.
struct Flags {
    dry_run: bool,
    yes: bool,
    /// `--wait`, `--no-wait`, else wait when on a terminal.
    wait: bool,
}

impl Flags {
    fn new(ctx: &Context, dry_run: bool, yes: bool, wait: bool, no_wait: bool) -> Flags {
        Flags {
            dry_run,
            yes,
            wait: wait || (!no_wait && ctx.ui.interactive),
        }
    }
}

/// A dry run prints the plan; otherwise show it (on a terminal, unless `--yes`), confirm, and
/// apply it. Shared by the three commands.
async fn confirm_and_apply(
    ctx: &Context,
    services: &Services,
    plan: ChangePlan,
    flags: Flags,
    spinners: &Spinners<'_>,
) -> Result<ExitStatus> {
    let Flags { dry_run, yes, wait } = flags;
    if dry_run {
        ctx.printer.print(&plan.dry_run())?;
        return Ok(ExitStatus::Success);
    }
    let planned = plan.report();
    if ctx.ui.interactive && !yes {
        eprint!(
            "{}",
            nbamcp::redact::text(&planned.render_human(&ctx.printer.style))
        );
    }
    ctx.ui.confirm(
        &format!(
            "{} {} {}?",
            planned.action,
            planned.model,
            planned.subject()
        ),
        yes,
    )?;
    let report = ops::apply(services, plan, wait, spinners).await?;
    ctx.printer.print(&report)?;
    Ok(ExitStatus::Success)
}

pub async fn deploy(ctx: &Context, args: &DeployArgs) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    let options = DeployOptions {
        name: args.name.clone(),
        version: args.model_version.clone(),
        weight: args.weight,
        sha256: args.sha256.clone(),
        description: args.description.clone(),
    };
    let spinners = Spinners::new(ctx);
    let plan = ops::plan_deploy(&services, &options, &spinners).await?;
    let flags = Flags::new(ctx, args.dry_run, args.yes, args.wait, args.no_wait);
    confirm_and_apply(ctx, &services, plan, flags, &spinners).await
}

pub async fn undeploy(ctx: &Context, args: &UndeployArgs) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    let options = UndeployOptions {
        name: args.name.clone(),
        version: args.model_version.clone(),
        force: args.force,
    };
    let plan = ops::plan_undeploy(&services, &options).await?;
    let flags = Flags::new(ctx, args.dry_run, args.yes, args.wait, args.no_wait);
    confirm_and_apply(ctx, &services, plan, flags, &Spinners::new(ctx)).await
}

pub async fn ab_split(ctx: &Context, args: &AbSplitArgs) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    if args.show {
        ctx.printer
            .print(&ops::show_split(&services, &args.name).await?)?;
        return Ok(ExitStatus::Success);
    }
    let options = SplitOptions {
        name: args.name.clone(),
        split: args.split.clone(),
    };
    let plan = ops::plan_split(&services, &options).await?;
    let flags = Flags::new(ctx, args.dry_run, args.yes, args.wait, args.no_wait);
    confirm_and_apply(ctx, &services, plan, flags, &Spinners::new(ctx)).await
}
