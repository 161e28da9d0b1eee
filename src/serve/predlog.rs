//! The prediction log: requests queue a record (bounded; full means dropped and counted), one
//! task writes them to PostgreSQL in batches. The request path never waits on the database.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::Receiver;

use super::AppState;

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

pub async fn writer(state: Arc<AppState>, mut rx: Receiver<Record>) {
    let batch_size = state.config.serving.prediction_log_batch.max(1);
    let interval = state.config.serving.prediction_log_interval.0;
    let mut batch: Vec<Record> = Vec::with_capacity(batch_size);
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
        let n = batch.len() as u64;
        match write(&state, &batch).await {
            Ok(()) => {
                state
                    .metrics
                    .predictions_logged
                    .fetch_add(n, Ordering::Relaxed);
            }
            Err(e) => {
                tracing::warn!("prediction log: {n} records lost: {}", e.report());
                state
                    .metrics
                    .predictions_dropped
                    .fetch_add(n, Ordering::Relaxed);
            }
        }
        batch.clear();
    }
}

async fn write(state: &AppState, batch: &[Record]) -> crate::error::Result<()> {
    let at: Vec<DateTime<Utc>> = batch.iter().map(|r| r.at).collect();
    let model: Vec<&str> = batch.iter().map(|r| r.model.as_str()).collect();
    let version: Vec<&str> = batch.iter().map(|r| r.version.as_str()).collect();
    let key: Vec<Option<&str>> = batch.iter().map(|r| r.routing_key.as_deref()).collect();
    let features: Vec<&str> = batch.iter().map(|r| r.features.as_str()).collect();
    let output: Vec<&str> = batch.iter().map(|r| r.output.as_str()).collect();
    let latency: Vec<i64> = batch.iter().map(|r| r.latency_us).collect();
    state
        .db
        .within(
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
            .execute(state.db.pool()),
        )
        .await
        .map(|_| ())
}
