//! Drift checks: is the current data distributed like the reference data? One test per
//! feature (KS, PSI, chi-squared or Wasserstein), p-values corrected across features, a verdict
//! CI can gate on.

pub mod data;
pub mod ks;
// The fuzz target (fuzz/) builds the pure modules on their own, without the backends.
#[cfg(not(fuzzing))]
pub mod ops;
#[cfg(not(fuzzing))]
pub mod prediction_log;
#[cfg(not(fuzzing))]
pub mod reference;
pub mod sort;
pub mod stats;

use serde::Serialize;

use data::{Column, ColumnData, Sample};
use stats::Correction;

/// Which test a feature gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Auto,
    Ks,
    Psi,
    Chi2,
    Wasserstein,
}

impl crate::choice::Choice for Method {
    const VALUES: &'static [Self] = &[
        Method::Auto,
        Method::Ks,
        Method::Psi,
        Method::Chi2,
        Method::Wasserstein,
    ];

    fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Ks => "ks",
            Method::Psi => "psi",
            Method::Chi2 => "chi2",
            Method::Wasserstein => "wasserstein",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            Method::Auto => Some(
                "KS for numeric columns, chi-squared for categorical ones and for numeric columns with at most two distinct values (flags such as back_to_back)",
            ),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub method: Method,
    /// p-value threshold (KS, chi-squared), after correction.
    pub threshold: f64,
    pub psi_threshold: f64,
    pub psi_bins: usize,
    /// Threshold on the Wasserstein distance divided by the reference's standard deviation.
    pub wasserstein_threshold: f64,
    pub correction: Correction,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeatureDrift {
    pub feature: String,
    /// `ks`, `psi`, `chi2`, `wasserstein`, or `none` when the feature could not be tested.
    pub test: &'static str,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    /// The p-value after `--correction` (equal to `p_value` without one).
    pub p_value_adjusted: Option<f64>,
    pub threshold: f64,
    pub drift_detected: bool,
    pub reference_size: usize,
    pub current_size: usize,
    pub reference_missing: usize,
    pub current_missing: usize,
    /// Why a feature was not tested, or how a number was computed.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DriftReport {
    pub features: Vec<FeatureDrift>,
    pub drifted: usize,
    pub total: usize,
    pub skipped: usize,
    pub correction: Correction,
    pub reference: SampleInfo,
    pub current: SampleInfo,
}

#[derive(Debug, Clone, Serialize)]
pub struct SampleInfo {
    pub source: String,
    pub rows: usize,
}

/// Sort every numeric column in place, spreading the columns over the available cores.
fn sort_columns(samples: [&mut Sample; 2]) {
    let mut columns: Vec<&mut Vec<f64>> = samples
        .into_iter()
        .flat_map(|s| s.columns.iter_mut())
        .filter_map(|c| match &mut c.data {
            ColumnData::Numeric(values) => Some(values),
            ColumnData::Categorical(_) => None,
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(columns.len().max(1));
    let per_thread = columns.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        for chunk in columns.chunks_mut(per_thread) {
            scope.spawn(move || {
                let mut scratch = Vec::new();
                for values in chunk.iter_mut() {
                    sort::sort_f64(values, &mut scratch);
                }
            });
        }
    });
}

/// Test every feature of `current` against the same feature of `reference` (same order).
/// Numeric columns are sorted in place (no copies: the data is the largest thing in memory).
pub fn check(reference: &mut Sample, current: &mut Sample, options: &CheckOptions) -> DriftReport {
    sort_columns([reference, current]);
    let (reference, current) = (&*reference, &*current);
    let mut features: Vec<FeatureDrift> = reference
        .columns
        .iter()
        .zip(&current.columns)
        .map(|(r, c)| test_feature(r, c, options))
        .collect();
    // Correct the p-values of the tests that have one, across features.
    let tested: Vec<usize> = (0..features.len())
        .filter(|&i| features[i].p_value.is_some())
        .collect();
    let raw: Vec<f64> = tested
        .iter()
        .map(|&i| features[i].p_value.unwrap_or(1.0))
        .collect();
    for (&i, adjusted) in tested.iter().zip(stats::adjust(&raw, options.correction)) {
        features[i].p_value_adjusted = Some(adjusted);
        features[i].drift_detected = adjusted < features[i].threshold;
    }
    DriftReport {
        drifted: features.iter().filter(|f| f.drift_detected).count(),
        skipped: features.iter().filter(|f| f.test == "none").count(),
        total: features.len(),
        features,
        correction: options.correction,
        reference: SampleInfo {
            source: reference.source.clone(),
            rows: reference.rows,
        },
        current: SampleInfo {
            source: current.source.clone(),
            rows: current.rows,
        },
    }
}

