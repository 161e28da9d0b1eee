//! The whole command tree. It also feeds `completions/` and `man/` (see `generate-artifacts`).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use nbamcp::choice::Choice;

use crate::output::OutputFormat;
use nbamcp::health::Component;
use nbamcp::units::HumanDuration;

const EXIT_CODES: &str = "\
Exit codes:
  0  success, healthy, no drift
  1  runtime failure (a backend unreachable, an operation failed)
  2  usage or configuration error
  3  the check ran and found a problem (unhealthy, drift, verification mismatch)
  4  refused (needs --yes, a lock is held, a policy gate failed)";

#[derive(Debug, Parser)]
#[command(
    name = "nbamcp",
    version,
    about = "Operate the NBA prediction ML system: health, registry, serving, drift, backups, maintenance",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Config file [default: ./nbamcp.yaml, ~/.config/nbamcp/config.yaml, /etc/nbamcp/config.yaml]
    #[arg(long, global = true, env = "NBAMCP_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format: table for people, json or yaml for scripts
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Only errors on stderr: no progress, no notes
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More log detail on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// No colour, even on a terminal (NO_COLOR, TERM=dumb and CI=true also turn it off)
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Check every component (or the named ones) and report healthy, degraded or unhealthy
    Health(HealthArgs),

    /// The MLflow model registry: list, show, promote, rollback, archive, history
    #[command(subcommand)]
    Registry(RegistryCommand),

    /// Compare current data with reference data, feature by feature
    #[command(subcommand)]
    Drift(DriftCommand),

    /// Alerts raised by nbamcp (drift, promotions, ...): list them, acknowledge one
    Alerts(AlertsArgs),

    /// Run a model-serving replica: KServe V2 inference, A/B routing, caches, prediction log
    Serve(ServeArgs),

    /// Validate a model version's artifact and deploy it to every serving replica
    Deploy(DeployArgs),

    /// Remove a deployed version from the serving replicas
    Undeploy(UndeployArgs),

    /// Set the traffic split between a model's deployed versions, or --show it
    AbSplit(AbSplitArgs),

    /// The serving replicas' model and response caches: stats, clear
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Backups of PostgreSQL into S3: create, list, verify, restore, prune
    #[command(subcommand)]
    Backup(BackupCommand),

    /// Checklists as code (monthly, weekly-db, ...): list, show, run, history, show-run
    #[command(subcommand)]
    Maintenance(MaintenanceCommand),

    /// Show, validate or create the configuration
    #[command(subcommand)]
    Config(ConfigCommand),

    /// nbamcp's own database schema: apply and inspect migrations
    #[command(subcommand)]
    Db(DbCommand),

    /// Print a shell completion script
    Completions(CompletionsArgs),

    /// Write completions/ and man/ from this command tree (--check: fail when they are stale)
    #[command(hide = true)]
    GenerateArtifacts(GenerateArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 healthy, 3 degraded or unhealthy, 1 the check could not run, 2 bad config."
)]
pub struct HealthArgs {
    /// Components to check (default: all)
    #[arg(value_parser = choice::<Component>())]
    pub components: Vec<Component>,

    /// Deadline for each component check [default: health.timeout, 5s]
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<HumanDuration>,

    /// Check again every SECONDS, redrawing in place on a terminal, until Ctrl-C
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub watch: Option<u64>,

    /// When unhealthy, raise CRITICAL alerts (System Unhealthy; Database Connection Failed when
    /// the database is down, then sent by webhook only). One per incident: not raised again
    /// while an unacknowledged one from the last hour stands
    #[arg(long)]
    pub record: bool,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Every version of every model (or of one): stage, aliases, status, age, key metric
    List(RegistryListArgs),
    /// One version in detail: artifact URI, run metrics and params, tags, audit history
    Show(RegistryShowArgs),
    /// Move a version to production or staging (stage and alias), gated on its run metrics
    Promote(PromoteArgs),
    /// Restore the version that held production before the current one (from the audit log)
    Rollback(RollbackArgs),
    /// Archive a version, or every version older than a duration (never the production one)
    Archive(ArchiveArgs),
    /// The audit log of a model: who moved what, when, from and to, and why
    History(HistoryArgs),
}

/// Stages as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StageArg {
    Production,
    Staging,
    Archived,
    None,
}

