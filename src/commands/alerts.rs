use serde::Serialize;

use crate::alerts::{self, Alert};
use crate::cli::{AlertsAction, AlertsArgs};
use crate::clients::postgres::Database;
use crate::commands::Context;
use crate::error::{Error, ExitStatus, Result};
use crate::output::{Render, Style};

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

pub async fn run(ctx: &Context, args: &AlertsArgs) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let db = Database::connect(&config.database).await?;
    match &args.action {
        Some(AlertsAction::Ack { id }) => {
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
