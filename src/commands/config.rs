use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{ConfigCommand, ConfigInitArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::config::{Config, TEMPLATE};
use nbamcp::error::{Error, ExitStatus, Result};

#[derive(Debug, Serialize)]
struct ConfigShow {
    /// The file that was read, if any.
    file: Option<PathBuf>,
    /// `NBAMCP_*` variables that overrode the file.
    env_overrides: Vec<String>,
    config: Config,
}

impl Render for ConfigShow {
    fn render_human(&self, _style: &Style) -> String {
        let file = match &self.file {
            Some(path) => path.display().to_string(),
            None => "(none found: defaults and environment only)".into(),
        };
        let mut text = format!("# file: {file}\n");
        if !self.env_overrides.is_empty() {
            text.push_str(&format!(
                "# overridden by: {}\n",
                self.env_overrides.join(", ")
            ));
        }
        text.push_str(&serde_yaml::to_string(&self.config).unwrap_or_default());
        text
    }
}

#[derive(Debug, Serialize)]
struct ConfigValid {
    valid: bool,
    file: Option<PathBuf>,
}

impl Render for ConfigValid {
    fn render_human(&self, _style: &Style) -> String {
        match &self.file {
            Some(path) => format!("config OK: {}", path.display()),
            None => "config OK (no file: defaults and environment only)".into(),
        }
    }
}

#[derive(Debug, Serialize)]
struct ConfigWritten {
    path: PathBuf,
}

impl Render for ConfigWritten {
    fn render_human(&self, _style: &Style) -> String {
        format!(
            "wrote {}; edit it, then check it with: nbamcp --config {} config validate",
            self.path.display(),
            self.path.display()
        )
    }
}

pub fn run(ctx: &Context, command: &ConfigCommand) -> Result<ExitStatus> {
    match command {
        ConfigCommand::Show => {
            let loaded = ctx.load_config(&[])?;
            ctx.printer.print(&ConfigShow {
                file: loaded.file,
                env_overrides: loaded.env_keys,
                config: loaded.config,
            })?;
        }
        ConfigCommand::Validate => {
            let loaded = ctx.load_config(&[])?;
            ctx.printer.print(&ConfigValid {
                valid: true,
                file: loaded.file,
            })?;
        }
        ConfigCommand::Init(args) => init(ctx, args)?,
    }
    Ok(ExitStatus::Success)
}

fn init(ctx: &Context, args: &ConfigInitArgs) -> Result<()> {
    if args.path.exists() {
        ctx.ui.confirm(
            &format!("{} exists: overwrite it?", args.path.display()),
            args.yes,
        )?;
    }
    if let Some(parent) = args.path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&args.path, TEMPLATE).map_err(|e| Error::io(&args.path, e))?;
    ctx.printer.print(&ConfigWritten {
        path: args.path.clone(),
    })
}
