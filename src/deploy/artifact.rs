//! The one artifact resolver: `s3://` (aws-sdk-s3), `mlflow-artifacts:/` (MLflow's artifact
//! proxy), `runs:/<run>/<path>` and `models:/<name>/<version>` or `models:/m-<id>` (resolved
//! through MLflow to one of the first two).

use tokio::sync::OnceCell;

use crate::clients::mlflow::Mlflow;
use crate::clients::s3::ObjectStore;
use crate::config::S3Config;
use crate::error::{Error, Result};

pub struct Artifacts {
    mlflow: Mlflow,
    s3_config: S3Config,
    s3: OnceCell<ObjectStore>,
}

const COMPONENT: &str = "artifact";

fn bad_uri(uri: &str, why: &str) -> Error {
    Error::backend(COMPONENT, uri, why.to_string())
}

impl Artifacts {
    pub fn new(mlflow: Mlflow, s3_config: S3Config) -> Artifacts {
        Artifacts {
            mlflow,
            s3_config,
            s3: OnceCell::new(),
        }
    }

    async fn s3(&self) -> Result<&ObjectStore> {
        self.s3
            .get_or_try_init(|| ObjectStore::connect(&self.s3_config))
            .await
    }

    /// Turn `runs:/` and `models:/` into the store location they name (`s3://` or
    /// `mlflow-artifacts:/`); other URIs are returned as they are.
    pub async fn locate(&self, uri: &str) -> Result<String> {
        if let Some(rest) = uri.strip_prefix("runs:/") {
            let rest = rest.trim_start_matches('/');
            let (run_id, path) = rest.split_once('/').unwrap_or((rest, ""));
            if run_id.is_empty() {
                return Err(bad_uri(uri, "runs:/ URI without a run id"));
            }
            let run = self.mlflow.get_run(run_id).await?;
            let root = run
                .info
                .artifact_uri
                .filter(|u| !u.is_empty())
                .ok_or_else(|| bad_uri(uri, "the run has no artifact URI"))?;
            return Ok(join(&root, path));
        }
        if let Some(rest) = uri.strip_prefix("models:/") {
            let rest = rest.trim_start_matches('/');
            if rest.starts_with("m-") && !rest.contains('/') {
                let root = self.mlflow.logged_model_artifact_uri(rest).await?;
                if root.is_empty() {
                    return Err(bad_uri(uri, "the logged model has no artifact URI"));
                }
                return Ok(root);
            }
            let (name, version) = rest
                .split_once('/')
                .ok_or_else(|| bad_uri(uri, "expected models:/NAME/VERSION or models:/m-ID"))?;
            let version = crate::deploy::parse_version(version)?;
            return self.mlflow.download_uri(name, &version).await;
        }
        Ok(uri.to_owned())
    }

    /// The ONNX file of a model: `uri` itself when it names a `.onnx` file, else the one `.onnx`
    /// file in that directory (`model.onnx` when there are several).
    pub async fn onnx_file(&self, uri: &str) -> Result<String> {
        let location = self.locate(uri).await?;
        if location.ends_with(".onnx") {
            return Ok(location);
        }
        let files = self.list(&location).await?;
        let onnx: Vec<&String> = files.iter().filter(|f| f.ends_with(".onnx")).collect();
        let chosen = match onnx.as_slice() {
            [] => {
                return Err(bad_uri(
                    &location,
                    &format!("no .onnx file among the artifacts ({})", files.join(", ")),
                ));
            }
            [one] => (*one).clone(),
            many => many
                .iter()
                .find(|f| f.as_str() == "model.onnx")
                .map(|f| (*f).clone())
                .ok_or_else(|| {
                    bad_uri(&location, "several .onnx files and none named model.onnx")
                })?,
        };
        Ok(join(&location, &chosen))
    }

    /// File names directly under a directory URI.
    async fn list(&self, location: &str) -> Result<Vec<String>> {
        if let Some(path) = proxied_path(location) {
            let files = self.mlflow.list_artifacts(&path).await?;
            return Ok(files
                .into_iter()
                .filter(|f| !f.is_dir)
                .map(|f| f.path.rsplit('/').next().unwrap_or_default().to_owned())
                .collect());
        }
        if let Some((bucket, key)) = s3_parts(location) {
            let prefix = if key.is_empty() || key.ends_with('/') {
                key.to_owned()
            } else {
                format!("{key}/")
            };
            let keys = self.s3().await?.list_keys(bucket, &prefix).await?;
            return Ok(keys
                .into_iter()
                .filter_map(|k| k.strip_prefix(&prefix).map(str::to_owned))
                .filter(|k| !k.contains('/'))
                .collect());
        }
        Err(bad_uri(location, "unsupported artifact URI scheme"))
    }

    /// Download one file.
    pub async fn fetch(&self, uri: &str) -> Result<Vec<u8>> {
        let location = self.locate(uri).await?;
        if let Some(path) = proxied_path(&location) {
            return self.mlflow.download_proxied_artifact(&path).await;
        }
        if let Some((bucket, key)) = s3_parts(&location) {
            return self.s3().await?.get_object(bucket, key).await;
        }
        Err(bad_uri(
            &location,
            "unsupported artifact URI scheme (s3://, mlflow-artifacts:/, runs:/, models:/)",
        ))
    }
}

fn join(root: &str, path: &str) -> String {
    let path = path.trim_matches('/');
    if path.is_empty() {
        root.trim_end_matches('/').to_owned()
    } else {
        format!("{}/{path}", root.trim_end_matches('/'))
    }
}

/// `mlflow-artifacts:/1/x` and `mlflow-artifacts://host/1/x` -> `1/x`.
fn proxied_path(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("mlflow-artifacts:")?;
    let path = match rest.strip_prefix("//") {
        // An authority (host) first: drop it.
        Some(with_host) => with_host.split_once('/').map_or("", |(_, p)| p),
        None => rest,
    };
    Some(path.trim_start_matches('/').to_owned())
}

fn s3_parts(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    Some(rest.split_once('/').unwrap_or((rest, "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_forms() {
        assert_eq!(
            proxied_path("mlflow-artifacts:/1/models/m-1/artifacts").as_deref(),
            Some("1/models/m-1/artifacts")
        );
        assert_eq!(
            proxied_path("mlflow-artifacts://mlflow:5000/1/x").as_deref(),
            Some("1/x")
        );
        assert_eq!(s3_parts("s3://b/k/m.onnx"), Some(("b", "k/m.onnx")));
        assert_eq!(s3_parts("s3://b"), Some(("b", "")));
        assert_eq!(join("s3://b/k/", "/model.onnx"), "s3://b/k/model.onnx");
    }
}
