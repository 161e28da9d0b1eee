use std::sync::Arc;

use crate::cli::{DriftCheckArgs, DriftCommand, DriftReferenceCommand, DriftReferenceSetArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use crate::ui::Bar;
use nbamcp::drift::ops::{
    self, CheckObserver, CheckRequest, CurrentSource, OnDemand, ReferenceList, ReferenceSource,
    SetRequest, Side,
};
use nbamcp::drift::reference::{self, Reference, SetOutcome};
use nbamcp::drift::{CheckOptions, DriftReport};
use nbamcp::error::{ExitStatus, Result};
use nbamcp::progress::Progress;

/// Files at least this large get a progress bar while they are read (on a terminal).
const PROGRESS_FROM_BYTES: u64 = 32 << 20;

pub async fn run(ctx: &Context, command: &DriftCommand) -> Result<ExitStatus> {
    match command {
        DriftCommand::Check(args) => check(ctx, args).await,
        DriftCommand::Reference(DriftReferenceCommand::Set(args)) => reference_set(ctx, args).await,
        DriftCommand::Reference(DriftReferenceCommand::Show {
            name,
            model_version,
        }) => reference_show(ctx, name, model_version).await,
        DriftCommand::Reference(DriftReferenceCommand::List) => reference_list(ctx).await,
    }
}

fn fmt_number(value: Option<f64>) -> String {
    match value {
        None => "-".into(),
        Some(v) if v != 0.0 && (v.abs() < 1e-4 || v.abs() >= 1e6) => format!("{v:.3e}"),
        Some(v) => format!("{v:.4}"),
    }
}

impl Render for DriftReport {
    fn render_human(&self, style: &Style) -> String {
        let mut table = style.table(&[
            "FEATURE",
            "TEST",
            "STATISTIC",
            "P-VALUE",
            "THRESHOLD",
            "DRIFT",
            "REF N",
            "CUR N",
            "MISSING",
        ]);
        for f in &self.features {
            let drift = if f.test == "none" {
                "skipped"
            } else if f.drift_detected {
                "yes"
            } else {
                "no"
            };
            table.add_row(vec![
                style.cell(&f.feature, None),
                style.cell(f.test, None),
                style.cell(fmt_number(f.statistic), None),
                style.cell(fmt_number(f.p_value_adjusted.or(f.p_value)), None),
                style.cell(f.threshold, None),
                style.cell(drift, f.drift_detected.then_some(comfy_table::Color::Red)),
                style.cell(f.reference_size, None),
                style.cell(f.current_size, None),
                style.cell(
                    format!("{}/{}", f.reference_missing, f.current_missing),
                    None,
                ),
            ]);
        }
        let mut out = style.render_table(&table);
        for f in self.features.iter().filter(|f| f.test == "none") {
            out.push_str(&format!(
                "{}: {}\n",
                f.feature,
                f.note.as_deref().unwrap_or("not tested")
            ));
        }
        out.push_str(&format!(
            "{} of {} features drifted",
            self.drifted, self.total
        ));
        if self.skipped > 0 {
            out.push_str(&format!(" ({} not tested)", self.skipped));
        }
        out.push('\n');
        out
    }
}

/// The bars of a check, drawn together: one per large file, and a spinner while testing.
struct Bars<'a> {
    ctx: &'a Context,
    group: indicatif::MultiProgress,
}

impl CheckObserver for Bars<'_> {
    fn reading(&self, side: Side, bytes: u64) -> Option<Arc<dyn Progress>> {
        let message = match side {
            Side::Reference => "reading reference",
            Side::Current => "reading current",
        };
        (bytes >= PROGRESS_FROM_BYTES).then(|| {
            Arc::new(self.ctx.ui.byte_bar(&self.group, bytes, message)) as Arc<dyn Progress>
        })
    }

    fn testing(&self, features: usize) -> Arc<dyn Progress> {
        Arc::new(Bar(self
            .ctx
            .ui
            .spinner(format!("testing {features} features"))))
    }
}

async fn check(ctx: &Context, args: &DriftCheckArgs) -> Result<ExitStatus> {
    let request = CheckRequest {
        reference: match &args.reference {
            Some(path) => ReferenceSource::File(path.clone()),
            // clap requires --model and --version when --reference is absent.
            None => ReferenceSource::Stored,
        },
        current: match &args.current {
            Some(path) => CurrentSource::File(path.clone()),
            // --current-from-db, which requires --model.
            None => CurrentSource::PredictionLog {
                since: args.since.0,
            },
        },
        model: args.model.clone(),
        version: args.model_version.clone(),
        features: args.features.clone(),
        categorical: args.categorical.clone(),
        require_all_features: args.require_all_features,
        missing: args.missing,
        test: CheckOptions {
            method: args.method,
            threshold: args.threshold,
            psi_threshold: args.psi_threshold,
            psi_bins: args.psi_bins as usize,
            wasserstein_threshold: args.wasserstein_threshold,
            correction: args.correction,
        },
        record: args.record,
    };
    let services = || ctx.services(&[]);
    let bars = Bars {
        ctx,
        group: ctx.ui.progress_group(),
    };
    let checked = ops::check(&OnDemand::make(&services), &request, &bars).await?;
    let report = checked.report;
    ctx.printer.print(&report)?;
    Ok(if report.drifted > 0 && !args.no_fail {
        ExitStatus::ProblemFound
    } else {
        ExitStatus::Success
    })
}

