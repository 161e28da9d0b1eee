use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = nbamcp::cli::Cli::parse();
    let env: Vec<(String, String)> = std::env::vars().collect();
    let color = !cli.global.no_color
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    nbamcp::logging::init(cli.global.quiet, cli.global.verbose, color);

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
    match runtime.block_on(nbamcp::run(cli, env)) {
        Ok(status) => ExitCode::from(status.code() as u8),
        Err(e) => {
            eprintln!("error: {}", e.report());
            ExitCode::from(e.exit_status().code() as u8)
        }
    }
}
