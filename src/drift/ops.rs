//! The drift operations every face calls: `check` (choose the features, read both sides, test,
//! and with `record` store the report and raise the drift alert) and the stored references'
//! `set`/`show`/`list`. A face maps its arguments to a request, calls one of these, and renders
//! what comes back; progress goes to a [`CheckObserver`] it implements.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::alerts;
use crate::drift::data::{self, MissingPolicy, Source};
use crate::drift::reference::{self, Location, Reference, SetOutcome};
use crate::drift::{CheckOptions, DriftReport};
use crate::error::{Error, Result};
use crate::progress::{Hidden, Progress};
use crate::registry;
use crate::services::Services;

/// Where the reference data comes from.
#[derive(Debug, Clone)]
pub enum ReferenceSource {
    /// A CSV file (standard input is refused: only the current data may be `-`).
    File(PathBuf),
    /// The reference stored for the request's model and version (`drift reference set`).
    Stored,
}

/// Where the current data comes from.
#[derive(Debug, Clone)]
pub enum CurrentSource {
    /// A CSV file; `-` is standard input.
    File(PathBuf),
    /// The features of the model's predictions (of its version only, when given) over the last
    /// `since`, from the serving prediction log.
    PredictionLog { since: Duration },
}

/// What `drift check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    pub reference: ReferenceSource,
    pub current: CurrentSource,
    /// The model the data feeds: for a stored reference, the prediction log and `record`.
    pub model: Option<String>,
    /// Its version (`3` or `v3`).
    pub version: Option<String>,
    /// The features to test; empty: every column both sides have.
    pub features: Vec<String>,
    /// Columns that hold categories (a stored reference adds its own).
    pub categorical: Vec<String>,
    /// With `features` empty: a reference column the current data lacks is an error, not a
    /// warning.
    pub require_all_features: bool,
    pub missing: MissingPolicy,
    pub test: CheckOptions,
    /// Store the report and raise the drift alert when a feature drifted.
    pub record: bool,
}

impl CheckRequest {
    /// Whether the check reaches the system (PostgreSQL, S3): a check of two files needs no
    /// services, nor a configuration.
    pub fn needs_services(&self) -> bool {
        self.record
            || matches!(self.reference, ReferenceSource::Stored)
            || matches!(self.current, CurrentSource::PredictionLog { .. })
    }

    fn model(&self) -> &str {
        self.model.as_deref().unwrap_or_default()
    }

    fn version(&self) -> String {
        registry::normalize_version(self.version.as_deref().unwrap_or_default())
    }
}

/// Which side of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Reference,
    Current,
}

/// Who watches a check: told when a file starts being read and when the tests start. Every
/// method has a default (nothing drawn).
pub trait CheckObserver: Sync {
    /// A file of `bytes` bytes of `side` is about to be read: what counts its bytes, if anything.
    fn reading(&self, _side: Side, _bytes: u64) -> Option<Arc<dyn Progress>> {
        None
    }

    /// The data is read; `features` features are being tested.
    fn testing(&self, _features: usize) -> Arc<dyn Progress> {
        Arc::new(Hidden)
    }
}

impl CheckObserver for Hidden {}

/// What `check` found, and where it was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub report: DriftReport,
    /// The `drift_reports` row, with `record`.
    pub recorded: Option<i64>,
}

/// The services a check reaches, made the first time one is needed: a check of two files reads
/// no configuration, and one with `record` reads it only once the report is made (so a bad
/// file is reported before a bad configuration, as it always was).
pub struct OnDemand<'a> {
    given: Option<&'a Services>,
    make: Option<&'a (dyn Fn() -> Result<Services> + Sync)>,
    made: std::sync::OnceLock<Services>,
}

