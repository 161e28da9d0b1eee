//! The HTTP API: Open Inference Protocol (KServe V2) inference and metadata, `/metrics`, and
//! the admin endpoints (bearer token from `serving.admin_token`).
//!
//! Every error is `{"error": "..."}`: 400 malformed, 401 admin without the token, 404 unknown
//! model or version, 413 body above `serving.max_body`, 422 wrong feature count or type or a
//! value that is not finite as FP32, 503 not ready / no version takes traffic.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::cache::response_key;
use super::model::{OnnxModel, OutputTensor};
use super::predlog::Record;
use super::router::ModelRoute;

/// An error answer: status and message, sent as `{"error": message}`.
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError(status, message.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

type Answer = Result<Response, ApiError>;

pub fn router(state: Arc<AppState>) -> Router {
    let max_body = usize::try_from(state.config.serving.max_body.0).unwrap_or(usize::MAX);
    Router::new()
        .route("/v2", get(server_metadata))
        .route("/v2/health/live", get(live))
        .route("/v2/health/ready", get(ready))
        .route("/v2/models/{name}", get(model_metadata))
        .route("/v2/models/{name}/ready", get(model_ready))
        .route(
            "/v2/models/{name}/versions/{version}",
            get(version_metadata),
        )
        .route("/v2/models/{name}/infer", post(infer_routed))
        .route(
            "/v2/models/{name}/versions/{version}/infer",
            post(infer_pinned),
        )
        .route("/metrics", get(metrics))
        .route("/admin/deployments", get(admin_deployments))
        .route("/admin/reconcile", post(admin_reconcile))
        .route("/admin/cache", get(admin_cache))
        .route("/admin/cache/clear", post(admin_cache_clear))
        .route("/admin/stats", get(admin_stats))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such endpoint") })
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

async fn server_metadata() -> Json<Value> {
    Json(json!({
        "name": "nbamcp",
        "version": env!("CARGO_PKG_VERSION"),
        "extensions": [],
    }))
}

async fn live() -> Json<Value> {
    Json(json!({ "live": true }))
}

async fn ready(State(state): State<Arc<AppState>>) -> Answer {
    if state.ready.load(Ordering::SeqCst) {
        Ok(Json(json!({ "ready": true })).into_response())
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: the first reconcile with the desired deployments has not finished",
        ))
    }
}

fn find_route(state: &AppState, name: &str) -> Result<Arc<ModelRoute>, ApiError> {
    state.route(name).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("model {name:?} is not deployed on this replica"),
        )
    })
}

fn find_version(
    route: &ModelRoute,
    name: &str,
    version: &str,
) -> Result<(String, Arc<OnnxModel>), ApiError> {
    let version = crate::deploy::parse_version(version).map_err(|_| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("{version:?} is not a version (write 3 or v3)"),
        )
    })?;
    route
        .loaded
        .get(&version)
        .map(|(_, m)| (version.clone(), m.clone()))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("version {version} of {name:?} is not deployed on this replica"),
            )
        })
}

fn tensor_metadata(model: &OnnxModel) -> (Value, Value) {
    let s = &model.signature;
    (
        json!([{ "name": s.input_name, "datatype": "FP32", "shape": [-1, s.features] }]),
        serde_json::to_value(&s.outputs).unwrap_or(Value::Null),
    )
}

async fn model_metadata(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Answer {
    let route = find_route(&state, &name)?;
    let newest = route
        .loaded
        .iter()
        .max_by(|a, b| crate::registry::version_order(a.0, b.0))
        .map(|(_, (_, m))| m.clone());
    let (inputs, outputs) = newest
        .as_deref()
        .map(tensor_metadata)
        .unwrap_or((json!([]), json!([])));
    Ok(Json(json!({
        "name": name,
        "platform": "onnxruntime_onnx",
        "versions": route.loaded.keys().collect::<Vec<_>>(),
        "weights": route.weights(),
        "inputs": inputs,
        "outputs": outputs,
    }))
    .into_response())
}

async fn model_ready(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Answer {
    let route = find_route(&state, &name)?;
    if route.routable() {
        Ok(Json(json!({ "name": name, "ready": true })).into_response())
    } else {
        Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("no version of {name:?} takes traffic"),
        ))
    }
}

