use crate::cli::{DriftCheckArgs, DriftCommand, DriftReferenceCommand, DriftReferenceSetArgs};
use crate::commands::Context;
use crate::output::{Render, Style};
use nbamcp::alerts;
use nbamcp::clients::postgres::Database;
use nbamcp::clients::s3::ObjectStore;
use nbamcp::config::Config;
use nbamcp::drift::data::{self, Source};
use nbamcp::drift::reference::{self, Location, Reference, SetOutcome};
use nbamcp::drift::{self, CheckOptions, DriftReport};
use nbamcp::error::{Error, ExitStatus, Result};
use nbamcp::registry;

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

async fn check(ctx: &Context, args: &DriftCheckArgs) -> Result<ExitStatus> {
    let current = match &args.current {
        Some(path) => Source::from_arg(path),
        None => {
            // --current-from-db, which requires --model.
            let config = ctx.load_config(&[])?.config;
            let db = Database::connect(&config.database).await?;
            let version = args
                .model_version
                .as_deref()
                .map(registry::normalize_version);
            nbamcp::drift::prediction_log::current_sample(
                &db,
                args.model.as_deref().unwrap_or_default(),
                version.as_deref(),
                args.since.0,
                &config.serving.features,
            )
            .await?
        }
    };
    let mut categorical = args.categorical.clone();
    let reference = match &args.reference {
        Some(path) => {
            let reference = Source::from_arg(path);
            if matches!(reference, Source::Stdin) {
                return Err(Error::usage(
                    "--reference",
                    "the reference must be a file (only --current may be -)",
                ));
            }
            reference
        }
        None => {
            // Both are present: clap requires them when --reference is absent.
            let (model, version) = (
                args.model.as_deref().unwrap_or_default(),
                registry::normalize_version(args.model_version.as_deref().unwrap_or_default()),
            );
            let config = ctx.load_config(&[])?.config;
            let db = Database::connect(&config.database).await?;
            let stored = reference::get(&db, model, &version).await?.ok_or_else(|| {
                Error::usage(
                    "--reference",
                    format!(
                        "{model} v{version} has no stored reference: pass --reference FILE, or \
                         store one with `nbamcp drift reference set {model} {version} FILE`"
                    ),
                )
            })?;
            for c in &stored.profile.categorical {
                if !categorical.contains(c) {
                    categorical.push(c.clone());
                }
            }
            let store = ObjectStore::connect(&config.s3).await?;
            reference::fetch(&store, &stored).await?
        }
    };
    // Large files show how far reading has got (on a terminal).
    let group = ctx.ui.progress_group();
    let bar = |source: &Source, message: &str| {
        let Source::File(path) = source else {
            return None;
        };
        let len = std::fs::metadata(path).ok()?.len();
        (len >= PROGRESS_FROM_BYTES).then(|| ctx.ui.byte_bar(&group, len, message))
    };
    let (ref_bar, cur_bar) = (
        bar(&reference, "reading reference"),
        bar(&current, "reading current"),
    );
    let (ref_header, ref_reader) =
        data::read_header_tracked(&reference, ref_bar.clone().map(as_progress))?;
    let (cur_header, cur_reader) =
        data::read_header_tracked(&current, cur_bar.clone().map(as_progress))?;
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
        let missing: Vec<&String> = ref_header
            .iter()
            .filter(|h| !cur_header.contains(h))
            .collect();
        if args.require_all_features && !missing.is_empty() {
            return Err(Error::usage(
                "--require-all-features",
                format!(
                    "{} lacks {} of the {} columns of {}: {}",
                    current.name(),
                    missing.len(),
                    ref_header.len(),
                    reference.name(),
                    missing
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
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
    for c in &categorical {
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
        .map(|f| (f.clone(), categorical.contains(f)))
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
    for bar in ref_bar.iter().chain(&cur_bar) {
        bar.finish_and_clear();
    }
    let (mut reference_sample, mut current_sample) = (reference_sample?, current_sample?);
    let spinner = ctx.ui.spinner(format!("testing {} features", wanted.len()));
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
    spinner.finish_and_clear();
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
        registry::normalize_version(args.model_version.as_deref().unwrap_or_default()),
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
            .bind(&version)
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
        alerts::Alerts::new(&config.alerts.webhook)
            .raise(
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

fn reference_location(config: &Config) -> Location<'_> {
    Location {
        bucket: config
            .drift
            .reference_bucket
            .as_deref()
            .unwrap_or(&config.s3.models_bucket),
        prefix: &config.drift.reference_prefix,
    }
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
    let config = ctx.load_config(&[])?.config;
    let version = registry::normalize_version(&args.model_version);
    // A reference for a version that does not exist is a typo waiting to be found.
    let mlflow = nbamcp::clients::mlflow::Mlflow::new(&config.mlflow)?;
    registry::get_version(&mlflow, &args.name, &version).await?;
    let db = Database::connect(&config.database).await?;
    let store = ObjectStore::connect(&config.s3).await?;
    let spinner = ctx
        .ui
        .spinner(format!("profiling and storing {}", args.file.display()));
    let outcome = reference::set(
        &db,
        &store,
        &reference_location(&config),
        &args.name,
        &version,
        &args.file,
        &args.categorical,
        &ctx.actor(),
        args.replace,
    )
    .await;
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
    let config = ctx.load_config(&[])?.config;
    let version = registry::normalize_version(version);
    let db = Database::connect(&config.database).await?;
    let stored = reference::get(&db, name, &version).await?.ok_or_else(|| {
        Error::usage(
            "VERSION",
            format!("{name} v{version} has no stored reference"),
        )
    })?;
    ctx.printer.print(&stored)?;
    Ok(ExitStatus::Success)
}

#[derive(Debug, serde::Serialize)]
struct ReferenceList {
    references: Vec<Reference>,
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
    let config = ctx.load_config(&[])?.config;
    let db = Database::connect(&config.database).await?;
    ctx.printer.print(&ReferenceList {
        references: reference::list(&db).await?,
    })?;
    Ok(ExitStatus::Success)
}

/// A bar as the library's progress handle.
fn as_progress(bar: crate::ui::Bar) -> std::sync::Arc<dyn nbamcp::progress::Progress> {
    std::sync::Arc::new(bar)
}
