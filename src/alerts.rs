//! Alerts: the seed's severities and types, in PostgreSQL, raised through one function by every
//! command that finds or causes something worth knowing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clients::postgres::Database;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "INFO",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
        }
    }
}

/// The runbook's alert types, with their severities.
pub mod types {
    use super::Severity;

    pub const HIGH_ERROR_RATE: (Severity, &str) = (Severity::Critical, "High Error Rate");
    pub const SYSTEM_UNHEALTHY: (Severity, &str) = (Severity::Critical, "System Unhealthy");
    pub const DATABASE_CONNECTION_FAILED: (Severity, &str) =
        (Severity::Critical, "Database Connection Failed");
    pub const MODEL_SERVING_DOWN: (Severity, &str) = (Severity::Critical, "Model Serving Down");
    pub const FEATURE_DRIFT_DETECTED: (Severity, &str) =
        (Severity::Warning, "Feature Drift Detected");
    pub const PERFORMANCE_DEGRADATION: (Severity, &str) =
        (Severity::Warning, "Performance Degradation");
    pub const HIGH_LATENCY: (Severity, &str) = (Severity::Warning, "High Latency");
    pub const CACHE_HIT_RATE_LOW: (Severity, &str) = (Severity::Warning, "Cache Hit Rate Low");
    pub const MODEL_PROMOTED: (Severity, &str) = (Severity::Info, "Model Promoted");
    pub const SCHEDULED_MAINTENANCE: (Severity, &str) = (Severity::Info, "Scheduled Maintenance");
    pub const CACHE_CLEARED: (Severity, &str) = (Severity::Info, "Cache Cleared");
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Alert {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub severity: String,
    pub alert_type: String,
    pub message: String,
    pub source: String,
    pub details: serde_json::Value,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
}

/// Raise an alert of a runbook type; returns its id.
pub async fn raise(
    db: &Database,
    (severity, alert_type): (Severity, &str),
    message: &str,
    source: &str,
    details: serde_json::Value,
) -> Result<i64> {
    db.within(
        sqlx::query_scalar(
            "INSERT INTO alerts (severity, alert_type, message, source, details) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(severity.as_str())
        .bind(alert_type)
        .bind(message)
        .bind(source)
        .bind(details)
        .fetch_one(db.pool()),
    )
    .await
}

/// Alerts of the last `hours`, at or above `min_severity`, optionally of one type; newest first.
pub async fn list(
    db: &Database,
    hours: i64,
    min_severity: Severity,
    alert_type: Option<&str>,
) -> Result<Vec<Alert>> {
    let severities: Vec<&str> = [Severity::Info, Severity::Warning, Severity::Critical]
        .into_iter()
        .filter(|s| *s >= min_severity)
        .map(Severity::as_str)
        .collect();
    db.within(
        sqlx::query_as(
            "SELECT id, created_at, severity, alert_type, message, source, details, acknowledged_at, acknowledged_by \
             FROM alerts WHERE created_at >= now() - make_interval(hours => $1::int) \
             AND severity = ANY($2) AND ($3::text IS NULL OR alert_type = $3) \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(hours as i32)
        .bind(&severities)
        .bind(alert_type)
        .fetch_all(db.pool()),
    )
    .await
}

/// Acknowledge an alert; `false` when there is no such alert.
pub async fn acknowledge(db: &Database, id: i64, actor: &str) -> Result<bool> {
    let updated = db
        .within(
            sqlx::query(
                "UPDATE alerts SET acknowledged_at = COALESCE(acknowledged_at, now()), \
                 acknowledged_by = COALESCE(acknowledged_by, $2) WHERE id = $1",
            )
            .bind(id)
            .bind(actor)
            .execute(db.pool()),
        )
        .await?;
    Ok(updated.rows_affected() == 1)
}
