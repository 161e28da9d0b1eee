//! The serving replicas' caches, cleared through their admin API: used by `cache clear` and
//! by the `cache-clear` maintenance step.

use serde::Serialize;

use crate::alerts;
use crate::audit::{self, NewEvent};
use crate::clients::postgres::Database;
use crate::clients::serving::Serving;
use crate::config::Config;
use crate::error::{Error, Result};

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

/// Clear `what` on each replica, then record an audit event and the INFO *Cache Cleared*
/// alert. A replica that fails is reported with its error; the others are still cleared.
pub async fn clear(
    config: &Config,
    what: CacheKind,
    urls: &[String],
    actor: &str,
) -> Result<ClearReport> {
    let what = what.as_str();
    let serving = Serving::new(&config.serving)?;
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
    // The caches are cleared: not being able to record it is a warning, not a lost report.
    let record = async {
        let db = Database::connect(&config.database).await?;
        let details = serde_json::json!({
            "what": what,
            "replicas": cleared.iter().map(|r| &r.url).collect::<Vec<_>>(),
            "model_cache_cleared": cleared.iter().map(|r| r.model_cache_cleared).sum::<u64>(),
            "data_cache_cleared": cleared.iter().map(|r| r.data_cache_cleared).sum::<u64>(),
        });
        audit::record(
            &db,
            &NewEvent {
                actor: actor.to_owned(),
                action: "cache_clear".into(),
                target: "serving".into(),
                details: details.clone(),
                ..Default::default()
            },
        )
        .await?;
        alerts::Alerts::new(&config.alerts.webhook)
            .raise(
                &db,
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
    if !cleared.is_empty() {
        match record.await {
            Ok(id) => alert_id = Some(id),
            Err(e) => tracing::warn!(
                "the caches were cleared, but the audit event / Cache Cleared alert was not \
                 recorded: {}",
                e.report()
            ),
        }
    } else {
        drop(record);
    }
    Ok(ClearReport {
        what,
        replicas,
        alert_id,
    })
}
