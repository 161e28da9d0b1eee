//! `nbamcp serve`: the serving process. It serves ONNX models over the Open Inference Protocol
//! (KServe V2), routes between deployed versions by weight, caches models and responses, logs
//! predictions, and reconciles what it serves with the desired state in PostgreSQL on start, on
//! every change (`LISTEN nbamcp_deployments`) and on every heartbeat.
//!
//! A swap never fails a request: new versions are downloaded, checked (sha256), loaded and
//! warmed up while the old routing table keeps serving; the new table replaces it in one step.

pub mod cache;
pub mod conn;
pub mod http;
pub mod metrics;
pub mod model;
mod predlog;
pub mod router;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;

use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::Database;
use crate::config::Config;
use crate::deploy::{self, Deployment, artifact::Artifacts};
use crate::error::{Error, Result};

use cache::{ModelCache, ModelKey, ResponseCache};
use metrics::Metrics;
use model::OnnxModel;
use router::ModelRoute;

/// How a replica is started.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: String,
    pub replica_id: Option<String>,
    /// The URL other programs reach this replica at (default `http://LISTEN`).
    pub advertise_url: Option<String>,
}

/// What this replica made of one desired version.
#[derive(Debug, Clone, Serialize)]
pub struct LocalState {
    pub model: String,
    pub version: String,
    pub sha256: String,
    pub status: &'static str,
    pub weight: f64,
    pub error: Option<String>,
}

pub struct AppState {
    pub config: Config,
    pub replica_id: String,
    pub db: Database,
    artifacts: Artifacts,
    pub routes: RwLock<HashMap<String, Arc<ModelRoute>>>,
    pub model_cache: Mutex<ModelCache>,
    pub response_cache: Mutex<ResponseCache>,
    pub metrics: Metrics,
    pub states: Mutex<Vec<LocalState>>,
    /// The first reconcile has finished.
    pub ready: AtomicBool,
    reconcile_lock: tokio::sync::Mutex<()>,
    /// Loads that failed, by (model, version, sha256, updated_at): not retried until the row changes.
    failed: Mutex<HashMap<(ModelKey, i64), String>>,
    predictions: Option<tokio::sync::mpsc::Sender<predlog::Record>>,
    /// Rate limit of the prediction log's warnings (full queue, PostgreSQL away).
    predlog_warnings: predlog::Throttle,
}

impl AppState {
    pub fn route(&self, model: &str) -> Option<Arc<ModelRoute>> {
        self.routes
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(model)
            .cloned()
    }

    pub fn predictions_enabled(&self) -> bool {
        self.predictions.is_some()
    }

    /// Queue a prediction for the log; never waits (a full queue drops and counts).
    pub fn log_prediction(&self, record: predlog::Record) {
        let Some(sender) = &self.predictions else {
            return;
        };
        match sender.try_send(record) {
            Ok(()) => {
                self.metrics
                    .predictions_pending
                    .fetch_add(1, Ordering::Relaxed);
            }
            Err(_) => {
                self.metrics.dropped(metrics::DropReason::QueueFull, 1);
                if let Some(since) = self.predlog_warnings.ready() {
                    tracing::warn!(
                        "prediction log: queue full ({} records, serving.prediction_log_queue): \
                         dropping new records; {} dropped so far (nbamcp_predictions_dropped_total); \
                         PostgreSQL ({}) is behind or away{since}",
                        self.config.serving.prediction_log_queue,
                        self.metrics.dropped_count(metrics::DropReason::QueueFull),
                        self.db.endpoint()
                    );
                }
            }
        }
    }

