//! The model registry on MLflow: listing, promotion, rollback, archiving, history.
//!
//! MLflow is the source of truth for versions, stages and aliases; nbamcp keeps stage and alias
//! consistent (`registry.mode`) and records every change in the audit log, which MLflow lacks.

pub mod change;
pub mod ops;
mod requirement;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use crate::clients::mlflow::{Mlflow, ModelVersion, RegisteredModel, Run};
use crate::config::{RegistryConfig, RegistryMode};
use crate::error::{Error, Result};
use crate::types;

pub use change::{Change, Plan, PlanKind, apply, plan_archive, plan_promote, plan_rollback};
pub use requirement::{GateResult, Requirement, check_requirements};

/// MLflow's stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Stage {
    None,
    Staging,
    Production,
    Archived,
}

impl Stage {
    pub fn as_mlflow(self) -> &'static str {
        match self {
            Stage::None => "None",
            Stage::Staging => "Staging",
            Stage::Production => "Production",
            Stage::Archived => "Archived",
        }
    }

    /// The alias kept in step with this stage.
    pub fn alias(self) -> Option<&'static str> {
        match self {
            Stage::Staging => Some("staging"),
            Stage::Production => Some("production"),
            Stage::None | Stage::Archived => None,
        }
    }

    pub fn of(version: &ModelVersion) -> Stage {
        version
            .current_stage
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or(Stage::None)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_mlflow())
    }
}

impl FromStr for Stage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "none" => Ok(Stage::None),
            "staging" => Ok(Stage::Staging),
            "production" => Ok(Stage::Production),
            "archived" => Ok(Stage::Archived),
            _ => Err(format!(
                "unknown stage {s:?}: expected production, staging, archived or none"
            )),
        }
    }
}

/// Versions as MLflow returns them compare as numbers ("10" after "9"):
/// [`types::ModelVersion::order`].
pub fn version_order(a: &str, b: &str) -> Ordering {
    types::ModelVersion::order(a, b)
}

pub fn millis_to_time(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(|ms| Utc.timestamp_millis_opt(ms).single())
}

/// One version as `registry list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub name: String,
    pub version: String,
    pub stage: Stage,
    pub aliases: Vec<String>,
    pub status: String,
    pub created_at: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    /// The exact age, for the table.
    #[serde(skip)]
    pub age: Option<std::time::Duration>,
    pub run_id: Option<String>,
    /// The name of the key metric (`registry.key_metric`) and its value from the version's run.
    pub metric: String,
    pub metric_value: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub name: Option<String>,
    pub stage: Option<Stage>,
    /// Only versions created before this instant.
    pub created_before: Option<DateTime<Utc>>,
    /// Results per MLflow search page (MLflow's maximum by default).
    pub page_size: Option<u32>,
}

/// Aliases by version, from a registered model (`model-versions/search` returns none).
pub fn aliases_by_version(model: &RegisteredModel) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for alias in &model.aliases {
        map.entry(alias.version.clone())
            .or_default()
            .push(alias.alias.clone());
    }
    for aliases in map.values_mut() {
        aliases.sort();
    }
    map
}

