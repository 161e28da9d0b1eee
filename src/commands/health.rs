use std::io::IsTerminal;
use std::time::Duration;

use serde_yaml::Value;

use crate::cli::HealthArgs;
use crate::commands::Context;
use crate::output::{OutputFormat, Render, Style, short_duration, write_stdout};
use comfy_table::Color;
use nbamcp::config::FlagOverride;
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::health::{self, HealthReport, Status};

pub async fn run(ctx: &Context, args: &HealthArgs) -> Result<ExitStatus> {
    let mut flags = Vec::new();
    if let Some(timeout) = args.timeout {
        flags.push(FlagOverride {
            flag: "--timeout",
            path: "health.timeout",
            value: Value::String(timeout.to_string()),
        });
    }
    let services = ctx.services(&flags)?;
    let config = services.config();

    let Some(every) = args.watch else {
        let spinner = ctx.ui.spinner("checking components");
        let mut report = health::check(config, &args.components).await;
        if args.record {
            health::record(&services, &mut report).await;
        }
        spinner.finish_and_clear();
        ctx.printer.print(&report)?;
        return Ok(exit_status(&report));
    };

    // --watch: redraw in place on a terminal; otherwise one report after another.
    let redraw = std::io::stdout().is_terminal() && ctx.global.output == OutputFormat::Table;
    let mut ticker = tokio::time::interval(Duration::from_secs(every));
    let mut last = ExitStatus::Success;
    let mut was_unhealthy = false;
    // One SIGINT listener for the whole watch, registered before the first check: a Ctrl-C
    // that arrives while a check runs is kept for the next wait, which looks at it first (a
    // listener made per wait missed it, and --watch ran on).
    let mut interrupted = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| Error::failed_with("cannot catch SIGINT", e))?;
    loop {
        tokio::select! {
            biased;
            _ = interrupted.recv() => return Ok(last),
            _ = ticker.tick() => {}
        }
        let mut report = health::check(config, &args.components).await;
        last = exit_status(&report);
        // Watching records when the system turns unhealthy, not on every refresh.
        let unhealthy = report.status == health::Status::Unhealthy;
        if args.record && unhealthy && !was_unhealthy {
            health::record(&services, &mut report).await;
        }
        was_unhealthy = unhealthy;
        let text = ctx.printer.render(&report)?;
        if redraw {
            write_stdout(&format!(
                "\x1b[2J\x1b[H{text}\nrefreshing every {every}s, Ctrl-C to stop ({})\n",
                report.checked_at.format("%H:%M:%S UTC")
            ));
        } else {
            write_stdout(&text);
        }
    }
}

fn exit_status(report: &HealthReport) -> ExitStatus {
    if report.is_healthy() {
        ExitStatus::Success
    } else {
        ExitStatus::ProblemFound
    }
}

impl Render for HealthReport {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&["COMPONENT", "STATUS", "LATENCY", "DETAIL"]);
        for c in &self.components {
            table.add_row(vec![
                style.cell(c.name, None),
                style.cell(c.status.as_str(), Some(status_color(c.status))),
                style.cell(short_duration(Duration::from_millis(c.latency_ms)), None),
                style.cell(&c.detail, None),
            ]);
        }
        let mut out = format!(
            "Status: {}\nHealthy: {}/{} components\n\n{}",
            self.status.as_str(),
            self.healthy_components,
            self.total_components,
            style.render_table(&table)
        );
        for alert in &self.alerts {
            out.push_str(alert);
            out.push('\n');
        }
        out
    }
}

fn status_color(status: Status) -> Color {
    match status {
        Status::Healthy => Color::Green,
        Status::Degraded | Status::Unknown => Color::Yellow,
        Status::Unhealthy => Color::Red,
    }
}
