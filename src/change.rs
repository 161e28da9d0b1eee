//! The audited-change protocol: how every change to shared state (the model registry, the
//! desired deployments) is made, so that no change goes unaudited and a failure always says
//! what state it left behind.
//!
//! 1. **Lock** ([`lock`]): a PostgreSQL advisory lock per (scope, key) — `registry`/model,
//!    `deploy`/model — held by a connection of this process until the guard drops. A lock held
//!    by another session is a refusal (exit 4) naming the holder.
//! 2. **Re-read** (the caller): under the lock, read the state again and plan from it (or
//!    refuse when it moved since a plan was shown for confirmation).
//! 3. **Pending audit row** ([`commit`]): the event is recorded as `<action>_pending` *before*
//!    anything changes. If it cannot be written, nothing is changed: a database error (exit 1)
//!    saying so.
//! 4. **Apply** (the caller's step, run by [`commit`]): the change itself, with its own
//!    verification and undo — the registry reads MLflow back and undoes a half-done plan; a
//!    deployment change is one transaction, rolled back by PostgreSQL. The step says whether its
//!    outcome is known ([`Failure::outcome_unknown`]: a request that got no answer may still
//!    land).
//! 5. **Settle**: the row becomes `<action>` (done), `<action>_failed` (not done, or undone) or
//!    `<action>_unknown` (the outcome is not known), with the error in its details.
//!
//! ## Failure semantics (one for every caller)
//! - The apply step failed: its error is returned (with its exit status); the audit row is
//!   settled `_failed`/`_unknown`. If that settle fails too, the row stays `_pending`, a warning
//!   is logged, and the apply step's error is still what the caller sees.
//! - The change applied but the settle failed: **the change stays** (it is not undone, and the
//!   error never reports it undone), the audit row still says `<action>_pending`, and the caller
//!   sees a database error, exit 1, that says the change was applied and names the pending
//!   event (`… was applied …, but audit event #N still says <action>_pending: <cause>`). A
//!   change whose audit record is wrong is not a success: a script gating on exit 0 must not
//!   take it for one, and the operator learns which row to correct. Nothing after the change
//!   (an alert, a wait for the replicas) runs.

use std::future::Future;

use crate::audit::{self, NewEvent};
use crate::clients::postgres::{self, AdvisoryLock, Database};
use crate::error::{Error, Result};

/// Take the advisory lock that serialises changes of `key` in `scope` (a refusal, exit 4,
/// naming `holder`'s counterpart when another session holds it).
pub async fn lock(db: &Database, scope: &str, key: &str, holder: &str) -> Result<AdvisoryLock> {
    db.try_lock(scope, key, holder).await
}

/// How an apply step failed.
#[derive(Debug)]
pub struct Failure {
    pub error: Error,
    /// A step got no answer and may still take effect: the audit row says `_unknown`.
    pub outcome_unknown: bool,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            error,
            outcome_unknown: false,
        }
    }
}

/// Record `event` as pending, run `apply`, settle the event (see the module's failure
/// semantics). `event.action` is the change's action (`promote`, `deploy`); `applied` says
/// what is true once `apply` succeeded, for the error when the settle fails ("the deploy was
/// applied"). Returns the audit event's id and what `apply` returned.
pub async fn commit<T, F, Fut>(
    db: &Database,
    mut event: NewEvent,
    applied: &str,
    apply: F,
) -> Result<(i64, T)>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = std::result::Result<T, Failure>>,
{
    let action = std::mem::take(&mut event.action);
    event.action = format!("{action}_pending");
    let id = audit::record(db, &event).await.map_err(|e| {
        Error::backend(
            postgres::COMPONENT,
            db.endpoint(),
            format!(
                "cannot write the audit log, so nothing was changed (has `nbamcp db migrate` run?): {}",
                e.report()
            ),
        )
    })?;
    let done = match apply().await {
        Ok(done) => done,
        Err(failure) => {
            let error = serde_json::json!({ "error": failure.error.report() });
            let settled = if failure.outcome_unknown {
                format!("{action}_unknown")
            } else {
                format!("{action}_failed")
            };
            if let Err(audit_error) = audit::settle(db, id, &settled, &error).await {
                tracing::warn!(
                    "could not record the failure in the audit log: {}",
                    audit_error.report()
                );
            }
            return Err(failure.error);
        }
    };
    audit::settle(db, id, &action, &serde_json::json!({}))
        .await
        .map_err(|e| {
            Error::backend(
                postgres::COMPONENT,
                db.endpoint(),
                format!(
                    "{applied}, but audit event #{id} still says {action}_pending: {}",
                    e.report()
                ),
            )
        })?;
    Ok((id, done))
}
