//! `health`: the seed's SystemHealthChecker. Checks run concurrently, each under its own
//! deadline (`health.timeout`), and report a status, a latency and a one-line detail.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::{Database, MigrationStatus};
use crate::clients::s3::ObjectStore;
use crate::config::{Config, RegistryMode};
use crate::error::Error;
use crate::redact;
use crate::registry::{Holders, Stage};
use crate::services::Services;
use crate::units::HumanDuration;
use crate::units::short_duration;

mod serving;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Healthy,
    Degraded,
    Unknown,
    Unhealthy,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Healthy => "healthy",
            Status::Degraded => "degraded",
            Status::Unknown => "unknown",
            Status::Unhealthy => "unhealthy",
        }
    }
}

/// The components `health` knows, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    Database,
    ArtifactStore,
    Mlflow,
    ModelRegistry,
    DataValidation,
    ModelServing,
    ModelDeployment,
    Cache,
    Backups,
}

impl crate::choice::Choice for Component {
    const VALUES: &'static [Self] = &[
        Component::Database,
        Component::ArtifactStore,
        Component::Mlflow,
        Component::ModelRegistry,
        Component::DataValidation,
        Component::ModelServing,
        Component::ModelDeployment,
        Component::Cache,
        Component::Backups,
    ];

    fn name(self) -> &'static str {
        match self {
            Component::Database => "database",
            Component::ArtifactStore => "artifact_store",
            Component::Mlflow => "mlflow",
            Component::ModelRegistry => "model_registry",
            Component::DataValidation => "data_validation",
            Component::ModelServing => "model_serving",
            Component::ModelDeployment => "model_deployment",
            Component::Cache => "cache",
            Component::Backups => "backups",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            Component::Database => {
                Some("PostgreSQL: connect, SELECT 1, pool use, migrations applied")
            }
            Component::ArtifactStore => {
                Some("S3: the models and backups buckets are reachable with these credentials")
            }
            Component::Mlflow => Some("MLflow: /health answers and the registry API works"),
            Component::ModelRegistry => {
                Some("Every model in registry.models has a version in Production")
            }
            Component::DataValidation => Some(
                "The production version of every model in registry.models has a recent drift check (`drift check --record`) that found no drift",
            ),
            Component::ModelServing => Some("Every replica in serving.replicas is live and ready"),
            Component::ModelDeployment => Some(
                "Every live replica serves exactly the desired versions and weights; production deployed",
            ),
            Component::Cache => Some(
                "The replicas' model and response cache hit rates against serving.cache_hit_rate_warning",
            ),
            Component::Backups => Some(
                "The newest complete backup of each database is younger than backup.max_age (checked by default only when backup.max_age is set)",
            ),
        }
    }
}

impl Component {
    pub const ALL: [Component; 8] = [
        Component::Database,
        Component::ArtifactStore,
        Component::Mlflow,
        Component::ModelRegistry,
        Component::DataValidation,
        Component::ModelServing,
        Component::ModelDeployment,
        Component::Cache,
    ];