impl From<StageArg> for nbamcp::registry::Stage {
    fn from(stage: StageArg) -> Self {
        match stage {
            StageArg::Production => nbamcp::registry::Stage::Production,
            StageArg::Staging => nbamcp::registry::Stage::Staging,
            StageArg::Archived => nbamcp::registry::Stage::Archived,
            StageArg::None => nbamcp::registry::Stage::None,
        }
    }
}

/// Where `promote` can move a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PromoteTarget {
    Production,
    Staging,
}

#[derive(Debug, Args)]
pub struct RegistryListArgs {
    /// Only this model
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Only versions in this stage
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,

    /// Only versions created longer ago than this (e.g. 90d)
    #[arg(long, value_name = "DURATION")]
    pub older_than: Option<HumanDuration>,

    /// Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks
    #[arg(long, hide = true, value_name = "TIME")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,

    /// Results per MLflow search page (default: MLflow's maximum); for tests of paging
    #[arg(long, hide = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").args(["model_version", "stage", "alias"]))]
pub struct RegistryShowArgs {
    /// The registered model
    pub name: String,

    /// The version [default: the production one]
    #[arg(value_name = "VERSION")]
    pub model_version: Option<String>,

    /// The version in this stage
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,

    /// The version this alias points at
    #[arg(long)]
    pub alias: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 done or nothing to do, 1 MLflow or PostgreSQL failed (the message says what state \
the registry is in), 2 unknown model/version or bad flag, 4 refused (policy gate, lock held, --yes needed)."
)]
pub struct PromoteArgs {
    /// The registered model
    pub name: String,

    /// The version to promote
    #[arg(value_name = "VERSION")]
    pub model_version: String,

    /// The target stage (its alias, `production` or `staging`, moves with it)
    #[arg(long, value_enum)]
    pub to: PromoteTarget,

    /// Archive the versions now in the target stage [default: on for production, off for staging]
    #[arg(long, overrides_with = "no_archive_existing")]
    pub archive_existing: bool,

    /// Leave the versions now in the target stage where they are
    #[arg(long, overrides_with = "archive_existing")]
    pub no_archive_existing: bool,

    /// A policy gate on the version's run metrics, e.g. accuracy>=0.85 (repeatable; added to
    /// registry.require from config)
    #[arg(long, value_name = "METRIC>=X")]
    pub require: Vec<nbamcp::registry::Requirement>,

    /// Skip the gates in registry.require (only --require applies)
    #[arg(long)]
    pub no_require_defaults: bool,

    /// Why, for the audit log
    #[arg(long)]
    pub reason: Option<String>,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The registered model
    pub name: String,

    /// Roll back to this version instead of the one the audit log names
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,

    /// Why, for the audit log
    #[arg(long)]
    pub reason: Option<String>,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["model_version", "older_than"]))]
pub struct ArchiveArgs {
    /// The registered model (with VERSION), or --name with --older-than
    pub model: Option<String>,

    /// The version to archive
    #[arg(requires = "model", value_name = "VERSION")]
    pub model_version: Option<String>,

    /// Archive every version created longer ago than this (e.g. 90d), except production
    #[arg(long, value_name = "DURATION")]
    pub older_than: Option<HumanDuration>,

    /// With --older-than: only this model
    #[arg(long, value_name = "NAME", conflicts_with = "model")]
    pub name: Option<String>,

    /// Why, for the audit log
    #[arg(long)]
    pub reason: Option<String>,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Pretend it is this time (RFC 3339), for --older-than; for tests and what-if checks
    #[arg(long, hide = true, value_name = "TIME")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The registered model
    pub name: String,

    /// At most this many events, newest first
    #[arg(long, default_value_t = 20)]
    pub limit: i64,
}

#[derive(Debug, Subcommand)]
pub enum DriftCommand {
    /// Test each feature of the current data against the reference (exit 3 when any drifted)
    Check(DriftCheckArgs),

    /// The reference data of model versions: stored in S3, profiled in PostgreSQL
    #[command(subcommand)]
    Reference(DriftReferenceCommand),
}

#[derive(Debug, Subcommand)]
pub enum DriftReferenceCommand {
    /// Store FILE as the reference data of a model version (then `drift check --model NAME
    /// --version V` needs no --reference)
    Set(DriftReferenceSetArgs),
    /// The profile of a model version's reference: columns, types, sizes, quantiles
    Show {
        /// The registered model
        name: String,
        /// The model version (`3` or `v3`)
        #[arg(id = "model_version", value_name = "VERSION")]
        model_version: String,
    },
    /// Every stored reference
    List,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 stored, 2 bad data (file, line and column named) or unknown model version, 4 a reference exists (--replace), 1 S3 or PostgreSQL failed (nothing changed)."
)]
pub struct DriftReferenceSetArgs {
    /// The registered model
    pub name: String,

