//! The reference data of a model version (`drift reference set|show|list`): the CSV itself,
//! gzip-compressed, in S3; its profile (columns, types, sizes, quantiles) in PostgreSQL, so
//! `drift check --model NAME --version V` needs no `--reference` file.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::clients::postgres::Database;
use crate::clients::s3::ObjectStore;
use crate::drift::data::{self, ColumnData, MissingPolicy, Sample, Source};
use crate::drift::sort::sort_f64;
use crate::error::{Error, Result};
use crate::serve::model::sha256_hex;

/// The quantiles a profile keeps, as (label, probability).
pub const QUANTILES: [(&str, f64); 7] = [
    ("p01", 0.01),
    ("p05", 0.05),
    ("p25", 0.25),
    ("p50", 0.50),
    ("p75", 0.75),
    ("p95", 0.95),
    ("p99", 0.99),
];

/// How many categories a categorical column's profile lists (the most frequent ones).
const TOP_CATEGORIES: usize = 10;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub rows: usize,
    /// The columns stored as categories; `drift check --model` treats them so by default.
    pub categorical: Vec<String>,
    pub columns: Vec<ColumnProfile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColumnProfile {
    pub name: String,
    /// `numeric` or `categorical`.
    pub kind: String,
    /// Values present (rows minus missing).
    pub count: usize,
    pub missing: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numeric: Option<NumericProfile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<usize>,
    /// The most frequent categories and their counts, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NumericProfile {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    /// Sample standard deviation (n - 1).
    pub std: f64,
    /// Linear interpolation between order statistics (numpy's default).
    pub quantiles: Vec<(String, f64)>,
}

/// A stored reference: where the data is, and its profile.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Reference {
    pub model: String,
    pub version: String,
    pub object_uri: String,
    /// SHA-256 of the stored (compressed) object, checked on every download.
    pub sha256: String,
    /// Size of the CSV as given.
    pub bytes: i64,
    /// Size of the compressed object.
    pub stored_bytes: i64,
    pub rows: i64,
    pub source_file: String,
    #[sqlx(json)]
    pub profile: Profile,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// Where references go: `s3://BUCKET/PREFIX/MODEL/VERSION/<sha256 prefix>.csv.gz`.
pub struct Location<'a> {
    pub bucket: &'a str,
    pub prefix: &'a str,
}

/// The p-quantile of sorted values, interpolating linearly between order statistics.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The profile of a sample read with every column (numeric columns get sorted).
pub fn profile(sample: &mut Sample) -> Profile {
    let mut scratch = Vec::new();
    let mut categorical = Vec::new();
    let columns = sample
        .columns
        .iter_mut()
        .map(|column| match &mut column.data {
            ColumnData::Numeric(values) => {
                sort_f64(values, &mut scratch);
                let n = values.len();
                let numeric = (n > 0).then(|| {
                    let mean = values.iter().sum::<f64>() / n as f64;
                    let var = if n > 1 {
                        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64
                    } else {
                        0.0
                    };
                    NumericProfile {
                        min: values[0],
                        max: values[n - 1],
                        mean,
                        std: var.sqrt(),
                        quantiles: QUANTILES
                            .iter()
                            .map(|(label, p)| ((*label).to_owned(), quantile(values, *p)))
                            .collect(),
                    }
                });
                ColumnProfile {
                    name: column.name.clone(),
                    kind: "numeric".into(),
                    count: n,
                    missing: column.missing,
                    numeric,
                    distinct: None,
                    top: Vec::new(),
                }
            }
            ColumnData::Categorical(values) => {
                categorical.push(column.name.clone());
                let mut counts = std::collections::HashMap::<&str, usize>::new();
                for v in values.iter() {
                    *counts.entry(v.as_str()).or_default() += 1;
                }
                let mut top: Vec<(String, usize)> =
                    counts.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect();
                top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let distinct = top.len();
                top.truncate(TOP_CATEGORIES);
                ColumnProfile {
                    name: column.name.clone(),
                    kind: "categorical".into(),
                    count: values.len(),
                    missing: column.missing,
                    numeric: None,
                    distinct: Some(distinct),
                    top,
                }
            }
        })
        .collect();
    Profile {
        rows: sample.rows,
        categorical,
        columns,
    }
}

