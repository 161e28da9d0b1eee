//! Maintenance runs in PostgreSQL (migration 0005): a row per run, a row per step written when
//! the step starts and updated when it finishes.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clients::postgres::Database;
use crate::error::Result;
use crate::maintenance::status::{RunStatus, StepStatus};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub checklist: String,
    pub source: String,
    pub checklist_sha256: String,
    pub actor: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: RunStatus,
    pub attempts: i32,
    pub options: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StepRow {
    pub position: i32,
    pub step: String,
    pub kind: String,
    pub status: StepStatus,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub output: String,
    pub details: serde_json::Value,
    pub attempt: i32,
}

/// A run in `maintenance history`, with its step counts.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RunSummary {
    pub id: i64,
    pub checklist: String,
    pub actor: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub status: RunStatus,
    pub attempts: i32,
    pub ok: i64,
    pub failed: i64,
    pub skipped: i64,
    pub pending: i64,
}

pub async fn start_run(
    db: &Database,
    checklist: &str,
    source: &str,
    sha256: &str,
    actor: &str,
    options: &serde_json::Value,
) -> Result<i64> {
    db.within(
        sqlx::query_scalar(
            "INSERT INTO maintenance_runs (checklist, source, checklist_sha256, actor, options) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(checklist)
        .bind(source)
        .bind(sha256)
        .bind(actor)
        .bind(options)
        .fetch_one(db.pool()),
    )
    .await
}

/// Runs of `checklist` still marked running cannot be (the caller holds the checklist's lock):
/// they died. Mark them interrupted, and their unfinished steps failed.
pub async fn mark_dead_runs(db: &Database, checklist: &str) -> Result<Vec<i64>> {
    let ids: Vec<i64> = db
        .within(
            sqlx::query_scalar(
                "UPDATE maintenance_runs SET status = $2, finished_at = now() \
                 WHERE checklist = $1 AND status = $3 RETURNING id",
            )
            .bind(checklist)
            .bind(RunStatus::Interrupted.as_str())
            .bind(RunStatus::Running.as_str())
            .fetch_all(db.pool()),
        )
        .await?;
    if !ids.is_empty() {
        db.within(
            sqlx::query(
                "UPDATE maintenance_steps SET status = $2, finished_at = now(), \
                 output = CASE WHEN output = '' THEN '' ELSE output || E'\\n' END \
                          || 'interrupted: the run ended while this step was running' \
                 WHERE run_id = ANY($1) AND status = $3",
            )
            .bind(&ids)
            .bind(StepStatus::Failed.as_str())
            .bind(StepStatus::Running.as_str())
            .execute(db.pool()),
        )
        .await?;
    }
    Ok(ids)
}

pub async fn get_run(db: &Database, id: i64) -> Result<Option<RunRow>> {
    db.within(
        sqlx::query_as("SELECT * FROM maintenance_runs WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool()),
    )
    .await
}

pub async fn steps_of(db: &Database, id: i64) -> Result<Vec<StepRow>> {
    db.within(
        sqlx::query_as(
            "SELECT position, step, kind, status, started_at, finished_at, duration_ms, output, \
                    details, attempt \
             FROM maintenance_steps WHERE run_id = $1 ORDER BY position, started_at",
        )
        .bind(id)
        .fetch_all(db.pool()),
    )
    .await
}

/// A resumed run is running again, one attempt more.
pub async fn reopen_run(db: &Database, id: i64) -> Result<i32> {
    db.within(
        sqlx::query_scalar(
            "UPDATE maintenance_runs SET status = $2, finished_at = NULL, \
             attempts = attempts + 1 WHERE id = $1 RETURNING attempts",
        )
        .bind(id)
        .bind(RunStatus::Running.as_str())
        .fetch_one(db.pool()),
    )
    .await
}

pub async fn step_started(
    db: &Database,
    run_id: i64,
    position: usize,
    step: &str,
    kind: &str,
    attempt: i32,
) -> Result<()> {
    db.within(
        sqlx::query(
            "INSERT INTO maintenance_steps (run_id, position, step, kind, status, attempt) \
             VALUES ($1, $2, $3, $4, $6, $5) \
             ON CONFLICT (run_id, step) DO UPDATE SET position = $2, kind = $4, \
                status = $6, started_at = now(), finished_at = NULL, duration_ms = NULL, \
                output = '', details = '{}'::jsonb, attempt = $5",
        )
        .bind(run_id)
        .bind(position as i32)
        .bind(step)
        .bind(kind)
        .bind(attempt)
        .bind(StepStatus::Running.as_str())
        .execute(db.pool()),
    )
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn step_finished(
    db: &Database,
    run_id: i64,
    position: usize,
    step: &str,
    kind: &str,
    attempt: i32,
    status: StepStatus,
    duration_ms: i64,
    output: &str,
    details: &serde_json::Value,
) -> Result<()> {
    db.within(
        sqlx::query(
            "INSERT INTO maintenance_steps (run_id, position, step, kind, status, attempt, \
                finished_at, duration_ms, output, details) \
             VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9) \
             ON CONFLICT (run_id, step) DO UPDATE SET status = $5, attempt = $6, \
                finished_at = now(), duration_ms = $7, output = $8, details = $9",
        )
        .bind(run_id)
        .bind(position as i32)
        .bind(step)
        .bind(kind)
        .bind(status.as_str())
        .bind(attempt)
        .bind(duration_ms)
        .bind(output)
        .bind(details)
        .execute(db.pool()),
    )
    .await?;
    Ok(())
}

pub async fn finish_run(db: &Database, id: i64, status: RunStatus) -> Result<()> {
    db.within(
        sqlx::query("UPDATE maintenance_runs SET status = $2, finished_at = now() WHERE id = $1")
            .bind(id)
            .bind(status.as_str())
            .execute(db.pool()),
    )
    .await?;
    Ok(())
}

pub async fn history(
    db: &Database,
    checklist: Option<&str>,
    limit: i64,
) -> Result<Vec<RunSummary>> {
    db.within(
        sqlx::query_as(
            "SELECT r.id, r.checklist, r.actor, r.started_at, r.finished_at, r.status, r.attempts, \
                    count(s.step) FILTER (WHERE s.status = 'ok') AS ok, \
                    count(s.step) FILTER (WHERE s.status = 'failed') AS failed, \
                    count(s.step) FILTER (WHERE s.status = 'skipped') AS skipped, \
                    count(s.step) FILTER (WHERE s.status = 'pending') AS pending \
             FROM maintenance_runs r LEFT JOIN maintenance_steps s ON s.run_id = r.id \
             WHERE $1::text IS NULL OR r.checklist = $1 \
             GROUP BY r.id ORDER BY r.started_at DESC, r.id DESC LIMIT $2",
        )
        .bind(checklist)
        .bind(limit)
        .fetch_all(db.pool()),
    )
    .await
}
