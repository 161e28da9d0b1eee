//! Request counters and latency histograms per model, version and outcome, rendered in the
//! Prometheus text format, and summarised (requests, errors, mean, p95) for `ab-split --show`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::cache::CacheStats;

/// Upper bounds of the latency buckets, seconds.
const BUCKETS: [f64; 14] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Debug, Clone, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let i = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        self.counts[i] += 1;
        self.sum += seconds;
        self.count += 1;
    }

    /// The upper bound of the bucket holding quantile `q` (Prometheus' histogram_quantile
    /// without interpolation).
    fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let target = (q * self.count as f64).ceil() as u64;
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= target {
                return BUCKETS.get(i).copied().unwrap_or(f64::INFINITY);
            }
        }
        f64::INFINITY
    }
}

/// (model, version, outcome) where outcome is `ok` or the HTTP status.
type Key = (String, String, String);

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<Key, Histogram>>,
    /// Requests refused before reaching a version (unknown model, malformed, ...), by status.
    rejected: Mutex<BTreeMap<u16, u64>>,
    pub predictions_logged: AtomicU64,
    /// Prediction records dropped, by [`DropReason`].
    pub predictions_dropped: [AtomicU64; 3],
    /// Records the prediction log holds and has not written: queued, and the batch being
    /// written or retried.
    pub predictions_pending: AtomicU64,
    /// Client connections open now.
    pub connections_open: AtomicU64,
    /// Connections beyond `serving.max_connections` answered 503 and closed.
    pub connections_shed: AtomicU64,
    /// Connections closed by the replica: header timeout, idle timeout, evicted at the limit.
    pub connections_closed: [AtomicU64; 3],
}

/// Why a prediction record was not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The queue was full (the writer is behind, or PostgreSQL has been away for a while).
    QueueFull = 0,
    /// PostgreSQL could not take its batch within `serving.prediction_log_retry`.
    DatabaseUnavailable = 1,
    /// PostgreSQL refused the batch with an error that retrying cannot fix.
    Rejected = 2,
}

impl DropReason {
    pub const ALL: [DropReason; 3] = [
        DropReason::QueueFull,
        DropReason::DatabaseUnavailable,
        DropReason::Rejected,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DropReason::QueueFull => "queue_full",
            DropReason::DatabaseUnavailable => "database_unavailable",
            DropReason::Rejected => "rejected",
        }
    }
}

impl Metrics {
    pub fn dropped(&self, reason: DropReason, n: u64) {
        self.predictions_dropped[reason as usize].fetch_add(n, Ordering::Relaxed);
    }

    pub fn dropped_count(&self, reason: DropReason) -> u64 {
        self.predictions_dropped[reason as usize].load(Ordering::Relaxed)
    }

    pub fn dropped_total(&self) -> u64 {
        DropReason::ALL.iter().map(|r| self.dropped_count(*r)).sum()
    }
}

/// One version's traffic, for `ab-split --show`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VersionTraffic {
    pub model: String,
    pub version: String,
    pub requests: u64,
    pub errors: u64,
    pub error_rate: f64,
    pub mean_latency_ms: f64,
    pub p95_latency_ms: f64,
}

impl Metrics {
    pub fn observe(&self, model: &str, version: &str, outcome: &str, latency: Duration) {
        let mut map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((model.to_owned(), version.to_owned(), outcome.to_owned()))
            .or_default()
            .observe(latency.as_secs_f64());
    }

    pub fn reject(&self, status: u16) {
        *self
            .rejected
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(status)
            .or_default() += 1;
    }

    pub fn traffic(&self) -> Vec<VersionTraffic> {
        let map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let mut by_version: BTreeMap<(String, String), (Histogram, u64)> = BTreeMap::new();
        for ((model, version, outcome), h) in map.iter() {
            let entry = by_version
                .entry((model.clone(), version.clone()))
                .or_default();
            for (i, c) in h.counts.iter().enumerate() {
                entry.0.counts[i] += c;
            }
            entry.0.sum += h.sum;
            entry.0.count += h.count;
            if outcome != "ok" {
                entry.1 += h.count;
            }
        }
        by_version
            .into_iter()
            .map(|((model, version), (h, errors))| VersionTraffic {
                model,
                version,
                requests: h.count,
                errors,
                error_rate: if h.count == 0 {
                    0.0
                } else {
                    errors as f64 / h.count as f64
                },
                mean_latency_ms: if h.count == 0 {
                    0.0
                } else {
                    h.sum / h.count as f64 * 1000.0
                },
                p95_latency_ms: h.quantile(0.95) * 1000.0,
            })
            .collect()
    }

