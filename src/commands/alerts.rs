use serde::Serialize;

use crate::cli::{AlertsAction, AlertsArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::alerts::{self, Alert};
use nbamcp::clients::postgres::Database;
use nbamcp::error::{Error, ExitStatus, Result};

#[derive(Debug, Serialize)]
struct AlertList {
    alerts: Vec<Alert>,
    hours: i64,
}

impl Render for AlertList {
    fn render_human(&self, _style: &Style) -> String {
        if self.alerts.is_empty() {
            return format!("no alerts in the last {}h\n", self.hours);
        }
        let mut out = String::new();
        for a in &self.alerts {
            // The seed's shape: [severity] type: message
            out.push_str(&format!(
                "{}  #{} [{}] {}: {}{}\n",
                a.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                a.id,
                a.severity,
                a.alert_type,
                a.message,
                a.acknowledged_by
                    .as_deref()
                    .map(|by| format!(" (acknowledged by {by})"))
                    .unwrap_or_default()
            ));
            if let Some(failure) = a
                .delivery
                .as_deref()
                .and_then(|d| d.strip_prefix("failed: "))
            {
                out.push_str(&format!("    webhook not delivered: {failure}\n"));
            }
        }
        out
    }
}

#[derive(Debug, Serialize)]
struct Acknowledged {
    id: i64,
    acknowledged_by: String,
}

impl Render for Acknowledged {
    fn render_human(&self, _style: &Style) -> String {
        format!(
            "alert #{} acknowledged by {}\n",
            self.id, self.acknowledged_by
        )
    }
}

#[derive(Debug, Serialize)]
struct WebhookTest {
    delivered: bool,
    attempts: u32,
}

impl Render for WebhookTest {
    fn render_human(&self, _style: &Style) -> String {
        format!(
            "test notification delivered ({} attempt{})\n",
            self.attempts,
            if self.attempts == 1 { "" } else { "s" }
        )
    }
}

pub async fn run(ctx: &Context, args: &AlertsArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    match &args.action {
        Some(AlertsAction::TestWebhook) => {
            let hook = &config.alerts.webhook;
            if hook.url.is_none() {
                return Err(Error::config(
                    "alerts.webhook.url is not set: there is no webhook to test",
                ));
            }
            let text = format!("test notification from nbamcp, sent by {}", ctx.actor());
            let payload = serde_json::json!({
                "id": null,
                "created_at": chrono::Utc::now(),
                "severity": "INFO",
                "type": "Webhook Test",
                "message": text,
                "source": "alerts test-webhook",
                "details": {},
                "text": format!("[INFO] Webhook Test: {text}"),
            });
            let attempts = alerts::deliver(hook, &payload)
                .await
                .map_err(|reason| Error::Other(anyhow::anyhow!("webhook: {reason}")))?;
            ctx.printer.print(&WebhookTest {
                delivered: true,
                attempts,
            })?;
        }
        Some(AlertsAction::Ack { id }) => {
            let db = Database::connect(&config.database).await?;
            let actor = ctx.actor();
            if !alerts::acknowledge(&db, *id, &actor).await? {
                return Err(Error::usage("ID", format!("no alert #{id}")));
            }
            ctx.printer.print(&Acknowledged {
                id: *id,
                acknowledged_by: actor,
            })?;
        }
        None => {
            let db = Database::connect(&config.database).await?;
            let list =
                alerts::list(&db, args.hours, args.severity, args.alert_type.as_deref()).await?;
            ctx.printer.print(&AlertList {
                alerts: list,
                hours: args.hours,
            })?;
        }
    }
    Ok(ExitStatus::Success)
}
