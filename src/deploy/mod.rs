//! Deployments: the desired state of the serving replicas, kept in PostgreSQL (`deployments`),
//! and what each replica reports back (`serving_replicas`, `deployment_state`).
//!
//! Weight rules (docs/serving.md):
//! - a model's weights are fractions that sum to 1 over its deployed versions (0 = loaded, no
//!   traffic, ready for an instant switch back);
//! - `deploy` gives the new version `--weight W` (default 1) and scales the others by `1 - W`;
//! - `undeploy` removes a version and scales the remaining weights back up to 1; removing the
//!   last version that takes traffic is refused unless `--force`;
//! - `ab-split` sets every named version's weight; versions not named go to 0.

pub mod artifact;
pub mod caches;
pub mod ops;

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clients::postgres::Database;
use crate::config::ServingConfig;
use crate::error::{Error, Result};
use crate::serve::model::{OnnxModel, OutputTensor, Signature};

/// The channel replicas LISTEN on (the migration's trigger notifies it).
pub const CHANNEL: &str = "nbamcp_deployments";

/// Versions are written `3` or `v3` everywhere; stored as MLflow writes them (`3`).
pub fn parse_version(text: &str) -> Result<String> {
    Ok(text.parse::<crate::types::ModelVersion>()?.to_string())
}

/// `v3=0.8 v2=0.2` or `v3=80 v2=20`: weights ≥ 0 summing to 1 (or 100), each version once.
pub fn parse_split(items: &[String]) -> Result<Vec<(String, f64)>> {
    if items.is_empty() {
        return Err(Error::usage("SPLIT", "name at least one VERSION=WEIGHT"));
    }
    let mut split: Vec<(String, f64)> = Vec::new();
    for item in items {
        let (version, weight) = item.split_once('=').ok_or_else(|| {
            Error::usage(
                "SPLIT",
                format!("{item:?}: expected VERSION=WEIGHT, e.g. v3=0.8 or v3=80"),
            )
        })?;
        let version = parse_version(version)?;
        let weight: f64 = weight
            .trim()
            .parse()
            .map_err(|_| Error::usage("SPLIT", format!("{item:?}: {weight:?} is not a number")))?;
        if !weight.is_finite() || weight < 0.0 {
            return Err(Error::usage(
                "SPLIT",
                format!("{item:?}: weights must be 0 or more"),
            ));
        }
        if split.iter().any(|(v, _)| *v == version) {
            return Err(Error::usage(
                "SPLIT",
                format!("version {version} is named twice"),
            ));
        }
        split.push((version, weight));
    }
    let sum: f64 = split.iter().map(|(_, w)| w).sum();
    let scale = if (sum - 1.0).abs() < 1e-6 {
        1.0
    } else if (sum - 100.0).abs() < 1e-4 {
        100.0
    } else {
        return Err(Error::usage(
            "SPLIT",
            format!("the weights sum to {sum}; they must sum to 1 (fractions) or 100 (percent)"),
        ));
    };
    Ok(split.into_iter().map(|(v, w)| (v, w / scale)).collect())
}

/// One desired deployment.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Deployment {
    pub model: String,
    pub version: String,
    pub weight: f64,
    pub artifact_uri: String,
    pub sha256: String,
    pub features: i32,
    pub description: Option<String>,
    pub deployed_by: String,
    pub deployed_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// The desired deployments of one model (or all), ordered by model and version number.
pub async fn list(db: &Database, model: Option<&str>) -> Result<Vec<Deployment>> {
    let mut rows: Vec<Deployment> = db
        .within(
            sqlx::query_as(
                "SELECT model, version, weight, artifact_uri, sha256, features, description, deployed_by, \
                 deployed_at, updated_by, updated_at FROM deployments \
                 WHERE $1::text IS NULL OR model = $1",
            )
            .bind(model)
            .fetch_all(db.pool()),
        )
        .await?;
    rows.sort_by(|a, b| {
        a.model
            .cmp(&b.model)
            .then(crate::registry::version_order(&a.version, &b.version))
    });
    Ok(rows)
}

/// Weights after deploying `version` with `weight` next to `existing` (see the module rules).
pub fn weights_after_deploy(
    existing: &[Deployment],
    version: &str,
    weight: f64,
) -> Result<BTreeMap<String, f64>> {
    if !(0.0..=1.0).contains(&weight) {
        return Err(Error::usage(
            "--weight",
            format!("{weight} is not between 0 and 1"),
        ));
    }
    let others: Vec<&Deployment> = existing.iter().filter(|d| d.version != version).collect();
    let others_total: f64 = others.iter().map(|d| d.weight).sum();
    if weight < 1.0 && others_total <= 0.0 {
        return Err(Error::usage(
            "--weight",
            format!(
                "no other version of the model takes traffic, so v{version} must take all of it (weight 1)"
            ),
        ));
    }
    let mut weights = BTreeMap::new();
    for d in others {
        // The others share what is left in proportion; when they take nothing today (the
        // state every full deploy leaves), they keep taking nothing: never 0/0.
        let share = if others_total > 0.0 {
            d.weight / others_total * (1.0 - weight)
        } else {
            0.0
        };
        weights.insert(d.version.clone(), share);
    }
    weights.insert(version.to_owned(), weight);
    Ok(weights)
}

