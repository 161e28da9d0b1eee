//! MLflow's REST API (`/api/2.0/mlflow/...`) over reqwest.
//!
//! Every response field has a serde default: MLflow omits absent fields, returns `{}` for an
//! empty search, versions are strings and timestamps epoch milliseconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::config::MlflowConfig;
use crate::error::{Error, Result};
use crate::redact;

pub const COMPONENT: &str = "mlflow";

#[derive(Debug, Clone)]
enum Auth {
    None,
    Basic { username: String, password: String },
    Bearer(String),
}

#[derive(Debug, Clone)]
pub struct Mlflow {
    http: reqwest::Client,
    base: url::Url,
    endpoint: String,
    auth: Auth,
    timeout: Duration,
    /// HTTP requests sent by this client (and its clones), for benchmarks and `-v` logs.
    requests: Arc<AtomicUsize>,
}

/// The start of an error body on one line: an HTML error page (what MLflow's web server
/// answers when a handler crashes, e.g. its artifact store is down) loses its tags, so an
/// operator reads "500 Internal Server Error ..." instead of a page of markup.
fn body_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.trim_start().to_ascii_lowercase();
    let plain = if lower.starts_with("<!doctype") || lower.starts_with("<html") {
        let mut out = String::with_capacity(text.len());
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => {
                    in_tag = true;
                    out.push(' ');
                }
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    } else {
        text.into_owned()
    };
    let one_line = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut snippet: String = one_line.chars().take(200).collect();
    if snippet.len() < one_line.len() {
        snippet.push('…');
    }
    snippet
}

/// A failed write to MLflow, and whether it may have taken effect anyway.
#[derive(Debug)]
pub struct WriteError {
    pub error: Error,
    /// The request was sent and nothing said what became of it (no answer within
    /// `mlflow.timeout`, the connection cut, an unreadable success, a gateway's bare 5xx):
    /// MLflow may have applied it, or may still apply it later. `false` when MLflow refused it
    /// with its error body or the request never left (connection refused).
    pub outcome_unknown: bool,
}

impl From<Error> for WriteError {
    /// An error before anything was sent (a bad URL).
    fn from(error: Error) -> WriteError {
        WriteError {
            error,
            outcome_unknown: false,
        }
    }
}

impl From<WriteError> for Error {
    fn from(w: WriteError) -> Error {
        w.error
    }
}