fn distinct_at_most_two(a: &[f64], b: &[f64]) -> bool {
    let mut seen: Vec<f64> = Vec::with_capacity(3);
    for v in a.iter().chain(b) {
        if !seen.contains(v) {
            seen.push(*v);
            if seen.len() > 2 {
                return false;
            }
        }
    }
    true
}

/// Category labels of a numeric column, for chi-squared on numbers.
fn labels(values: &[f64]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

fn test_feature(r: &Column, c: &Column, options: &CheckOptions) -> FeatureDrift {
    let mut result = FeatureDrift {
        feature: r.name.clone(),
        test: "none",
        statistic: None,
        p_value: None,
        p_value_adjusted: None,
        threshold: options.threshold,
        drift_detected: false,
        reference_size: r.data.len(),
        current_size: c.data.len(),
        reference_missing: r.missing,
        current_missing: c.missing,
        note: None,
    };
    if r.data.is_empty() || c.data.is_empty() {
        let which = if r.data.is_empty() {
            "reference"
        } else {
            "current"
        };
        result.note = Some(format!(
            "not tested: no values in the {which} data (all missing)"
        ));
        return result;
    }
    match (&r.data, &c.data) {
        (ColumnData::Categorical(rv), ColumnData::Categorical(cv)) => {
            if !matches!(options.method, Method::Auto | Method::Chi2) {
                result.note =
                    Some("categorical column: tested with chi2 whatever --method says".into());
            }
            let chi =
                stats::chi_squared(rv.iter().map(String::as_str), cv.iter().map(String::as_str));
            result.test = "chi2";
            result.statistic = Some(chi.statistic);
            result.p_value = Some(chi.p_value);
        }
        (ColumnData::Numeric(rv), ColumnData::Numeric(cv)) => {
            let method = match options.method {
                Method::Auto if distinct_at_most_two(rv, cv) => Method::Chi2,
                Method::Auto => Method::Ks,
                other => other,
            };
            match method {
                Method::Chi2 => {
                    let (rl, cl) = (labels(rv), labels(cv));
                    let chi = stats::chi_squared(
                        rl.iter().map(String::as_str),
                        cl.iter().map(String::as_str),
                    );
                    result.test = "chi2";
                    result.statistic = Some(chi.statistic);
                    result.p_value = Some(chi.p_value);
                }
                Method::Psi => {
                    let (rs, cs) = (rv.as_slice(), cv.as_slice());
                    let value = stats::psi(rs, cs, options.psi_bins);
                    result.test = "psi";
                    result.statistic = Some(value);
                    result.threshold = options.psi_threshold;
                    result.drift_detected = value >= options.psi_threshold;
                }
                Method::Wasserstein => {
                    let (rs, cs) = (rv.as_slice(), cv.as_slice());
                    let distance = stats::wasserstein(rs, cs);
                    let scale = stats::std_dev(rs);
                    let normalised = if scale > 0.0 {
                        distance / scale
                    } else if distance == 0.0 {
                        0.0
                    } else {
                        f64::INFINITY
                    };
                    result.test = "wasserstein";
                    result.statistic = Some(normalised);
                    result.threshold = options.wasserstein_threshold;
                    result.drift_detected = normalised >= options.wasserstein_threshold;
                    result.note = Some(format!("distance {distance} / reference std {scale}"));
                }
                Method::Ks | Method::Auto => {
                    let (rs, cs) = (rv.as_slice(), cv.as_slice());
                    let ks = ks::ks_2samp_sorted(rs, cs);
                    result.test = "ks";
                    result.statistic = Some(ks.statistic);
                    result.p_value = Some(ks.p_value);
                    result.note = Some(
                        if ks.exact {
                            "exact p-value"
                        } else {
                            "asymptotic p-value"
                        }
                        .into(),
                    );
                }
            }
        }
        _ => unreachable!("both samples read the column with the same type"),
    }
    result
}
