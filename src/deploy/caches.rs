//! The serving replicas' caches, cleared through their admin API: used by `cache clear` and
//! by the `cache-clear` maintenance step.

use std::future::Future;

use serde::Serialize;

use crate::alerts::{self, Alerts};
use crate::audit::{self, NewEvent};
use crate::clients::postgres::Database;
use crate::clients::serving::Serving;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::serve::cache::CacheStats;
use crate::services::Services;

/// Which caches to clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheKind {
    /// Unload cached model versions that are no longer deployed.
    Model,
    /// Empty the response cache.
    Responses,
    #[default]
    All,
}

impl CacheKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CacheKind::Model => "model",
            CacheKind::Responses => "responses",
            CacheKind::All => "all",
        }
    }
}

/// The replicas named on the command line, else serving.replicas.
pub fn replica_urls(config: &Config, given: &[String]) -> Result<Vec<String>> {
    let urls = if given.is_empty() {
        config.serving.replicas.clone()
    } else {
        given.to_vec()
    };
    if urls.is_empty() {
        return Err(Error::config(
            "serving.replicas is empty: name the replicas there or with --replica URL",
        ));
    }
    Ok(urls)
}

#[derive(Debug, Serialize)]
pub struct ClearReport {
    pub what: &'static str,
    pub replicas: Vec<ClearedReplica>,
    pub alert_id: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ClearedReplica {
    pub url: String,
    pub replica_id: Option<String>,
    pub model_cache_cleared: u64,
    pub data_cache_cleared: u64,
    pub error: Option<String>,
}

impl ClearReport {
    /// Every replica was cleared.
    pub fn complete(&self) -> bool {
        self.replicas.iter().all(|r| r.error.is_none())
    }

    /// A line per replica: what it cleared, or its error.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for r in &self.replicas {
            match &r.error {
                None => out.push_str(&format!(
                    "{}: cleared {} model version(s), {} response(s)\n",
                    r.replica_id.as_deref().unwrap_or(&r.url),
                    r.model_cache_cleared,
                    r.data_cache_cleared
                )),
                Some(e) => out.push_str(&format!("error: {}: {e}\n", r.url)),
            }
        }
        out
    }
}

