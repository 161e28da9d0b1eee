use serde::Serialize;

use crate::cli::DbCommand;
use crate::commands::Context;
use crate::output::{Render, Style, short_bytes};
use nbamcp::clients::postgres::{Database, MigrationState, MigrationStatus};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::maintenance::db::{self, TableSize, VacuumReport};

#[derive(Debug, Serialize)]
struct MigrationReport {
    schema: String,
    /// Migrations applied by this run (`db migrate` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_now: Option<Vec<i64>>,
    migrations: Vec<MigrationState>,
}

impl Render for MigrationReport {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&["VERSION", "DESCRIPTION", "STATUS", "APPLIED AT"]);
        for m in &self.migrations {
            let color = match m.status {
                MigrationStatus::Applied => None,
                _ => Some(comfy_table::Color::Yellow),
            };
            table.add_row(vec![
                style.cell(m.version, None),
                style.cell(&m.description, None),
                style.cell(
                    serde_json::to_value(m.status)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    color,
                ),
                style.cell(
                    m.applied_at
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                        .unwrap_or_default(),
                    None,
                ),
            ]);
        }
        let head = match &self.applied_now {
            Some(v) if v.is_empty() => format!("schema {}: already up to date\n\n", self.schema),
            Some(v) => format!(
                "schema {}: applied {} migration(s)\n\n",
                self.schema,
                v.len()
            ),
            None => format!("schema {}\n\n", self.schema),
        };
        format!("{head}{}", style.render_table(&table))
    }
}

pub async fn run(ctx: &Context, command: &DbCommand) -> Result<ExitStatus> {
    let config = ctx.load_config(&[])?.config;
    let db = Database::connect(&config.database).await?;
    match command {
        DbCommand::Migrate => {
            let applied = db.migrate().await?;
            let migrations = db.migration_status().await?;
            ctx.printer.print(&MigrationReport {
                schema: db.schema().to_owned(),
                applied_now: Some(applied.iter().map(|m| m.version).collect()),
                migrations,
            })?;
            Ok(ExitStatus::Success)
        }
        DbCommand::Status => {
            let migrations = db.migration_status().await?;
            let problem = migrations.iter().any(|m| {
                matches!(
                    m.status,
                    MigrationStatus::Pending | MigrationStatus::Modified | MigrationStatus::Failed
                )
            });
            ctx.printer.print(&MigrationReport {
                schema: db.schema().to_owned(),
                applied_now: None,
                migrations,
            })?;
            Ok(if problem {
                ExitStatus::ProblemFound
            } else {
                ExitStatus::Success
            })
        }
        DbCommand::Vacuum(args) => {
            let spinner = ctx.ui.spinner(if args.analyze_only {
                "ANALYZE"
            } else {
                "VACUUM ANALYZE"
            });
            let report = db::vacuum(&db, &args.tables, args.analyze_only).await?;
            spinner.finish_and_clear();
            ctx.printer.print(&report)?;
            Ok(ExitStatus::Success)
        }
        DbCommand::TableSizes(args) => {
            let tables = db::table_sizes(&db, &args.schema, args.limit).await?;
            ctx.printer.print(&TableSizes { tables })?;
            Ok(ExitStatus::Success)
        }
    }
}

impl Render for VacuumReport {
    fn render_human(&self, _style: &Style) -> String {
        format!("{}: done in {:.1}s\n", self.statement, self.seconds)
    }
}

#[derive(Debug, Serialize)]
pub struct TableSizes {
    pub tables: Vec<TableSize>,
}

impl Render for TableSizes {
    fn render_human(&self, style: &Style) -> String {
        if self.tables.is_empty() {
            return "no tables\n".into();
        }
        let mut table = style.table(&["TABLE", "TOTAL", "TABLE DATA", "INDEXES", "ROWS (EST.)"]);
        for t in &self.tables {
            table.add_row(vec![
                style.cell(format!("{}.{}", t.schema, t.table), None),
                style.cell(short_bytes(t.total_bytes.max(0) as u64), None),
                style.cell(short_bytes(t.table_bytes.max(0) as u64), None),
                style.cell(short_bytes(t.index_bytes.max(0) as u64), None),
                style.cell(
                    if t.row_estimate < 0 {
                        "-".to_owned()
                    } else {
                        t.row_estimate.to_string()
                    },
                    None,
                ),
            ]);
        }
        style.render_table(&table)
    }
}