/// Read and profile a reference CSV: every column, `categorical` ones as categories, missing
/// cells counted. Any problem names the file, the line and the column.
pub fn read_and_profile(path: &Path, categorical: &[String]) -> Result<Profile> {
    let source = Source::File(path.to_path_buf());
    let (header, reader) = data::read_header(&source)?;
    for c in categorical {
        if !header.contains(c) {
            return Err(Error::usage(
                "--categorical",
                format!(
                    "{} has no column {c:?} (columns: {})",
                    path.display(),
                    header.join(", ")
                ),
            ));
        }
    }
    let wanted: Vec<(String, bool)> = header
        .iter()
        .map(|h| (h.clone(), categorical.contains(h)))
        .collect();
    let mut sample = data::read_columns(&source, &header, reader, &wanted, MissingPolicy::Drop)?;
    if sample.rows == 0 {
        return Err(Error::usage(
            path.display().to_string(),
            "no data rows: a reference needs at least one",
        ));
    }
    Ok(profile(&mut sample))
}

/// The reference of `model` version `version`, if one was set.
pub async fn get(db: &Database, model: &str, version: &str) -> Result<Option<Reference>> {
    db.within(
        sqlx::query_as(
            "SELECT model, version, object_uri, sha256, bytes, stored_bytes, rows, source_file, \
             profile, created_at, created_by FROM drift_references WHERE model = $1 AND version = $2",
        )
        .bind(model)
        .bind(version)
        .fetch_optional(db.pool()),
    )
    .await
}

/// Every stored reference, by model and version.
pub async fn list(db: &Database) -> Result<Vec<Reference>> {
    db.within(
        sqlx::query_as(
            "SELECT model, version, object_uri, sha256, bytes, stored_bytes, rows, source_file, \
             profile, created_at, created_by FROM drift_references \
             ORDER BY model, length(version), version",
        )
        .fetch_all(db.pool()),
    )
    .await
}

/// What `set` did.
#[derive(Debug, Serialize)]
pub struct SetOutcome {
    pub reference: Reference,
    /// The object of the reference this one replaced, when it was removed.
    pub replaced: Option<String>,
}

