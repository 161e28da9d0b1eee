//! The services handle: what an operation needs to reach the system, created once per command
//! by whichever face runs it. It holds the configuration, who is acting, the alerts handle (with
//! the webhook), and one client per backend, each connected on first use and then shared: a
//! command that reads PostgreSQL three times opens one pool, and a maintenance run's steps share
//! the run's. Nothing here is process-wide, so two handles (two faces, two tests) never see each
//! other's configuration.
//!
//! A failed connection is not remembered: the next call tries again (a `--watch` loop recovers
//! when the backend does). `health` is the one exception that connects on its own: connecting is
//! part of what it measures (docs/architecture.md).

use tokio::sync::OnceCell;

use crate::alerts::Alerts;
use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::Database;
use crate::clients::s3::ObjectStore;
use crate::clients::serving::Serving;
use crate::config::Config;
use crate::error::Result;

pub struct Services {
    config: Config,
    actor: String,
    alerts: Alerts,
    database: OnceCell<Database>,
    store: OnceCell<ObjectStore>,
    mlflow: OnceCell<Mlflow>,
    serving: OnceCell<Serving>,
}

impl Services {
    /// A handle for `config`, acting as `actor` (audit events, lock holders, alert
    /// acknowledgements).
    pub fn new(config: Config, actor: impl Into<String>) -> Services {
        let alerts = Alerts::new(&config.alerts.webhook);
        Services {
            config,
            actor: actor.into(),
            alerts,
            database: OnceCell::new(),
            store: OnceCell::new(),
            mlflow: OnceCell::new(),
            serving: OnceCell::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Who is acting.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Where alerts go (the `alerts` table and the configured webhook).
    pub fn alerts(&self) -> &Alerts {
        &self.alerts
    }

    /// nbamcp's PostgreSQL database, connected on first use.
    pub async fn database(&self) -> Result<&Database> {
        self.database
            .get_or_try_init(|| Database::connect(&self.config.database))
            .await
    }

    /// The S3 object store, connected on first use.
    pub async fn store(&self) -> Result<&ObjectStore> {
        self.store
            .get_or_try_init(|| ObjectStore::connect(&self.config.s3))
            .await
    }

    /// The MLflow client.
    pub async fn mlflow(&self) -> Result<&Mlflow> {
        self.mlflow
            .get_or_try_init(|| async { Mlflow::new(&self.config.mlflow) })
            .await
    }

    /// The serving replicas' client.
    pub async fn serving(&self) -> Result<&Serving> {
        self.serving
            .get_or_try_init(|| async { Serving::new(&self.config.serving) })
            .await
    }
}