    /// Bring what this replica serves in line with the desired state.
    pub async fn reconcile(&self) -> Result<()> {
        let _guard = self.reconcile_lock.lock().await;
        let desired = deploy::list(&self.db, None).await?;
        let mut by_model: BTreeMap<String, Vec<Deployment>> = BTreeMap::new();
        for d in desired {
            by_model.entry(d.model.clone()).or_default().push(d);
        }
        let mut states = Vec::new();
        let mut pinned: Vec<ModelKey> = Vec::new();
        let mut new_routes: HashMap<String, Arc<ModelRoute>> = HashMap::new();
        for (model, versions) in &by_model {
            let mut loaded: BTreeMap<String, (f64, Arc<OnnxModel>)> = BTreeMap::new();
            for d in versions {
                let key: ModelKey = (d.model.clone(), d.version.clone(), d.sha256.clone());
                match self.load(d, &key).await {
                    Ok(m) => {
                        pinned.push(key);
                        loaded.insert(d.version.clone(), (d.weight, m));
                    }
                    Err(message) => {
                        tracing::warn!(model = %d.model, version = %d.version, "not serving: {message}");
                        states.push(LocalState {
                            model: d.model.clone(),
                            version: d.version.clone(),
                            sha256: d.sha256.clone(),
                            status: "failed",
                            weight: 0.0,
                            error: Some(message),
                        });
                    }
                }
            }
            let desired_total: f64 = versions.iter().map(|d| d.weight).sum();
            let ready_total: f64 = loaded.values().map(|(w, _)| *w).sum();
            // Failed versions take no traffic: the ready ones share it in their proportions.
            if ready_total > 0.0 {
                for (w, _) in loaded.values_mut() {
                    *w /= ready_total;
                }
            }
            let route = ModelRoute::new(loaded);
            let keep_old = desired_total > 0.0 && ready_total <= 0.0;
            let route = match (keep_old, self.route(model)) {
                // Nothing wanted is ready: the old table keeps serving (never an outage for a
                // bad deploy).
                (true, Some(old)) if old.routable() => {
                    tracing::warn!(%model, "no desired version with traffic is ready; the previous versions keep serving");
                    for (v, (_, m)) in &old.loaded {
                        pinned.push((model.clone(), v.clone(), m.sha256.clone()));
                    }
                    old
                }
                _ => Arc::new(route),
            };
            for (version, (weight, m)) in &route.loaded {
                // A version whose new artifact failed while its old one still serves is
                // reported failed (the desired state is not met), saying what still serves.
                if let Some(failed) = states
                    .iter_mut()
                    .find(|s| &s.model == model && &s.version == version)
                {
                    if let Some(error) = &mut failed.error {
                        error.push_str(&format!(
                            " (the previous artifact {} still serves it)",
                            &m.sha256[..12]
                        ));
                    }
                    continue;
                }
                states.push(LocalState {
                    model: model.clone(),
                    version: version.clone(),
                    sha256: m.sha256.clone(),
                    status: "ready",
                    weight: *weight,
                    error: None,
                });
            }
            new_routes.insert(model.clone(), route);
        }
        *self.routes.write().unwrap_or_else(|p| p.into_inner()) = new_routes;
        self.model_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pin_only(&pinned);
        self.report(&states).await?;
        *self.states.lock().unwrap_or_else(|p| p.into_inner()) = states;
        self.ready.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// A desired version from the cache, or downloaded, checked, loaded and warmed up.
    async fn load(
        &self,
        d: &Deployment,
        key: &ModelKey,
    ) -> std::result::Result<Arc<OnnxModel>, String> {
        // Already serving it: not a cache lookup (the heartbeat's reconcile would count a hit
        // every few seconds and hide the real hit rate).
        if let Some(route) = self.route(&d.model)
            && let Some((_, m)) = route.loaded.get(&d.version)
            && m.sha256 == d.sha256
        {
            return Ok(m.clone());
        }
        let failure_key = (key.clone(), d.updated_at.timestamp_micros());
        if let Some(message) = self
            .failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&failure_key)
        {
            return Err(message.clone());
        }
        if let Some(m) = self
            .model_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
        {
            return Ok(m);
        }
        let _ = self.report_one(d, "loading", None).await;
        let result = self.fetch_and_load(d).await;
        match result {
            Ok(m) => {
                self.model_cache
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(key.clone(), m.clone());
                Ok(m)
            }
            Err(message) => {
                self.failed
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(failure_key, message.clone());
                Err(message)
            }
        }
    }

