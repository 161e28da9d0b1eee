//! The backup operations every face calls, one per command: `create`, `list`, `verify`,
//! restore (`plan_restore`, then `restore` once confirmed), prune (`plan_prune`, then
//! `apply_prune` once confirmed) and `verify_artifacts`. Each takes the services handle and a
//! request, and returns a typed report; confirmation and drawing stay with the face.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::create::{CreateOptions, Created, Interrupt};
use super::prune::{self, PrunePlan};
use super::restore::{self, RestoreOptions, RestoreOutcome, RestorePlan, VerifyReport};
use super::{Backup, Catalog, Compression, Incomplete, Manifest, PendingUpload, Store, Target};
use crate::error::{Error, Result};
use crate::progress::{Hidden, Progress};
use crate::services::Services;

/// Who watches the long parts of the backup operations. Every method has a default (nothing
/// drawn).
pub trait BackupObserver: Sync {
    /// pg_dump of `database` starts: what counts the bytes it writes.
    fn dumping(&self, _database: &str) -> Arc<dyn Progress> {
        Arc::new(Hidden)
    }

    /// Backup `id` is being read back to verify it: what counts the bytes read.
    fn verifying(&self, _id: &str) -> Arc<dyn Progress> {
        Arc::new(Hidden)
    }

    /// A backup is being restored into `target`: what counts the bytes read.
    fn restoring(&self, _target: &str) -> Arc<dyn Progress> {
        Arc::new(Hidden)
    }
}

impl BackupObserver for Hidden {}

fn no_backup(id: &str) -> Error {
    Error::usage(
        "ID",
        format!("no complete backup {id} (see `nbamcp backup list --all`)"),
    )
}

// ------------------------------------------------------------------ create

/// What `backup create` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct CreateRequest {
    /// The database to back up [default: database.url's]; ignored with `all`.
    pub database: Option<String>,
    /// Every configured database: database.url's and backup.databases.
    pub all: bool,
    /// A note kept in the manifest.
    pub label: Option<String>,
    /// [default: backup.compression]
    pub compression: Option<Compression>,
    /// Afterwards (when every backup succeeded), prune per the configured retention.
    pub prune: bool,
}

/// The backups made, and what was pruned.
#[derive(Debug, Serialize)]
pub struct CreateReport {
    pub backups: Vec<Created>,
    pub pruned: Option<PrunePlan>,
    /// The databases whose backup failed (with several), why: the operation's error once the
    /// report is shown.
    #[serde(skip)]
    pub failures: Vec<Error>,
}

impl CreateReport {
    /// The failures as one error (none: `Ok`). An interrupted backup keeps the interrupted kind.
    pub fn result(&mut self) -> Result<()> {
        if self.failures.is_empty() {
            return Ok(());
        }
        let failures = std::mem::take(&mut self.failures);
        let text = failures
            .iter()
            .map(Error::report)
            .collect::<Vec<_>>()
            .join("; ");
        Err(
            if failures
                .iter()
                .any(|e| matches!(e, Error::Interrupted { .. }))
            {
                Error::interrupted(text)
            } else {
                Error::failed(text)
            },
        )
    }
}

/// Back up one database, or every configured one. SIGINT and SIGTERM are caught from the start:
/// they abort the upload instead of ending the process mid-way. With one database, its failure
/// is the error (a lock held is a refusal); with several, the others go on and the failures
/// are in [`CreateReport::failures`].
pub async fn create(
    services: &Services,
    request: &CreateRequest,
    observer: &dyn BackupObserver,
) -> Result<CreateReport> {
    let config = services.config();
    let mut interrupt = Interrupt::new()?;
    let targets = super::targets(config, request.database.as_deref(), request.all)?;
    let store = Store::of(services).await?;
    let options = CreateOptions {
        label: request.label.clone(),
        compression: request.compression.unwrap_or(config.backup.compression),
        part_size: config.backup.part_size.0,
        pg_bin_dir: config.backup.pg_bin_dir.clone(),
        stall_timeout: config.backup.stall_timeout.0,
    };
    let holder = format!("backup create by {}", services.actor());
    let mut backups = Vec::new();
    let mut failures = Vec::new();
    for target in &targets {
        let progress = observer.dumping(&target.name);
        match super::create::create(
            &store,
            target,
            &options,
            &holder,
            progress.as_ref(),
            &mut interrupt,
        )
        .await
        {
            Ok(created) => backups.push(created),
            Err(e) if targets.len() == 1 => return Err(e),
            Err(e) => failures.push(e),
        }
    }
    let pruned = if request.prune && failures.is_empty() {
        Some(prune::by_config(&store, config).await?)
    } else {
        None
    };
    Ok(CreateReport {
        backups,
        pruned,
        failures,
    })
}