    /// The model version (`3` or `v3`)
    #[arg(id = "model_version", value_name = "VERSION")]
    pub model_version: String,

    /// The reference data (e.g. the training set), CSV with a header line
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Columns that hold categories, not numbers (remembered for later checks)
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub categorical: Vec<String>,

    /// Replace the version's existing reference
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 no drift (or --no-fail), 3 drift detected, 2 bad input (the message names file, line and column).",
    // --version names the model version here, as in the runbook's `--model NAME --version V`.
    disable_version_flag = true
)]
pub struct DriftCheckArgs {
    /// The reference data (e.g. the training set), CSV with a header line [default: the
    /// reference stored for --model/--version by `drift reference set`]
    #[arg(long, value_name = "FILE", required_unless_present_all = ["model", "model_version"])]
    pub reference: Option<PathBuf>,

    /// The current data, CSV with a header line; `-` reads standard input
    #[arg(long, value_name = "FILE", required_unless_present = "current_from_db")]
    pub current: Option<PathBuf>,

    /// Take the current data from the serving prediction log: the features of --model's
    /// predictions (of --version only, when given) over the last --since
    #[arg(long, requires = "model", conflicts_with = "current")]
    pub current_from_db: bool,

    /// With --current-from-db: how far back to look
    #[arg(long, value_name = "DURATION", default_value = "24h")]
    pub since: nbamcp::units::HumanDuration,

    /// Features to test [default: every column both files have]
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub features: Vec<String>,

    /// Columns that hold categories, not numbers
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub categorical: Vec<String>,

    /// The test: auto picks KS for numbers, chi-squared for categories and two-valued numbers
    #[arg(long, value_parser = choice::<nbamcp::drift::Method>(), default_value = "auto")]
    pub method: nbamcp::drift::Method,

    /// p-value below which a feature has drifted (KS, chi-squared), after --correction
    #[arg(long, default_value_t = 0.05, value_parser = probability)]
    pub threshold: f64,

    /// PSI at or above which a feature has drifted
    #[arg(long, default_value_t = 0.2)]
    pub psi_threshold: f64,

    /// PSI bins (cut at the reference's quantiles)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(2..=1000))]
    pub psi_bins: u16,

    /// Wasserstein distance / reference standard deviation at or above which a feature drifted
    #[arg(long, default_value_t = 0.1)]
    pub wasserstein_threshold: f64,

    /// Correction of p-values for testing several features
    #[arg(long, value_parser = choice::<nbamcp::drift::stats::Correction>(), default_value = "none")]
    pub correction: nbamcp::drift::stats::Correction,

    /// Missing cells (empty, NA, NaN, null)
    #[arg(long, value_parser = choice::<nbamcp::drift::data::MissingPolicy>(), default_value = "drop")]
    pub missing: nbamcp::drift::data::MissingPolicy,

    /// Exit 2 when a column of the reference is missing from the current data, instead of
    /// testing the columns both have after a warning (for CI gates)
    #[arg(long, conflicts_with = "features")]
    pub require_all_features: bool,

    /// Exit 0 even when drift is found (report only)
    #[arg(long)]
    pub no_fail: bool,

    /// Store the report in PostgreSQL and raise a WARNING alert when a feature drifted
    #[arg(long, requires_all = ["model", "model_version"])]
    pub record: bool,

    /// The model the data feeds (for --record, and for its stored reference)
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,

    /// The model version the data feeds (for --record, and for its stored reference)
    #[arg(long = "version", value_name = "VERSION", id = "model_version")]
    pub model_version: Option<String>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub action: Option<AlertsAction>,

    /// Alerts of the last HOURS
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(i64).range(1..=87_600))]
    pub hours: i64,

    /// Only this severity and above
    #[arg(long, value_parser = choice::<nbamcp::alerts::Severity>(), default_value = "info")]
    pub severity: nbamcp::alerts::Severity,

    /// Only this type, e.g. "Feature Drift Detected"
    #[arg(long = "type", value_name = "TYPE")]
    pub alert_type: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Mark an alert as seen (who and when are recorded)
    Ack {
        /// The alert's id
        id: i64,
    },
    /// Send a test notification to the configured webhook (nothing is recorded; exit 1 when
    /// it is not delivered)
    TestWebhook,
}