    /// The status of a check that missed its deadline: a backend's own check failed; a check
    /// that reads other backends to judge something else cannot tell (docs/health.md).
    fn when_unanswered(self) -> Status {
        match self {
            Component::Database
            | Component::ArtifactStore
            | Component::Mlflow
            | Component::ModelServing
            | Component::Backups => Status::Unhealthy,
            Component::ModelRegistry
            | Component::DataValidation
            | Component::ModelDeployment
            | Component::Cache => Status::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Component::Database => "database",
            Component::ArtifactStore => "artifact_store",
            Component::Mlflow => "mlflow",
            Component::ModelRegistry => "model_registry",
            Component::DataValidation => "data_validation",
            Component::ModelServing => "model_serving",
            Component::ModelDeployment => "model_deployment",
            Component::Cache => "cache",
            Component::Backups => "backups",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentHealth {
    pub name: &'static str,
    pub status: Status,
    pub latency_ms: u64,
    pub detail: String,
    /// The redacted endpoint that was checked.
    pub endpoint: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HealthReport {
    pub status: Status,
    pub healthy_components: usize,
    pub total_components: usize,
    pub checked_at: DateTime<Utc>,
    pub components: Vec<ComponentHealth>,
    /// What `health --record` did about this report's problems.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
}

impl HealthReport {
    fn from_components(components: Vec<ComponentHealth>) -> HealthReport {
        let healthy = components
            .iter()
            .filter(|c| c.status == Status::Healthy)
            .count();
        let worst = components
            .iter()
            .map(|c| c.status)
            .max()
            .unwrap_or(Status::Healthy);
        // Overall: healthy when every component is; unhealthy when any is; degraded otherwise
        // (some component degraded or could not be determined).
        let status = match worst {
            Status::Healthy => Status::Healthy,
            Status::Unhealthy => Status::Unhealthy,
            Status::Degraded | Status::Unknown => Status::Degraded,
        };
        HealthReport {
            status,
            healthy_components: healthy,
            total_components: components.len(),
            checked_at: Utc::now(),
            components,
            alerts: Vec::new(),
        }
    }

    pub fn is_healthy(&self) -> bool {
        self.status == Status::Healthy
    }
}

/// What one check found, before latency and name are attached.
struct Finding {
    status: Status,
    detail: String,
}

impl Finding {
    fn new(status: Status, detail: impl Into<String>) -> Finding {
        Finding {
            status,
            detail: detail.into(),
        }
    }

    fn from_error(status: Status, e: &Error) -> Finding {
        Finding::new(status, e.report())
    }
}

/// Raise the alerts an unhealthy report calls for (`health --record`) and note what was done
/// in `report.alerts`. Never fails: a problem recording is itself noted. It connects to the
/// database afresh (not through the services' pool), like every health check: in a `--watch`,
/// a pool opened at an earlier incident would hide that the database is now down, and the
/// alerts would reach neither the table nor the webhook.
pub async fn record(services: &Services, report: &mut HealthReport) {
    use crate::alerts::types;
    let sender = services.alerts();
    if report.status != Status::Unhealthy {
        return;
    }
    let unhealthy: Vec<&ComponentHealth> = report
        .components
        .iter()
        .filter(|c| c.status == Status::Unhealthy)
        .collect();
    let names: Vec<&str> = unhealthy.iter().map(|c| c.name).collect();
    let mut raise = vec![(
        types::SYSTEM_UNHEALTHY,
        format!(
            "{}/{} components healthy; unhealthy: {}",
            report.healthy_components,
            report.total_components,
            names.join(", ")
        ),
    )];
    if let Some(db) = unhealthy.iter().find(|c| c.name == "database") {
        raise.push((types::DATABASE_CONNECTION_FAILED, db.detail.clone()));
    }
    let details = serde_json::json!({
        "unhealthy": unhealthy
            .iter()
            .map(|c| serde_json::json!({"component": c.name, "endpoint": c.endpoint, "detail": c.detail}))
            .collect::<Vec<_>>(),
    });
    let db = match Database::connect(&services.config().database).await {
        Ok(db) => db,
        Err(e) => {
            for (alert, message) in raise {
                let sent = sender
                    .notify_unrecorded(alert, &message, "health", details.clone())
                    .await
                    .unwrap_or_else(|| "no webhook configured".into());
                report.alerts.push(format!(
                    "alert [{}] {} not recorded (the database is unreachable: {}); webhook: {sent}",
                    alert.0.as_str(),
                    alert.1,
                    e.report()
                ));
            }
            return;
        }
    };
    for (alert, message) in raise {
        let line = match crate::alerts::standing(&db, alert.1, "health", 60).await {
            Ok(Some(id)) => format!(
                "alert #{id} [{}] {} still stands (unacknowledged): not raised again",
                alert.0.as_str(),
                alert.1
            ),
            Ok(None) => {
                match sender
                    .raise(&db, alert, &message, "health", details.clone())
                    .await
                {
                    Ok(id) => format!(
                        "alert #{id} raised: [{}] {}: {message}",
                        alert.0.as_str(),
                        alert.1
                    ),
                    Err(e) => format!(
                        "alert [{}] {} not recorded: {}",
                        alert.0.as_str(),
                        alert.1,
                        e.report()
                    ),
                }
            }
            Err(e) => format!(
                "alert [{}] {} not recorded: {}",
                alert.0.as_str(),
                alert.1,
                e.report()
            ),
        };
        report.alerts.push(redact::text(&line));
    }
}

/// Check the given components (all when empty) concurrently, each within `config.health.timeout`.
pub async fn check(config: &Config, components: &[Component]) -> HealthReport {
    let mut selected: Vec<Component> = if components.is_empty() {
        let mut all = Component::ALL.to_vec();
        if config.backup.max_age.is_some() {
            all.push(Component::Backups);
        }
        all
    } else {
        components.to_vec()
    };
    selected.sort();
    selected.dedup();
    let deadline = config.health.timeout.0;
    let checks = selected.iter().map(|&component| {
        let waiting = Waiting::default();
        let asks = waiting.clone();
        let check = async move {
            let waiting = &asks;
            match component {
                Component::Database => check_database(config).await,
                Component::ArtifactStore => check_artifact_store(config).await,
                Component::Mlflow => check_mlflow(config).await,
                Component::ModelRegistry => check_model_registry(config, waiting).await,
                Component::DataValidation => check_data_validation(config, waiting).await,
                Component::ModelServing => serving::check_model_serving(config).await,
                Component::ModelDeployment => {
                    serving::check_model_deployment(config, waiting).await
                }
                Component::Cache => serving::check_cache(config, waiting).await,
                Component::Backups => check_backups(config).await,
            }
        };
        timed(
            component,
            endpoint_of(config, component),
            deadline,
            waiting,
            check,
        )
    });
    HealthReport::from_components(futures::future::join_all(checks).await)
}

/// The redacted endpoint a component's check talks to.
fn endpoint_of(config: &Config, component: Component) -> String {
    match component {
        Component::Database | Component::DataValidation => redact::url(&config.database.url),
        Component::ArtifactStore | Component::Backups => config
            .s3
            .endpoint_url
            .as_deref()
            .map(redact::url)
            .unwrap_or_else(|| format!("s3 ({})", config.s3.region)),
        Component::Mlflow | Component::ModelRegistry => redact::url(&config.mlflow.tracking_uri),
        Component::ModelServing | Component::Cache => config.serving.replicas.join(", "),
        Component::ModelDeployment => redact::url(&config.database.url),
    }
}

/// The backends a check is waiting for at this moment, so that a check that misses its
/// deadline names the backend that did not answer, not the first one the component uses.
#[derive(Debug, Clone, Default)]
struct Waiting(Arc<Mutex<Vec<(&'static str, String)>>>);

impl Waiting {
    /// Await `request` to `backend` at (redacted) `endpoint`, noted as awaited meanwhile.
    async fn on<T>(
        &self,
        backend: &'static str,
        endpoint: &str,
        request: impl Future<Output = T>,
    ) -> T {
        let entry = (backend, endpoint.to_owned());
        self.0.lock().unwrap().push(entry.clone());
        let answer = request.await;
        let mut waiting = self.0.lock().unwrap();
        if let Some(i) = waiting.iter().position(|e| *e == entry) {
            waiting.remove(i);
        }
        answer
    }

    async fn mlflow<T>(&self, config: &Config, request: impl Future<Output = T>) -> T {
        let endpoint = redact::url(&config.mlflow.tracking_uri);
        self.on(crate::clients::mlflow::COMPONENT, &endpoint, request)
            .await
    }

    async fn database<T>(&self, config: &Config, request: impl Future<Output = T>) -> T {
        let endpoint = redact::url(&config.database.url);
        self.on(crate::clients::postgres::COMPONENT, &endpoint, request)
            .await
    }

    /// The distinct backends still awaited, oldest first.
    fn unanswered(&self) -> Vec<(&'static str, String)> {
        let mut list: Vec<(&'static str, String)> = Vec::new();
        for entry in self.0.lock().unwrap().iter() {
            if !list.contains(entry) {
                list.push(entry.clone());
            }
        }
        list
    }
}

/// Run one check under its deadline. A check that does not finish in time names the backends
/// it was still waiting for (or its component) and is unhealthy, or unknown for a check that
/// only reads other backends ([`Component::when_unanswered`]).
async fn timed(
    component: Component,
    mut endpoint: String,
    deadline: Duration,
    waiting: Waiting,
    check: impl Future<Output = Finding>,
) -> ComponentHealth {
    let started = Instant::now();
    let finding = match tokio::time::timeout(deadline, check).await {
        Ok(finding) => finding,
        Err(_) => {
            let mut unanswered = waiting.unanswered();
            if unanswered.is_empty() {
                unanswered.push((component.name(), endpoint.clone()));
            } else {
                endpoint = unanswered
                    .iter()
                    .map(|(_, e)| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
            }
            let who: Vec<String> = unanswered
                .iter()
                .map(|(backend, endpoint)| format!("{backend} ({endpoint})"))
                .collect();
            Finding::new(
                component.when_unanswered(),
                format!(
                    "{}: no answer within {} (health.timeout)",
                    who.join(", "),
                    HumanDuration(deadline)
                ),
            )
        }
    };
    ComponentHealth {
        name: component.name(),
        status: finding.status,
        latency_ms: started.elapsed().as_millis() as u64,
        detail: redact::text(&finding.detail),
        endpoint,
    }
}

async fn check_database(config: &Config) -> Finding {
    let db = match Database::connect(&config.database).await {
        Ok(db) => db,
        Err(e) => return Finding::from_error(Status::Unhealthy, &e),
    };
    if let Err(e) = sqlx::query("SELECT 1").execute(db.pool()).await {
        return Finding::from_error(Status::Unhealthy, &db.error(e));
    }
    let version = match db.server_version().await {
        Ok(v) => v,
        Err(e) => return Finding::from_error(Status::Unhealthy, &e),
    };
    let mut status = Status::Healthy;
    let mut notes = vec![format!("PostgreSQL {version}")];
    // The runbook's target: connection utilisation below 80 %, measured on the server (all
    // clients), which is what runs out.
    match db.connection_usage().await {
        Ok((used, max)) => {
            notes.push(format!("connections {used}/{max}"));
            if used * 5 > max * 4 {
                status = Status::Degraded;
                notes.push("connections above 80 % of max_connections".into());
            }
        }
        Err(e) => notes.push(format!("connection usage unreadable: {}", e.report())),
    }
    match db.migration_status().await {
        Ok(migrations) => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for m in &migrations {
                let key = match m.status {
                    MigrationStatus::Applied => "applied",
                    MigrationStatus::Pending => "pending",
                    MigrationStatus::Modified => "modified",
                    MigrationStatus::Failed => "failed",
                    MigrationStatus::Unknown => "unknown",
                };
                *counts.entry(key).or_default() += 1;
            }
            let applied = counts.get("applied").copied().unwrap_or(0);
            let known = migrations.len() - counts.get("unknown").copied().unwrap_or(0);
            notes.push(format!("migrations {applied}/{known} applied"));
            for problem in ["pending", "modified", "failed"] {
                if let Some(n) = counts.get(problem) {
                    status = Status::Degraded;
                    notes.push(format!("{n} {problem} (run `nbamcp db migrate`)"));
                }
            }
        }
        Err(e) => {
            status = Status::Degraded;
            notes.push(format!("migration status unreadable: {}", e.report()));
        }
    }
    Finding::new(status, notes.join(", "))
}

async fn check_artifact_store(config: &Config) -> Finding {
    let store = match ObjectStore::connect(&config.s3).await {
        Ok(store) => store,
        Err(e) => return Finding::from_error(Status::Unhealthy, &e),
    };
    let buckets = [
        config.s3.models_bucket.as_str(),
        config.s3.backups_bucket.as_str(),
    ];
    let results = futures::future::join_all(buckets.iter().map(|b| store.head_bucket(b))).await;
    let failures: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(Error::report))
        .collect();
    if failures.is_empty() {
        Finding::new(
            Status::Healthy,
            format!("buckets {} reachable", buckets.join(", ")),
        )
    } else {
        Finding::new(Status::Unhealthy, failures.join("; "))
    }
}

async fn check_mlflow(config: &Config) -> Finding {
    let mlflow = match Mlflow::new(&config.mlflow) {
        Ok(m) => m,
        Err(e) => return Finding::from_error(Status::Unhealthy, &e),
    };
    if let Err(e) = mlflow.health().await {
        return Finding::from_error(Status::Unhealthy, &e);
    }
    let version = mlflow
        .version()
        .await
        .unwrap_or_else(|_| "version unknown".into());
    // /health does not touch the backend store; a registry call does.
    match mlflow.search_registered_models(1, None).await {
        Ok(_) => Finding::new(
            Status::Healthy,
            format!("MLflow {version}, registry API answers"),
        ),
        Err(e) => Finding::new(
            Status::Degraded,
            format!(
                "MLflow {version} is up but its registry API fails: {}",
                e.report()
            ),
        ),
    }
}

/// The seed's "backup age" check: the newest complete backup of every database `backup create
/// --all` covers, against backup.max_age (default 26h: a daily backup plus slack).
async fn check_backups(config: &Config) -> Finding {
    let max_age = config
        .backup
        .max_age
        .map_or(Duration::from_secs(26 * 3600), |d| d.0);
    let catalog = match crate::backup::Store::connect(config).await {
        Ok(store) => match store.catalog(false).await {
            Ok(catalog) => catalog,
            Err(e) => return Finding::from_error(Status::Unhealthy, &e),
        },
        Err(e) => return Finding::from_error(Status::Unhealthy, &e),
    };
    let databases = std::iter::once(&config.database)
        .chain(&config.backup.databases)
        .filter_map(|d| crate::backup::Target::from_config(d).ok())
        .map(|t| t.name);
    let now = Utc::now();
    let age = |at: DateTime<Utc>| short_duration((now - at).to_std().unwrap_or_default());
    let mut status = Status::Healthy;
    let mut notes = Vec::new();
    for database in databases {
        let Some(newest) = catalog.latest(Some(&database)) else {
            status = Status::Unhealthy;
            notes.push(format!("no complete backup of {database}"));
            continue;
        };
        let started = newest.manifest.started_at;
        let verified = catalog
            .backups
            .iter()
            .rev()
            .filter(|b| b.manifest.database == database)
            .find_map(|b| b.verified_at())
            .map(|at| format!("verified {} ago", age(at)))
            .unwrap_or_else(|| "never verified".into());
        if (now - started).to_std().unwrap_or_default() > max_age {
            status = Status::Unhealthy;
            notes.push(format!(
                "newest backup of {database} is {} old (backup.max_age {}), {verified}",
                age(started),
                HumanDuration(max_age)
            ));
        } else {
            notes.push(format!(
                "newest backup of {database} {} ago, {verified}",
                age(started)
            ));
        }
    }
    Finding::new(status, notes.join("; "))
}

async fn check_model_registry(config: &Config, waiting: &Waiting) -> Finding {
    if config.registry.models.is_empty() {
        return Finding::new(Status::Healthy, "no models listed in registry.models");
    }
    let mlflow = match Mlflow::new(&config.mlflow) {
        Ok(m) => m,
        Err(e) => return Finding::from_error(Status::Unknown, &e),
    };
    let lookups = config.registry.models.iter().map(|name| {
        waiting.mlflow(config, async {
            let model = mlflow.get_registered_model(name).await?;
            let versions = mlflow.versions_of(name).await?;
            Ok::<_, Error>((
                crate::registry::holders(&model, &versions, Stage::Production),
                crate::registry::holders(&model, &versions, Stage::Staging).by_alias,
            ))
        })
    });
    let results = futures::future::join_all(lookups).await;
    let mut status = Status::Healthy;
    let mut notes = Vec::new();
    for (name, result) in config.registry.models.iter().zip(results) {
        let (model_status, note) = match result {
            Ok((production, staging_alias)) => registry_of(
                name,
                &production,
                staging_alias.as_deref(),
                config.registry.mode,
            ),
            Err(Error::MlflowApi { error_code, .. }) if error_code == "RESOURCE_DOES_NOT_EXIST" => {
                (Status::Unhealthy, format!("{name}: not registered"))
            }
            // MLflow itself is unreachable or failing: the registry state is unknown.
            Err(e) => (Status::Unknown, format!("{name}: {}", e.report())),
        };
        status = status.max(model_status);
        notes.push(note);
    }
    Finding::new(status, notes.join("; "))
}

/// The latest recorded drift check of each model's production version: its result and age.
async fn check_data_validation(config: &Config, waiting: &Waiting) -> Finding {
    if config.registry.models.is_empty() {
        return Finding::new(Status::Healthy, "no models listed in registry.models");
    }
    let (db, mlflow) = match (
        waiting
            .database(config, Database::connect(&config.database))
            .await,
        Mlflow::new(&config.mlflow),
    ) {
        (Ok(db), Ok(mlflow)) => (db, mlflow),
        (Err(e), _) | (_, Err(e)) => return Finding::from_error(Status::Unknown, &e),
    };
    let max_age = config.health.drift_report_max_age;
    let (db, mlflow) = (&db, &mlflow);
    let lookups = config.registry.models.iter().map(|name| async move {
        let (model, versions) = waiting
            .mlflow(config, async {
                Ok::<_, Error>((
                    mlflow.get_registered_model(name).await?,
                    mlflow.versions_of(name).await?,
                ))
            })
            .await?;
        let holders = crate::registry::holders(&model, &versions, Stage::Production);
        let production = holders.current(config.registry.mode);
        let Some(version) = production else {
            return Ok((Status::Unknown, format!("{name}: no version in Production")));
        };
        let latest: Option<(DateTime<Utc>, i32, i32)> = waiting
            .database(
                config,
                db.within(
                    sqlx::query_as(
                        "SELECT created_at, drifted, total FROM drift_reports \
                         WHERE model = $1 AND version = $2 ORDER BY created_at DESC, id DESC LIMIT 1",
                    )
                    .bind(name)
                    .bind(&version)
                    .fetch_optional(db.pool()),
                ),
            )
            .await?;
        Ok::<_, Error>(data_validation_of(
            name,
            &version,
            latest,
            max_age,
            Utc::now(),
        ))
    });
    let results = futures::future::join_all(lookups).await;
    let mut status = Status::Healthy;
    let mut notes = Vec::new();
    for (name, result) in config.registry.models.iter().zip(results) {
        let (model_status, note) =
            result.unwrap_or_else(|e| (Status::Unknown, format!("{name}: {}", e.report())));
        status = status.max(model_status);
        notes.push(note);
    }
    Finding::new(status, notes.join("; "))
}

/// The data validation verdict for one production version from its latest drift report
/// (time, drifted features, features tested).
fn data_validation_of(
    name: &str,
    version: &str,
    latest: Option<(DateTime<Utc>, i32, i32)>,
    max_age: HumanDuration,
    now: DateTime<Utc>,
) -> (Status, String) {
    let Some((at, drifted, total)) = latest else {
        return (
            Status::Degraded,
            format!(
                "{name} v{version}: no drift check recorded (run `nbamcp drift check --model \
                 {name} --version {version} --current FILE --record`)"
            ),
        );
    };
    let age = (now - at).to_std().unwrap_or_default();
    let ago = format!("{} ago", short_duration(Duration::from_secs(age.as_secs())));
    if drifted > 0 {
        (
            Status::Degraded,
            format!("{name} v{version}: {drifted} of {total} features drifted ({ago})"),
        )
    } else if age > max_age.0 {
        (
            Status::Degraded,
            format!(
                "{name} v{version}: last drift check {ago}, older than {max_age} \
                 (health.drift_report_max_age)"
            ),
        )
    } else {
        (
            Status::Healthy,
            format!("{name} v{version}: no drift in {total} features ({ago})"),
        )
    }
}

/// [`production_of`], and (unless only stages are used) the `staging` alias must not point at a
/// version in Production: a promote that stopped before removing it, or a hand-made alias.
fn registry_of(
    name: &str,
    production: &Holders,
    staging_alias: Option<&str>,
    mode: RegistryMode,
) -> (Status, String) {
    let (status, note) = production_of(name, production, mode);
    let Some(staging) = staging_alias.filter(|_| mode != RegistryMode::Stages) else {
        return (status, note);
    };
    let in_production = (mode != RegistryMode::Aliases
        && production.by_stage.iter().any(|v| v == staging))
        || production.by_alias.as_deref() == Some(staging);
    if !in_production {
        return (status, note);
    }
    (
        status.max(Status::Degraded),
        format!(
            "{note}; {name}: alias staging points at v{staging}, the Production version \
             (`nbamcp registry promote {name} {staging} --to production` removes it)"
        ),
    )
}

/// Which version serves Production, by stage and/or alias as the registry mode says.
fn production_of(name: &str, holders: &Holders, mode: RegistryMode) -> (Status, String) {
    if mode != RegistryMode::Aliases && holders.by_stage.len() > 1 {
        let list: Vec<String> = holders.by_stage.iter().map(|v| format!("v{v}")).collect();
        return (
            Status::Degraded,
            format!(
                "{name}: {} are all in stage Production; promote the right one to archive the others",
                list.join(", ")
            ),
        );
    }
    match (
        mode,
        holders.by_stage.first().cloned(),
        holders.by_alias.clone(),
    ) {
        (RegistryMode::Stages, Some(v), _) | (RegistryMode::Aliases, _, Some(v)) => {
            (Status::Healthy, format!("{name} v{v} in Production"))
        }
        (RegistryMode::Both, Some(s), Some(a)) if s == a => (
            Status::Healthy,
            format!("{name} v{s} in Production (stage and alias)"),
        ),
        (RegistryMode::Both, Some(s), Some(a)) => (
            Status::Degraded,
            format!("{name}: stage Production is v{s} but alias production is v{a}"),
        ),
        (RegistryMode::Both, Some(s), None) => (
            Status::Degraded,
            format!("{name} v{s} in stage Production but no alias production"),
        ),
        (RegistryMode::Both, None, Some(a)) => (
            Status::Degraded,
            format!("{name} v{a} has alias production but no version is in stage Production"),
        ),
        _ => (
            Status::Unhealthy,
            format!("{name}: no version in Production"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holders(stage: &[&str], alias: Option<&str>) -> Holders {
        Holders {
            by_stage: stage.iter().map(|s| s.to_string()).collect(),
            by_alias: alias.map(str::to_owned),
        }
    }

    #[test]
    fn data_validation_needs_a_recent_check_without_drift() {
        let now = Utc::now();
        let max = HumanDuration::from_secs(26 * 3600);
        let hours = |h: i64| now - chrono::Duration::hours(h);
        let (status, detail) = data_validation_of("m", "3", None, max, now);
        assert_eq!(status, Status::Degraded);
        assert!(detail.contains("no drift check recorded"), "{detail}");
        let (status, detail) = data_validation_of("m", "3", Some((hours(2), 0, 9)), max, now);
        assert_eq!(status, Status::Healthy, "{detail}");
        assert_eq!(detail, "m v3: no drift in 9 features (2h ago)");
        let (status, detail) = data_validation_of("m", "3", Some((hours(1), 2, 9)), max, now);
        assert_eq!(status, Status::Degraded);
        assert_eq!(detail, "m v3: 2 of 9 features drifted (1h ago)");
        let (status, detail) = data_validation_of("m", "3", Some((hours(27), 0, 9)), max, now);
        assert_eq!(status, Status::Degraded);
        assert!(detail.contains("older than 26h"), "{detail}");
    }

    #[test]
    fn two_versions_in_production_are_degraded() {
        let (status, detail) =
            production_of("m", &holders(&["1", "2"], Some("2")), RegistryMode::Both);
        assert_eq!(status, Status::Degraded);
        assert!(
            detail.contains("v1, v2 are all in stage Production"),
            "{detail}"
        );
    }

    #[test]
    fn production_rules_by_mode() {
        use RegistryMode::*;
        assert_eq!(
            production_of("m", &holders(&["1"], Some("1")), Both).0,
            Status::Healthy
        );
        assert_eq!(
            production_of("m", &holders(&["1"], Some("2")), Both).0,
            Status::Degraded
        );
        assert_eq!(
            production_of("m", &holders(&["1"], None), Both).0,
            Status::Degraded
        );
        assert_eq!(
            production_of("m", &holders(&[], None), Both).0,
            Status::Unhealthy
        );
        assert_eq!(
            production_of("m", &holders(&["1"], None), Stages).0,
            Status::Healthy
        );
        assert_eq!(
            production_of("m", &holders(&[], Some("3")), Aliases).0,
            Status::Healthy
        );
        assert_eq!(
            production_of("m", &holders(&["3"], None), Aliases).0,
            Status::Unhealthy
        );
    }

    #[test]
    fn a_staging_alias_on_the_production_version_is_degraded() {
        use RegistryMode::*;
        let both = holders(&["2"], Some("2"));
        let (status, detail) = registry_of("m", &both, Some("2"), Both);
        assert_eq!(status, Status::Degraded);
        assert!(
            detail.starts_with(
                "m v2 in Production (stage and alias); m: alias staging points at v2, the Production version"
            ),
            "{detail}"
        );
        // By stage only or by alias only, it is still the Production version.
        let stage_only = holders(&["2"], Some("1"));
        assert!(
            registry_of("m", &stage_only, Some("2"), Both)
                .1
                .contains("alias staging points at v2")
        );
        assert_eq!(
            registry_of("m", &holders(&[], Some("2")), Some("2"), Aliases).0,
            Status::Degraded
        );
        // A staging alias elsewhere is how it should be; stages mode ignores aliases.
        assert_eq!(
            registry_of("m", &both, Some("3"), Both),
            (
                Status::Healthy,
                "m v2 in Production (stage and alias)".into()
            )
        );
        assert_eq!(registry_of("m", &both, None, Both).0, Status::Healthy);
        assert_eq!(
            registry_of("m", &holders(&["2"], None), Some("2"), Stages).0,
            Status::Healthy
        );
        // A worse state stays worse.
        assert_eq!(
            registry_of("m", &holders(&[], None), Some("2"), Both).0,
            Status::Unhealthy
        );
    }

    fn component(status: Status) -> ComponentHealth {
        ComponentHealth {
            name: "x",
            status,
            latency_ms: 1,
            detail: String::new(),
            endpoint: String::new(),
        }
    }

    #[test]
    fn overall_status_is_the_worst_component() {
        let report = HealthReport::from_components(vec![component(Status::Healthy); 4]);
        assert_eq!(
            (report.status, report.healthy_components),
            (Status::Healthy, 4)
        );
        let report = HealthReport::from_components(vec![
            component(Status::Healthy),
            component(Status::Unknown),
        ]);
        assert_eq!(
            (report.status, report.healthy_components),
            (Status::Degraded, 1)
        );
        let report = HealthReport::from_components(vec![
            component(Status::Degraded),
            component(Status::Unhealthy),
        ]);
        assert_eq!(
            (report.status, report.healthy_components),
            (Status::Unhealthy, 0)
        );
    }
}