#[derive(Debug, Serialize)]
pub struct ReplicaCaches {
    pub url: String,
    pub replica_id: Option<String>,
    pub model_cache: Option<CacheStats>,
    pub data_cache: Option<CacheStats>,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatsReport {
    /// Totals over the replicas that answered; `null` when none did (no number is better than
    /// a made-up 0).
    pub model_cache: Option<CacheStats>,
    pub data_cache: Option<CacheStats>,
    /// How many of the replicas asked answered.
    pub replicas_answered: usize,
    pub replicas: Vec<ReplicaCaches>,
    pub warnings: Vec<String>,
}

fn total(stats: &[&CacheStats]) -> CacheStats {
    let mut sum = CacheStats::default();
    for s in stats {
        sum.hits += s.hits;
        sum.misses += s.misses;
        sum.evictions += s.evictions;
        sum.size += s.size;
        sum.max_size += s.max_size;
        sum.ttl_seconds = sum.ttl_seconds.max(s.ttl_seconds);
    }
    if sum.hits + sum.misses > 0 {
        sum.hit_rate = sum.hits as f64 / (sum.hits + sum.misses) as f64;
    }
    sum
}

/// `cache stats`: each replica's model and response caches, the totals over those that
/// answered, and a warning per cache whose hit rate is below `serving.cache_hit_rate_warning`.
/// A replica that does not answer is reported with its error. `replicas` as for
/// [`replica_urls`].
pub async fn stats(services: &Services, replicas: &[String]) -> Result<StatsReport> {
    let config = services.config();
    let serving = services.serving().await?;
    let urls = replica_urls(config, replicas)?;
    let mut replicas = Vec::new();
    for url in urls {
        match serving
            .admin(reqwest::Method::GET, &url, "admin/cache")
            .await
        {
            Ok(body) => replicas.push(ReplicaCaches {
                replica_id: body["replica_id"].as_str().map(str::to_owned),
                model_cache: serde_json::from_value(body["model_cache"].clone()).ok(),
                data_cache: serde_json::from_value(body["data_cache"].clone()).ok(),
                error: None,
                url,
            }),
            Err(e) => replicas.push(ReplicaCaches {
                url,
                replica_id: None,
                model_cache: None,
                data_cache: None,
                error: Some(e.report()),
            }),
        }
    }
    let answered = replicas.iter().filter(|r| r.error.is_none()).count();
    let sum = |pick: fn(&ReplicaCaches) -> Option<&CacheStats>| {
        (answered > 0).then(|| total(&replicas.iter().filter_map(pick).collect::<Vec<_>>()))
    };
    let model_cache = sum(|r| r.model_cache.as_ref());
    let data_cache = sum(|r| r.data_cache.as_ref());
    let line = config.serving.cache_hit_rate_warning;
    let mut warnings = Vec::new();
    for (name, s) in [("model cache", &model_cache), ("data cache", &data_cache)] {
        let Some(s) = s else { continue };
        if s.hits + s.misses > 0 && s.hit_rate < line {
            warnings.push(format!(
                "{name} hit rate {:.1}% is below {:.0}% (serving.cache_hit_rate_warning)",
                s.hit_rate * 100.0,
                line * 100.0
            ));
        }
    }
    Ok(StatsReport {
        model_cache,
        data_cache,
        replicas_answered: answered,
        replicas,
        warnings,
    })
}

impl StatsReport {
    /// Every replica answered.
    pub fn complete(&self) -> bool {
        self.replicas_answered == self.replicas.len()
    }
}

/// Clear `what` on each replica, then record an audit event and the INFO *Cache Cleared*
/// alert in `db` (the caller's: a maintenance run shares its own). A replica that fails is
/// reported with its error; the others are still cleared. The caches being cleared, failing to
/// record it is a warning, not a lost report.
pub async fn clear_in(
    db: &Database,
    config: &Config,
    what: CacheKind,
    urls: &[String],
    actor: &str,
) -> Result<ClearReport> {
    let serving = Serving::new(&config.serving)?;
    let alerts = Alerts::new(&config.alerts.webhook);
    clear_then_record(&serving, &alerts, what, urls, actor, || async { Ok(db) }).await
}

/// [`clear_in`] through a services handle: its serving client and alerts, and its database,
/// connected only once some replica was cleared (a database that is down does not stop the
/// clearing; it is the warning).
pub async fn clear_with(
    services: &Services,
    what: CacheKind,
    urls: &[String],
) -> Result<ClearReport> {
    clear_then_record(
        services.serving().await?,
        services.alerts(),
        what,
        urls,
        services.actor(),
        || services.database(),
    )
    .await
}

async fn clear_then_record<'d, F, Fut>(
    serving: &Serving,
    alerts: &Alerts,
    what: CacheKind,
    urls: &[String],
    actor: &str,
    database: F,
) -> Result<ClearReport>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<&'d Database>>,
{
    let what = what.as_str();
    let mut replicas = Vec::new();
    for url in urls {
        let url = url.clone();
        match serving
            .admin(
                reqwest::Method::POST,
                &url,
                &format!("admin/cache/clear?what={what}"),
            )
            .await
        {
            Ok(body) => replicas.push(ClearedReplica {
                replica_id: body["replica_id"].as_str().map(str::to_owned),
                model_cache_cleared: body["cleared"]["model_cache"].as_u64().unwrap_or(0),
                data_cache_cleared: body["cleared"]["data_cache"].as_u64().unwrap_or(0),
                error: None,
                url,
            }),
            Err(e) => replicas.push(ClearedReplica {
                url,
                replica_id: None,
                model_cache_cleared: 0,
                data_cache_cleared: 0,
                error: Some(e.report()),
            }),
        }
    }
    let cleared: Vec<&ClearedReplica> = replicas.iter().filter(|r| r.error.is_none()).collect();
    let mut alert_id = None;
    if !cleared.is_empty() {
        let record = async {
            let db = database().await?;
            let details = serde_json::json!({
                "what": what,
                "replicas": cleared.iter().map(|r| &r.url).collect::<Vec<_>>(),
                "model_cache_cleared": cleared.iter().map(|r| r.model_cache_cleared).sum::<u64>(),
                "data_cache_cleared": cleared.iter().map(|r| r.data_cache_cleared).sum::<u64>(),
            });
            audit::record(
                db,
                &NewEvent {
                    actor: actor.to_owned(),
                    action: "cache_clear".into(),
                    target: "serving".into(),
                    details: details.clone(),
                    ..Default::default()
                },
            )
            .await?;
            alerts
                .raise(
                    db,
                    alerts::types::CACHE_CLEARED,
                    &format!(
                        "{what} cache cleared on {} replica(s) by {}",
                        cleared.len(),
                        actor
                    ),
                    "cache clear",
                    details,
                )
                .await
        };
        match record.await {
            Ok(id) => alert_id = Some(id),
            Err(e) => tracing::warn!(
                "the caches were cleared, but the audit event / Cache Cleared alert was not \
                 recorded: {}",
                e.report()
            ),
        }
    }
    Ok(ClearReport {
        what,
        replicas,
        alert_id,
    })
}