/// Weights after removing `version`; `None` when no remaining version would take traffic.
pub fn weights_after_undeploy(
    existing: &[Deployment],
    version: &str,
) -> Option<BTreeMap<String, f64>> {
    let rest: Vec<&Deployment> = existing.iter().filter(|d| d.version != version).collect();
    let total: f64 = rest.iter().map(|d| d.weight).sum();
    if total <= 0.0 {
        return None;
    }
    Some(
        rest.iter()
            .map(|d| (d.version.clone(), d.weight / total))
            .collect(),
    )
}

/// Every weight a number in [0, 1]: a plan that computed anything else is a bug, refused
/// before PostgreSQL sees it (its CHECK would answer with a raw constraint name).
pub fn check_weights(weights: &BTreeMap<String, f64>) -> Result<()> {
    match weights
        .iter()
        .find(|(_, w)| !(w.is_finite() && (0.0..=1.0).contains(*w)))
    {
        Some((version, w)) => Err(Error::failed(format!(
            "the planned weight of v{version} is {w}, not a number between 0 and 1; nothing was changed"
        ))),
        None => Ok(()),
    }
}

/// A new row and the weights of the model's other rows, written in one transaction.
#[derive(Debug, Clone)]
pub struct DesiredChange {
    pub model: String,
    pub actor: String,
    /// `Some` to insert or replace this version's row.
    pub upsert: Option<NewDeployment>,
    /// A version to delete.
    pub remove: Option<String>,
    /// The weight of every remaining version.
    pub weights: BTreeMap<String, f64>,
}

#[derive(Debug, Clone)]
pub struct NewDeployment {
    pub version: String,
    pub artifact_uri: String,
    pub sha256: String,
    pub features: i32,
    pub description: Option<String>,
}

/// Apply a change to the desired state atomically (the trigger then wakes every replica).
pub async fn write(db: &Database, change: &DesiredChange) -> Result<()> {
    check_weights(&change.weights)?;
    let mut tx = db.within(db.pool().begin()).await?;
    if let Some(new) = &change.upsert {
        let weight = change.weights.get(&new.version).copied().unwrap_or(0.0);
        db.within(
            sqlx::query(
                "INSERT INTO deployments (model, version, weight, artifact_uri, sha256, description, \
                 deployed_by, updated_by, features) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) \
                 ON CONFLICT (model, version) DO UPDATE SET weight = EXCLUDED.weight, \
                 artifact_uri = EXCLUDED.artifact_uri, sha256 = EXCLUDED.sha256, features = EXCLUDED.features, \
                 description = COALESCE(EXCLUDED.description, deployments.description), \
                 deployed_by = EXCLUDED.deployed_by, deployed_at = now(), \
                 updated_by = EXCLUDED.updated_by, updated_at = now()",
            )
            .bind(&change.model)
            .bind(&new.version)
            .bind(weight)
            .bind(&new.artifact_uri)
            .bind(&new.sha256)
            .bind(&new.description)
            .bind(&change.actor)
            .bind(new.features)
            .execute(&mut *tx),
        )
        .await?;
    }
    if let Some(version) = &change.remove {
        db.within(
            sqlx::query("DELETE FROM deployments WHERE model = $1 AND version = $2")
                .bind(&change.model)
                .bind(version)
                .execute(&mut *tx),
        )
        .await?;
    }
    for (version, weight) in &change.weights {
        if change
            .upsert
            .as_ref()
            .is_some_and(|n| &n.version == version)
        {
            continue;
        }
        db.within(
            sqlx::query(
                "UPDATE deployments SET weight = $3, updated_by = $4, updated_at = now() \
                 WHERE model = $1 AND version = $2 AND weight IS DISTINCT FROM $3",
            )
            .bind(&change.model)
            .bind(version)
            .bind(weight)
            .bind(&change.actor)
            .execute(&mut *tx),
        )
        .await?;
    }
    db.within(tx.commit()).await
}

/// What `deploy` learnt by validating an artifact.
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub artifact_uri: String,
    pub sha256: String,
    pub bytes: usize,
    pub signature: Signature,
    /// The outputs of the sample row.
    pub sample_output: Vec<OutputTensor>,
}

