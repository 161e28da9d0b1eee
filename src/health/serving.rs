//! The serving components of `health`: every replica live and ready (`model_serving`), every
//! live replica serving exactly the desired deployments with the production version among them
//! (`model_deployment`), and the cache hit rates (`cache`).

use super::{Finding, Status, Waiting};
use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::Database;
use crate::clients::serving::Serving;
use crate::config::Config;
use crate::deploy::{self, Convergence};
use crate::registry::Stage;
use crate::serve::cache::CacheStats;

pub(super) async fn check_model_serving(config: &Config) -> Finding {
    let urls = &config.serving.replicas;
    if urls.is_empty() {
        return Finding::new(
            Status::Unknown,
            "serving.replicas is empty: nothing to check",
        );
    }
    let serving = match Serving::new(&config.serving) {
        Ok(s) => s,
        Err(e) => return Finding::from_error(Status::Unknown, &e),
    };
    let checks = urls.iter().map(|url| {
        let serving = &serving;
        async move {
            let live = serving.status(url, "v2/health/live").await;
            let ready = serving.status(url, "v2/health/ready").await;
            match (live, ready) {
                (Ok(200), Ok(200)) => (true, format!("{url} ready")),
                (Ok(200), Ok(code)) => (false, format!("{url} live, not ready (HTTP {code})")),
                (Ok(code), _) => (false, format!("{url} not live (HTTP {code})")),
                (Err(e), _) => (false, e.report()),
            }
        }
    });
    let results = futures::future::join_all(checks).await;
    let ready = results.iter().filter(|(ok, _)| *ok).count();
    let status = match ready {
        n if n == results.len() => Status::Healthy,
        0 => Status::Unhealthy,
        _ => Status::Degraded,
    };
    let mut detail = format!("{ready}/{} replicas live and ready", results.len());
    for (ok, note) in &results {
        if !ok {
            detail.push_str(&format!("; {note}"));
        }
    }
    Finding::new(status, detail)
}

pub(super) async fn check_model_deployment(config: &Config, waiting: &Waiting) -> Finding {
    let db = match waiting
        .database(config, Database::connect(&config.database))
        .await
    {
        Ok(db) => db,
        Err(e) => return Finding::from_error(Status::Unknown, &e),
    };
    let (desired, replicas) = match waiting
        .database(config, async {
            (
                deploy::list(&db, None).await,
                deploy::replicas(&db, config.serving.heartbeat.0).await,
            )
        })
        .await
    {
        (Ok(d), Ok(r)) => (d, r),
        (Err(e), _) | (_, Err(e)) => return Finding::from_error(Status::Unknown, &e),
    };
    let alive: Vec<_> = replicas.into_iter().filter(|r| r.alive).collect();
    if alive.is_empty() {
        return Finding::new(Status::Unhealthy, "no serving replica reports a heartbeat");
    }
    let mut status = Status::Healthy;
    let mut notes = Vec::new();
    let mut models: Vec<&str> = desired.iter().map(|d| d.model.as_str()).collect();
    models.dedup();
    for model in &models {
        let mine: Vec<deploy::Deployment> = desired
            .iter()
            .filter(|d| d.model == *model)
            .cloned()
            .collect();
        for r in &alive {
            match deploy::convergence(r, model, &mine) {
                Convergence::Converged => {}
                Convergence::Pending(why) => {
                    status = status.max(Status::Degraded);
                    notes.push(format!("{} {model}: {why}", r.replica_id));
                }
                Convergence::Failed(why) => {
                    status = status.max(Status::Unhealthy);
                    notes.push(format!("{} {model}: {why}", r.replica_id));
                }
            }
        }
    }
    // The version in Production must be deployed (taking traffic) for every listed model.
    if let Ok(mlflow) = Mlflow::new(&config.mlflow) {
        for name in &config.registry.models {
            let production = waiting
                .mlflow(config, async {
                    let model = mlflow.get_registered_model(name).await?;
                    let versions = mlflow.versions_of(name).await?;
                    Ok::<_, crate::error::Error>(
                        crate::registry::holders(&model, &versions, Stage::Production)
                            .current(config.registry.mode),
                    )
                })
                .await;
            match production {
                Ok(Some(v)) => match desired.iter().find(|d| &d.model == name && d.version == v) {
                    Some(d) if d.weight > 0.0 => notes.insert(
                        0,
                        format!(
                            "{name} production v{v} deployed ({:.0}% of traffic)",
                            d.weight * 100.0
                        ),
                    ),
                    Some(_) => {
                        status = status.max(Status::Degraded);
                        notes.push(format!(
                            "{name}: production v{v} is deployed but takes no traffic"
                        ));
                    }
                    None => {
                        status = status.max(Status::Unhealthy);
                        notes.push(format!("{name}: production v{v} is not deployed"));
                    }
                },
                Ok(None) => {}
                Err(e) => {
                    status = status.max(Status::Unknown);
                    notes.push(format!("{name}: {}", e.report()));
                }
            }
        }
    }
    let summary = format!(
        "{} replica(s) serve {} deployment(s) of {} model(s)",
        alive.len(),
        desired.len(),
        models.len()
    );
    notes.insert(0, summary);
    Finding::new(status, notes.join("; "))
}

pub(super) async fn check_cache(config: &Config, waiting: &Waiting) -> Finding {
    let serving = match Serving::new(&config.serving) {
        Ok(s) => s,
        Err(e) => return Finding::from_error(Status::Unknown, &e),
    };
    let (mut hits, mut misses) = ([0u64; 2], [0u64; 2]);
    let mut errors = Vec::new();
    for url in &config.serving.replicas {
        match waiting
            .on(
                crate::clients::serving::COMPONENT,
                &crate::redact::url(url),
                serving.admin(reqwest::Method::GET, url, "admin/cache"),
            )
            .await
        {
            Ok(body) => {
                for (i, key) in ["model_cache", "data_cache"].iter().enumerate() {
                    if let Ok(s) = serde_json::from_value::<CacheStats>(body[key].clone()) {
                        hits[i] += s.hits;
                        misses[i] += s.misses;
                    }
                }
            }
            Err(e) => errors.push(e.report()),
        }
    }
    if !errors.is_empty() {
        return Finding::new(Status::Unknown, errors.join("; "));
    }
    let line = config.serving.cache_hit_rate_warning;
    let mut status = Status::Healthy;
    let mut notes = Vec::new();
    for (i, name) in ["model cache", "data cache"].iter().enumerate() {
        let lookups = hits[i] + misses[i];
        if lookups == 0 {
            notes.push(format!("{name}: no lookups yet"));
            continue;
        }
        let rate = hits[i] as f64 / lookups as f64;
        // Every newly deployed version is a model-cache miss, so only the response cache's
        // rate says something about the traffic; the model cache's is shown for context.
        if i == 1 && rate < line {
            status = Status::Degraded;
            notes.push(format!(
                "{name} hit rate {:.1}% ({lookups} lookups) is below {:.0}% (serving.cache_hit_rate_warning)",
                rate * 100.0,
                line * 100.0
            ));
        } else {
            notes.push(format!(
                "{name} hit rate {:.1}% ({lookups} lookups)",
                rate * 100.0
            ));
        }
    }
    Finding::new(status, notes.join("; "))
}
