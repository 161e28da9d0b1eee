//! One module per subcommand family: parse -> call the library -> render.

pub mod alerts;
pub mod backup;
pub mod cache;
pub mod completions;
pub mod config;
pub mod db;
pub mod deploy;
pub mod drift;
pub mod health;
pub mod maintenance;
pub mod registry;
pub mod serve;

use crate::cli::GlobalArgs;
use crate::output::Printer;
use crate::ui::Ui;
use nbamcp::config::{self as cfg, FlagOverride, LoadedConfig};
use nbamcp::error::Result;
use nbamcp::services::Services;

/// What every command gets: the global flags, the environment it ran in, and the ways to talk
/// to the person or script on the other end.
pub struct Context {
    pub global: GlobalArgs,
    pub env: Vec<(String, String)>,
    pub printer: Printer,
    pub ui: Ui,
}

impl Context {
    pub fn new(global: GlobalArgs, env: Vec<(String, String)>) -> Context {
        let printer = Printer::new(global.output, global.no_color, &env);
        let ui = Ui::new(global.quiet, &env);
        Context {
            global,
            env,
            printer,
            ui,
        }
    }

    /// Who is acting, for audit events and lock holders.
    pub fn actor(&self) -> String {
        nbamcp::audit::actor(&self.env)
    }

    pub fn load_config(&self, flags: &[FlagOverride]) -> Result<LoadedConfig> {
        let loaded = cfg::load(self.global.config.as_deref(), &self.env, flags)?;
        match &loaded.file {
            Some(path) => tracing::debug!(file = %path.display(), "config loaded"),
            None => tracing::debug!("no config file found; defaults and environment only"),
        }
        Ok(loaded)
    }

    /// The services handle a command's library calls share: the loaded configuration, the
    /// actor, the alerts handle, and lazily connected clients.
    pub fn services(&self, flags: &[FlagOverride]) -> Result<Services> {
        let config = self.load_config(flags)?.config;
        Ok(Services::new(config, self.actor()))
    }
}
