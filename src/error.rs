//! Error kinds and the exit codes they map to.
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success, healthy, no drift |
//! | 1 | runtime failure: a backend unreachable, an operation failed |
//! | 2 | usage or configuration error |
//! | 3 | the check ran and found a problem (unhealthy, drift, mismatch) |
//! | 4 | refused: needs `--yes`, a lock is held, a policy gate failed |

use std::fmt;
use std::path::PathBuf;

use crate::redact;

/// The documented process exit statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    Failure = 1,
    Usage = 2,
    ProblemFound = 3,
    Refused = 4,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// Every error the library returns. The `Display` text is what the operator reads; it never
/// contains a secret (`redact::text` is applied when the error is printed).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration problem: unknown key, bad value, missing file.
    #[error("config: {message}")]
    Config { message: String },

    /// A command-line value that parsed but makes no sense.
    #[error("{flag}: {message}")]
    Usage { flag: String, message: String },

    /// A backend (database, artifact store, MLflow, serving) could not do what was asked.
    #[error("{component} ({endpoint}): {message}")]
    Backend {
        component: &'static str,
        endpoint: String,
        message: String,
    },

    /// MLflow answered with its `{error_code, message}` error body.
    #[error("mlflow ({endpoint}): {error_code}: {message} (HTTP {status})")]
    MlflowApi {
        endpoint: String,
        status: u16,
        error_code: String,
        message: String,
    },

    /// The operation was refused: confirmation missing, lock held, policy gate failed.
    #[error("refused: {message}")]
    Refused { message: String },

    /// A local file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The operation was stopped by a signal (Ctrl-C, SIGTERM) before it finished; `signal`
    /// says which, as the operator reads it (`interrupted (SIGINT)`, `terminated (SIGTERM)`).
    #[error("{signal}")]
    Interrupted { signal: String },

    /// Any other failure of an operation, with the error that caused it when there is one.
    #[error("{message}")]
    Failed {
        message: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl Error {
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    pub fn usage(flag: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Usage {
            flag: flag.into(),
            message: message.into(),
        }
    }

    /// A backend error; the endpoint is redacted here so that no caller can forget it.
    pub fn backend(
        component: &'static str,
        endpoint: impl AsRef<str>,
        message: impl Into<String>,
    ) -> Self {
        Error::Backend {
            component,
            endpoint: redact::url(endpoint.as_ref()),
            message: message.into(),
        }
    }

    pub fn refused(message: impl Into<String>) -> Self {
        Error::Refused {
            message: message.into(),
        }
    }

    /// An operation failed for a reason that is not one of the kinds above.
    pub fn failed(message: impl Into<String>) -> Self {
        Error::Failed {
            message: message.into(),
            source: None,
        }
    }

    /// [`Error::failed`], keeping the error that caused it (printed after the message by
    /// [`Error::report`]).
    pub fn failed_with(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Failed {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }

    pub fn interrupted(signal: impl Into<String>) -> Self {
        Error::Interrupted {
            signal: signal.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The same error, its exit status kept, with `note` added to what the operator reads
    /// (typically what state the failure left behind).
    pub fn context(self, note: impl fmt::Display) -> Self {
        match self {
            Error::Config { message } => Error::Config {
                message: format!("{message}; {note}"),
            },
            Error::Usage { flag, message } => Error::Usage {
                flag,
                message: format!("{message}; {note}"),
            },
            Error::Backend {
                component,
                endpoint,
                message,
            } => Error::Backend {
                component,
                endpoint,
                message: format!("{message}; {note}"),
            },
            Error::MlflowApi {
                endpoint,
                status,
                error_code,
                message,
            } => Error::MlflowApi {
                endpoint,
                status,
                error_code,
                message: format!("{message}; {note}"),
            },
            Error::Refused { message } => Error::Refused {
                message: format!("{message}; {note}"),
            },
            Error::Interrupted { signal } => Error::Interrupted {
                signal: format!("{signal}; {note}"),
            },
            Error::Failed { message, source } => Error::Failed {
                message: format!("{message}; {note}"),
                source,
            },
            other @ Error::Io { .. } => Error::Failed {
                message: format!("{}; {note}", other.report()),
                source: None,
            },
        }
    }

    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Config { .. } | Error::Usage { .. } => ExitStatus::Usage,
            Error::Refused { .. } => ExitStatus::Refused,
            Error::Backend { .. }
            | Error::MlflowApi { .. }
            | Error::Io { .. }
            | Error::Interrupted { .. }
            | Error::Failed { .. } => ExitStatus::Failure,
        }
    }

    /// The full message with causes, as printed on stderr, secrets removed.
    pub fn report(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        redact::text(&text)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
