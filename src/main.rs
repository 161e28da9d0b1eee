use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

mod cli;
#[cfg(test)]
mod cli_tests;
mod commands;
mod logging;
mod output;
mod ui;

use cli::{Cli, Commands};
use commands::Context;
use nbamcp::error::{ExitStatus, Result};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let color = !cli.global.no_color
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    logging::init(cli.global.quiet, cli.global.verbose, color);

    // Two cores on the target machines: a small runtime is plenty for a CLI.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli, env)) {
        Ok(status) => ExitCode::from(status.code() as u8),
        Err(e) => {
            eprintln!("error: {}", e.report());
            ExitCode::from(e.exit_status().code() as u8)
        }
    }
}

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