fn probability(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: serving.listen, 127.0.0.1:8080]; port 0 picks a free one
    #[arg(long, value_name = "HOST:PORT")]
    pub listen: Option<String>,

    /// This replica's name in the replica list [default: HOSTNAME:PORT]
    #[arg(long, value_name = "ID")]
    pub replica_id: Option<String>,

    /// The URL others reach this replica at [default: http://LISTEN]
    #[arg(long, value_name = "URL")]
    pub advertise_url: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 deployed (and, with --wait, ready on every live replica), 1 MLflow, S3, \
PostgreSQL or a replica failed, 2 unknown model/version or bad flag, 4 refused (the artifact failed \
validation, --yes needed, lock held). Nothing is written when validation fails."
)]
pub struct DeployArgs {
    /// The registered model
    pub name: String,

    /// The version (3 or v3)
    #[arg(value_name = "VERSION")]
    pub model_version: String,

    /// Share of the traffic for this version, 0..1; the other versions are scaled to the rest
    #[arg(long, default_value_t = 1.0)]
    pub weight: f64,

    /// A note kept with the deployment
    #[arg(long)]
    pub description: Option<String>,

    /// Refuse unless the artifact's sha256 is this (e.g. from the release pipeline)
    #[arg(long, value_name = "HEX")]
    pub sha256: Option<String>,

    /// Wait until every live replica serves the new state [default: on a terminal]
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,

    /// Return once the desired state is written
    #[arg(long, overrides_with = "wait")]
    pub no_wait: bool,

    /// Validate and show the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct UndeployArgs {
    /// The registered model
    pub name: String,

    /// The version (3 or v3)
    #[arg(value_name = "VERSION")]
    pub model_version: String,

    /// Remove it even if it is the last version taking traffic (the model then answers 503)
    #[arg(long)]
    pub force: bool,

    /// Wait until every live replica serves the new state [default: on a terminal]
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,

    /// Return once the desired state is written
    #[arg(long, overrides_with = "wait")]
    pub no_wait: bool,

    /// Show the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["split", "show"]))]
pub struct AbSplitArgs {
    /// The registered model
    pub name: String,

    /// VERSION=WEIGHT for each version: v3=0.8 v2=0.2 or v3=80 v2=20 (unnamed versions get 0;
    /// v3=1 stops an A/B test)
    #[arg(value_name = "VERSION=WEIGHT")]
    pub split: Vec<String>,

    /// Print the current split with each version's requests, error rate and latency
    #[arg(long, conflicts_with = "split")]
    pub show: bool,

    /// Wait until every live replica serves the new split [default: on a terminal]
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,

    /// Return once the desired state is written
    #[arg(long, overrides_with = "wait")]
    pub no_wait: bool,

    /// Show the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// Model and response cache statistics per replica and in total (warns below the hit-rate line)
    Stats(CacheStatsArgs),
    /// Empty the response cache and/or unload versions no longer deployed (INFO alert "Cache Cleared")
    Clear(CacheClearArgs),
}

#[derive(Debug, Args)]
pub struct CacheStatsArgs {
    /// Only this replica (base URL) [default: serving.replicas]
    #[arg(long, value_name = "URL")]
    pub replica: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").args(["model", "responses", "all"]))]
pub struct CacheClearArgs {
    /// Unload cached model versions that are no longer deployed (deployed ones stay loaded)
    #[arg(long)]
    pub model: bool,

    /// Empty the response cache
    #[arg(long)]
    pub responses: bool,

    /// Both (the default)
    #[arg(long)]
    pub all: bool,