async fn version_metadata(
    State(state): State<Arc<AppState>>,
    Path((name, version)): Path<(String, String)>,
) -> Answer {
    let route = find_route(&state, &name)?;
    let (version, model) = find_version(&route, &name, &version)?;
    let (inputs, outputs) = tensor_metadata(&model);
    Ok(Json(json!({
        "name": name,
        "version": version,
        "platform": "onnxruntime_onnx",
        "sha256": model.sha256,
        "weight": route.loaded.get(&version).map(|(w, _)| *w),
        "inputs": inputs,
        "outputs": outputs,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
struct InferRequest {
    id: Option<Value>,
    #[serde(default)]
    parameters: serde_json::Map<String, Value>,
    inputs: Vec<InferInput>,
}

#[derive(Debug, Deserialize)]
struct InferInput {
    name: String,
    shape: Vec<i64>,
    datatype: String,
    data: Value,
}

/// A parsed request: its rows (row-major f32), how many, and the routing key.
struct Rows {
    id: Option<Value>,
    values: Vec<f32>,
    shape: Vec<i64>,
    key: Option<String>,
}

fn parse_body(body: Result<Bytes, BytesRejection>, headers: &HeaderMap) -> Result<Rows, ApiError> {
    let body = body.map_err(|rejection| match super::conn::is_body_timeout(&rejection) {
        Some(timeout) => ApiError::new(StatusCode::REQUEST_TIMEOUT, timeout.to_string()),
        None => ApiError::new(rejection.status(), rejection.body_text()),
    })?;
    let request: InferRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("malformed inference request: {e}"),
        )
    })?;
    let [input] = <[InferInput; 1]>::try_from(request.inputs).map_err(|inputs| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("expected exactly one input tensor, got {}", inputs.len()),
        )
    })?;
    if !matches!(
        input.datatype.to_ascii_uppercase().as_str(),
        "FP32"
            | "FP64"
            | "FP16"
            | "INT8"
            | "INT16"
            | "INT32"
            | "INT64"
            | "UINT8"
            | "UINT16"
            | "UINT32"
            | "UINT64"
    ) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "input datatype {} is not numeric: the model takes FP32 features",
                input.datatype
            ),
        ));
    }
    if input.shape.is_empty() || input.shape.len() > 2 || input.shape.iter().any(|d| *d <= 0) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "shape {:?}: expected [rows, features] (or [features] for one row), all positive",
                input.shape
            ),
        ));
    }
    let mut values = Vec::new();
    let mut not_finite = None;
    flatten(&input.data, &mut values, &mut not_finite)?;
    // checked: a shape like [2^62, 4] must be a 400, not an overflow.
    let expected = input
        .shape
        .iter()
        .try_fold(1i64, |acc, d| acc.checked_mul(*d))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("shape {:?} is too large", input.shape),
            )
        })?;
    if values.len() as i64 != expected {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "shape {:?} holds {expected} values, data has {}",
                input.shape,
                values.len()
            ),
        ));
    }
    if let Some((index, written)) = not_finite {
        let width = (*input.shape.last().unwrap_or(&1) as usize).max(1);
        let datatype = input.datatype.to_ascii_uppercase();
        let sent = if datatype == "FP32" {
            String::new()
        } else {
            format!(" (the request says {datatype})")
        };
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "input {:?}: row {}, position {}: {written} is out of range: not finite as FP32 \
                 (largest magnitude {:e}); the model's input datatype is FP32{sent}",
                input.name,
                index / width,
                index % width,
                f32::MAX,
            ),
        ));
    }
    let key = headers
        .get("x-routing-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| match request.parameters.get("routing_key") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
    Ok(Rows {
        id: request.id,
        values,
        shape: input.shape,
        key,
    })
}

/// The first value that is not finite once converted to the model's FP32: its flat index and
/// how the request wrote it.
type NotFinite = Option<(usize, String)>;