/// Download, load with ONNX Runtime, check the input width against `serving.features` (or,
/// when that is empty, against `expected_features` of the versions already deployed), run a
/// sample row of zeros.
pub async fn validate_artifact(
    artifacts: &artifact::Artifacts,
    serving: &ServingConfig,
    source: &str,
    expected_sha256: Option<&str>,
    expected_features: Option<usize>,
) -> Result<Validation> {
    let artifact_uri = artifacts.onnx_file(source).await?;
    let bytes = artifacts.fetch(&artifact_uri).await?;
    let sha256 = crate::serve::model::sha256_hex(&bytes);
    if let Some(expected) = expected_sha256
        && !expected.eq_ignore_ascii_case(&sha256)
    {
        return Err(Error::refused(format!(
            "{artifact_uri}: sha256 is {sha256}, expected {expected} (--sha256): the artifact is not the one you meant"
        )));
    }
    let size = bytes.len();
    let dylib = serving.ort_dylib_path.clone();
    let sessions = 1;
    let model =
        tokio::task::spawn_blocking(move || OnnxModel::load(&bytes, sessions, dylib.as_deref()))
            .await
            .map_err(|e| Error::failed_with(format!("model load task: {e}"), e))?
            .map_err(|e| Error::refused(format!("{artifact_uri}: {e}")))?;
    let width = model.signature.features;
    if !serving.features.is_empty() && serving.features.len() != width {
        return Err(Error::refused(format!(
            "{artifact_uri}: the model takes {width} features per row, serving.features lists {} ({})",
            serving.features.len(),
            serving.features.join(", ")
        )));
    }
    if let Some(expected) = expected_features
        && expected != width
    {
        return Err(Error::refused(format!(
            "{artifact_uri}: the model takes {width} features per row, the deployed versions take {expected}: clients would send the wrong rows"
        )));
    }
    let model = std::sync::Arc::new(model);
    let sample = {
        let model = model.clone();
        tokio::task::spawn_blocking(move || model.predict(&vec![0.0; width]))
            .await
            .map_err(|e| Error::failed_with(format!("sample inference task: {e}"), e))?
            .map_err(|e| Error::refused(format!("{artifact_uri}: sample row: {e}")))?
    };
    if sample.iter().any(|t| t.shape.first() != Some(&1)) {
        return Err(Error::refused(format!(
            "{artifact_uri}: a sample row of one gave outputs whose first dimension is not 1"
        )));
    }
    Ok(Validation {
        artifact_uri,
        sha256,
        bytes: size,
        signature: model.signature.clone(),
        sample_output: sample,
    })
}

/// One replica and what it reports about each desired version.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaReport {
    pub replica_id: String,
    pub url: String,
    pub started_at: DateTime<Utc>,
    pub heartbeat_at: DateTime<Utc>,
    /// Heartbeat within three intervals.
    pub alive: bool,
    pub ready: bool,
    pub versions: Vec<VersionState>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VersionState {
    pub replica_id: String,
    pub model: String,
    pub version: String,
    pub sha256: String,
    pub status: String,
    pub weight: f64,
    pub error: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// Every replica that has reported, with its versions.
pub async fn replicas(db: &Database, heartbeat: Duration) -> Result<Vec<ReplicaReport>> {
    type Row = (String, String, DateTime<Utc>, DateTime<Utc>, bool, bool);
    let rows: Vec<Row> = db
        .within(
            sqlx::query_as(
                "SELECT replica_id, url, started_at, heartbeat_at, \
                 heartbeat_at > now() - make_interval(secs => $1), ready \
                 FROM serving_replicas ORDER BY replica_id",
            )
            .bind(heartbeat.as_secs_f64() * 3.0 + 1.0)
            .fetch_all(db.pool()),
        )
        .await?;
    let states: Vec<VersionState> = db
        .within(
            sqlx::query_as(
                "SELECT replica_id, model, version, sha256, status, weight, error, updated_at \
                 FROM deployment_state ORDER BY replica_id, model, version",
            )
            .fetch_all(db.pool()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(replica_id, url, started_at, heartbeat_at, alive, ready)| ReplicaReport {
                versions: states
                    .iter()
                    .filter(|s| s.replica_id == replica_id)
                    .cloned()
                    .collect(),
                replica_id,
                url,
                started_at,
                heartbeat_at,
                alive,
                ready,
            },
        )
        .collect())
}

/// How one live replica stands against the desired state of `model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convergence {
    Converged,
    Pending(String),
    Failed(String),
}