/// Every version of every model (or of one), with aliases and the key metric, in few requests:
/// registered models (with their aliases) page by page, versions page by page, runs in batches.
pub async fn list_versions(
    mlflow: &Mlflow,
    filter: &ListFilter,
    key_metric: &str,
    now: DateTime<Utc>,
) -> Result<Vec<VersionRow>> {
    let models: Vec<RegisteredModel> = match &filter.name {
        Some(name) => vec![get_model(mlflow, name).await?],
        None => {
            mlflow
                .all_registered_models_paged(filter.page_size.unwrap_or(1000))
                .await?
        }
    };
    let version_filter = match &filter.name {
        Some(name) => crate::clients::mlflow::model_filter(name),
        None => String::new(),
    };
    let versions = if models.is_empty() {
        Vec::new()
    } else {
        mlflow
            .all_model_versions_paged(&version_filter, filter.page_size.unwrap_or(10_000))
            .await?
    };
    let aliases: BTreeMap<&str, BTreeMap<String, Vec<String>>> = models
        .iter()
        .map(|m| (m.name.as_str(), aliases_by_version(m)))
        .collect();

    let selected: Vec<ModelVersion> = versions
        .into_iter()
        .filter(|v| filter.stage.is_none_or(|s| Stage::of(v) == s))
        .filter(|v| {
            filter.created_before.is_none_or(|cutoff| {
                millis_to_time(v.creation_timestamp).is_some_and(|t| t < cutoff)
            })
        })
        .collect();
    let mut run_ids: Vec<String> = selected
        .iter()
        .filter_map(|v| v.run_id.clone())
        .filter(|r| !r.is_empty())
        .collect();
    run_ids.sort();
    run_ids.dedup();
    let runs: BTreeMap<String, Run> = mlflow
        .runs_by_id(&run_ids)
        .await?
        .into_iter()
        .map(|r| (r.info.run_id.clone(), r))
        .collect();

    let mut rows: Vec<VersionRow> = selected
        .into_iter()
        .map(|v| {
            let created_at = millis_to_time(v.creation_timestamp);
            VersionRow {
                aliases: aliases
                    .get(v.name.as_str())
                    .and_then(|m| m.get(&v.version))
                    .cloned()
                    .unwrap_or_default(),
                stage: Stage::of(&v),
                status: v.status.clone().unwrap_or_default(),
                age_days: created_at.map(|t| (now - t).num_days()),
                age: created_at.and_then(|t| (now - t).to_std().ok()),
                created_at,
                metric: key_metric.to_owned(),
                metric_value: v
                    .run_id
                    .as_ref()
                    .and_then(|id| runs.get(id))
                    .and_then(|run| run.metric(key_metric)),
                run_id: v.run_id.filter(|r| !r.is_empty()),
                name: v.name,
                version: v.version,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then_with(|| version_order(&a.version, &b.version))
    });
    Ok(rows)
}

/// A registered model, with "does not exist" as a usage error (exit 2).
pub async fn get_model(mlflow: &Mlflow, name: &str) -> Result<RegisteredModel> {
    mlflow
        .get_registered_model(name)
        .await
        .map_err(|e| match e {
            Error::MlflowApi { error_code, .. } if error_code == "RESOURCE_DOES_NOT_EXIST" => {
                Error::usage("NAME", format!("no registered model named {name:?}"))
            }
            other => other,
        })
}

/// A model version, with "does not exist" as a usage error (exit 2).
pub async fn get_version(mlflow: &Mlflow, name: &str, version: &str) -> Result<ModelVersion> {
    mlflow
        .get_model_version(name, version)
        .await
        .map_err(|e| match e {
            Error::MlflowApi { error_code, .. }
                if error_code == "RESOURCE_DOES_NOT_EXIST"
                    || error_code == "INVALID_PARAMETER_VALUE" =>
            {
                Error::usage("VERSION", format!("{name} has no version {version:?}"))
            }
            other => other,
        })
}

/// A version as operators write it, `3` or `v3`, as MLflow knows it (`3`); text that is no
/// version is left for MLflow to reject by name: [`types::ModelVersion::normalize`].
pub fn normalize_version(text: &str) -> String {
    types::ModelVersion::normalize(text)
}

/// The gates a promotion to `target` applies: `registry.require` for that stage (unless
/// `no_defaults`), then `extra` (given for this promotion).
pub fn requirements_for(
    config: &RegistryConfig,
    target: Stage,
    extra: &[Requirement],
    no_defaults: bool,
) -> Result<Vec<Requirement>> {
    let defaults: &[Requirement] = match (no_defaults, target) {
        (true, _) => &[],
        (false, Stage::Production) => config.require.production.requirements()?,
        (false, Stage::Staging) => config.require.staging.requirements()?,
        _ => &[],
    };
    Ok(defaults.iter().chain(extra).cloned().collect())
}

/// Which version holds a stage: by stage and by alias (they can disagree after a failure).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Holders {
    pub by_stage: Vec<String>,
    pub by_alias: Option<String>,
}

pub fn holders(model: &RegisteredModel, versions: &[ModelVersion], stage: Stage) -> Holders {
    let mut by_stage: Vec<String> = versions
        .iter()
        .filter(|v| Stage::of(v) == stage)
        .map(|v| v.version.clone())
        .collect();
    by_stage.sort_by(|a, b| version_order(a, b));
    let by_alias = stage.alias().and_then(|alias| {
        model
            .aliases
            .iter()
            .find(|a| a.alias == alias)
            .map(|a| a.version.clone())
    });
    Holders { by_stage, by_alias }
}

impl Holders {
    /// The one version that holds the stage as the registry mode defines it, if consistent.
    pub fn current(&self, mode: RegistryMode) -> Option<String> {
        match mode {
            RegistryMode::Stages => self.by_stage.last().cloned(),
            RegistryMode::Aliases => self.by_alias.clone(),
            RegistryMode::Both => self
                .by_alias
                .clone()
                .or_else(|| self.by_stage.last().cloned()),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn versions_are_written_with_or_without_v() {
        for (text, want) in [
            ("3", "3"),
            ("v3", "3"),
            ("V12", "12"),
            (" v7 ", "7"),
            ("v03", "3"),
        ] {
            assert_eq!(super::normalize_version(text), want);
        }
        // Not a version number after the v: left as given, for MLflow to reject by name.
        for text in ["v", "vx", "version", "3a"] {
            assert_eq!(super::normalize_version(text), text);
        }
    }

    use super::*;

    #[test]
    fn stages_parse_case_insensitively() {
        assert_eq!("PRODUCTION".parse::<Stage>(), Ok(Stage::Production));
        assert_eq!("staging".parse::<Stage>(), Ok(Stage::Staging));
        assert!("prod".parse::<Stage>().is_err());
    }

    #[test]
    fn versions_sort_as_numbers() {
        let mut v = vec!["10", "9", "1", "100"];
        v.sort_by(|a, b| version_order(a, b));
        assert_eq!(v, ["1", "9", "10", "100"]);
    }
}
