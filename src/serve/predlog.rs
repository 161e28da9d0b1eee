//! The prediction log: requests queue a record (bounded; full means dropped and counted), one
//! task writes them to PostgreSQL in batches, retrying a batch PostgreSQL cannot take for
//! `serving.prediction_log_retry`. The request path never waits on the database.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::Receiver;

use super::AppState;
use super::metrics::DropReason;

pub struct Record {
    pub at: DateTime<Utc>,
    pub model: String,
    pub version: String,
    pub routing_key: Option<String>,
    /// The rows as JSON text (`[[...], ...]`).
    pub features: String,
    /// The outputs as JSON text.
    pub output: String,
    pub latency_us: i64,
}

/// Backoff between attempts at a batch PostgreSQL did not take: doubling from the first up to
/// the last, within `serving.prediction_log_retry`.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// At most one warning of a kind per this period; the others are counted in the next one.
const WARN_EVERY: Duration = Duration::from_secs(10);

pub async fn writer(state: Arc<AppState>, mut rx: Receiver<Record>) {
    let batch_size = state.config.serving.prediction_log_batch.max(1);
    let interval = state.config.serving.prediction_log_interval.0;
    let mut batch: Vec<Record> = Vec::with_capacity(batch_size);
    let warnings = Throttle::default();
    loop {
        // Wait for the first record, then gather until the batch is full or the interval ends.
        match rx.recv().await {
            Some(r) => batch.push(r),
            None => return,
        }
        let deadline = tokio::time::Instant::now() + interval;
        while batch.len() < batch_size {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(r)) => batch.push(r),
                Ok(None) | Err(_) => break,
            }
        }
        deliver(&state, &batch, &warnings).await;
        state
            .metrics
            .predictions_pending
            .fetch_sub(batch.len() as u64, Ordering::Relaxed);
        batch.clear();
    }
}

/// Write one batch. What PostgreSQL cannot take now (down, frozen, failing over, overloaded) is
/// retried with backoff until `serving.prediction_log_retry` has passed since the first
/// attempt; an attempt may use all that is left of it, so a frozen server that wakes up in
/// time takes the batch once (no duplicate from a retry racing the first attempt). An error
/// that retrying cannot fix drops the batch at once. Every drop is counted by reason.
async fn deliver(state: &AppState, batch: &[Record], warnings: &Throttle) {
    let n = batch.len() as u64;
    let bound = state.config.serving.prediction_log_retry.0;
    let started = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let left = bound.saturating_sub(started.elapsed());
        let (retryable, why) = match tokio::time::timeout(left, write(state, batch)).await {
            Ok(Ok(())) => {
                state
                    .metrics
                    .predictions_logged
                    .fetch_add(n, Ordering::Relaxed);
                if attempts > 1 {
                    tracing::info!(
                        "prediction log: PostgreSQL ({}) took a batch of {n} after {:.1}s and {attempts} attempts",
                        state.db.endpoint(),
                        started.elapsed().as_secs_f64()
                    );
                }
                return;
            }
            Ok(Err(e)) => (retryable(&e), state.db.error(e).report()),
            Err(_) => (
                true,
                format!(
                    "database ({}): no answer within {} (serving.prediction_log_retry)",
                    state.db.endpoint(),
                    crate::units::HumanDuration(bound)
                ),
            ),
        };
        if !retryable || started.elapsed() + backoff >= bound {
            let reason = if retryable {
                DropReason::DatabaseUnavailable
            } else {
                DropReason::Rejected
            };
            state.metrics.dropped(reason, n);
            tracing::warn!(
                "prediction log: {n} records dropped ({}, {} so far): {why}{}",
                reason.label(),
                state.metrics.dropped_count(reason),
                if retryable {
                    format!(
                        " (retried {attempts} times for {:.1}s, serving.prediction_log_retry)",
                        started.elapsed().as_secs_f64()
                    )
                } else {
                    String::new()
                }
            );
            return;
        }
        if let Some(suppressed) = warnings.ready() {
            tracing::warn!(
                "prediction log: PostgreSQL ({}) did not take a batch of {n}: {why}; retrying for up to {} in all, {} records held{suppressed}",
                state.db.endpoint(),
                crate::units::HumanDuration(bound),
                state.metrics.predictions_pending.load(Ordering::Relaxed)
            );
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Whether a failed insert may succeed when tried again: the server or the connection was
/// away, overloaded, shutting down, read-only during a failover, or cancelled the statement;
/// not a batch PostgreSQL refuses (bad data, missing table).
fn retryable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            ["08", "53", "57", "40", "58"]
                .iter()
                .any(|class| code.starts_with(class))
                || code == "25006"
                || code == "55P03"
        }),
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        _ => false,
    }
}

/// A rate limit for a warning that may repeat many times a second.
#[derive(Default)]
pub struct Throttle {
    state: Mutex<(Option<Instant>, u64)>,
}

impl Throttle {
    /// `Some` (with a note of how many were held back) when a warning may be logged now.
    pub fn ready(&self) -> Option<String> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (last, suppressed) = &mut *state;
        if last.is_some_and(|t| t.elapsed() < WARN_EVERY) {
            *suppressed += 1;
            return None;
        }
        *last = Some(Instant::now());
        let note = match std::mem::take(suppressed) {
            0 => String::new(),
            n => format!(" ({n} more like it in the last {}s)", WARN_EVERY.as_secs()),
        };
        Some(note)
    }
}

async fn write(state: &AppState, batch: &[Record]) -> std::result::Result<(), sqlx::Error> {
    let at: Vec<DateTime<Utc>> = batch.iter().map(|r| r.at).collect();
    let model: Vec<&str> = batch.iter().map(|r| r.model.as_str()).collect();
    let version: Vec<&str> = batch.iter().map(|r| r.version.as_str()).collect();
    let key: Vec<Option<&str>> = batch.iter().map(|r| r.routing_key.as_deref()).collect();
    let features: Vec<&str> = batch.iter().map(|r| r.features.as_str()).collect();
    let output: Vec<&str> = batch.iter().map(|r| r.output.as_str()).collect();
    let latency: Vec<i64> = batch.iter().map(|r| r.latency_us).collect();
    sqlx::query(
                "INSERT INTO predictions (predicted_at, replica_id, model, version, routing_key, features, output, latency_us) \
                 SELECT t.at, $2, t.model, t.version, t.key, t.features::jsonb, t.output::jsonb, t.latency \
                 FROM UNNEST($1::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int8[]) \
                 AS t(at, model, version, key, features, output, latency)",
            )
            .bind(&at)
            .bind(&state.replica_id)
            .bind(&model)
            .bind(&version)
            .bind(&key)
            .bind(&features)
            .bind(&output)
            .bind(&latency)
            .execute(state.db.pool())
            .await
            .map(|_| ())
}