// ------------------------------------------------------------------ list

/// One complete backup, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ListedBackup {
    pub id: String,
    pub database: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub bytes: u64,
    pub compression: &'static str,
    pub label: Option<String>,
    pub sha256: String,
    pub verified_at: Option<DateTime<Utc>>,
    /// The latest verification failed.
    pub verification_failed: bool,
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

/// The backups in S3, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct BackupList {
    pub now: DateTime<Utc>,
    pub backups: Vec<ListedBackup>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Vec<Incomplete>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uploads: Option<Vec<PendingUpload>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uploads_listed: Option<bool>,
}

/// What `backup list` is asked for.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    /// Only backups of this database.
    pub database: Option<String>,
    /// Also objects without a manifest (incomplete) and uploads never completed.
    pub all: bool,
}

/// The catalog, from S3 alone (works with the database down).
pub async fn list(services: &Services, request: &ListRequest) -> Result<BackupList> {
    let store = Store::of(services).await?;
    let Catalog {
        backups,
        incomplete,
        uploads,
        uploads_listed,
    } = store.catalog(request.all).await?;
    let wanted = |db: Option<&str>| request.database.is_none() || request.database.as_deref() == db;
    Ok(BackupList {
        now: Utc::now(),
        backups: backups
            .iter()
            .rev()
            .filter(|b| wanted(Some(&b.manifest.database)))
            .map(ListedBackup::from)
            .collect(),
        incomplete: request.all.then(|| {
            incomplete
                .into_iter()
                .filter(|i| wanted(i.database.as_deref()))
                .collect()
        }),
        uploads: request.all.then_some(uploads),
        uploads_listed: request.all.then_some(uploads_listed),
    })
}

// ------------------------------------------------------------------ verify

/// Which backup `backup verify` checks, and how far.
#[derive(Debug, Clone)]
pub struct VerifyRequest {
    pub which: Which,
    /// Also restore it into a scratch database and compare row counts with the manifest.
    pub restore: bool,
}

/// A backup by id, or the newest one (of a database).
#[derive(Debug, Clone)]
pub enum Which {
    Id(String),
    Latest { database: Option<String> },
}

/// Verify a backup (re-hash, table of contents, with `restore` a scratch restore); the result
/// is recorded beside its manifest.
pub async fn verify(
    services: &Services,
    request: &VerifyRequest,
    observer: &dyn BackupObserver,
) -> Result<VerifyReport> {
    let config = services.config();
    let store = Store::of(services).await?;
    let catalog = store.catalog(false).await?;
    let backup = match &request.which {
        Which::Id(id) => catalog.find(id).ok_or_else(|| no_backup(id))?,
        Which::Latest { database } => catalog
            .latest(database.as_deref())
            .ok_or_else(|| Error::usage("--latest", "there is no complete backup"))?,
    };
    let progress = observer.verifying(&backup.manifest.id);
    let report = restore::verify(
        &store,
        &backup.manifest,
        config.backup.pg_bin_dir.as_deref(),
        request.restore.then_some(&config.database),
        progress.as_ref(),
    )
    .await;
    progress.finish();
    report
}

// ------------------------------------------------------------------ restore

/// What `backup restore` is asked to do.
#[derive(Debug, Clone)]
pub struct RestoreRequest {
    /// The backup's id.
    pub id: String,
    /// The database to restore into, on the server of database.url.
    pub target: String,
    pub options: RestoreOptions,
}

/// A restore decided on and not refused: what it would replace ([`RestorePlan`]), for the face
/// to show and confirm before [`restore`].
pub struct PlannedRestore {
    pub plan: RestorePlan,
    manifest: Manifest,
    target: Target,
}

