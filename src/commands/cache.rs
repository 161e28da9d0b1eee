//! `cache stats` and `cache clear`: the replicas' model and response ("data") caches, through
//! their admin API. Argument mapping, one library call ([`caches::stats`], [`caches::clear_with`]
//! after the confirmation), rendering.

use crate::cli::{CacheClearArgs, CacheCommand, CacheStatsArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::deploy::caches::{self, CacheKind, ClearReport, StatsReport, replica_urls};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::serve::cache::CacheStats;
use nbamcp::services::Services;

pub async fn run(ctx: &Context, command: &CacheCommand) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    match command {
        CacheCommand::Stats(args) => stats(ctx, &services, args).await,
        CacheCommand::Clear(args) => clear(ctx, &services, args).await,
    }
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

async fn stats(ctx: &Context, services: &Services, args: &CacheStatsArgs) -> Result<ExitStatus> {
    let report = caches::stats(services, &args.replica).await?;
    let failed = report.replicas.iter().map(|r| (&r.url, &r.error));
    finish(ctx, &report, failed, report.complete())
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

async fn clear(ctx: &Context, services: &Services, args: &CacheClearArgs) -> Result<ExitStatus> {
    let what = if args.model {
        CacheKind::Model
    } else if args.responses {
        CacheKind::Responses
    } else {
        CacheKind::All
    };
    let urls = replica_urls(services.config(), &args.replica)?;
    ctx.ui.confirm(
        &format!(
            "clear the {} cache(s) on {} replica(s)?",
            what.as_str(),
            urls.len()
        ),
        args.yes,
    )?;
    let report = caches::clear_with(services, what, &urls).await?;
    let failed = report.replicas.iter().map(|r| (&r.url, &r.error));
    finish(ctx, &report, failed, report.complete())
}

/// Name each replica that failed on stderr, print the report, exit 1 unless every replica
/// answered.
fn finish<'a>(
    ctx: &Context,
    report: &impl Render,
    replicas: impl Iterator<Item = (&'a String, &'a Option<String>)>,
    complete: bool,
) -> Result<ExitStatus> {
    for (url, error) in replicas {
        if let Some(e) = error {
            replica_error(url, e);
        }
    }
    ctx.printer.print(report)?;
    Ok(if complete {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
