//! Alerts: the seed's severities and types, in PostgreSQL, raised through one handle
//! ([`Alerts`], which carries the webhook) by every command that finds or causes something
//! worth knowing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use std::time::{Duration, Instant};

use crate::clients::postgres::Database;
use crate::config::WebhookConfig;
use crate::error::{Error, Result};
use crate::redact;
use crate::services::Services;

pub use crate::types::Severity;

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
    /// What happened to its webhook notification: `delivered`, `failed: ...`, or none.
    pub delivery: Option<String>,
}

/// Where the alerts a command raises go besides the `alerts` table: the configured webhook.
/// Built from the configuration the command runs with (see [`crate::services::Services`]), so a
/// library caller cannot record an alert and silently skip its delivery; there is no
/// process-wide webhook.
#[derive(Debug, Clone, Default)]
pub struct Alerts {
    webhook: Option<WebhookConfig>,
}

impl Alerts {
    /// Alerts delivered to `config`'s webhook (when it has a URL).
    pub fn new(config: &WebhookConfig) -> Alerts {
        Alerts {
            webhook: config.url.is_some().then(|| config.clone()),
        }
    }

    /// Alerts that go only to the `alerts` table.
    pub fn unsent() -> Alerts {
        Alerts { webhook: None }
    }

    /// Raise an alert of a runbook type; returns its id. With a webhook configured, the alert
    /// is also delivered (retried, within the webhook's deadline); a failed delivery is logged
    /// and recorded on the alert, and never fails the command that raised it.
    pub async fn raise(
        &self,
        db: &Database,
        (severity, alert_type): (Severity, &str),
        message: &str,
        source: &str,
        details: serde_json::Value,
    ) -> Result<i64> {
        // Alerts leave nbamcp (the table, the webhook): masked before they are stored or sent.
        let message = &redact::text(message);
        let details = redacted(&details);
        let (id, created_at): (i64, DateTime<Utc>) = db
            .within(
                sqlx::query_as(
                    "INSERT INTO alerts (severity, alert_type, message, source, details) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at",
                )
                .bind(severity.as_str())
                .bind(alert_type)
                .bind(message)
                .bind(source)
                .bind(&details)
                .fetch_one(db.pool()),
            )
            .await?;
        let Some(delivery) = self
            .notify(
                Some(id),
                created_at,
                (severity, alert_type),
                message,
                source,
                &details,
            )
            .await
        else {
            return Ok(id);
        };
        // The alert is recorded and the delivery done: failing to note it is only worth a warning.
        if let Err(e) = db
            .within(
                sqlx::query(
                    "UPDATE alerts SET delivery = $2, \
                 delivered_at = CASE WHEN $2 = 'delivered' THEN now() END WHERE id = $1",
                )
                .bind(id)
                .bind(&delivery)
                .execute(db.pool()),
            )
            .await
        {
            tracing::warn!("alert {id}: its webhook delivery ({delivery}) was not noted: {e}");
        }
        Ok(id)
    }

    /// Deliver an alert to the configured webhook without recording it: for when the database
    /// itself is what failed. Returns what happened (`None`: no webhook, or below its severity).
    pub async fn notify_unrecorded(
        &self,
        alert: (Severity, &str),
        message: &str,
        source: &str,
        details: serde_json::Value,
    ) -> Option<String> {
        let details = serde_json::json!({ "recorded": false, "details": details });
        self.notify(None, Utc::now(), alert, message, source, &details)
            .await
    }

    /// Send one alert to the webhook, if one is configured for its severity: `delivered` or
    /// `failed: <why>` (logged as a warning).
    async fn notify(
        &self,
        id: Option<i64>,
        created_at: DateTime<Utc>,
        (severity, alert_type): (Severity, &str),
        message: &str,
        source: &str,
        details: &serde_json::Value,
    ) -> Option<String> {
        let hook = self
            .webhook
            .as_ref()
            .filter(|h| severity >= h.min_severity)?;
        let (message, details) = (redact::text(message), redacted(details));
        let payload = serde_json::json!({
            "id": id,
            "created_at": created_at,
            "severity": severity,
            "type": alert_type,
            "message": message,
            "source": source,
            "details": details,
            "text": format!("[{}] {alert_type}: {message}", severity.as_str()),
        });
        Some(match deliver(hook, &payload).await {
            Ok(_) => "delivered".to_owned(),
            Err(reason) => {
                tracing::warn!("alert \"{alert_type}\" not delivered to the webhook: {reason}");
                format!("failed: {reason}")
            }
        })
    }
}

/// `value` with every string masked (`redact::text`).
fn redacted(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(s) => serde_json::Value::String(redact::text(s)),
        serde_json::Value::Array(items) => items.iter().map(redacted).collect(),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.clone(), redacted(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other.clone(),
    }
}

