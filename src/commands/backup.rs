//! `nbamcp backup create|list|verify|restore|prune`.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::cli::{
    BackupCommand, BackupCreateArgs, BackupListArgs, BackupPruneArgs, BackupRestoreArgs,
    BackupVerifyArgs, VerifyArtifactsArgs,
};
use crate::commands::Context;
use crate::output::{Render, Style, short_bytes, short_duration};
use nbamcp::backup::ops::{
    self, ArtifactReport, BackupList, BackupObserver, CreateReport, CreateRequest, ListRequest,
    PruneRequest, RestoreRequest, VerifyRequest, Which,
};
use nbamcp::backup::prune::PrunePlan;
use nbamcp::backup::restore::{RestoreOptions, RestoreOutcome, Restored, VerifyReport};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::progress::Progress;
use nbamcp::services::Services;
use nbamcp::units::ByteSize;

pub async fn run(ctx: &Context, command: &BackupCommand) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    match command {
        BackupCommand::Create(args) => create(ctx, &services, args).await,
        BackupCommand::List(args) => list(ctx, &services, args).await,
        BackupCommand::Verify(args) => verify(ctx, &services, args).await,
        BackupCommand::Restore(args) => restore(ctx, &services, args).await,
        BackupCommand::Prune(args) => prune(ctx, &services, args).await,
        BackupCommand::VerifyArtifacts(args) => verify_artifacts(ctx, &services, args).await,
    }
}

/// The bars of the long backup operations (drawn on a terminal only).
struct Bars<'a>(&'a Context);

impl BackupObserver for Bars<'_> {
    fn dumping(&self, database: &str) -> Arc<dyn Progress> {
        Arc::new(self.0.ui.bytes(format!("pg_dump {database}")))
    }

    fn verifying(&self, id: &str) -> Arc<dyn Progress> {
        Arc::new(self.0.ui.bytes(format!("verifying {id}")))
    }

    fn restoring(&self, target: &str) -> Arc<dyn Progress> {
        Arc::new(self.0.ui.bytes(format!("restoring into {target}")))
    }
}

/// `1.5 GiB`, `12.0 MiB`, `512 B`.
fn age(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    short_duration((now - at).to_std().unwrap_or_default())
}

// ------------------------------------------------------------------ create

impl Render for CreateReport {
    fn render_human(&self, _style: &Style) -> String {
        // One line per backup: what cron mails and logs keep.
        let mut out = String::new();
        for c in &self.backups {
            let m = &c.manifest;
            out.push_str(&format!(
                "backup {} of {} complete: {} stored ({} dumped, {}), {} part{}, {:.1}s, sha256 {}{}\n",
                m.id,
                m.database,
                short_bytes(m.bytes),
                short_bytes(m.dump_bytes),
                m.compression.as_str(),
                m.parts,
                if m.parts == 1 { "" } else { "s" },
                c.seconds,
                &m.sha256[..16],
                self.pruned
                    .as_ref()
                    .map(|p| format!(
                        "; pruned {} backup(s), {} incomplete, {} upload(s)",
                        p.delete.len(),
                        p.incomplete.len(),
                        p.uploads.len()
                    ))
                    .unwrap_or_default()
            ));
        }
        out
    }
}