impl Render for SetOutcome {
    fn render_human(&self, _style: &Style) -> String {
        let r = &self.reference;
        let mut out = format!(
            "reference of {} v{} stored: {} ({} rows, {} columns; {} -> {} compressed)\n",
            r.model,
            r.version,
            r.object_uri,
            r.rows,
            r.profile.columns.len(),
            crate::output::short_bytes(r.bytes as u64),
            crate::output::short_bytes(r.stored_bytes as u64),
        );
        if let Some(old) = &self.replaced {
            out.push_str(&format!("replaced and removed {old}\n"));
        }
        out
    }
}

async fn reference_set(ctx: &Context, args: &DriftReferenceSetArgs) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    let request = SetRequest {
        model: args.name.clone(),
        version: args.model_version.clone(),
        file: args.file.clone(),
        categorical: args.categorical.clone(),
        replace: args.replace,
    };
    let spinner = ctx
        .ui
        .spinner(format!("profiling and storing {}", args.file.display()));
    let outcome = ops::set_reference(&services, &request).await;
    spinner.finish_and_clear();
    ctx.printer.print(&outcome?)?;
    Ok(ExitStatus::Success)
}

impl Render for Reference {
    fn render_human(&self, style: &Style) -> String {
        let mut out = format!(
            "{} v{}: {} ({} rows), set {} by {}\n{} (sha256 {})\n",
            self.model,
            self.version,
            self.source_file,
            self.rows,
            self.created_at.format("%Y-%m-%d %H:%M UTC"),
            self.created_by,
            self.object_uri,
            self.sha256.get(..16).unwrap_or(&self.sha256),
        );
        let mut headers = vec!["COLUMN", "TYPE", "COUNT", "MISSING", "MIN"];
        let labels: Vec<&str> = reference::QUANTILES.iter().map(|(l, _)| *l).collect();
        headers.extend(&labels);
        headers.extend(["MAX", "MEAN", "STD"]);
        let mut table = style.table(&headers);
        for c in &self.profile.columns {
            let mut row = vec![
                style.cell(&c.name, None),
                style.cell(&c.kind, None),
                style.cell(c.count, None),
                style.cell(c.missing, None),
            ];
            match &c.numeric {
                Some(n) => {
                    row.push(style.cell(fmt_number(Some(n.min)), None));
                    for (_, q) in &n.quantiles {
                        row.push(style.cell(fmt_number(Some(*q)), None));
                    }
                    for v in [n.max, n.mean, n.std] {
                        row.push(style.cell(fmt_number(Some(v)), None));
                    }
                }
                None => {
                    let top: Vec<String> = c
                        .top
                        .iter()
                        .take(3)
                        .map(|(k, n)| format!("{k} ({n})"))
                        .collect();
                    row.push(style.cell(
                        format!("{} categories: {}", c.distinct.unwrap_or(0), top.join(", ")),
                        None,
                    ));
                }
            }
            table.add_row(row);
        }
        out.push_str(&style.render_table(&table));
        out
    }
}

async fn reference_show(ctx: &Context, name: &str, version: &str) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    ctx.printer
        .print(&ops::show_reference(&services, name, version).await?)?;
    Ok(ExitStatus::Success)
}

impl Render for ReferenceList {
    fn render_human(&self, style: &Style) -> String {
        if self.references.is_empty() {
            return "no stored references\n".into();
        }
        let mut table = style.table(&[
            "MODEL", "VERSION", "FILE", "ROWS", "COLUMNS", "SIZE", "SET", "BY",
        ]);
        for r in &self.references {
            table.add_row(vec![
                style.cell(&r.model, None),
                style.cell(&r.version, None),
                style.cell(&r.source_file, None),
                style.cell(r.rows, None),
                style.cell(r.profile.columns.len(), None),
                style.cell(crate::output::short_bytes(r.stored_bytes as u64), None),
                style.cell(r.created_at.format("%Y-%m-%d %H:%M"), None),
                style.cell(&r.created_by, None),
            ]);
        }
        style.render_table(&table)
    }
}

async fn reference_list(ctx: &Context) -> Result<ExitStatus> {
    let services = ctx.services(&[])?;
    ctx.printer.print(&ops::list_references(&services).await?)?;
    Ok(ExitStatus::Success)
}
