//! S3 and S3-compatible stores through aws-sdk-s3: custom endpoint, path-style addressing,
//! static credentials from config or the standard AWS credential chain.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use chrono::{DateTime, Utc};

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
        // `s3.timeout` is the deadline of each call as a whole: the operation timeout covers
        // every attempt and the backoff between them, so retries happen inside it, never after.
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(config.region.clone()))
            .timeout_config(deadline(timeout))
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
            .body(ByteStream::from(body))
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

    /// Read a small object whole; `None` when it does not exist.
    pub async fn get_object_bytes(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>> {
        let what = format!("reading s3://{bucket}/{key}");
        let output = match self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
        {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(self.error(&what, e)),
        };
        let bytes = output
            .body
            .collect()
            .await
            .map_err(|e| Error::backend(COMPONENT, &self.endpoint, format!("{what}: {e}")))?;
        Ok(Some(bytes.into_bytes().to_vec()))
    }

    /// Open an object for streaming: its size and its body, read chunk by chunk.
    pub async fn get_object_stream(&self, bucket: &str, key: &str) -> Result<(u64, ByteStream)> {
        let output = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| self.error(&format!("reading s3://{bucket}/{key}"), e))?;
        let size = output.content_length().unwrap_or(0).max(0) as u64;
        Ok((size, output.body))
    }

    /// The size of an object, `None` when it does not exist.
    pub async fn object_size(&self, bucket: &str, key: &str) -> Result<Option<u64>> {
        match self
            .client
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
        {
            Ok(output) => Ok(Some(output.content_length().unwrap_or(0).max(0) as u64)),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(None),
            Err(e) => Err(self.error(&format!("checking s3://{bucket}/{key}"), e)),
        }
    }

    /// Every object under a prefix (all pages).
    pub async fn list_objects(&self, bucket: &str, prefix: &str) -> Result<Vec<ObjectInfo>> {
        let mut objects = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(bucket)
                .prefix(prefix)
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| self.error(&format!("listing s3://{bucket}/{prefix}"), e))?;
            for object in page.contents() {
                objects.push(ObjectInfo {
                    key: object.key().unwrap_or_default().to_owned(),
                    size: object.size().unwrap_or(0).max(0) as u64,
                    last_modified: object.last_modified().and_then(to_chrono),
                });
            }
            match page.next_continuation_token() {
                Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_owned()),
                _ => break,
            }
        }
        Ok(objects)
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
        Ok(self
            .list_objects(bucket, prefix)
            .await?
            .into_iter()
            .map(|o| o.key)
            .collect())
    }

    /// Start a multipart upload; returns its upload id.
    pub async fn create_multipart_upload(&self, bucket: &str, key: &str) -> Result<String> {
        let output = self
            .client
            .create_multipart_upload()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| self.error(&format!("starting an upload to s3://{bucket}/{key}"), e))?;
        output.upload_id().map(str::to_owned).ok_or_else(|| {
            Error::backend(
                COMPONENT,
                &self.endpoint,
                format!("starting an upload to s3://{bucket}/{key}: no upload id in the answer"),
            )
        })
    }

    /// Upload one part (numbered from 1); returns its ETag for the completion.
    pub async fn upload_part(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        part_number: i32,
        body: Vec<u8>,
    ) -> Result<String> {
        let what = format!("uploading part {part_number} of s3://{bucket}/{key}");
        let output = self
            .client
            .upload_part()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .part_number(part_number)
            .body(ByteStream::from(body))
            .send()
            .await
            .map_err(|e| self.error(&what, e))?;
        output
            .e_tag()
            .map(str::to_owned)
            .ok_or_else(|| Error::backend(COMPONENT, &self.endpoint, format!("{what}: no ETag")))
    }

    /// Complete a multipart upload from its parts' numbers and ETags, in order.
    pub async fn complete_multipart_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        parts: &[(i32, String)],
    ) -> Result<()> {
        let completed = CompletedMultipartUpload::builder()
            .set_parts(Some(
                parts
                    .iter()
                    .map(|(number, etag)| {
                        CompletedPart::builder()
                            .part_number(*number)
                            .e_tag(etag)
                            .build()
                    })
                    .collect(),
            ))
            .build();
        self.client
            .complete_multipart_upload()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .multipart_upload(completed)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.error(&format!("completing the upload of s3://{bucket}/{key}"), e))
    }

    /// Abort a multipart upload; one that no longer exists is already what we want.
    pub async fn abort_multipart_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
    ) -> Result<()> {
        self.abort_multipart_upload_within(bucket, key, upload_id, self.timeout)
            .await
    }

    /// [`Self::abort_multipart_upload`] under a deadline of its own (at most `s3.timeout`), for
    /// a clean-up after S3 just failed to answer.
    pub async fn abort_multipart_upload_within(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        within: Duration,
    ) -> Result<()> {
        let within = within.min(self.timeout);
        match self
            .client
            .abort_multipart_upload()
            .bucket(bucket)
            .key(key)
            .upload_id(upload_id)
            .customize()
            .config_override(
                aws_sdk_s3::config::Builder::default().timeout_config(deadline(within)),
            )
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_upload()) => Ok(()),
            Err(e) => Err(self.error_within(
                &format!("aborting the upload of s3://{bucket}/{key}"),
                e,
                within,
            )),
        }
    }

    /// Multipart uploads started under a prefix and neither completed nor aborted; `None` when
    /// the server cannot list them (s3s-fs answers NotImplemented).
    pub async fn list_multipart_uploads(
        &self,
        bucket: &str,
        prefix: &str,
    ) -> Result<Option<Vec<UploadInfo>>> {
        let mut uploads = Vec::new();
        let (mut key_marker, mut id_marker): (Option<String>, Option<String>) = (None, None);
        loop {
            let page = self
                .client
                .list_multipart_uploads()
                .bucket(bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.take())
                .set_upload_id_marker(id_marker.take())
                .send()
                .await;
            let page = match page {
                Ok(page) => page,
                Err(e)
                    if e.as_service_error().and_then(|s| s.meta().code())
                        == Some("NotImplemented") =>
                {
                    return Ok(None);
                }
                Err(e) => {
                    return Err(
                        self.error(&format!("listing uploads in s3://{bucket}/{prefix}"), e)
                    );
                }
            };
            for upload in page.uploads() {
                uploads.push(UploadInfo {
                    key: upload.key().unwrap_or_default().to_owned(),
                    upload_id: upload.upload_id().unwrap_or_default().to_owned(),
                    initiated: upload.initiated().and_then(to_chrono),
                });
            }
            if page.is_truncated() == Some(true) {
                key_marker = page.next_key_marker().map(str::to_owned);
                id_marker = page.next_upload_id_marker().map(str::to_owned);
                if key_marker.is_none() {
                    break;
                }
            } else {
                break;
            }
        }
        Ok(Some(uploads))
    }

    /// Map an SDK error into an operator's message naming what was being done.
    pub fn error<E, R>(&self, what: &str, e: SdkError<E, R>) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + HasStatus,
    {
        self.error_within(what, e, self.timeout)
    }

    /// [`Self::error`] of a call that had `within` as its deadline.
    fn error_within<E, R>(&self, what: &str, e: SdkError<E, R>, within: Duration) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + HasStatus,
    {
        let no_answer = || {
            let which = if within == self.timeout {
                " (s3.timeout)"
            } else {
                ""
            };
            format!(
                "{what}: {NO_ANSWER} {}{which}",
                crate::units::HumanDuration(within)
            )
        };
        let message = match &e {
            SdkError::TimeoutError(_) => no_answer(),
            SdkError::DispatchFailure(failure) => {
                if failure.is_timeout() {
                    no_answer()
                } else {
                    format!("{what}: {NO_CONNECTION}: {}", DisplayErrorContext(&e))
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

/// One object of a listing.
#[derive(Debug, Clone)]
pub struct ObjectInfo {
    pub key: String,
    pub size: u64,
    pub last_modified: Option<DateTime<Utc>>,
}

/// A multipart upload that was started and neither completed nor aborted.
#[derive(Debug, Clone)]
pub struct UploadInfo {
    pub key: String,
    pub upload_id: String,
    pub initiated: Option<DateTime<Utc>>,
}

fn to_chrono(time: &aws_sdk_s3::primitives::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(time.secs(), time.subsec_nanos())
}

/// One deadline for a whole call: every attempt, and the backoff between them, within `timeout`.
fn deadline(timeout: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(timeout)
        .operation_attempt_timeout(timeout)
        .operation_timeout(timeout)
        .build()
}

/// Whether `e` is this module's report of S3 not answering (a timeout, no connection), as
/// opposed to S3 answering with an error.
pub fn unanswered(e: &Error) -> bool {
    matches!(e, Error::Backend { component, message, .. }
        if *component == COMPONENT && (message.contains(NO_ANSWER) || message.contains(NO_CONNECTION)))
}

const NO_ANSWER: &str = "no answer within";
const NO_CONNECTION: &str = "cannot connect";

/// The HTTP status of a raw response, whatever the SDK's response type.
pub trait HasStatus {
    fn status_code(&self) -> Option<u16>;
}

impl HasStatus for aws_sdk_s3::config::http::HttpResponse {
    fn status_code(&self) -> Option<u16> {
        Some(self.status().as_u16())
    }
}