    async fn fetch_and_load(&self, d: &Deployment) -> std::result::Result<Arc<OnnxModel>, String> {
        let bytes = self
            .artifacts
            .fetch(&d.artifact_uri)
            .await
            .map_err(|e| e.report())?;
        let sha = model::sha256_hex(&bytes);
        if sha != d.sha256 {
            return Err(format!(
                "{}: sha256 is {sha}, the deployment says {} (artifact changed or corrupt)",
                d.artifact_uri, d.sha256
            ));
        }
        let sessions = self.config.serving.sessions_per_version;
        let dylib = self.config.serving.ort_dylib_path.clone();
        let m = tokio::task::spawn_blocking(move || {
            let m = OnnxModel::load(&bytes, sessions, dylib.as_deref())?;
            // Warm-up: one row through every session before it takes traffic.
            let row = vec![0.0f32; m.signature.features];
            for _ in 0..sessions.max(1) {
                m.predict(&row)?;
            }
            Ok::<_, String>(m)
        })
        .await
        .map_err(|e| format!("load task: {e}"))??;
        Ok(Arc::new(m))
    }

    async fn report_one(&self, d: &Deployment, status: &str, error: Option<&str>) -> Result<()> {
        self.db
            .within(
                sqlx::query(
                    "INSERT INTO deployment_state (replica_id, model, version, sha256, status, weight, error) \
                     VALUES ($1, $2, $3, $4, $5, 0, $6) ON CONFLICT (replica_id, model, version) DO UPDATE \
                     SET sha256 = EXCLUDED.sha256, status = EXCLUDED.status, error = EXCLUDED.error, updated_at = now()",
                )
                .bind(&self.replica_id)
                .bind(&d.model)
                .bind(&d.version)
                .bind(&d.sha256)
                .bind(status)
                .bind(error)
                .execute(self.db.pool()),
            )
            .await
            .map(|_| ())
    }

