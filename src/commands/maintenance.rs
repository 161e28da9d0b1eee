//! `maintenance list|show|run|history|show-run`.

use crate::cli::MaintenanceCommand;
use crate::commands::Context;
use crate::error::{Error, ExitStatus, Result};

pub async fn run(_ctx: &Context, _command: &MaintenanceCommand) -> Result<ExitStatus> {
    Err(Error::Other(anyhow::anyhow!("not built yet")))
}