/// POST `payload` to the webhook: one attempt per `timeout`, up to `retries` more for
/// failures that may pass (no connection, no answer, 408, 429, 5xx) with a doubling pause,
/// and never longer than `deadline` in all. Returns the number of attempts it took, or why
/// it failed (naming the endpoint without its path, which often holds a token).
pub async fn deliver(
    hook: &WebhookConfig,
    payload: &serde_json::Value,
) -> std::result::Result<u32, String> {
    let url = hook
        .url
        .as_ref()
        .ok_or_else(|| "no alerts.webhook.url configured".to_owned())?;
    let endpoint = match url::Url::parse(url.expose()) {
        Ok(u) => format!(
            "{}://{}",
            u.scheme(),
            u.host_str().map_or_else(String::new, |h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_owned(),
            })
        ),
        Err(_) => "the webhook".to_owned(),
    };
    let client = reqwest::Client::builder()
        .connect_timeout(hook.timeout.0)
        .build()
        .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
    let started = Instant::now();
    let deadline = hook.deadline.0;
    let attempts = hook.retries.saturating_add(1);
    let mut pause = Duration::from_millis(200);
    let mut last = String::new();
    let mut made = 0;
    while made < attempts {
        let Some(remaining) = deadline
            .checked_sub(started.elapsed())
            .filter(|r| !r.is_zero())
        else {
            break;
        };
        made += 1;
        let mut request = client
            .post(url.expose())
            .json(payload)
            .timeout(hook.timeout.0.min(remaining));
        if let Some(token) = &hook.token {
            request = request.bearer_auth(token.expose());
        }
        let retry = match request.send().await {
            Ok(response) if response.status().is_success() => return Ok(made),
            Ok(response) => {
                let status = response.status();
                last = format!("HTTP {status}");
                status.is_server_error() || matches!(status.as_u16(), 408 | 429)
            }
            Err(e) if e.is_timeout() => {
                last = format!("no answer within {}", hook.timeout);
                true
            }
            Err(e) if e.is_connect() => {
                last = "cannot connect".to_owned();
                true
            }
            Err(e) => {
                last = e.without_url().to_string();
                true
            }
        };
        if !retry {
            break;
        }
        if made < attempts {
            let Some(remaining) = deadline.checked_sub(started.elapsed()) else {
                break;
            };
            tokio::time::sleep(pause.min(remaining)).await;
            pause *= 2;
        }
    }
    if last.is_empty() {
        last = format!("no attempt fitted in the deadline of {}", hook.deadline);
    }
    Err(redact::text(&format!(
        "{endpoint}: {last} ({made} attempt{})",
        if made == 1 { "" } else { "s" }
    )))
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
            "SELECT id, created_at, severity, alert_type, message, source, details, acknowledged_at, acknowledged_by, delivery \
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

/// The newest unacknowledged alert of `alert_type` from `source` raised in the last `minutes`,
/// so a check run every few minutes raises one alert per incident, not one per run.
pub async fn standing(
    db: &Database,
    alert_type: &str,
    source: &str,
    minutes: i32,
) -> Result<Option<i64>> {
    db.within(
        sqlx::query_scalar(
            "SELECT id FROM alerts WHERE alert_type = $1 AND source = $2 \
             AND acknowledged_at IS NULL AND created_at >= now() - make_interval(mins => $3) \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(alert_type)
        .bind(source)
        .bind(minutes)
        .fetch_optional(db.pool()),
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

#[cfg(test)]
mod tests {
    #[test]
    fn alert_details_are_masked_all_the_way_down() {
        crate::redact::register("hunter2-alert-secret");
        let details = serde_json::json!({
            "replicas": ["http://admin:hunter2-alert-secret@10.0.0.5:8080"],
            "nested": {"note": "token hunter2-alert-secret"},
            "count": 3,
        });
        let masked = super::redacted(&details).to_string();
        assert!(!masked.contains("hunter2-alert-secret"), "{masked}");
        assert!(
            masked.contains("10.0.0.5:8080") && masked.contains("\"count\":3"),
            "{masked}"
        );
    }
}

// ------------------------------------------------------------------- operations (every face)

/// `alerts`: the alerts of the last `hours`, at or above `min_severity`, optionally of one type.
#[derive(Debug, Clone, Serialize)]
pub struct AlertList {
    pub alerts: Vec<Alert>,
    pub hours: i64,
}

/// Options of [`list_recent`].
#[derive(Debug, Clone)]
pub struct ListOptions {
    pub hours: i64,
    pub min_severity: Severity,
    pub alert_type: Option<String>,
}

pub async fn list_recent(services: &Services, options: &ListOptions) -> Result<AlertList> {
    let db = services.database().await?;
    let alerts = list(
        db,
        options.hours,
        options.min_severity,
        options.alert_type.as_deref(),
    )
    .await?;
    Ok(AlertList {
        alerts,
        hours: options.hours,
    })
}

/// `alerts ack`: who acknowledged which alert.
#[derive(Debug, Clone, Serialize)]
pub struct Acknowledged {
    pub id: i64,
    pub acknowledged_by: String,
}

/// Acknowledge alert `id` as the services' actor (an alert already acknowledged keeps its
/// first acknowledgement). No such alert is a usage error naming the ID.
pub async fn ack(services: &Services, id: i64) -> Result<Acknowledged> {
    let db = services.database().await?;
    if !acknowledge(db, id, services.actor()).await? {
        return Err(Error::usage("ID", format!("no alert #{id}")));
    }
    Ok(Acknowledged {
        id,
        acknowledged_by: services.actor().to_owned(),
    })
}

/// `alerts test-webhook`: a test notification was delivered, in this many attempts.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookTest {
    pub delivered: bool,
    pub attempts: u32,
}

/// Send a test notification to the configured webhook (recorded nowhere).
pub async fn test_webhook(services: &Services) -> Result<WebhookTest> {
    let hook = &services.config().alerts.webhook;
    if hook.url.is_none() {
        return Err(Error::config(
            "alerts.webhook.url is not set: there is no webhook to test",
        ));
    }
    let text = format!(
        "test notification from nbamcp, sent by {}",
        services.actor()
    );
    let payload = serde_json::json!({
        "id": null,
        "created_at": Utc::now(),
        "severity": "INFO",
        "type": "Webhook Test",
        "message": text,
        "source": "alerts test-webhook",
        "details": {},
        "text": format!("[INFO] Webhook Test: {text}"),
    });
    let attempts = deliver(hook, &payload)
        .await
        .map_err(|reason| Error::failed(format!("webhook: {reason}")))?;
    Ok(WebhookTest {
        delivered: true,
        attempts,
    })
}
