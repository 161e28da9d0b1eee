//! S3 and S3-compatible stores through aws-sdk-s3: custom endpoint, path-style addressing,
//! static credentials from config or the standard AWS credential chain.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};

use crate::config::S3Config;
use crate::error::{Error, Result};
use crate::redact;

pub const COMPONENT: &str = "artifact_store";

#[derive(Debug, Clone)]
pub struct ObjectStore {
    client: aws_sdk_s3::Client,
    endpoint: String,
    timeout: Duration,
}

impl ObjectStore {
    pub async fn connect(config: &S3Config) -> Result<ObjectStore> {
        let timeout = config.timeout.0;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(config.region.clone()))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(timeout)
                    .operation_timeout(timeout)
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(3));
        if let (Some(key), Some(secret)) = (&config.access_key_id, &config.secret_access_key) {
            loader = loader.credentials_provider(Credentials::new(
                key,
                secret.expose(),
                None,
                None,
                "nbamcp-config",
            ));
        }
        if let Some(endpoint) = &config.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        let shared = loader.load().await;
        let s3_config = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(config.force_path_style)
            .build();
        let endpoint = config
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("https://s3.{}.amazonaws.com", config.region));
        Ok(ObjectStore {
            client: aws_sdk_s3::Client::from_conf(s3_config),
            endpoint: redact::url(&endpoint),
            timeout,
        })
    }

    /// The redacted endpoint, for messages.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Check that a bucket exists and these credentials may use it.
    pub async fn head_bucket(&self, bucket: &str) -> Result<()> {
        self.client
            .head_bucket()
            .bucket(bucket)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.error(&format!("bucket {bucket}"), e))
    }

    /// Store `body` at `bucket/key` in one request (for objects of a few hundred MB at most).
    pub async fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> Result<()> {
        self.client
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(aws_sdk_s3::primitives::ByteStream::from(body))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.error(&format!("upload of s3://{bucket}/{key}"), e))
    }

    /// The whole object at `bucket/key`, in memory.
    pub async fn get_object(&self, bucket: &str, key: &str) -> Result<Vec<u8>> {
        let what = format!("download of s3://{bucket}/{key}");
        let output = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| self.error(&what, e))?;
        let body = output.body.collect().await.map_err(|e| {
            Error::backend(
                COMPONENT,
                &self.endpoint,
                redact::text(&format!("{what}: read failed: {e}")),
            )
        })?;
        Ok(body.into_bytes().to_vec())
    }

    pub async fn delete_object(&self, bucket: &str, key: &str) -> Result<()> {
        self.client
            .delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.error(&format!("delete of s3://{bucket}/{key}"), e))
    }

    /// The keys under a prefix (all pages).
    pub async fn list_keys(&self, bucket: &str, prefix: &str) -> Result<Vec<String>> {
        let what = format!("s3://{bucket}/{prefix}");
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let output = self
                .client
                .list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| self.error(&what, e))?;
            keys.extend(
                output
                    .contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_owned)),
            );
            match output.next_continuation_token() {
                Some(next) if output.is_truncated() == Some(true) => token = Some(next.to_owned()),
                _ => return Ok(keys),
            }
        }
    }

    /// Map an SDK error into an operator's message naming what was being done.
    pub fn error<E, R>(&self, what: &str, e: SdkError<E, R>) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + HasStatus,
    {
        let message = match &e {
            SdkError::TimeoutError(_) => format!(
                "{what}: no answer within {} (s3.timeout)",
                crate::units::HumanDuration(self.timeout)
            ),
            SdkError::DispatchFailure(failure) => {
                if failure.is_timeout() {
                    format!(
                        "{what}: no answer within {} (s3.timeout)",
                        crate::units::HumanDuration(self.timeout)
                    )
                } else {
                    format!("{what}: cannot connect: {}", DisplayErrorContext(&e))
                }
            }
            SdkError::ServiceError(service) => match service.raw().status_code() {
                Some(403) => format!(
                    "{what}: access denied (HTTP 403: check s3.access_key_id and the secret key)"
                ),
                Some(404) => format!("{what}: does not exist (HTTP 404)"),
                Some(code) => format!("{what}: HTTP {code}: {}", DisplayErrorContext(&e)),
                None => format!("{what}: {}", DisplayErrorContext(&e)),
            },
            _ => format!("{what}: {}", DisplayErrorContext(&e)),
        };
        Error::backend(COMPONENT, &self.endpoint, redact::text(&message))
    }
}

/// The HTTP status of a raw response, whatever the SDK's response type.
pub trait HasStatus {
    fn status_code(&self) -> Option<u16>;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status_code(&self) -> Option<u16> {
        Some(self.status().as_u16())
    }
}