fn flatten(value: &Value, out: &mut Vec<f32>, bad: &mut NotFinite) -> Result<(), ApiError> {
    match value {
        Value::Array(items) => {
            for item in items {
                flatten(item, out, bad)?;
            }
            Ok(())
        }
        Value::Number(n) => {
            let v = n.as_f64().ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("{n} is not a number"),
                )
            })?;
            // 1e300 (or 3.5e38) is a fine f64 but infinite as f32: the model would saturate
            // and the prediction log would store null.
            let converted = v as f32;
            if !converted.is_finite() && bad.is_none() {
                *bad = Some((out.len(), format!("{v:e}")));
            }
            out.push(converted);
            Ok(())
        }
        other => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("feature values must be numbers, got {other}"),
        )),
    }
}

async fn infer_routed(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let started = Instant::now();
    let result = async {
        let rows = parse_body(body, &headers)?;
        let route = find_route(&state, &name)?;
        let entry = route.pick(rows.key.as_deref()).ok_or_else(|| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("no version of {name:?} takes traffic (all weights 0 or failed)"),
            )
        })?;
        Ok::<_, ApiError>((rows, entry.version.clone(), entry.model.clone()))
    }
    .await;
    match result {
        Ok((rows, version, model)) => infer(&state, &name, &version, model, rows, started).await,
        Err(e) => {
            state.metrics.reject(e.0.as_u16());
            Err(e)
        }
    }
}

async fn infer_pinned(
    State(state): State<Arc<AppState>>,
    Path((name, version)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let started = Instant::now();
    let result = async {
        let rows = parse_body(body, &headers)?;
        let route = find_route(&state, &name)?;
        let (version, model) = find_version(&route, &name, &version)?;
        Ok::<_, ApiError>((rows, version, model))
    }
    .await;
    match result {
        Ok((rows, version, model)) => infer(&state, &name, &version, model, rows, started).await,
        Err(e) => {
            state.metrics.reject(e.0.as_u16());
            Err(e)
        }
    }
}

async fn infer(
    state: &Arc<AppState>,
    name: &str,
    version: &str,
    model: Arc<OnnxModel>,
    rows: Rows,
    started: Instant,
) -> Answer {
    let answer = run_model(state, name, version, &model, &rows).await;
    let latency = started.elapsed();
    match answer {
        Ok((outputs, cached)) => {
            state.metrics.observe(name, version, "ok", latency);
            if state.predictions_enabled() {
                state.log_prediction(Record {
                    at: chrono::Utc::now(),
                    model: name.to_owned(),
                    version: version.to_owned(),
                    routing_key: rows.key.clone(),
                    features: rows_json(&rows, model.signature.features),
                    output: serde_json::to_string(&*outputs).unwrap_or_default(),
                    latency_us: latency.as_micros() as i64,
                });
            }
            let mut parameters = json!({ "cached": cached });
            if let Some(key) = &rows.key {
                parameters["routing_key"] = Value::String(key.clone());
            }
            let body = json!({
                "model_name": name,
                "model_version": version,
                "id": rows.id,
                "parameters": parameters,
                "outputs": &*outputs,
            });
            Ok((
                [(
                    header::HeaderName::from_static("x-model-version"),
                    header::HeaderValue::from_str(version)
                        .unwrap_or(header::HeaderValue::from_static("?")),
                )],
                Json(body),
            )
                .into_response())
        }
        Err(e) => {
            state.metrics.observe(name, version, e.0.as_str(), latency);
            Err(e)
        }
    }
}

async fn run_model(
    state: &Arc<AppState>,
    name: &str,
    version: &str,
    model: &Arc<OnnxModel>,
    rows: &Rows,
) -> Result<(Arc<Vec<OutputTensor>>, bool), ApiError> {
    let width = model.signature.features;
    let row_width = *rows.shape.last().unwrap_or(&0) as usize;
    if row_width != width {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "version {version} of {name:?} takes {width} features per row, the request has {row_width}"
            ),
        ));
    }
    let caching = state
        .response_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .enabled();
    let key = caching.then(|| response_key(name, version, &model.sha256, &rows.values));
    if let Some(key) = &key
        && let Some(hit) = state
            .response_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
    {
        return Ok((hit, true));
    }
    let values = rows.values.clone();
    let runner = model.clone();
    let outputs = tokio::task::spawn_blocking(move || runner.predict(&values))
        .await
        .map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("inference task: {e}"),
            )
        })?
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let outputs = Arc::new(outputs);
    if let Some(key) = key {
        state
            .response_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .put(key, outputs.clone());
    }
    Ok((outputs, false))
}