    /// Replace this replica's rows in `deployment_state` with `states`.
    async fn report(&self, states: &[LocalState]) -> Result<()> {
        let mut tx = self.db.within(self.db.pool().begin()).await?;
        self.db
            .within(
                sqlx::query("DELETE FROM deployment_state WHERE replica_id = $1")
                    .bind(&self.replica_id)
                    .execute(&mut *tx),
            )
            .await?;
        for s in states {
            self.db
                .within(
                    sqlx::query(
                        "INSERT INTO deployment_state (replica_id, model, version, sha256, status, weight, error) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&self.replica_id)
                    .bind(&s.model)
                    .bind(&s.version)
                    .bind(&s.sha256)
                    .bind(s.status)
                    .bind(s.weight)
                    .bind(&s.error)
                    .execute(&mut *tx),
                )
                .await?;
        }
        self.db.within(tx.commit()).await
    }

    async fn heartbeat(&self, url: &str, started: chrono::DateTime<chrono::Utc>) -> Result<()> {
        self.db
            .within(
                sqlx::query(
                    "INSERT INTO serving_replicas (replica_id, url, started_at, heartbeat_at, ready) \
                     VALUES ($1, $2, $3, now(), $4) ON CONFLICT (replica_id) DO UPDATE \
                     SET url = EXCLUDED.url, started_at = EXCLUDED.started_at, heartbeat_at = now(), ready = EXCLUDED.ready",
                )
                .bind(&self.replica_id)
                .bind(url)
                .bind(started)
                .bind(self.ready.load(Ordering::SeqCst))
                .execute(self.db.pool()),
            )
            .await?;
        // Replicas gone for a day (killed, never restarted) leave the list.
        self.db
            .within(
                sqlx::query(
                    "DELETE FROM serving_replicas WHERE heartbeat_at < now() - interval '1 day'",
                )
                .execute(self.db.pool()),
            )
            .await
            .map(|_| ())
    }
}

/// Run a replica until SIGTERM or Ctrl-C. `listening(replica_id, url)` is called once it is
/// about to accept requests (the CLI tells the operator on stderr).
pub async fn run(
    config: Config,
    options: ServeOptions,
    listening: impl FnOnce(&str, &str),
) -> Result<()> {
    // ONNX Runtime first: a replica that cannot load models should say so at once.
    model::environment(config.serving.ort_dylib_path.as_deref()).map_err(Error::config)?;
    let listener = tokio::net::TcpListener::bind(&options.listen)
        .await
        .map_err(|e| {
            Error::usage(
                "--listen",
                format!("cannot listen on {}: {e}", options.listen),
            )
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::usage("--listen", e.to_string()))?;
    let url = options
        .advertise_url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"));
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "localhost".into());
    let replica_id = options
        .replica_id
        .clone()
        .unwrap_or_else(|| format!("{host}:{}", local.port()));
    let db = Database::connect(&config.database).await?;
    let mlflow = Mlflow::new(&config.mlflow)?;
    let artifacts = Artifacts::new(mlflow, config.s3.clone());
    let serving = &config.serving;
    let metrics = Metrics::default();
    let (predictions, receiver) = if serving.prediction_log {
        let (tx, rx) = tokio::sync::mpsc::channel(serving.prediction_log_queue.max(1));
        (Some(tx), Some(rx))
    } else {
        (None, None)
    };
    let state = Arc::new(AppState {
        model_cache: Mutex::new(ModelCache::new(
            serving.model_cache_size,
            serving.model_cache_ttl.0,
        )),
        response_cache: Mutex::new(ResponseCache::new(
            serving.response_cache_size,
            serving.response_cache_ttl.0,
        )),
        config: config.clone(),
        replica_id: replica_id.clone(),
        db: db.clone(),
        artifacts,
        routes: RwLock::new(HashMap::new()),
        metrics,
        states: Mutex::new(Vec::new()),
        ready: AtomicBool::new(false),
        reconcile_lock: tokio::sync::Mutex::new(()),
        failed: Mutex::new(HashMap::new()),
        predictions,
        predlog_warnings: predlog::Throttle::default(),
    });
    if let Some(rx) = receiver {
        tokio::spawn(predlog::writer(state.clone(), rx));
    }
    let started = chrono::Utc::now();
    state.heartbeat(&url, started).await?;

    // Listen before the first reconcile, so no change between the two is missed.
    let mut listener_db = sqlx::postgres::PgListener::connect_with(db.pool())
        .await
        .map_err(|e| db.error(e))?;
    listener_db
        .listen(deploy::CHANNEL)
        .await
        .map_err(|e| db.error(e))?;
    if let Err(e) = state.reconcile().await {
        tracing::error!(
            "first reconcile failed (retrying every heartbeat): {}",
            e.report()
        );
    }
    state.heartbeat(&url, started).await?;
    let (wake, mut woken) = tokio::sync::mpsc::channel::<()>(1);
    tokio::spawn(async move {
        loop {
            match listener_db.recv().await {
                Ok(_) => {
                    let _ = wake.try_send(());
                }
                Err(e) => {
                    // PgListener reconnects by itself on the next recv; a missed notification
                    // is caught by the heartbeat's reconcile.
                    tracing::warn!("LISTEN connection: {e}");
                    let _ = wake.try_send(());
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    {
        let state = state.clone();
        let url = url.clone();
        let beat = config.serving.heartbeat.0;
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(beat);
            loop {
                tokio::select! {
                    _ = ticker.tick() => {}
                    Some(()) = woken.recv() => {}
                }
                if let Err(e) = state.reconcile().await {
                    tracing::warn!("reconcile failed: {}", e.report());
                }
                if let Err(e) = state.heartbeat(&url, started).await {
                    tracing::warn!("heartbeat failed: {}", e.report());
                }
            }
        });
    }

    tracing::info!(%url, replica = %replica_id, "serving");
    listening(&replica_id, &url);
    let app = http::router(state.clone());
    let limits = conn::Limits {
        max_connections: conn::connection_limit(
            serving.max_connections,
            conn::fd_reserve(config.database.pool_size),
        ),
        header_timeout: serving.header_timeout.0,
        body_timeout: serving.body_timeout.0,
        idle_timeout: serving.idle_timeout.0,
    };
    conn::serve(listener, app, limits, state.clone(), shutdown_signal()).await;
    // Leave the replica list; a crash leaves a row whose heartbeat goes stale instead.
    let _ = db
        .within(
            sqlx::query("DELETE FROM serving_replicas WHERE replica_id = $1")
                .bind(&replica_id)
                .execute(db.pool()),
        )
        .await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
