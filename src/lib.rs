//! nbamcp: operate the NBA prediction ML system — MLflow registry, PostgreSQL, S3 and the
//! model-serving process — from one binary. The library does the work and returns data; the
//! commands in [`commands`] render it. The library never prints.

pub mod alerts;
pub mod audit;
pub mod backup;
pub mod cli;
pub mod clients;
pub mod commands;
pub mod config;
pub mod deploy;
pub mod drift;
pub mod error;
pub mod health;
pub mod logging;
pub mod maintenance;
pub mod output;
pub mod redact;
pub mod registry;
pub mod serve;
pub mod ui;
pub mod units;

use cli::{Cli, Commands};
use commands::Context;
use error::{ExitStatus, Result};

/// Run one parsed command line. `env` is the process environment (passed in so tests can run
/// commands in-process with an environment of their own).
pub async fn run(cli: Cli, env: Vec<(String, String)>) -> Result<ExitStatus> {
    let ctx = Context::new(cli.global, env);
    match &cli.command {
        Commands::Health(args) => commands::health::run(&ctx, args).await,
        Commands::Registry(command) => commands::registry::run(&ctx, command).await,
        Commands::Drift(command) => commands::drift::run(&ctx, command).await,
        Commands::Alerts(args) => commands::alerts::run(&ctx, args).await,
        Commands::Serve(args) => commands::serve::run(&ctx, args).await,
        Commands::Deploy(args) => commands::deploy::deploy(&ctx, args).await,
        Commands::Undeploy(args) => commands::deploy::undeploy(&ctx, args).await,
        Commands::AbSplit(args) => commands::deploy::ab_split(&ctx, args).await,
        Commands::Cache(command) => commands::cache::run(&ctx, command).await,
        Commands::Backup(command) => commands::backup::run(&ctx, command).await,
        Commands::Maintenance(command) => commands::maintenance::run(&ctx, command).await,
        Commands::Config(command) => commands::config::run(&ctx, command),
        Commands::Db(command) => commands::db::run(&ctx, command).await,
        Commands::Completions(args) => commands::completions::print(args),
        Commands::GenerateArtifacts(args) => commands::completions::generate(args),
    }
}