    /// The Prometheus text exposition.
    pub fn render(
        &self,
        model_cache: &CacheStats,
        response_cache: &CacheStats,
        loaded: &[(String, String, f64)],
    ) -> String {
        let mut out = String::new();
        let map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP nbamcp_requests_total Inference requests by model, version and outcome.\n# TYPE nbamcp_requests_total counter\n");
        for ((model, version, outcome), h) in map.iter() {
            let _ = writeln!(
                out,
                "nbamcp_requests_total{{model=\"{}\",version=\"{}\",outcome=\"{}\"}} {}",
                esc(model),
                esc(version),
                esc(outcome),
                h.count
            );
        }
        out.push_str("# HELP nbamcp_request_duration_seconds Inference latency by model, version and outcome.\n# TYPE nbamcp_request_duration_seconds histogram\n");
        for ((model, version, outcome), h) in map.iter() {
            let labels = format!(
                "model=\"{}\",version=\"{}\",outcome=\"{}\"",
                esc(model),
                esc(version),
                esc(outcome)
            );
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += h.counts[i];
                let _ = writeln!(
                    out,
                    "nbamcp_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "nbamcp_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "nbamcp_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "nbamcp_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        drop(map);
        out.push_str("# HELP nbamcp_rejected_requests_total Requests refused before inference, by HTTP status.\n# TYPE nbamcp_rejected_requests_total counter\n");
        for (status, n) in self
            .rejected
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "nbamcp_rejected_requests_total{{status=\"{status}\"}} {n}"
            );
        }
        for (name, stats) in [("model", model_cache), ("response", response_cache)] {
            for (metric, kind, value) in [
                ("hits_total", "counter", stats.hits as f64),
                ("misses_total", "counter", stats.misses as f64),
                ("evictions_total", "counter", stats.evictions as f64),
                ("size", "gauge", stats.size as f64),
                ("max_size", "gauge", stats.max_size as f64),
            ] {
                let _ = writeln!(
                    out,
                    "# TYPE nbamcp_{name}_cache_{metric} {kind}\nnbamcp_{name}_cache_{metric} {value}"
                );
            }
        }
        out.push_str("# HELP nbamcp_model_loaded Loaded versions and their traffic weight.\n# TYPE nbamcp_model_loaded gauge\n");
        for (model, version, weight) in loaded {
            let _ = writeln!(
                out,
                "nbamcp_model_loaded{{model=\"{}\",version=\"{}\"}} 1\nnbamcp_model_weight{{model=\"{}\",version=\"{}\"}} {weight}",
                esc(model),
                esc(version),
                esc(model),
                esc(version)
            );
        }
        let _ = writeln!(
            out,
            "# TYPE nbamcp_predictions_logged_total counter\nnbamcp_predictions_logged_total {}\n\
             # HELP nbamcp_predictions_dropped_total Prediction records not written, by reason.\n# TYPE nbamcp_predictions_dropped_total counter",
            self.predictions_logged.load(Ordering::Relaxed),
        );
        for reason in DropReason::ALL {
            let _ = writeln!(
                out,
                "nbamcp_predictions_dropped_total{{reason=\"{}\"}} {}",
                reason.label(),
                self.dropped_count(reason)
            );
        }
        let _ = writeln!(
            out,
            "# HELP nbamcp_prediction_log_pending Prediction records held and not yet written.\n# TYPE nbamcp_prediction_log_pending gauge\nnbamcp_prediction_log_pending {}",
            self.predictions_pending.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP nbamcp_connections_open Client connections open now.\n# TYPE nbamcp_connections_open gauge\nnbamcp_connections_open {}\n\
             # HELP nbamcp_connections_shed_total Connections beyond serving.max_connections answered 503.\n# TYPE nbamcp_connections_shed_total counter\nnbamcp_connections_shed_total {}\n\
             # HELP nbamcp_connections_closed_total Connections the replica closed, by reason.\n# TYPE nbamcp_connections_closed_total counter",
            self.connections_open.load(Ordering::Relaxed),
            self.connections_shed.load(Ordering::Relaxed),
        );
        for (reason, n) in ["header_timeout", "idle_timeout", "evicted"]
            .iter()
            .zip(&self.connections_closed)
        {
            let _ = writeln!(
                out,
                "nbamcp_connections_closed_total{{reason=\"{reason}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out
    }
}

fn esc(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
