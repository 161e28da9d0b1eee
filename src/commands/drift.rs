use crate::alerts;
use crate::cli::{DriftCheckArgs, DriftCommand};
use crate::clients::postgres::Database;
use crate::commands::Context;
use crate::drift::data::{self, Source};
use crate::drift::{self, CheckOptions, DriftReport};
use crate::error::{Error, ExitStatus, Result};
use crate::output::{Render, Style};

pub async fn run(ctx: &Context, command: &DriftCommand) -> Result<ExitStatus> {
    match command {
        DriftCommand::Check(args) => check(ctx, args).await,
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

async fn check(ctx: &Context, args: &DriftCheckArgs) -> Result<ExitStatus> {
    let reference = Source::from_arg(&args.reference);
    let current = Source::from_arg(&args.current);
    if matches!(reference, Source::Stdin) {
        return Err(Error::usage(
            "--reference",
            "the reference must be a file (only --current may be -)",
        ));
    }
    let (ref_header, ref_reader) = data::read_header(&reference)?;
    let (cur_header, cur_reader) = data::read_header(&current)?;
    let features: Vec<String> = if args.features.is_empty() {
        let common: Vec<String> = ref_header
            .iter()
            .filter(|h| cur_header.contains(h))
            .cloned()
            .collect();
        let only: Vec<&String> = ref_header
            .iter()
            .chain(&cur_header)
            .filter(|h| !(ref_header.contains(h) && cur_header.contains(h)))
            .collect();
        if !only.is_empty() {
            tracing::warn!("not tested, in only one of the files: {:?}", only);
        }
        if common.is_empty() {
            return Err(Error::usage(
                "--features",
                format!(
                    "{} and {} have no column in common",
                    reference.name(),
                    current.name()
                ),
            ));
        }
        common
    } else {
        args.features.clone()
    };
    // A --categorical column that is not tested this time is fine (one list for every run);
    // one that neither file has is a typo.
    for c in &args.categorical {
        if !ref_header.contains(c) && !cur_header.contains(c) {
            return Err(Error::usage(
                "--categorical",
                format!(
                    "neither {} nor {} has a column {c:?}",
                    reference.name(),
                    current.name()
                ),
            ));
        }
    }
    let wanted: Vec<(String, bool)> = features
        .iter()
        .map(|f| (f.clone(), args.categorical.contains(f)))
        .collect();
    // The two files are read at the same time, one core each.
    let (reference_sample, current_sample) = std::thread::scope(|scope| {
        let current_reader = scope
            .spawn(|| data::read_columns(&current, &cur_header, cur_reader, &wanted, args.missing));
        let reference_sample =
            data::read_columns(&reference, &ref_header, ref_reader, &wanted, args.missing);
        let current_sample = current_reader
            .join()
            .expect("the CSV reader does not panic");
        (reference_sample, current_sample)
    });
    let (mut reference_sample, mut current_sample) = (reference_sample?, current_sample?);
    let report = drift::check(
        &mut reference_sample,
        &mut current_sample,
        &CheckOptions {
            method: args.method,
            threshold: args.threshold,
            psi_threshold: args.psi_threshold,
            psi_bins: args.psi_bins as usize,
            wasserstein_threshold: args.wasserstein_threshold,
            correction: args.correction,
        },
    );
    if args.record {
        record(ctx, args, &report).await?;
    }
    ctx.printer.print(&report)?;
    Ok(if report.drifted > 0 && !args.no_fail {
        ExitStatus::ProblemFound
    } else {
        ExitStatus::Success
    })
}

/// Store the report and, when a feature drifted, raise the runbook's WARNING alert.
async fn record(ctx: &Context, args: &DriftCheckArgs, report: &DriftReport) -> Result<()> {
    let (model, version) = (
        args.model.as_deref().unwrap_or_default(),
        args.model_version.as_deref().unwrap_or_default(),
    );
    let config = ctx.load_config(&[])?.config;
    let db = Database::connect(&config.database).await?;
    let json = serde_json::to_value(report).map_err(|e| Error::Other(e.into()))?;
    let id: i64 = db
        .within(
            sqlx::query_scalar(
                "INSERT INTO drift_reports (model, version, drifted, total, report) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(model)
            .bind(version)
            .bind(report.drifted as i32)
            .bind(report.total as i32)
            .bind(&json)
            .fetch_one(db.pool()),
        )
        .await?;
    if report.drifted > 0 {
        let drifted: Vec<&str> = report
            .features
            .iter()
            .filter(|f| f.drift_detected)
            .map(|f| f.feature.as_str())
            .collect();
        alerts::raise(
            &db,
            alerts::types::FEATURE_DRIFT_DETECTED,
            &format!(
                "{model} v{version}: {} of {} features drifted ({})",
                report.drifted,
                report.total,
                drifted.join(", ")
            ),
            "drift check",
            serde_json::json!({ "drift_report_id": id, "model": model, "version": version }),
        )
        .await?;
    }
    Ok(())
}
