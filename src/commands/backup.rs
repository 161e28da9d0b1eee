//! `nbamcp backup create|list|verify|restore|prune`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cli::{
    BackupCommand, BackupCreateArgs, BackupListArgs, BackupPruneArgs, BackupRestoreArgs,
    BackupVerifyArgs, VerifyArtifactsArgs,
};
use crate::commands::Context;
use crate::output::{Render, Style, short_bytes, short_duration};
use nbamcp::backup::create::{CreateOptions, Created, Interrupt};
use nbamcp::backup::prune::{self, PrunePlan};
use nbamcp::backup::restore::{self, RestoreOutcome, Restored, VerifyReport};
use nbamcp::backup::{Backup, Catalog, Incomplete, PendingUpload, Store, Target};
use nbamcp::clients::postgres::Database;
use nbamcp::config::Config;
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::units::ByteSize;

pub async fn run(ctx: &Context, command: &BackupCommand) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    match command {
        BackupCommand::Create(args) => create(ctx, &config, args).await,
        BackupCommand::List(args) => list(ctx, &config, args).await,
        BackupCommand::Verify(args) => verify(ctx, &config, args).await,
        BackupCommand::Restore(args) => restore(ctx, &config, args).await,
        BackupCommand::Prune(args) => prune(ctx, &config, args).await,
        BackupCommand::VerifyArtifacts(args) => verify_artifacts(ctx, &config, args).await,
    }
}

/// `1.5 GiB`, `12.0 MiB`, `512 B`.
fn age(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    short_duration((now - at).to_std().unwrap_or_default())
}

// ------------------------------------------------------------------ create

#[derive(Debug, Serialize)]
struct CreateReport {
    backups: Vec<Created>,
    pruned: Option<PrunePlan>,
}

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

async fn create(ctx: &Context, config: &Config, args: &BackupCreateArgs) -> Result<ExitStatus> {
    let mut interrupt = Interrupt::new()?;
    let targets = nbamcp::backup::targets(config, args.database.as_deref(), args.all)?;
    let store = Store::connect(config).await?;
    let options = CreateOptions {
        label: args.label.clone(),
        compression: args.compression.unwrap_or(config.backup.compression),
        part_size: config.backup.part_size.0,
        pg_bin_dir: config.backup.pg_bin_dir.clone(),
        stall_timeout: config.backup.stall_timeout.0,
    };
    let holder = format!("backup create by {}", ctx.actor());
    let mut backups = Vec::new();
    let mut failures = Vec::new();
    for target in &targets {
        let progress = ctx.ui.bytes(format!("pg_dump {}", target.name));
        match nbamcp::backup::create::create(
            &store,
            target,
            &options,
            &holder,
            &progress,
            &mut interrupt,
        )
        .await
        {
            Ok(created) => backups.push(created),
            // One database alone: its error is the command's (a lock is exit 4).
            Err(e) if targets.len() == 1 => return Err(e),
            Err(e) => failures.push(e.report()),
        }
    }
    let pruned = if args.prune && failures.is_empty() {
        Some(prune::by_config(&store, config).await?)
    } else {
        None
    };
    ctx.printer.print(&CreateReport { backups, pruned })?;
    if failures.is_empty() {
        Ok(ExitStatus::Success)
    } else {
        Err(Error::Other(anyhow::anyhow!("{}", failures.join("; "))))
    }
}

// ------------------------------------------------------------------ list

#[derive(Debug, Serialize)]
struct ListedBackup {
    id: String,
    database: String,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    bytes: u64,
    compression: &'static str,
    label: Option<String>,
    sha256: String,
    verified_at: Option<DateTime<Utc>>,
    /// The latest verification failed.
    verification_failed: bool,
}

impl From<&Backup> for ListedBackup {
    fn from(b: &Backup) -> Self {
        let m = &b.manifest;
        ListedBackup {
            id: m.id.clone(),
            database: m.database.clone(),
            started_at: m.started_at,
            finished_at: m.finished_at,
            bytes: m.bytes,
            compression: m.compression.as_str(),
            label: m.label.clone(),
            sha256: m.sha256.clone(),
            verified_at: b.verified_at(),
            verification_failed: b.verification.as_ref().is_some_and(|v| !v.ok),
        }
    }
}

#[derive(Debug, Serialize)]
struct BackupList {
    now: DateTime<Utc>,
    backups: Vec<ListedBackup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: Option<Vec<Incomplete>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uploads: Option<Vec<PendingUpload>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uploads_listed: Option<bool>,
}

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

