//! The audit log: what nbamcp changed, who asked, when, from what to what, and why.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clients::postgres::Database;
use crate::error::Result;

/// Who is acting: `NBAMCP_ACTOR`, else `$USER@host`.
pub fn actor(env: &[(String, String)]) -> String {
    let var = |name: &str| {
        env.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    if let Some(actor) = var("NBAMCP_ACTOR") {
        return actor;
    }
    let user = var("USER")
        .or_else(|| var("LOGNAME"))
        .unwrap_or_else(|| "unknown".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{user}@{host}")
}

/// An event to record.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub version: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub reason: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub version: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub reason: Option<String>,
    pub details: serde_json::Value,
}

pub async fn record(db: &Database, event: &NewEvent) -> Result<i64> {
    let details = if event.details.is_null() {
        serde_json::json!({})
    } else {
        event.details.clone()
    };
    db.within(sqlx::query_scalar(
        "INSERT INTO audit_events (actor, action, target, version, from_state, to_state, reason, details) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&event.actor)
    .bind(&event.action)
    .bind(&event.target)
    .bind(&event.version)
    .bind(&event.from_state)
    .bind(&event.to_state)
    .bind(&event.reason)
    .bind(details)
    .fetch_one(db.pool()))
    .await
}

/// Settle an event recorded before its change: set its final action and add details.
pub async fn settle(
    db: &Database,
    id: i64,
    action: &str,
    details: &serde_json::Value,
) -> Result<()> {
    db.within(
        sqlx::query("UPDATE audit_events SET action = $2, details = details || $3 WHERE id = $1")
            .bind(id)
            .bind(action)
            .bind(details)
            .execute(db.pool()),
    )
    .await
    .map(|_| ())
}

/// Events about `target`, newest first.
pub async fn history(db: &Database, target: &str, limit: i64) -> Result<Vec<Event>> {
    db.within(sqlx::query_as(
        "SELECT id, occurred_at, actor, action, target, version, from_state, to_state, reason, details \
         FROM audit_events WHERE target = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2",
    )
    .bind(target)
    .bind(limit)
    .fetch_all(db.pool()))
    .await
}