    /// Only this replica (base URL) [default: serving.replicas]
    #[arg(long, value_name = "URL")]
    pub replica: Vec<String>,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// pg_dump a database straight into S3 (multipart, checksummed); the manifest is written last
    Create(BackupCreateArgs),
    /// The backups in S3, from their manifests alone (works with the database down)
    List(BackupListArgs),
    /// Re-hash a backup and read its table of contents; --restore also restores it into a
    /// scratch database and compares row counts (exit 3 on any mismatch)
    Verify(BackupVerifyArgs),
    /// Restore a backup into a database, checking its checksum on the way
    Restore(BackupRestoreArgs),
    /// Delete backups past retention, and uploads that never completed
    Prune(BackupPruneArgs),
    /// Check that every registered model version's artifacts are in S3 (exit 3 when not)
    VerifyArtifacts(VerifyArtifactsArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArtifactsArgs {
    /// Only versions in this stage
    #[arg(long, value_enum)]
    pub stage: Option<StageArg>,

    /// Only this model
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 backed up, 1 failed (the message says why; nothing is stored and no upload is left), \
2 bad flag or config, 4 another backup of this database is running (locked)."
)]
pub struct BackupCreateArgs {
    /// The database to back up, on the server of database.url [default: database.url's]
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub database: Option<String>,

    /// Every configured database: database.url's and backup.databases (e.g. MLflow's)
    #[arg(long)]
    pub all: bool,

    /// A note kept in the manifest, e.g. "before migration 0005"
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,

    /// Compression of the stored archive [default: backup.compression, zstd]
    #[arg(long, value_parser = choice::<nbamcp::backup::Compression>())]
    pub compression: Option<nbamcp::backup::Compression>,

    /// Afterwards, prune per backup.keep_days / backup.keep_last (for cron)
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct BackupListArgs {
    /// Only backups of this database
    #[arg(long, value_name = "NAME")]
    pub database: Option<String>,

    /// Also objects without a manifest (incomplete) and uploads never completed
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
#[command(
    group = clap::ArgGroup::new("which").required(true).args(["id", "latest"]),
    after_help = "Exit codes: 0 verified, 3 a mismatch (checksum, archive, row counts), 1 could not check."
)]
pub struct BackupVerifyArgs {
    /// The backup's id (see `backup list`)
    pub id: Option<String>,

    /// The newest backup (of --database, if given)
    #[arg(long)]
    pub latest: bool,

    /// With --latest: of this database
    #[arg(long, value_name = "NAME", requires = "latest")]
    pub database: Option<String>,

    /// Also restore it into a scratch database and compare row counts with the manifest
    #[arg(long)]
    pub restore: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 restored, 1 failed (the target is left as it was), 2 bad flag, \
3 the backup is corrupt (nothing restored), 4 not confirmed or the target has connections."
)]
pub struct BackupRestoreArgs {
    /// The backup's id (see `backup list`)
    pub id: String,

    /// The database to restore into, on the server of database.url
    #[arg(long, value_name = "NAME")]
    pub target_db: String,

    /// Create the target database (it must not exist)
    #[arg(long)]
    pub create: bool,

    /// Drop the target's objects that the backup contains before recreating them
    #[arg(long)]
    pub clean: bool,

    /// Restore even though other sessions are connected to the target
    #[arg(long)]
    pub force_connections: bool,

    /// Skip restoring ownership (when the backup's roles do not exist here)
    #[arg(long)]
    pub no_owner: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct BackupPruneArgs {
    /// Delete backups older than this many days [default: backup.keep_days, 7]
    #[arg(long, value_name = "DAYS")]
    pub keep_days: Option<u32>,

    /// Always keep this many newest backups of each database [default: backup.keep_last]
    #[arg(long, value_name = "N")]
    pub keep_last: Option<u32>,

    /// Show what would be deleted and delete nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Pretend it is this time (RFC 3339); for tests and what-if checks
    #[arg(long, hide = true, value_name = "TIME")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Subcommand)]
pub enum MaintenanceCommand {
    /// The checklists (built in, and from maintenance.dirs) with their steps
    List,
    /// One checklist: where it comes from and what each step does
    Show {
        /// A checklist name (e.g. monthly) or the path of a YAML file
        checklist: String,
    },
    /// Run a checklist's steps in order, recording each result in PostgreSQL as it finishes
    Run(MaintenanceRunArgs),
    /// Past runs, newest first
    History(MaintenanceHistoryArgs),
    /// One run: each step's status, duration and output
    ShowRun {
        /// The run's id (see `maintenance history`)
        #[arg(value_name = "RUN_ID")]
        run_id: i64,
    },
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every step done (or skipped), 1 a step failed (the run stopped \
there; resume it with --resume RUN_ID), 2 bad checklist or flag, 3 a check step found a problem or \
manual steps are pending (needs attention), 4 another run of this checklist is in progress, \
--yes needed, a person chose abort, or a step was refused (e.g. a model's registry lock)."
)]
pub struct MaintenanceRunArgs {
    /// A checklist name (e.g. monthly) or the path of a YAML file
    pub checklist: String,

    /// Show what each step would do; change nothing and record nothing
    #[arg(long, conflicts_with = "resume")]
    pub dry_run: bool,

    /// Run only these steps (in checklist order)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "STEP,...",
        conflicts_with = "resume"
    )]
    pub only: Vec<String>,

