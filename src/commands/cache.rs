//! `cache stats` and `cache clear`: the replicas' model and response ("data") caches, through
//! their admin API.

use serde::Serialize;

use crate::cli::{CacheClearArgs, CacheCommand, CacheStatsArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::clients::serving::Serving;
use nbamcp::config::Config;
use nbamcp::deploy::caches::{self, CacheKind, ClearReport, replica_urls};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::serve::cache::CacheStats;

pub async fn run(ctx: &Context, command: &CacheCommand) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    match command {
        CacheCommand::Stats(args) => stats(ctx, &config, args).await,
        CacheCommand::Clear(args) => clear(ctx, &config, args).await,
    }
}

#[derive(Debug, Serialize)]
struct ReplicaCaches {
    url: String,
    replica_id: Option<String>,
    model_cache: Option<CacheStats>,
    data_cache: Option<CacheStats>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct StatsReport {
    /// Totals over the replicas that answered; `null` when none did (no number is better than
    /// a made-up 0).
    model_cache: Option<CacheStats>,
    data_cache: Option<CacheStats>,
    /// How many of the replicas asked answered.
    replicas_answered: usize,
    replicas: Vec<ReplicaCaches>,
    warnings: Vec<String>,
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

impl Render for StatsReport {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&[
            "REPLICA",
            "CACHE",
            "HIT RATE",
            "HITS",
            "MISSES",
            "EVICTIONS",
            "SIZE",
        ]);
        let mut add = |who: &str, name: &str, s: &CacheStats| {
            table.add_row(vec![
                style.cell(who, None),
                style.cell(name, None),
                style.cell(format!("{:.1}%", s.hit_rate * 100.0), None),
                style.cell(s.hits, None),
                style.cell(s.misses, None),
                style.cell(s.evictions, None),
                style.cell(format!("{}/{}", s.size, s.max_size), None),
            ]);
        };
        for r in &self.replicas {
            let who = r.replica_id.clone().unwrap_or_else(|| r.url.clone());
            if let (Some(m), Some(d)) = (&r.model_cache, &r.data_cache) {
                add(&who, "model", m);
                add(&who, "data", d);
            }
        }
        if self.replicas.len() > 1
            && let (Some(m), Some(d)) = (&self.model_cache, &self.data_cache)
        {
            add("total", "model", m);
            add("total", "data", d);
        }
        // Replicas that did not answer are told on stderr (see `stats`); the table says how
        // many answered.
        let mut out = if self.replicas_answered == 0 {
            "no replica answered\n".to_owned()
        } else {
            style.render_table(&table)
        };
        if self.replicas_answered < self.replicas.len() && self.replicas_answered > 0 {
            out.push_str(&format!(
                "{} of {} replicas answered: the totals are theirs\n",
                self.replicas_answered,
                self.replicas.len()
            ));
        }
        for w in &self.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        out
    }
}

async fn stats(ctx: &Context, config: &Config, args: &CacheStatsArgs) -> Result<ExitStatus> {
    let serving = Serving::new(&config.serving)?;
    let mut replicas = Vec::new();
    for url in replica_urls(config, &args.replica)? {
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
    for r in &replicas {
        if let Some(e) = &r.error {
            replica_error(&r.url, e);
        }
    }
    let failed = answered < replicas.len();
    ctx.printer.print(&StatsReport {
        model_cache,
        data_cache,
        replicas_answered: answered,
        replicas,
        warnings,
    })?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// A replica that did not answer, on stderr like every command's errors (`-o json` keeps it
/// per replica as data).
fn replica_error(url: &str, error: &str) {
    eprintln!(
        "{}",
        nbamcp::redact::text(&format!("error: {url}: {error}"))
    );
}

impl Render for ClearReport {
    fn render_human(&self, _style: &Style) -> String {
        // The replicas that failed are on stderr (see `clear`); this is what was cleared.
        let mut out: String = self
            .summary()
            .lines()
            .filter(|l| !l.starts_with("error: "))
            .map(|l| format!("{l}\n"))
            .collect();
        if let Some(id) = self.alert_id {
            out.push_str(&format!("alert #{id} Cache Cleared (INFO) recorded\n"));
        }
        out
    }
}

async fn clear(ctx: &Context, config: &Config, args: &CacheClearArgs) -> Result<ExitStatus> {
    let what = if args.model {
        CacheKind::Model
    } else if args.responses {
        CacheKind::Responses
    } else {
        CacheKind::All
    };
    let urls = replica_urls(config, &args.replica)?;
    ctx.ui.confirm(
        &format!(
            "clear the {} cache(s) on {} replica(s)?",
            what.as_str(),
            urls.len()
        ),
        args.yes,
    )?;
    let report = caches::clear(config, what, &urls, &ctx.actor()).await?;
    for r in &report.replicas {
        if let Some(e) = &r.error {
            replica_error(&r.url, e);
        }
    }
    ctx.printer.print(&report)?;
    Ok(if report.replicas.iter().any(|r| r.error.is_some()) {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