/// Store `path` as the reference of `model` version `version`: profile it (refusing bad data
/// before anything is written), upload it compressed, then record it. When recording fails,
/// the upload is removed again, so a failed `set` changes nothing.
#[allow(clippy::too_many_arguments)]
pub async fn set(
    db: &Database,
    store: &ObjectStore,
    location: &Location<'_>,
    model: &str,
    version: &str,
    path: &Path,
    categorical: &[String],
    actor: &str,
    replace: bool,
) -> Result<SetOutcome> {
    let profile = read_and_profile(path, categorical)?;
    let existing = get(db, model, version).await?;
    if let Some(old) = &existing
        && !replace
    {
        return Err(Error::refused(format!(
            "{model} v{version} already has a reference ({}, set {} by {}); pass --replace to \
             replace it",
            old.source_file,
            old.created_at.format("%Y-%m-%d %H:%M UTC"),
            old.created_by
        )));
    }
    let raw = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(raw.len() / 3),
        flate2::Compression::default(),
    );
    encoder.write_all(&raw).map_err(|e| Error::io(path, e))?;
    let compressed = encoder.finish().map_err(|e| Error::io(path, e))?;
    let sha256 = sha256_hex(&compressed);
    let key = format!(
        "{}/{model}/{version}/{}.csv.gz",
        location.prefix.trim_end_matches('/'),
        &sha256[..16]
    );
    let object_uri = format!("s3://{}/{key}", location.bucket);
    let stored_bytes = compressed.len() as i64;
    store.put_object(location.bucket, &key, compressed).await?;
    let source_file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let profile_json =
        serde_json::to_value(&profile).map_err(|e| Error::failed_with(e.to_string(), e))?;
    let recorded: Result<Reference> = db
        .within(
            sqlx::query_as(
                "INSERT INTO drift_references (model, version, object_uri, sha256, bytes, \
                 stored_bytes, rows, source_file, profile, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (model, version) DO UPDATE SET object_uri = EXCLUDED.object_uri, \
                 sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes, \
                 stored_bytes = EXCLUDED.stored_bytes, rows = EXCLUDED.rows, \
                 source_file = EXCLUDED.source_file, profile = EXCLUDED.profile, \
                 created_at = now(), created_by = EXCLUDED.created_by \
                 RETURNING model, version, object_uri, sha256, bytes, stored_bytes, rows, \
                 source_file, profile, created_at, created_by",
            )
            .bind(model)
            .bind(version)
            .bind(&object_uri)
            .bind(&sha256)
            .bind(raw.len() as i64)
            .bind(stored_bytes)
            .bind(profile.rows as i64)
            .bind(&source_file)
            .bind(&profile_json)
            .bind(actor)
            .fetch_one(db.pool()),
        )
        .await;
    let reference = match recorded {
        Ok(r) => r,
        Err(e) => {
            let same_object = existing
                .as_ref()
                .is_some_and(|o| o.object_uri == object_uri);
            let cleanup = if same_object {
                Ok(())
            } else {
                store.delete_object(location.bucket, &key).await
            };
            return Err(match cleanup {
                Ok(()) => e.context("the reference was not recorded; nothing changed"),
                Err(c) => e.context(format!(
                    "the reference was not recorded, and its upload {object_uri} could not be \
                     removed ({c}); delete it by hand"
                )),
            });
        }
    };
    let mut replaced = None;
    if let Some(old) = existing
        && old.object_uri != object_uri
    {
        match split_uri(&old.object_uri) {
            Some((bucket, old_key)) => match store.delete_object(bucket, old_key).await {
                Ok(()) => replaced = Some(old.object_uri),
                Err(e) => tracing::warn!(
                    "the replaced reference {} was left in place: {e}",
                    old.object_uri
                ),
            },
            None => tracing::warn!("not an s3:// URI, left alone: {}", old.object_uri),
        }
    }
    Ok(SetOutcome {
        reference,
        replaced,
    })
}

fn split_uri(uri: &str) -> Option<(&str, &str)> {
    uri.strip_prefix("s3://")?.split_once('/')
}

/// Download a reference's data and check it is the object that was stored, as a source the
/// CSV reader can read (decompressed on the fly).
pub async fn fetch(store: &ObjectStore, reference: &Reference) -> Result<Source> {
    let (bucket, key) = split_uri(&reference.object_uri).ok_or_else(|| {
        Error::config(format!(
            "reference of {} v{}: not an s3:// URI: {}",
            reference.model, reference.version, reference.object_uri
        ))
    })?;
    let bytes = store.get_object(bucket, key).await?;
    let actual = sha256_hex(&bytes);
    if actual != reference.sha256 {
        return Err(Error::backend(
            crate::clients::s3::COMPONENT,
            store.endpoint(),
            format!(
                "{}: checksum mismatch (sha256 {actual}, recorded {}): the stored reference \
                 was changed or damaged; set it again with `nbamcp drift reference set`",
                reference.object_uri, reference.sha256
            ),
        ));
    }
    Ok(Source::Gzip {
        name: format!(
            "reference of {} v{} ({})",
            reference.model, reference.version, reference.source_file
        ),
        bytes: Arc::from(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        // numpy.quantile([1, 2, 3, 4], [0, 0.25, 0.5, 0.99, 1]) = 1, 1.75, 2.5, 3.97, 4
        let v = [1.0, 2.0, 3.0, 4.0];
        for (p, want) in [
            (0.0, 1.0),
            (0.25, 1.75),
            (0.5, 2.5),
            (0.99, 3.97),
            (1.0, 4.0),
        ] {
            assert!((quantile(&v, p) - want).abs() < 1e-12, "{p}");
        }
        assert_eq!(quantile(&[5.0], 0.3), 5.0);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
