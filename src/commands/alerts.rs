use crate::cli::{AlertsAction, AlertsArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::alerts::{self, Acknowledged, AlertList, WebhookTest};
use nbamcp::error::{ExitStatus, Result};

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

impl Render for Acknowledged {
    fn render_human(&self, _style: &Style) -> String {
        format!(
            "alert #{} acknowledged by {}\n",
            self.id, self.acknowledged_by
        )
    }
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
    let services = ctx.services(&[])?;
    match &args.action {
        Some(AlertsAction::TestWebhook) => {
            ctx.printer.print(&alerts::test_webhook(&services).await?)?;
        }
        Some(AlertsAction::Ack { id }) => {
            ctx.printer.print(&alerts::ack(&services, *id).await?)?;
        }
        None => {
            let options = alerts::ListOptions {
                hours: args.hours,
                min_severity: args.severity,
                alert_type: args.alert_type.clone(),
            };
            ctx.printer
                .print(&alerts::list_recent(&services, &options).await?)?;
        }
    }
    Ok(ExitStatus::Success)
}