impl<'a> OnDemand<'a> {
    /// Services already made (a face that always has them).
    pub fn given(services: &'a Services) -> OnDemand<'a> {
        OnDemand {
            given: Some(services),
            make: None,
            made: std::sync::OnceLock::new(),
        }
    }

    /// Services `make` makes, at most once, when first needed.
    pub fn make(make: &'a (dyn Fn() -> Result<Services> + Sync)) -> OnDemand<'a> {
        OnDemand {
            given: None,
            make: Some(make),
            made: std::sync::OnceLock::new(),
        }
    }

    fn get(&self) -> Result<&Services> {
        if let Some(services) = self.given.or(self.made.get()) {
            return Ok(services);
        }
        let make = self
            .make
            .expect("OnDemand has services or a way to make them");
        let services = make()?;
        Ok(self.made.get_or_init(|| services))
    }
}

/// Run a drift check; `services` are made only when [`CheckRequest::needs_services`] says
/// they are needed.
pub async fn check(
    services: &OnDemand<'_>,
    request: &CheckRequest,
    observer: &dyn CheckObserver,
) -> Result<Checked> {
    let current = match &request.current {
        CurrentSource::File(path) => Source::from_arg(path),
        CurrentSource::PredictionLog { since } => {
            let services = services.get()?;
            let version = request.version.as_deref().map(registry::normalize_version);
            crate::drift::prediction_log::current_sample(
                services.database().await?,
                request.model(),
                version.as_deref(),
                *since,
                &services.config().serving.features,
            )
            .await?
        }
    };
    let mut categorical = request.categorical.clone();
    let reference = match &request.reference {
        ReferenceSource::File(path) => {
            let reference = Source::from_arg(path);
            if matches!(reference, Source::Stdin) {
                return Err(Error::usage(
                    "--reference",
                    "the reference must be a file (only --current may be -)",
                ));
            }
            reference
        }
        ReferenceSource::Stored => {
            let services = services.get()?;
            let (model, version) = (request.model(), request.version());
            let stored = reference::get(services.database().await?, model, &version)
                .await?
                .ok_or_else(|| {
                    Error::usage(
                        "--reference",
                        format!(
                            "{model} v{version} has no stored reference: pass --reference FILE, \
                             or store one with `nbamcp drift reference set {model} {version} FILE`"
                        ),
                    )
                })?;
            for c in &stored.profile.categorical {
                if !categorical.contains(c) {
                    categorical.push(c.clone());
                }
            }
            reference::fetch(services.store().await?, &stored).await?
        }
    };
    let progress = |source: &Source, side: Side| {
        let Source::File(path) = source else {
            return None;
        };
        let len = std::fs::metadata(path).ok()?.len();
        observer.reading(side, len)
    };
    let (ref_progress, cur_progress) = (
        progress(&reference, Side::Reference),
        progress(&current, Side::Current),
    );
    let (ref_header, ref_reader) = data::read_header_tracked(&reference, ref_progress.clone())?;
    let (cur_header, cur_reader) = data::read_header_tracked(&current, cur_progress.clone())?;
    let features = select_features(request, &reference, &ref_header, &current, &cur_header)?;
    // A categorical column that is not tested this time is fine (one list for every run); one
    // that neither side has is a typo.
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
    let missing = request.missing;
    let (reference_sample, current_sample) = std::thread::scope(|scope| {
        let current_reader =
            scope.spawn(|| data::read_columns(&current, &cur_header, cur_reader, &wanted, missing));
        let reference_sample =
            data::read_columns(&reference, &ref_header, ref_reader, &wanted, missing);
        let current_sample = current_reader
            .join()
            .expect("the CSV reader does not panic");
        (reference_sample, current_sample)
    });
    for progress in ref_progress.iter().chain(&cur_progress) {
        progress.finish();
    }
    let (mut reference_sample, mut current_sample) = (reference_sample?, current_sample?);
    let testing = observer.testing(wanted.len());
    let report = crate::drift::check(&mut reference_sample, &mut current_sample, &request.test);
    testing.finish();
    let recorded = if request.record {
        Some(
            record(
                services.get()?,
                request.model(),
                &request.version(),
                &report,
            )
            .await?,
        )
    } else {
        None
    };
    Ok(Checked { report, recorded })
}

/// The features to test: those asked for, or every column both sides have (the others warned
/// about, or refused with `require_all_features`).
fn select_features(
    request: &CheckRequest,
    reference: &Source,
    ref_header: &[String],
    current: &Source,
    cur_header: &[String],
) -> Result<Vec<String>> {
    if !request.features.is_empty() {
        return Ok(request.features.clone());
    }
    let common: Vec<String> = ref_header
        .iter()
        .filter(|h| cur_header.contains(h))
        .cloned()
        .collect();
    let only: Vec<&String> = ref_header
        .iter()
        .chain(cur_header)
        .filter(|h| !(ref_header.contains(h) && cur_header.contains(h)))
        .collect();
    let missing: Vec<&str> = ref_header
        .iter()
        .filter(|h| !cur_header.contains(h))
        .map(String::as_str)
        .collect();
    if request.require_all_features && !missing.is_empty() {
        return Err(Error::usage(
            "--require-all-features",
            format!(
                "{} lacks {} of the {} columns of {}: {}",
                current.name(),
                missing.len(),
                ref_header.len(),
                reference.name(),
                missing.join(", ")
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
    Ok(common)
}

/// Store `report` as a check of `model` version `version` and, when a feature drifted, raise
/// the runbook's WARNING alert. Returns the report's id.
pub async fn record(
    services: &Services,
    model: &str,
    version: &str,
    report: &DriftReport,
) -> Result<i64> {
    let db = services.database().await?;
    let json = serde_json::to_value(report).map_err(|e| Error::failed_with(e.to_string(), e))?;
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
        services
            .alerts()
            .raise(
                db,
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
    Ok(id)
}

/// Where the configured references go.
fn reference_location(config: &crate::config::Config) -> Location<'_> {
    Location {
        bucket: config
            .drift
            .reference_bucket
            .as_deref()
            .unwrap_or(&config.s3.models_bucket),
        prefix: &config.drift.reference_prefix,
    }
}

/// What `drift reference set` is asked to do.
#[derive(Debug, Clone)]
pub struct SetRequest {
    pub model: String,
    /// `3` or `v3`.
    pub version: String,
    /// The reference data, CSV with a header line.
    pub file: PathBuf,
    /// Columns that hold categories (remembered for later checks).
    pub categorical: Vec<String>,
    /// Replace the version's existing reference.
    pub replace: bool,
}

/// Store a reference for a registered model version (one that MLflow does not know is refused:
/// a typo waiting to be found).
pub async fn set_reference(services: &Services, request: &SetRequest) -> Result<SetOutcome> {
    let version = registry::normalize_version(&request.version);
    registry::get_version(services.mlflow().await?, &request.model, &version).await?;
    let (db, store) = (services.database().await?, services.store().await?);
    reference::set(
        db,
        store,
        &reference_location(services.config()),
        &request.model,
        &version,
        &request.file,
        &request.categorical,
        services.actor(),
        request.replace,
    )
    .await
}

/// The stored reference of `model` version `version` (`3` or `v3`).
pub async fn show_reference(services: &Services, model: &str, version: &str) -> Result<Reference> {
    let version = registry::normalize_version(version);
    reference::get(services.database().await?, model, &version)
        .await?
        .ok_or_else(|| {
            Error::usage(
                "VERSION",
                format!("{model} v{version} has no stored reference"),
            )
        })
}

/// Every stored reference.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceList {
    pub references: Vec<Reference>,
}

pub async fn list_references(services: &Services) -> Result<ReferenceList> {
    Ok(ReferenceList {
        references: reference::list(services.database().await?).await?,
    })
}
