//! The serving replicas' admin API (`/admin/...`, bearer token `serving.admin_token`), as the
//! CLI uses it: cache stats and clear, per-version traffic for `ab-split --show`.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use crate::config::ServingConfig;
use crate::error::{Error, Result};
use crate::redact;

pub const COMPONENT: &str = "serving";

#[derive(Debug, Clone)]
pub struct Serving {
    http: reqwest::Client,
    token: Option<String>,
    timeout: Duration,
}

impl Serving {
    pub fn new(config: &ServingConfig) -> Result<Serving> {
        let timeout = config.timeout.0;
        let http = reqwest::Client::builder()
            .user_agent(concat!("nbamcp/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| Error::backend(COMPONENT, "-", e.to_string()))?;
        Ok(Serving {
            http,
            token: config.admin_token.as_ref().map(|t| t.expose().to_owned()),
            timeout,
        })
    }

    /// `GET` or `POST` an admin path on one replica; the JSON answer.
    pub async fn admin(&self, method: Method, base: &str, path: &str) -> Result<Value> {
        let url = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        let mut request = self.http.request(method, &url);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| {
            let message = if e.is_timeout() {
                format!(
                    "no answer within {} (serving.timeout)",
                    crate::units::HumanDuration(self.timeout)
                )
            } else {
                format!("cannot reach the replica: {}", root_cause(&e))
            };
            Error::backend(COMPONENT, base, message)
        })?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            let message = body["error"]
                .as_str()
                .unwrap_or("no error message")
                .to_owned();
            let hint = if status == reqwest::StatusCode::UNAUTHORIZED {
                " (check serving.admin_token)"
            } else {
                ""
            };
            return Err(Error::backend(
                COMPONENT,
                base,
                format!("{path}: HTTP {status}: {message}{hint}"),
            ));
        }
        Ok(body)
    }

    /// A plain `GET` (health endpoints): the HTTP status.
    pub async fn status(&self, base: &str, path: &str) -> Result<u16> {
        let url = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        let response = self.http.get(&url).send().await.map_err(|e| {
            Error::backend(
                COMPONENT,
                base,
                format!("cannot reach the replica: {}", root_cause(&e)),
            )
        })?;
        Ok(response.status().as_u16())
    }
}

fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    redact::text(&cause.to_string())
}
