use crate::cli::ServeArgs;
use crate::commands::Context;
use nbamcp::error::{ExitStatus, Result};
use nbamcp::serve::{self, ServeOptions};

pub async fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let options = ServeOptions {
        listen: args
            .listen
            .clone()
            .unwrap_or_else(|| config.serving.listen.clone()),
        replica_id: args.replica_id.clone(),
        advertise_url: args.advertise_url.clone(),
    };
    serve::run(config, options, |replica_id, url| {
        eprintln!("nbamcp serve: replica {replica_id} listening on {url}");
    })
    .await?;
    Ok(ExitStatus::Success)
}
