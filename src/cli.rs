//! The whole command tree. It also feeds `completions/` and `man/` (see `generate-artifacts`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::health::Component;
use crate::output::OutputFormat;
use crate::units::HumanDuration;

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
    #[arg(value_enum)]
    pub components: Vec<Component>,

    /// Deadline for each component check [default: health.timeout, 5s]
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<HumanDuration>,

    /// Check again every SECONDS, redrawing in place on a terminal, until Ctrl-C
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub watch: Option<u64>,
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