async fn create(ctx: &Context, services: &Services, args: &BackupCreateArgs) -> Result<ExitStatus> {
    let request = CreateRequest {
        database: args.database.clone(),
        all: args.all,
        label: args.label.clone(),
        compression: args.compression,
        prune: args.prune,
    };
    let mut report = ops::create(services, &request, &Bars(ctx)).await?;
    ctx.printer.print(&report)?;
    report.result()?;
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ list

impl Render for BackupList {
    fn render_human(&self, style: &Style) -> String {
        let mut out = String::new();
        if self.backups.is_empty() {
            out.push_str("no complete backups\n");
        } else {
            let mut table =
                style.table(&["ID", "DATABASE", "TIME", "SIZE", "AGE", "LABEL", "VERIFIED"]);
            for b in &self.backups {
                let verified = match (b.verified_at, b.verification_failed) {
                    (_, true) => style.cell("FAILED", Some(comfy_table::Color::Red)),
                    (Some(at), false) => style.cell(format!("{} ago", age(at, self.now)), None),
                    (None, false) => style.cell("-", None),
                };
                table.add_row(vec![
                    style.cell(&b.id, None),
                    style.cell(&b.database, None),
                    style.cell(b.started_at.format("%Y-%m-%d %H:%M UTC"), None),
                    style.cell(short_bytes(b.bytes), None),
                    style.cell(age(b.started_at, self.now), None),
                    style.cell(b.label.as_deref().unwrap_or(""), None),
                    verified,
                ]);
            }
            out.push_str(&style.render_table(&table));
        }
        if let Some(incomplete) = &self.incomplete {
            for i in incomplete {
                let what = match &i.damaged_manifest {
                    Some(why) => format!("damaged manifest: {why}"),
                    None => "no manifest".to_owned(),
                };
                out.push_str(&format!(
                    "incomplete ({what}): {} ({} object(s), {})\n",
                    i.id,
                    i.keys.len(),
                    short_bytes(i.bytes)
                ));
            }
        }
        if self.uploads_listed == Some(false) {
            out.push_str("(this S3 server cannot list multipart uploads)\n");
        }
        if let Some(uploads) = &self.uploads {
            for u in uploads {
                out.push_str(&format!(
                    "upload never completed: {} (started {})\n",
                    u.key,
                    u.initiated
                        .map(|t| format!("{} ago", age(t, self.now)))
                        .unwrap_or_else(|| "at an unknown time".into())
                ));
            }
        }
        out
    }
}

async fn list(ctx: &Context, services: &Services, args: &BackupListArgs) -> Result<ExitStatus> {
    let request = ListRequest {
        database: args.database.clone(),
        all: args.all,
    };
    ctx.printer.print(&ops::list(services, &request).await?)?;
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ verify

impl Render for VerifyReport {
    fn render_human(&self, _style: &Style) -> String {
        self.summary()
    }
}

async fn verify(ctx: &Context, services: &Services, args: &BackupVerifyArgs) -> Result<ExitStatus> {
    let request = VerifyRequest {
        which: match &args.id {
            Some(id) => Which::Id(id.clone()),
            None => Which::Latest {
                database: args.database.clone(),
            },
        },
        restore: args.restore,
    };
    let report = ops::verify(services, &request, &Bars(ctx)).await?;
    ctx.printer.print(&report)?;
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::ProblemFound
    })
}

// ------------------------------------------------------------------ restore

impl Render for Restored {
    fn render_human(&self, _style: &Style) -> String {
        format!(
            "restored {} into {}{}: {} checked (sha256 {}), {:.1}s\n",
            self.id,
            self.target,
            if self.created { " (created)" } else { "" },
            short_bytes(self.bytes),
            &self.sha256[..16],
            self.seconds
        )
    }
}

async fn restore(
    ctx: &Context,
    services: &Services,
    args: &BackupRestoreArgs,
) -> Result<ExitStatus> {
    let request = RestoreRequest {
        id: args.id.clone(),
        target: args.target_db.clone(),
        options: RestoreOptions {
            create: args.create,
            clean: args.clean,
            force_connections: args.force_connections,
            no_owner: args.no_owner,
        },
    };
    // The library refuses what must not be done; what is left is shown and confirmed here.
    let planned = ops::plan_restore(services, &request).await?;
    let plan = &planned.plan;
    let what = if plan.target_exists {
        format!(
            "database {} ({} tables, {}){}",
            plan.target,
            plan.target_tables,
            plan.target_size.as_deref().unwrap_or("?"),
            if plan.clean {
                ": objects in the backup are dropped and recreated"
            } else {
                ": the backup's objects are added"
            }
        )
    } else {
        format!("a new database {}", plan.target)
    };
    if !ctx.global.quiet {
        eprintln!(
            "restore {} (backup of {} at {}, {}) into {what}",
            plan.id,
            plan.source_database,
            plan.backup_time.format("%Y-%m-%d %H:%M:%S UTC"),
            short_bytes(plan.bytes)
        );
    }
    ctx.ui.confirm(
        &format!("Restore {} into {}?", plan.id, plan.target),
        args.yes,
    )?;
    match ops::restore(services, &planned, &Bars(ctx)).await? {
        RestoreOutcome::Restored(restored) => {
            ctx.printer.print(&restored)?;
            Ok(ExitStatus::Success)
        }
        RestoreOutcome::Corrupt(problems) => {
            eprintln!(
                "error: backup {} is corrupt, refusing to restore it: {}",
                args.id,
                nbamcp::redact::text(&problems.join("; "))
            );
            Ok(ExitStatus::ProblemFound)
        }
    }
}