/// Find the backup, look at the target and refuse what must not be done (see
/// [`restore::plan_restore`]); nothing is changed.
pub async fn plan_restore(services: &Services, request: &RestoreRequest) -> Result<PlannedRestore> {
    let config = services.config();
    let target = Target::on_server_of(&config.database, &request.target)?;
    let store = Store::of(services).await?;
    let catalog = store.catalog(false).await?;
    let backup = catalog
        .find(&request.id)
        .ok_or_else(|| no_backup(&request.id))?;
    let plan = restore::plan_restore(
        services.database().await?,
        &backup.manifest,
        &target,
        &request.options,
    )
    .await?;
    Ok(PlannedRestore {
        plan,
        manifest: backup.manifest.clone(),
        target,
    })
}

/// Carry out a planned restore, checking the archive's checksum on the way.
pub async fn restore(
    services: &Services,
    planned: &PlannedRestore,
    observer: &dyn BackupObserver,
) -> Result<RestoreOutcome> {
    let store = Store::of(services).await?;
    let progress = observer.restoring(&planned.target.name);
    let outcome = restore::restore(
        &store,
        &planned.manifest,
        services.database().await?,
        &planned.target,
        &planned.plan,
        services.config().backup.pg_bin_dir.as_deref(),
        progress.as_ref(),
    )
    .await;
    progress.finish();
    outcome
}

// ------------------------------------------------------------------ prune

/// What `backup prune` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct PruneRequest {
    /// [default: backup.keep_days]
    pub keep_days: Option<u32>,
    /// [default: backup.keep_last]
    pub keep_last: Option<u32>,
    /// Decide as if it were this time [default: now].
    pub now: Option<DateTime<Utc>>,
}

/// Decide what retention deletes, touching nothing.
pub async fn plan_prune(services: &Services, request: &PruneRequest) -> Result<PrunePlan> {
    let config = services.config();
    let store = Store::of(services).await?;
    let catalog = store.catalog(true).await?;
    Ok(prune::plan(
        &catalog,
        request.now.unwrap_or_else(Utc::now),
        request.keep_days.unwrap_or(config.backup.keep_days),
        request.keep_last.unwrap_or(config.backup.keep_last),
    ))
}

/// Carry out a prune plan (it is marked applied).
pub async fn apply_prune(services: &Services, plan: &mut PrunePlan) -> Result<()> {
    prune::apply(&Store::of(services).await?, plan).await
}

// ------------------------------------------------------------------ verify-artifacts

/// Whether every registered model version's artifacts are in S3.
#[derive(Debug, Serialize)]
pub struct ArtifactReport {
    pub ok: bool,
    pub versions: Vec<super::artifacts::ArtifactCheck>,
}

/// Check the artifacts of every model version (of `name`, in `stage`, when given).
pub async fn verify_artifacts(
    services: &Services,
    name: Option<&str>,
    stage: Option<crate::registry::Stage>,
) -> Result<ArtifactReport> {
    let config = services.config();
    let versions = super::artifacts::verify_artifacts(
        services.mlflow().await?,
        services.store().await?,
        &config.s3.models_bucket,
        &config.backup.artifacts_prefix,
        name,
        stage,
    )
    .await?;
    Ok(ArtifactReport {
        ok: versions.iter().all(|v| v.problems.is_empty()),
        versions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(failures: Vec<Error>) -> CreateReport {
        CreateReport {
            backups: Vec::new(),
            pruned: None,
            failures,
        }
    }

    #[test]
    fn failures_are_one_error_that_keeps_the_interrupted_kind() {
        assert!(report(Vec::new()).result().is_ok());
        let e = report(vec![Error::failed("a"), Error::failed("b")])
            .result()
            .unwrap_err();
        assert!(matches!(e, Error::Failed { .. }));
        assert_eq!(e.report(), "a; b");
        let e = report(vec![
            Error::failed("a"),
            Error::interrupted("interrupted (SIGINT)"),
        ])
        .result()
        .unwrap_err();
        assert!(matches!(e, Error::Interrupted { .. }));
        assert_eq!(e.report(), "a; interrupted (SIGINT)");
    }
}
