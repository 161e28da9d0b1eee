//! `backup verify-artifacts`: the seed's "verify backups" listing of model artifacts, as a
//! check. For every registered version, the artifacts MLflow says it has must be objects in S3
//! (read with nbamcp's own S3 credentials, not through MLflow) with the sizes MLflow recorded,
//! and an `MLmodel` file must be among them.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clients::mlflow::Mlflow;
use crate::clients::s3::ObjectStore;
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct ArtifactCheck {
    pub name: String,
    pub version: String,
    pub stage: String,
    pub artifact_uri: String,
    /// `s3://bucket/prefix/` checked.
    pub location: Option<String>,
    pub files: usize,
    pub bytes: u64,
    pub problems: Vec<String>,
}

/// Where an artifact URI lives in S3: `(bucket, key prefix ending in /)`, and the path to list
/// it through MLflow's proxy when it is a `mlflow-artifacts:` URI.
fn locate(
    uri: &str,
    models_bucket: &str,
    artifacts_prefix: &str,
) -> Option<(String, String, Option<String>)> {
    if let Some(rest) = uri.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        let key = key.trim_end_matches('/');
        return Some((bucket.to_owned(), format!("{key}/"), None));
    }
    let rest = uri.strip_prefix("mlflow-artifacts:")?;
    // mlflow-artifacts:/PATH or mlflow-artifacts://HOST/PATH
    let path = match rest.strip_prefix("//") {
        Some(host_path) => host_path.split_once('/').map(|(_, p)| p)?,
        None => rest.trim_start_matches('/'),
    };
    let path = path.trim_end_matches('/');
    let prefix = artifacts_prefix.trim_matches('/');
    let key = if prefix.is_empty() {
        format!("{path}/")
    } else {
        format!("{prefix}/{path}/")
    };
    Some((models_bucket.to_owned(), key, Some(path.to_owned())))
}

/// Every file under `path` in MLflow's proxied store, recursively: relative path -> size.
async fn mlflow_files(mlflow: &Mlflow, path: &str) -> Result<BTreeMap<String, Option<u64>>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![path.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in mlflow.list_artifacts(&dir).await? {
            // Entries are relative to `dir`; MLflow 3 answers with names only.
            let full = if entry.path.starts_with(&dir) {
                entry.path.clone()
            } else {
                format!("{dir}/{}", entry.path)
            };
            if entry.is_dir {
                pending.push(full);
            } else {
                let relative = full
                    .strip_prefix(&format!("{path}/"))
                    .unwrap_or(&full)
                    .to_owned();
                files.insert(relative, entry.file_size);
            }
        }
    }
    Ok(files)
}

pub async fn verify_artifacts(
    mlflow: &Mlflow,
    s3: &ObjectStore,
    models_bucket: &str,
    artifacts_prefix: &str,
    name: Option<&str>,
    stage: Option<crate::registry::Stage>,
) -> Result<Vec<ArtifactCheck>> {
    let names: Vec<String> = match name {
        Some(name) => vec![mlflow.get_registered_model(name).await?.name],
        None => mlflow
            .all_registered_models()
            .await?
            .into_iter()
            .map(|m| m.name)
            .collect(),
    };
    let mut checks = Vec::new();
    for name in names {
        let mut versions = mlflow.versions_of(&name).await?;
        versions.sort_by_key(|v| v.version.parse::<u64>().unwrap_or(u64::MAX));
        for version in versions {
            let current = version
                .current_stage
                .clone()
                .unwrap_or_else(|| "None".into());
            if let Some(stage) = stage
                && !current.eq_ignore_ascii_case(stage.as_mlflow())
            {
                continue;
            }
            let uri = mlflow.download_uri(&name, &version.version).await?;
            let mut check = ArtifactCheck {
                name: name.clone(),
                version: version.version.clone(),
                stage: current,
                artifact_uri: uri.clone(),
                location: None,
                files: 0,
                bytes: 0,
                problems: Vec::new(),
            };
            let Some((bucket, prefix, proxied)) = locate(&uri, models_bucket, artifacts_prefix)
            else {
                check.problems.push(format!(
                    "cannot check artifacts at {uri} (not s3:// or mlflow-artifacts:)"
                ));
                checks.push(check);
                continue;
            };
            check.location = Some(format!("s3://{bucket}/{prefix}"));
            let objects: BTreeMap<String, u64> = s3
                .list_objects(&bucket, &prefix)
                .await?
                .into_iter()
                .map(|o| (o.key[prefix.len()..].to_owned(), o.size))
                .collect();
            check.files = objects.len();
            check.bytes = objects.values().sum();
            if objects.is_empty() {
                check
                    .problems
                    .push(format!("no artifact in s3://{bucket}/{prefix}"));
            } else if !objects
                .keys()
                .any(|k| k == "MLmodel" || k.ends_with("/MLmodel"))
            {
                check
                    .problems
                    .push("no MLmodel file among the artifacts".into());
            }
            if let Some(path) = proxied {
                for (file, size) in mlflow_files(mlflow, &path).await? {
                    match (objects.get(&file), size) {
                        (None, _) => check
                            .problems
                            .push(format!("{file}: listed by MLflow, missing in S3")),
                        (Some(actual), Some(expected)) if *actual != expected => {
                            check.problems.push(format!(
                                "{file}: {actual} bytes in S3, MLflow recorded {expected}"
                            ))
                        }
                        _ => {}
                    }
                }
            }
            checks.push(check);
        }
    }
    Ok(checks)
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn artifact_uris_map_to_bucket_and_prefix() {
        assert_eq!(
            locate(
                "mlflow-artifacts:/1/models/m-1/artifacts",
                "models",
                "mlflow"
            ),
            Some((
                "models".into(),
                "mlflow/1/models/m-1/artifacts/".into(),
                Some("1/models/m-1/artifacts".into())
            ))
        );
        assert_eq!(
            locate("s3://b/x/y/", "models", "mlflow"),
            Some(("b".into(), "x/y/".into(), None))
        );
        assert_eq!(locate("file:///tmp/x", "models", "mlflow"), None);
    }
}