// ------------------------------------------------------------------ prune

impl Render for PrunePlan {
    fn render_human(&self, _style: &Style) -> String {
        let verb = if self.applied {
            "deleted"
        } else {
            "would delete"
        };
        let mut out = String::new();
        for d in &self.delete {
            out.push_str(&format!(
                "{verb} {} ({}, {} old, {})\n",
                d.id,
                d.database,
                age(d.started_at, self.now),
                short_bytes(d.bytes)
            ));
        }
        for i in &self.incomplete {
            out.push_str(&format!(
                "{verb} incomplete {} ({} object(s))\n",
                i.id,
                i.keys.len()
            ));
        }
        for u in &self.uploads {
            out.push_str(&format!(
                "{} upload {}\n",
                if self.applied {
                    "aborted"
                } else {
                    "would abort"
                },
                u.key
            ));
        }
        for k in &self.keep {
            out.push_str(&format!("kept {} ({})\n", k.id, k.reason));
        }
        if !self.uploads_listed {
            out.push_str("(this S3 server cannot list multipart uploads: none aborted)\n");
        }
        if self.is_empty() {
            out.push_str(&format!(
                "nothing to prune (keep {} days, keep last {})\n",
                self.keep_days, self.keep_last
            ));
        }
        out
    }
}

async fn prune(ctx: &Context, services: &Services, args: &BackupPruneArgs) -> Result<ExitStatus> {
    let request = PruneRequest {
        keep_days: args.keep_days,
        keep_last: args.keep_last,
        now: args.now,
    };
    let mut plan = ops::plan_prune(services, &request).await?;
    if !args.dry_run && !plan.is_empty() {
        let bytes: u64 = plan.delete.iter().map(|d| d.bytes).sum();
        ctx.ui.confirm(
            &format!(
                "Delete {} backup(s) ({}), {} incomplete object group(s), abort {} upload(s)?",
                plan.delete.len(),
                ByteSize(bytes),
                plan.incomplete.len(),
                plan.uploads.len()
            ),
            args.yes,
        )?;
        ops::apply_prune(services, &mut plan).await?;
    }
    ctx.printer.print(&plan)?;
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ verify-artifacts

impl Render for ArtifactReport {
    fn render_human(&self, style: &Style) -> String {
        if self.versions.is_empty() {
            return "no model versions to check\n".into();
        }
        let mut table = style.table(&["MODEL", "VERSION", "STAGE", "FILES", "SIZE", "RESULT"]);
        for v in &self.versions {
            let result = if v.problems.is_empty() {
                style.cell("ok", Some(comfy_table::Color::Green))
            } else {
                style.cell(v.problems.join("; "), Some(comfy_table::Color::Red))
            };
            table.add_row(vec![
                style.cell(&v.name, None),
                style.cell(&v.version, None),
                style.cell(&v.stage, None),
                style.cell(v.files, None),
                style.cell(short_bytes(v.bytes), None),
                result,
            ]);
        }
        style.render_table(&table)
    }
}

async fn verify_artifacts(
    ctx: &Context,
    services: &Services,
    args: &VerifyArtifactsArgs,
) -> Result<ExitStatus> {
    let report =
        ops::verify_artifacts(services, args.name.as_deref(), args.stage.map(Into::into)).await?;
    ctx.printer.print(&report)?;
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::ProblemFound
    })
}