    /// Start at this step (the ones before it are not run)
    #[arg(long, value_name = "STEP", conflicts_with_all = ["only", "resume"])]
    pub from: Option<String>,

    /// Continue run RUN_ID: steps it finished are not run again
    #[arg(long, value_name = "RUN_ID")]
    pub resume: Option<i64>,

    /// Record manual steps as skipped instead of pending (unattended runs)
    #[arg(long)]
    pub skip_manual: bool,

    /// Record these manual steps as done (already done by a person)
    #[arg(long, value_delimiter = ',', value_name = "STEP,...")]
    pub confirm: Vec<String>,

    /// Do it without asking (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Pretend it is this time (RFC 3339) for the age cutoffs of archive-models and clear-logs;
    /// for tests and what-if checks
    #[arg(long, hide = true, value_name = "TIME")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Args)]
pub struct MaintenanceHistoryArgs {
    /// Only runs of this checklist
    #[arg(long, value_name = "NAME")]
    pub checklist: Option<String>,

    /// At most this many runs
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i64).range(1..))]
    pub limit: i64,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration (secrets masked) and where it came from
    Show,
    /// Load the configuration and report problems (exit 2 when it is invalid)
    Validate,
    /// Write a commented configuration template
    Init(ConfigInitArgs),
}

#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// Where to write it
    #[arg(default_value = "nbamcp.yaml", value_name = "PATH")]
    pub path: PathBuf,

    /// Overwrite an existing file without asking
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the nbamcp schema and apply pending migrations (safe to run repeatedly)
    Migrate,
    /// List migrations and whether each is applied (exit 3 when any is pending or modified)
    Status,
    /// VACUUM ANALYZE the database, or ANALYZE only the named tables (the weekly upkeep)
    Vacuum(DbVacuumArgs),
    /// Tables by total size (data, indexes and TOAST), largest first
    TableSizes(DbTableSizesArgs),
}

#[derive(Debug, Args)]
pub struct DbVacuumArgs {
    /// Only these tables (schema.table, or a table of the nbamcp schema) [default: every table
    /// of the database that the configured user may vacuum]
    #[arg(value_name = "TABLE")]
    pub tables: Vec<String>,

    /// ANALYZE only (refresh planner statistics; no VACUUM)
    #[arg(long)]
    pub analyze_only: bool,
}

#[derive(Debug, Args)]
pub struct DbTableSizesArgs {
    /// Only tables of these schemas [default: every schema but the system ones]
    #[arg(long, value_delimiter = ',', value_name = "NAME,...")]
    pub schema: Vec<String>,

    /// At most this many tables
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The directory that holds completions/ and man/
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub out_dir: PathBuf,

    /// Write nothing; exit 3 and list the files that differ
    #[arg(long)]
    pub check: bool,
}

#[cfg(test)]
mod tests {
    #[test]
    fn command_tree_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}

/// A flag whose values are one of the library's [`Choice`]s: the possible values (with their
/// help) come from the library type, so the command line, completions and man pages list
/// exactly what the library accepts.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(std::marker::PhantomData)
}

#[derive(Clone)]
pub struct ChoiceParser<T>(std::marker::PhantomData<T>);

impl<T: Choice> ChoiceParser<T> {
    fn possible() -> impl Iterator<Item = PossibleValue> {
        T::VALUES.iter().map(|v| {
            let value = PossibleValue::new(v.name());
            match v.help() {
                Some(help) => value.help(help),
                None => value,
            }
        })
    }
}

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // clap's own parser for the error a user sees ("invalid value ... [possible values: ...]").
        let name = PossibleValuesParser::new(Self::possible()).parse_ref(cmd, arg, value)?;
        let ignore_case = arg.is_some_and(clap::Arg::is_ignore_case_set);
        Ok(*T::VALUES
            .iter()
            .find(|v| v.name() == name || (ignore_case && v.name().eq_ignore_ascii_case(&name)))
            .expect("PossibleValuesParser accepts only the possible values"))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Self::possible()))
    }
}