/// MLflow's error body: `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}`.
#[derive(Debug, Clone, Default, Deserialize)]
struct ApiErrorBody {
    #[serde(default)]
    error_code: String,
    #[serde(default)]
    message: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegisteredModel {
    pub name: String,
    pub creation_timestamp: Option<i64>,
    pub last_updated_timestamp: Option<i64>,
    pub description: Option<String>,
    pub latest_versions: Vec<ModelVersion>,
    pub aliases: Vec<RegisteredModelAlias>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegisteredModelAlias {
    pub alias: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ModelVersion {
    pub name: String,
    pub version: String,
    pub creation_timestamp: Option<i64>,
    pub last_updated_timestamp: Option<i64>,
    pub current_stage: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub run_id: Option<String>,
    pub status: Option<String>,
    pub aliases: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GetRegisteredModelResponse {
    registered_model: RegisteredModel,
}

/// One page of `registered-models/search`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisteredModelsPage {
    pub registered_models: Vec<RegisteredModel>,
    pub next_page_token: Option<String>,
}

impl Mlflow {
    pub fn new(config: &MlflowConfig) -> Result<Mlflow> {
        let mut base = url::Url::parse(&config.tracking_uri)
            .map_err(|e| Error::config(format!("mlflow.tracking_uri: {e}")))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let auth = match (&config.token, &config.username, &config.password) {
            (Some(token), _, _) => Auth::Bearer(token.expose().to_owned()),
            (None, Some(username), Some(password)) => Auth::Basic {
                username: username.clone(),
                password: password.expose().to_owned(),
            },
            (None, Some(_), None) => {
                return Err(Error::config(
                    "mlflow.username is set but mlflow.password is not (or MLFLOW_TRACKING_PASSWORD)",
                ));
            }
            _ => Auth::None,
        };
        let timeout = config.timeout.0;
        let http = reqwest::Client::builder()
            .user_agent(concat!("nbamcp/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| Error::backend(COMPONENT, &config.tracking_uri, e.to_string()))?;
        Ok(Mlflow {
            http,
            endpoint: redact::url(base.as_str().trim_end_matches('/')),
            base,
            auth,
            timeout,
            requests: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// How many HTTP requests this client has sent.
    pub fn requests_sent(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The redacted base URL, for messages.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn request(&self, method: Method, path: &str) -> Result<reqwest::RequestBuilder> {
        let url = self.base.join(path.trim_start_matches('/')).map_err(|e| {
            Error::backend(COMPONENT, &self.endpoint, format!("bad path {path}: {e}"))
        })?;
        self.requests.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(%method, path, "mlflow request");
        let builder = self.http.request(method, url);
        Ok(match &self.auth {
            Auth::None => builder,
            Auth::Basic { username, password } => builder.basic_auth(username, Some(password)),
            Auth::Bearer(token) => builder.bearer_auth(token),
        })
    }

    fn transport_error(&self, e: reqwest::Error) -> Error {
        let message = if e.is_timeout() {
            format!(
                "no answer within {} (mlflow.timeout)",
                crate::units::HumanDuration(self.timeout)
            )
        } else if e.is_connect() {
            format!("cannot connect: {}", root_cause(&e))
        } else {
            root_cause(&e)
        };
        Error::backend(COMPONENT, &self.endpoint, message)
    }

    async fn send<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<T> {
        self.exchange(builder, what).await.map_err(|w| w.error)
    }

    /// [`send`](Self::send), saying on failure whether MLflow may have acted on the request.
    async fn exchange<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<T, WriteError> {
        let unanswered = |e: reqwest::Error| WriteError {
            // A connection that could not be made carried no request.
            outcome_unknown: !e.is_connect(),
            error: self.transport_error(e),
        };
        let response = builder.send().await.map_err(unanswered)?;
        let status = response.status();
        let body = response.bytes().await.map_err(unanswered)?;
        if !status.is_success() {
            let error = self.api_error(status, &body, what);
            return Err(WriteError {
                // MLflow's own error body is its verdict: the request was refused. A bare 5xx
                // may come from a gateway that gave up on MLflow while MLflow went on.
                outcome_unknown: !matches!(error, Error::MlflowApi { .. })
                    && status.is_server_error(),
                error,
            });
        }
        serde_json::from_slice(&body).map_err(|e| WriteError {
            // MLflow said success; only the answer is unreadable.
            outcome_unknown: true,
            error: Error::backend(
                COMPONENT,
                &self.endpoint,
                format!("{what}: unexpected response ({e})"),
            ),
        })
    }

    fn api_error(&self, status: StatusCode, body: &[u8], what: &str) -> Error {
        let parsed: Option<ApiErrorBody> = serde_json::from_slice(body).ok();
        match parsed {
            Some(api) if !api.error_code.is_empty() => Error::MlflowApi {
                endpoint: self.endpoint.clone(),
                status: status.as_u16(),
                error_code: api.error_code,
                // One line: MLflow passes on multi-line texts (a driver's error with its hints).
                message: api.message.split_whitespace().collect::<Vec<_>>().join(" "),
            },
            _ => {
                let hint = match status {
                    StatusCode::UNAUTHORIZED => " (check mlflow.username/password or mlflow.token)",
                    StatusCode::FORBIDDEN => {
                        " (credentials refused, or the server's --allowed-hosts)"
                    }
                    _ => "",
                };
                let hint = if status.is_server_error() && what.contains("artifact") {
                    " (MLflow's artifact proxy failed: is its artifact store up?)"
                } else {
                    hint
                };
                Error::backend(
                    COMPONENT,
                    &self.endpoint,
                    format!("{what}: HTTP {status}{hint}: {}", body_snippet(body)),
                )
            }
        }
    }

    /// `GET /api/2.0/mlflow/<path>` with query parameters.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T> {
        let builder = self
            .request(Method::GET, &format!("api/2.0/mlflow/{path}"))?
            .query(query);
        self.send(builder, path).await
    }

    /// `POST /api/2.0/mlflow/<path>` with a JSON body (MLflow refuses POSTs without the JSON
    /// content type).
    pub async fn post<T: DeserializeOwned, B: Serialize>(&self, path: &str, body: &B) -> Result<T> {
        let builder = self
            .request(Method::POST, &format!("api/2.0/mlflow/{path}"))?
            .json(body);
        self.send(builder, path).await
    }

    /// The server's liveness endpoint (`GET /health`, 200 "OK").
    pub async fn health(&self) -> Result<()> {
        let response = self
            .request(Method::GET, "health")?
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            let body = response.bytes().await.unwrap_or_default();
            Err(self.api_error(status, &body, "/health"))
        }
    }

    /// The server's version (`GET /version`), if it says.
    pub async fn version(&self) -> Result<String> {
        let response = self
            .request(Method::GET, "version")?
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| self.transport_error(e))?;
        if !status.is_success() {
            return Err(self.api_error(status, body.as_bytes(), "/version"));
        }
        Ok(body.trim().to_owned())
    }

    pub async fn get_registered_model(&self, name: &str) -> Result<RegisteredModel> {
        let response: GetRegisteredModelResponse =
            self.get("registered-models/get", &[("name", name)]).await?;
        Ok(response.registered_model)
    }

    /// One page of registered models (`max_results` at most, from `page_token`).
    pub async fn search_registered_models(
        &self,
        max_results: u32,
        page_token: Option<&str>,
    ) -> Result<RegisteredModelsPage> {
        let max = max_results.to_string();
        let mut query = vec![("max_results", max.as_str())];
        if let Some(token) = page_token {
            query.push(("page_token", token));
        }
        self.get("registered-models/search", &query).await
    }
}

/// One page of `model-versions/search`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ModelVersionsPage {
    pub model_versions: Vec<ModelVersion>,
    pub next_page_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ModelVersionResponse {
    model_version: ModelVersion,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Run {
    pub info: RunInfo,
    pub data: RunData,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RunInfo {
    pub run_id: String,
    pub experiment_id: String,
    pub run_name: Option<String>,
    pub status: Option<String>,
    pub start_time: Option<i64>,
    pub artifact_uri: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RunData {
    pub metrics: Vec<Metric>,
    pub params: Vec<Tag>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Metric {
    pub key: String,
    pub value: f64,
    pub timestamp: Option<i64>,
    pub step: Option<i64>,
}

impl Run {
    /// The latest value of a metric, if the run logged it.
    pub fn metric(&self, key: &str) -> Option<f64> {
        self.data
            .metrics
            .iter()
            .filter(|m| m.key == key)
            .max_by_key(|m| (m.step, m.timestamp))
            .map(|m| m.value)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RunResponse {
    run: Run,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RunsPage {
    runs: Vec<Run>,
    next_page_token: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Experiment {
    pub experiment_id: String,
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ExperimentsPage {
    experiments: Vec<Experiment>,
    next_page_token: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DownloadUri {
    artifact_uri: String,
}

#[derive(Debug, Default, Deserialize)]
struct Empty {}

/// The registry calls nbamcp makes. Pagination is followed to the end.
impl Mlflow {
    /// Every registered model (with its aliases and latest versions), all pages.
    pub async fn all_registered_models(&self) -> Result<Vec<RegisteredModel>> {
        self.all_registered_models_paged(1000).await
    }

    /// The same, `page_size` at a time.
    pub async fn all_registered_models_paged(
        &self,
        page_size: u32,
    ) -> Result<Vec<RegisteredModel>> {
        let mut models = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .search_registered_models(page_size, token.as_deref())
                .await?;
            models.extend(page.registered_models);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next),
                None => return Ok(models),
            }
        }
    }

    /// Every version matching `filter` (e.g. `name='m'`; empty for all), all pages.
    pub async fn all_model_versions(&self, filter: &str) -> Result<Vec<ModelVersion>> {
        self.all_model_versions_paged(filter, 10_000).await
    }

    /// The same, `page_size` at a time.
    pub async fn all_model_versions_paged(
        &self,
        filter: &str,
        page_size: u32,
    ) -> Result<Vec<ModelVersion>> {
        let page_size = page_size.to_string();
        let mut versions = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("max_results", page_size.as_str())];
            if !filter.is_empty() {
                query.push(("filter", filter));
            }
            if let Some(t) = token.as_deref() {
                query.push(("page_token", t));
            }
            let page: ModelVersionsPage = self.get("model-versions/search", &query).await?;
            versions.extend(page.model_versions);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next),
                None => return Ok(versions),
            }
        }
    }

    /// Every version of one model (`model-versions/search` cannot filter on stage or alias).
    pub async fn versions_of(&self, name: &str) -> Result<Vec<ModelVersion>> {
        self.all_model_versions(&model_filter(name)).await
    }

    pub async fn get_model_version(&self, name: &str, version: &str) -> Result<ModelVersion> {
        let response: ModelVersionResponse = self
            .get(
                "model-versions/get",
                &[("name", name), ("version", version)],
            )
            .await?;
        Ok(response.model_version)
    }

    /// Move a version to a stage. A write: on failure, [`WriteError::outcome_unknown`] says
    /// whether MLflow may have applied it (or may still apply it).
    pub async fn transition_stage(
        &self,
        name: &str,
        version: &str,
        stage: &str,
        archive_existing_versions: bool,
    ) -> Result<ModelVersion, WriteError> {
        let body = serde_json::json!({
            "name": name,
            "version": version,
            "stage": stage,
            "archive_existing_versions": archive_existing_versions,
        });
        let path = "model-versions/transition-stage";
        let builder = self
            .request(Method::POST, &format!("api/2.0/mlflow/{path}"))?
            .json(&body);
        let response: ModelVersionResponse = self.exchange(builder, path).await?;
        Ok(response.model_version)
    }

    /// Point `alias` at `version` (MLflow's upsert). A write, like [`Self::transition_stage`].
    pub async fn set_alias(
        &self,
        name: &str,
        alias: &str,
        version: &str,
    ) -> Result<(), WriteError> {
        let body = serde_json::json!({"name": name, "alias": alias, "version": version});
        let path = "registered-models/alias";
        let builder = self
            .request(Method::POST, &format!("api/2.0/mlflow/{path}"))?
            .json(&body);
        let _: Empty = self.exchange(builder, path).await?;
        Ok(())
    }

    /// Remove an alias. A write, like [`Self::transition_stage`].
    pub async fn delete_alias(&self, name: &str, alias: &str) -> Result<(), WriteError> {
        let body = serde_json::json!({"name": name, "alias": alias});
        let builder = self
            .request(Method::DELETE, "api/2.0/mlflow/registered-models/alias")?
            .json(&body);
        let _: Empty = self.exchange(builder, "registered-models/alias").await?;
        Ok(())
    }

    pub async fn get_run(&self, run_id: &str) -> Result<Run> {
        let response: RunResponse = self.get("runs/get", &[("run_id", run_id)]).await?;
        Ok(response.run)
    }

    /// Runs by id, in as few requests as MLflow allows: `runs/search` over every experiment with
    /// `run_id IN (...)` in batches. Runs it cannot find that way are fetched one by one.
    pub async fn runs_by_id(&self, run_ids: &[String]) -> Result<Vec<Run>> {
        if run_ids.is_empty() {
            return Ok(Vec::new());
        }
        let experiments: Vec<String> = self
            .all_experiments()
            .await?
            .into_iter()
            .map(|e| e.experiment_id)
            .collect();
        let mut runs = Vec::new();
        for batch in run_ids.chunks(100) {
            let ids: Vec<String> = batch
                .iter()
                .map(|id| format!("'{}'", id.replace('\'', "")))
                .collect();
            let filter = format!("attributes.run_id IN ({})", ids.join(", "));
            let mut token: Option<String> = None;
            loop {
                let mut body = serde_json::json!({
                    "experiment_ids": experiments,
                    "filter": filter,
                    "max_results": 1000,
                    "run_view_type": "ALL",
                });
                if let Some(t) = &token {
                    body["page_token"] = serde_json::Value::String(t.clone());
                }
                let page: RunsPage = self.post("runs/search", &body).await?;
                runs.extend(page.runs);
                match page.next_page_token.filter(|t| !t.is_empty()) {
                    Some(next) => token = Some(next),
                    None => break,
                }
            }
        }
        for id in run_ids {
            if !runs.iter().any(|r| &r.info.run_id == id) {
                match self.get_run(id).await {
                    Ok(run) => runs.push(run),
                    Err(Error::MlflowApi { error_code, .. })
                        if error_code == "RESOURCE_DOES_NOT_EXIST" => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(runs)
    }

    pub async fn all_experiments(&self) -> Result<Vec<Experiment>> {
        let mut experiments = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![("max_results", "1000"), ("view_type", "ALL")];
            if let Some(t) = token.as_deref() {
                query.push(("page_token", t));
            }
            let page: ExperimentsPage = self.get("experiments/search", &query).await?;
            experiments.extend(page.experiments);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(next) => token = Some(next),
                None => return Ok(experiments),
            }
        }
    }

    /// The files under `path` of the proxied artifact store
    /// (`GET /api/2.0/mlflow-artifacts/artifacts?path=`), one level.
    pub async fn list_artifacts(&self, path: &str) -> Result<Vec<ArtifactFile>> {
        let builder = self
            .request(Method::GET, "api/2.0/mlflow-artifacts/artifacts")?
            .query(&[("path", path)]);
        let listing: ArtifactListing = self.send(builder, "mlflow-artifacts/artifacts").await?;
        Ok(listing.files)
    }

    /// Where a version's artifacts are (`model-versions/get-download-uri`).
    pub async fn download_uri(&self, name: &str, version: &str) -> Result<String> {
        let response: DownloadUri = self
            .get(
                "model-versions/get-download-uri",
                &[("name", name), ("version", version)],
            )
            .await?;
        Ok(response.artifact_uri)
    }
}

/// One entry of an artifact directory listing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ArtifactFile {
    pub path: String,
    pub is_dir: bool,
    pub file_size: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ArtifactListing {
    files: Vec<ArtifactFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoggedModelResponse {
    model: LoggedModel,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoggedModel {
    info: LoggedModelInfo,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoggedModelInfo {
    artifact_uri: String,
}

/// Artifacts through MLflow: the artifact proxy (`mlflow-artifacts:/`) and logged models.
impl Mlflow {
    /// Download one artifact through the proxy.
    pub async fn download_proxied_artifact(&self, path: &str) -> Result<Vec<u8>> {
        let encoded: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(|p| url::form_urlencoded::byte_serialize(p.as_bytes()).collect())
            .collect();
        let response = self
            .request(
                Method::GET,
                &format!("api/2.0/mlflow-artifacts/artifacts/{}", encoded.join("/")),
            )?
            .send()
            .await
            .map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        if !status.is_success() {
            return Err(self.api_error(status, &body, &format!("artifact {path}")));
        }
        Ok(body.to_vec())
    }

    /// Where a logged model (`models:/m-<id>`) keeps its artifacts.
    pub async fn logged_model_artifact_uri(&self, model_id: &str) -> Result<String> {
        let response: LoggedModelResponse =
            self.get(&format!("logged-models/{model_id}"), &[]).await?;
        Ok(response.model.info.artifact_uri)
    }
}

/// The `model-versions/search` filter that selects one model's versions.
pub fn model_filter(name: &str) -> String {
    format!("name='{}'", name.replace('\'', "\\'"))
}

/// The innermost cause of a reqwest error: "Connection refused (os error 111)" rather than
/// "error sending request for url (...)".
fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    redact::text(&cause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    #[test]
    fn an_html_error_page_becomes_one_line_of_text() {
        // The page Flask/werkzeug answers for an unhandled error (MLflow with S3 down).
        let page = b"<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n\
            <h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was \
            unable to complete your request.</p>\n";
        let text = body_snippet(page);
        assert!(!text.contains('<') && !text.contains('\n'), "{text}");
        assert!(
            text.starts_with("500 Internal Server Error Internal Server Error The server"),
            "{text}"
        );
        assert_eq!(body_snippet(b"  plain\ntext  "), "plain text");
        let long = "x".repeat(300);
        assert_eq!(body_snippet(long.as_bytes()).chars().count(), 201);
    }

    fn authorization(config: &MlflowConfig) -> Option<String> {
        let client = Mlflow::new(config).unwrap();
        let request = client
            .request(Method::GET, "health")
            .unwrap()
            .build()
            .unwrap();
        request
            .headers()
            .get(reqwest::header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn basic_bearer_or_no_auth_from_config() {
        let mut config = MlflowConfig::default();
        assert_eq!(authorization(&config), None);
        config.username = Some("ops".into());
        config.password = Some(Secret::new("pw-123"));
        // base64("ops:pw-123")
        assert_eq!(
            authorization(&config).as_deref(),
            Some("Basic b3BzOnB3LTEyMw==")
        );
        config.token = Some(Secret::new("tok-456"));
        assert_eq!(
            authorization(&config).as_deref(),
            Some("Bearer tok-456"),
            "a token wins"
        );
    }

    #[test]
    fn username_without_password_is_a_config_error() {
        let config = MlflowConfig {
            username: Some("ops".into()),
            ..Default::default()
        };
        assert!(matches!(Mlflow::new(&config), Err(Error::Config { .. })));
    }

    #[test]
    fn api_paths_join_under_a_prefix() {
        let config = MlflowConfig {
            tracking_uri: "http://h:5000/mlflow".into(),
            ..Default::default()
        };
        let client = Mlflow::new(&config).unwrap();
        let request = client
            .request(Method::GET, "api/2.0/mlflow/registered-models/get")
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(
            request.url().as_str(),
            "http://h:5000/mlflow/api/2.0/mlflow/registered-models/get"
        );
    }
}