/// Whether `replica` serves exactly `desired` (versions, sha256, weights) of `model`.
pub fn convergence(replica: &ReplicaReport, model: &str, desired: &[Deployment]) -> Convergence {
    let mine: Vec<&VersionState> = replica
        .versions
        .iter()
        .filter(|s| s.model == model)
        .collect();
    for d in desired {
        match mine
            .iter()
            .find(|s| s.version == d.version && s.sha256 == d.sha256)
        {
            None => return Convergence::Pending(format!("v{} not seen yet", d.version)),
            Some(s) if s.status == "failed" => {
                return Convergence::Failed(format!(
                    "v{}: {}",
                    d.version,
                    s.error.clone().unwrap_or_default()
                ));
            }
            Some(s) if s.status != "ready" => {
                return Convergence::Pending(format!("v{} {}", d.version, s.status));
            }
            Some(s) if (s.weight - d.weight).abs() > 1e-9 => {
                return Convergence::Pending(format!(
                    "v{} weight {} (wanted {})",
                    d.version, s.weight, d.weight
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = mine
        .iter()
        .find(|s| !desired.iter().any(|d| d.version == s.version))
    {
        return Convergence::Pending(format!("v{} still loaded", extra.version));
    }
    Convergence::Converged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(version: &str, weight: f64) -> Deployment {
        Deployment {
            model: "m".into(),
            version: version.into(),
            weight,
            artifact_uri: String::new(),
            sha256: String::new(),
            features: 8,
            description: None,
            deployed_by: String::new(),
            deployed_at: Utc::now(),
            updated_by: String::new(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn versions_with_or_without_v() {
        assert_eq!(parse_version("v3").unwrap(), "3");
        assert_eq!(parse_version("3").unwrap(), "3");
        assert_eq!(parse_version("V12").unwrap(), "12");
        for bad in ["", "v", "3a", "latest", "-1", "v3.1"] {
            assert!(parse_version(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn splits_as_fractions_or_percent() {
        let s =
            |items: &[&str]| parse_split(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            s(&["v3=0.8", "2=0.2"]).unwrap(),
            vec![("3".into(), 0.8), ("2".into(), 0.2)]
        );
        let percent = s(&["v3=80", "v2=20"]).unwrap();
        assert!((percent[0].1 - 0.8).abs() < 1e-12 && (percent[1].1 - 0.2).abs() < 1e-12);
        assert_eq!(s(&["v3=1"]).unwrap(), vec![("3".into(), 1.0)]);
        for bad in [
            &["v3=0.8", "v2=0.3"][..],
            &["v3=-0.2", "v2=1.2"],
            &["v3=0.5", "3=0.5"],
            &["v3"],
            &["v3=x"],
            &["v3=50", "v2=40"],
        ] {
            assert!(s(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn deploy_scales_the_others() {
        let w = weights_after_deploy(&[dep("1", 1.0)], "2", 0.2).unwrap();
        assert!((w["1"] - 0.8).abs() < 1e-12 && (w["2"] - 0.2).abs() < 1e-12);
        let w = weights_after_deploy(&[dep("1", 0.5), dep("2", 0.5)], "3", 1.0).unwrap();
        assert_eq!(w["1"], 0.0);
        assert_eq!(w["3"], 1.0);
        // Re-deploying the version that takes all traffic beside one at weight 0 (what every
        // deploy and `ab-split vN=1` leaves): the others stay at 0, not 0/0.
        let w = weights_after_deploy(&[dep("1", 0.0), dep("2", 1.0)], "2", 1.0).unwrap();
        assert_eq!((w["1"], w["2"]), (0.0, 1.0));
        let w = weights_after_deploy(&[dep("1", 0.0), dep("2", 0.0)], "3", 1.0).unwrap();
        assert_eq!((w["1"], w["2"], w["3"]), (0.0, 0.0, 1.0));
        let w = weights_after_deploy(&[], "1", 1.0).unwrap();
        assert_eq!(w["1"], 1.0);
        assert!(weights_after_deploy(&[], "1", 0.5).is_err());
        assert!(weights_after_deploy(&[dep("1", 0.0)], "2", 0.5).is_err());
        assert!(weights_after_deploy(&[dep("1", 1.0)], "2", 1.5).is_err());
    }

    #[test]
    fn undeploy_renormalises_or_refuses() {
        let w =
            weights_after_undeploy(&[dep("1", 0.2), dep("2", 0.6), dep("3", 0.2)], "2").unwrap();
        assert!((w["1"] - 0.5).abs() < 1e-12 && (w["3"] - 0.5).abs() < 1e-12);
        assert!(weights_after_undeploy(&[dep("1", 1.0), dep("2", 0.0)], "1").is_none());
        assert!(weights_after_undeploy(&[dep("1", 1.0)], "1").is_none());
    }
}