async fn list(ctx: &Context, config: &Config, args: &BackupListArgs) -> Result<ExitStatus> {
    let store = Store::connect(config).await?;
    let catalog = store.catalog(args.all).await?;
    let wanted = |db: Option<&str>| args.database.is_none() || args.database.as_deref() == db;
    let Catalog {
        backups,
        incomplete,
        uploads,
        uploads_listed,
    } = catalog;
    let list = BackupList {
        now: Utc::now(),
        backups: backups
            .iter()
            .rev()
            .filter(|b| wanted(Some(&b.manifest.database)))
            .map(ListedBackup::from)
            .collect(),
        incomplete: args.all.then(|| {
            incomplete
                .into_iter()
                .filter(|i| wanted(i.database.as_deref()))
                .collect()
        }),
        uploads: args.all.then_some(uploads),
        uploads_listed: args.all.then_some(uploads_listed),
    };
    ctx.printer.print(&list)?;
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ verify

impl Render for VerifyReport {
    fn render_human(&self, _style: &Style) -> String {
        self.summary()
    }
}

async fn verify(ctx: &Context, config: &Config, args: &BackupVerifyArgs) -> Result<ExitStatus> {
    let store = Store::connect(config).await?;
    let catalog = store.catalog(false).await?;
    let backup = match &args.id {
        Some(id) => catalog.find(id).ok_or_else(|| no_backup(id))?,
        None => catalog
            .latest(args.database.as_deref())
            .ok_or_else(|| Error::usage("--latest", "there is no complete backup"))?,
    };
    let progress = ctx.ui.bytes(format!("verifying {}", backup.manifest.id));
    let report = restore::verify(
        &store,
        &backup.manifest,
        config.backup.pg_bin_dir.as_deref(),
        args.restore.then_some(&config.database),
        &progress,
    )
    .await?;
    progress.finish_and_clear();
    ctx.printer.print(&report)?;
    Ok(if report.ok {
        ExitStatus::Success
    } else {
        ExitStatus::ProblemFound
    })
}

fn no_backup(id: &str) -> Error {
    Error::usage(
        "ID",
        format!("no complete backup {id} (see `nbamcp backup list --all`)"),
    )
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

async fn restore(ctx: &Context, config: &Config, args: &BackupRestoreArgs) -> Result<ExitStatus> {
    let target = Target::on_server_of(&config.database, &args.target_db)?;
    let store = Store::connect(config).await?;
    let catalog = store.catalog(false).await?;
    let backup = catalog.find(&args.id).ok_or_else(|| no_backup(&args.id))?;
    let admin = Database::connect(&config.database).await?;
    let plan =
        restore::plan_restore(&admin, &backup.manifest, &target, args.create, args.clean).await?;
    if plan.target_exists && args.create {
        return Err(Error::usage(
            "--create",
            format!("database {} already exists", target.name),
        ));
    }
    if !plan.target_exists && !args.create {
        return Err(Error::usage(
            "--target-db",
            format!(
                "database {} does not exist; pass --create to create it",
                target.name
            ),
        ));
    }
    if plan.target_connections > 0 && !args.force_connections {
        return Err(Error::refused(format!(
            "{} other session(s) are connected to {}; stop them or pass --force-connections",
            plan.target_connections, target.name
        )));
    }
    let what = if plan.target_exists {
        format!(
            "database {} ({} tables, {}){}",
            target.name,
            plan.target_tables,
            plan.target_size.as_deref().unwrap_or("?"),
            if args.clean {
                ": objects in the backup are dropped and recreated"
            } else {
                ": the backup's objects are added"
            }
        )
    } else {
        format!("a new database {}", target.name)
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
        &format!("Restore {} into {}?", plan.id, target.name),
        args.yes,
    )?;
    let progress = ctx.ui.bytes(format!("restoring into {}", target.name));
    let outcome = restore::restore(
        &store,
        &backup.manifest,
        &admin,
        &target,
        args.create,
        args.clean,
        args.no_owner,
        config.backup.pg_bin_dir.as_deref(),
        &progress,
    )
    .await;
    progress.finish_and_clear();
    match outcome? {
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

async fn prune(ctx: &Context, config: &Config, args: &BackupPruneArgs) -> Result<ExitStatus> {
    let store = Store::connect(config).await?;
    let catalog = store.catalog(true).await?;
    let mut plan = prune::plan(
        &catalog,
        args.now.unwrap_or_else(Utc::now),
        args.keep_days.unwrap_or(config.backup.keep_days),
        args.keep_last.unwrap_or(config.backup.keep_last),
    );
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
        prune::apply(&store, &mut plan).await?;
    }
    ctx.printer.print(&plan)?;
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ verify-artifacts

#[derive(Debug, Serialize)]
struct ArtifactReport {
    ok: bool,
    versions: Vec<nbamcp::backup::artifacts::ArtifactCheck>,
}

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
    config: &Config,
    args: &VerifyArtifactsArgs,
) -> Result<ExitStatus> {
    let mlflow = nbamcp::clients::mlflow::Mlflow::new(&config.mlflow)?;
    let s3 = nbamcp::clients::s3::ObjectStore::connect(&config.s3).await?;
    let versions = nbamcp::backup::artifacts::verify_artifacts(
        &mlflow,
        &s3,
        &config.s3.models_bucket,
        &config.backup.artifacts_prefix,
        args.name.as_deref(),
        args.stage.map(Into::into),
    )
    .await?;
    let ok = versions.iter().all(|v| v.problems.is_empty());
    ctx.printer.print(&ArtifactReport { ok, versions })?;
    Ok(if ok {
        ExitStatus::Success
    } else {
        ExitStatus::ProblemFound
    })
}