fn rows_json(rows: &Rows, width: usize) -> String {
    let nested: Vec<&[f32]> = rows.values.chunks(width.max(1)).collect();
    serde_json::to_string(&nested).unwrap_or_default()
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let model_cache = state
        .model_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .stats();
    let response_cache = state
        .response_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .stats();
    let loaded: Vec<(String, String, f64)> = state
        .routes
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .flat_map(|(m, r)| {
            r.loaded
                .iter()
                .map(|(v, (w, _))| (m.clone(), v.clone(), *w))
                .collect::<Vec<_>>()
        })
        .collect();
    let text = state.metrics.render(&model_cache, &response_cache, &loaded);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.serving.admin_token else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "admin endpoints are disabled: no serving.admin_token is configured",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compare every byte, so the time taken says nothing about how much matched.
    let expected = token.expose().as_bytes();
    let same = given.len() == expected.len()
        && given
            .as_bytes()
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token (serving.admin_token)",
        ))
    }
}

async fn admin_deployments(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Answer {
    authorize(&state, &headers)?;
    let states = state
        .states
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    Ok(Json(json!({
        "replica_id": state.replica_id,
        "ready": state.ready.load(Ordering::SeqCst),
        "versions": states,
    }))
    .into_response())
}

async fn admin_reconcile(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Answer {
    authorize(&state, &headers)?;
    state.reconcile().await.map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("reconcile failed: {}", e.report()),
        )
    })?;
    admin_deployments(State(state), headers).await
}

fn cache_report(state: &AppState) -> Value {
    let model_cache = state
        .model_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .stats();
    let data_cache = state
        .response_cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .stats();
    json!({
        "replica_id": state.replica_id,
        "model_cache": model_cache,
        "data_cache": data_cache,
    })
}

async fn admin_cache(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Answer {
    authorize(&state, &headers)?;
    Ok(Json(cache_report(&state)).into_response())
}

#[derive(Debug, Deserialize)]
struct ClearQuery {
    what: Option<String>,
}

async fn admin_cache_clear(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    query: Result<Query<ClearQuery>, axum::extract::rejection::QueryRejection>,
) -> Answer {
    authorize(&state, &headers)?;
    let what = query
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?
        .0
        .what
        .unwrap_or_else(|| "all".into());
    let (models, responses) = match what.as_str() {
        "model" => (true, false),
        "responses" => (false, true),
        "all" => (true, true),
        other => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("what={other}: expected model, responses or all"),
            ));
        }
    };
    let models_cleared = if models {
        state
            .model_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear_unpinned()
    } else {
        0
    };
    let responses_cleared = if responses {
        state
            .response_cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear()
    } else {
        0
    };
    let mut report = cache_report(&state);
    report["cleared"] = json!({ "model_cache": models_cleared, "data_cache": responses_cleared });
    Ok(Json(report).into_response())
}

async fn admin_stats(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Answer {
    authorize(&state, &headers)?;
    Ok(Json(json!({
        "replica_id": state.replica_id,
        "traffic": state.metrics.traffic(),
        "predictions_logged": state.metrics.predictions_logged.load(Ordering::Relaxed),
        "predictions_dropped": state.metrics.dropped_total(),
        "predictions_dropped_by_reason": super::metrics::DropReason::ALL
            .iter()
            .map(|r| (r.label(), state.metrics.dropped_count(*r)))
            .collect::<std::collections::BTreeMap<_, _>>(),
        "predictions_pending": state.metrics.predictions_pending.load(Ordering::Relaxed),
    }))
    .into_response())
}
