//! Deploy, undeploy and ab-split as operations: options → a plan (what a dry run shows) →
//! apply through the audited-change protocol ([`crate::change`]) → a typed report; and the
//! wait until every live replica serves the change. No prompting here: a face shows the plan,
//! confirms, then calls [`apply`].

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::audit::NewEvent;
use crate::change;
use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::Database;
use crate::config::Config;
use crate::deploy::{
    self, Convergence, DesiredChange, NewDeployment, Validation, artifact::Artifacts,
};
use crate::error::{Error, Result};
use crate::serve::metrics::VersionTraffic;
use crate::services::Services;

/// Which change to the desired state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeAction {
    Deploy,
    Undeploy,
    AbSplit,
}

impl ChangeAction {
    /// As the audit log writes it (`ab_split`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Deploy => "deploy",
            ChangeAction::Undeploy => "undeploy",
            ChangeAction::AbSplit => "ab_split",
        }
    }

    /// As the command is typed (`ab-split`).
    pub fn command(self) -> &'static str {
        match self {
            ChangeAction::Deploy => "deploy",
            ChangeAction::Undeploy => "undeploy",
            ChangeAction::AbSplit => "ab-split",
        }
    }
}

impl std::fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one replica stands against the desired state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WaitStatus {
    Ready,
    Pending,
    Failed,
}

impl WaitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitStatus::Ready => "ready",
            WaitStatus::Pending => "pending",
            WaitStatus::Failed => "failed",
        }
    }
}

impl std::fmt::Display for WaitStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one replica answered the wait.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaWait {
    pub replica_id: String,
    pub url: String,
    pub status: WaitStatus,
    pub detail: String,
}

impl ReplicaWait {
    fn of(replica: &deploy::ReplicaReport, model: &str, desired: &[deploy::Deployment]) -> Self {
        let (status, detail) = match deploy::convergence(replica, model, desired) {
            Convergence::Converged => (WaitStatus::Ready, String::new()),
            Convergence::Pending(why) => (WaitStatus::Pending, why),
            Convergence::Failed(why) => (WaitStatus::Failed, why),
        };
        ReplicaWait {
            replica_id: replica.replica_id.clone(),
            url: replica.url.clone(),
            status,
            detail,
        }
    }
}

/// A change to the desired state, as planned or done.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeReport {
    pub action: ChangeAction,
    pub model: String,
    /// The version (`3`), or the split for ab-split (`v3=0.8 v2=0.2`).
    pub version: String,
    /// Every version's weight before and after.
    pub weights_before: BTreeMap<String, f64>,
    pub weights_after: BTreeMap<String, f64>,
    pub validation: Option<Validation>,
    pub dry_run: bool,
    pub applied: bool,
    pub audit_event_id: Option<i64>,
    pub waited: bool,
    pub replicas: Vec<ReplicaWait>,
    pub note: Option<String>,
}

impl ChangeReport {
    /// What the change is about: `v3`, or the split for ab-split.
    pub fn subject(&self) -> String {
        if self.action == ChangeAction::AbSplit {
            self.version.clone()
        } else {
            format!("v{}", self.version)
        }
    }

    fn planned(
        action: ChangeAction,
        model: &str,
        version: String,
        existing: &[deploy::Deployment],
        weights_after: BTreeMap<String, f64>,
    ) -> ChangeReport {
        ChangeReport {
            action,
            model: model.to_owned(),
            version,
            weights_before: weights_of(existing),
            weights_after,
            validation: None,
            dry_run: false,
            applied: false,
            audit_event_id: None,
            waited: false,
            replicas: Vec::new(),
            note: None,
        }
    }
}

/// A planned change: what it will do ([`ChangePlan::report`]) and the write that does it.
#[derive(Debug)]
pub struct ChangePlan {
    report: ChangeReport,
    change: DesiredChange,
}

impl ChangePlan {
    /// The change as it will be made (not applied yet).
    pub fn report(&self) -> &ChangeReport {
        &self.report
    }

    /// The report of a dry run: the plan, nothing changed.
    pub fn dry_run(self) -> ChangeReport {
        ChangeReport {
            dry_run: true,
            ..self.report
        }
    }
}

/// What a face may show while a change is planned and waited for. Every method has a no-op
/// default.
pub trait Observer: Sync {
    /// The artifact of `model` `version` is being downloaded and checked.
    fn validating(&self, _model: &str, _version: &str) {}
    /// Validation is over (successfully or not).
    fn validated(&self) {}
    /// Waiting for the replicas to serve `model`.
    fn waiting(&self, _model: &str) {}
    /// Where each live replica stands, at every poll.
    fn replicas(&self, _replicas: &[ReplicaWait]) {}
    /// The wait is over (successfully or not).
    fn waited(&self) {}
}

/// Nobody watches.
pub struct Unobserved;

impl Observer for Unobserved {}

fn weights_of(rows: &[deploy::Deployment]) -> BTreeMap<String, f64> {
    rows.iter().map(|d| (d.version.clone(), d.weight)).collect()
}

/// `deploy NAME VERSION`.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    pub name: String,
    /// As typed: `3` or `v3`.
    pub version: String,
    /// The new version's share of the traffic, in [0, 1].
    pub weight: f64,
    /// The artifact's expected sha256, when the caller knows it.
    pub sha256: Option<String>,
    pub description: Option<String>,
}

/// MLflow's "no such version" as a usage error (exit 2) naming what was asked.
fn unknown_version(e: Error, name: &str, version: &str) -> Error {
    match e {
        Error::MlflowApi { error_code, .. } if error_code == "RESOURCE_DOES_NOT_EXIST" => {
            Error::usage(
                "VERSION",
                format!("{name} has no version {version} in MLflow"),
            )
        }
        other => other,
    }
}

/// Plan a deploy: the version must exist in MLflow; its artifact is downloaded, loaded and
/// run on a sample row ([`deploy::validate_artifact`]); the weights follow the module rules.
pub async fn plan_deploy(
    services: &Services,
    options: &DeployOptions,
    observer: &dyn Observer,
) -> Result<ChangePlan> {
    let config = services.config();
    let name = &options.name;
    let version = deploy::parse_version(&options.version)?;
    let mlflow: Mlflow = services.mlflow().await?.clone();
    mlflow
        .get_model_version(name, &version)
        .await
        .map_err(|e| unknown_version(e, name, &version))?;
    let source = mlflow.download_uri(name, &version).await?;
    let db = services.database().await?;
    let existing = deploy::list(db, Some(name)).await?;
    let weights_after = deploy::weights_after_deploy(&existing, &version, options.weight)?;
    deploy::check_weights(&weights_after)?;
    let expected_features = existing
        .iter()
        .find(|d| d.version != version)
        .map(|d| d.features as usize);
    observer.validating(name, &version);
    let artifacts = Artifacts::new(mlflow, config.s3.clone());
    let validation = deploy::validate_artifact(
        &artifacts,
        &config.serving,
        &source,
        options.sha256.as_deref(),
        expected_features,
    )
    .await;
    observer.validated();
    let validation = validation?;
    let mut report = ChangeReport::planned(
        ChangeAction::Deploy,
        name,
        version.clone(),
        &existing,
        weights_after.clone(),
    );
    report.validation = Some(validation.clone());
    let change = DesiredChange {
        model: name.clone(),
        actor: services.actor().to_owned(),
        upsert: Some(NewDeployment {
            version,
            artifact_uri: validation.artifact_uri,
            sha256: validation.sha256,
            features: validation.signature.features as i32,
            description: options.description.clone(),
        }),
        remove: None,
        weights: weights_after,
    };
    Ok(ChangePlan { report, change })
}

/// `undeploy NAME VERSION`.
#[derive(Debug, Clone)]
pub struct UndeployOptions {
    pub name: String,
    /// As typed: `3` or `v3`.
    pub version: String,
    /// Remove it even when no version takes traffic afterwards.
    pub force: bool,
}

fn deployed_list(rows: &[deploy::Deployment]) -> String {
    if rows.is_empty() {
        "none".into()
    } else {
        rows.iter()
            .map(|d| format!("v{}", d.version))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Plan an undeploy: the version must be deployed; removing the last version that takes
/// traffic is refused (exit 4) unless `force`.
pub async fn plan_undeploy(services: &Services, options: &UndeployOptions) -> Result<ChangePlan> {
    let name = &options.name;
    let version = deploy::parse_version(&options.version)?;
    let db = services.database().await?;
    let existing = deploy::list(db, Some(name)).await?;
    if !existing.iter().any(|d| d.version == version) {
        return Err(Error::usage(
            "VERSION",
            format!(
                "v{version} of {name} is not deployed (deployed: {})",
                deployed_list(&existing)
            ),
        ));
    }
    // The flag names stay in these texts: they are what the operator reads today, and the
    // JSON report's `note` carries the first.
    let (weights_after, note) = match deploy::weights_after_undeploy(&existing, &version) {
        Some(w) => (w, None),
        None if options.force => (
            existing
                .iter()
                .filter(|d| d.version != version)
                .map(|d| (d.version.clone(), 0.0))
                .collect(),
            Some(format!(
                "--force: no version of {name} takes traffic afterwards; routed requests answer 503"
            )),
        ),
        None => {
            return Err(Error::refused(format!(
                "v{version} is the last version of {name} taking traffic: deploy or ab-split another version first, or pass --force"
            )));
        }
    };
    deploy::check_weights(&weights_after)?;
    let mut report = ChangeReport::planned(
        ChangeAction::Undeploy,
        name,
        version.clone(),
        &existing,
        weights_after.clone(),
    );
    report.note = note;
    let change = DesiredChange {
        model: name.clone(),
        actor: services.actor().to_owned(),
        upsert: None,
        remove: Some(version),
        weights: weights_after,
    };
    Ok(ChangePlan { report, change })
}

/// `ab-split NAME VERSION=WEIGHT...`.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    pub name: String,
    /// As typed: `v3=0.8 v2=0.2` or `v3=80 v2=20`.
    pub split: Vec<String>,
}

/// Plan an ab-split: every named version must be deployed; those not named go to 0.
pub async fn plan_split(services: &Services, options: &SplitOptions) -> Result<ChangePlan> {
    let name = &options.name;
    let db = services.database().await?;
    let split = deploy::parse_split(&options.split)?;
    let existing = deploy::list(db, Some(name)).await?;
    for (version, _) in &split {
        if !existing.iter().any(|d| &d.version == version) {
            return Err(Error::usage(
                "VERSION=WEIGHT",
                format!(
                    "v{version} of {name} is not deployed (deployed: {}); deploy it first",
                    deployed_list(&existing)
                ),
            ));
        }
    }
    let weights_after: BTreeMap<String, f64> = existing
        .iter()
        .map(|d| {
            let w = split
                .iter()
                .find(|(v, _)| *v == d.version)
                .map_or(0.0, |(_, w)| *w);
            (d.version.clone(), w)
        })
        .collect();
    let label = split
        .iter()
        .map(|(v, w)| format!("v{v}={w}"))
        .collect::<Vec<_>>()
        .join(" ");
    deploy::check_weights(&weights_after)?;
    let report = ChangeReport::planned(
        ChangeAction::AbSplit,
        name,
        label,
        &existing,
        weights_after.clone(),
    );
    let change = DesiredChange {
        model: name.clone(),
        actor: services.actor().to_owned(),
        upsert: None,
        remove: None,
        weights: weights_after,
    };
    Ok(ChangePlan { report, change })
}

/// Who holds the deploy lock, as another session's refusal shows it: the command as typed
/// (`ab-split`), not the audit action (`ab_split`).
fn lock_holder(action: ChangeAction, model: &str, actor: &str) -> String {
    format!("{} {model} by {actor}", action.command())
}

/// Make a confirmed plan: lock the model's deployments, re-read them (refused when they moved
/// since the plan), write the change through the audited-change protocol, then, when `wait`,
/// wait until every live replica serves it ([`wait_for_replicas`]).
pub async fn apply(
    services: &Services,
    plan: ChangePlan,
    wait: bool,
    observer: &dyn Observer,
) -> Result<ChangeReport> {
    let ChangePlan { mut report, change } = plan;
    let db = services.database().await?;
    let _lock = change::lock(
        db,
        "deploy",
        &report.model,
        &lock_holder(report.action, &report.model, services.actor()),
    )
    .await?;
    // Re-read under the lock: another change may have landed since the plan.
    let current = weights_of(&deploy::list(db, Some(&report.model)).await?);
    if current != report.weights_before {
        return Err(Error::refused(format!(
            "the deployments of {} changed while this command ran; run it again",
            report.model
        )));
    }
    let event = NewEvent {
        actor: services.actor().to_owned(),
        action: report.action.as_str().to_owned(),
        target: report.model.clone(),
        version: Some(report.version.clone()),
        from_state: Some(serde_json::to_string(&report.weights_before).unwrap_or_default()),
        to_state: Some(serde_json::to_string(&report.weights_after).unwrap_or_default()),
        reason: None,
        details: serde_json::json!({
            "sha256": report.validation.as_ref().map(|v| v.sha256.clone()),
            "artifact_uri": report.validation.as_ref().map(|v| v.artifact_uri.clone()),
        }),
    };
    let applied = format!(
        "the {} was applied (the desired state is written)",
        report.action
    );
    let (id, ()) = change::commit(db, event, &applied, || async {
        deploy::write(db, &change)
            .await
            .map_err(change::Failure::from)
    })
    .await?;
    report.applied = true;
    report.audit_event_id = Some(id);
    if wait {
        report.replicas = wait_for_replicas(services, &report.model, observer).await?;
        report.waited = true;
        if report.replicas.is_empty() {
            report.note =
                Some("no serving replica is running: they will load it when they start".into());
        }
    }
    Ok(report)
}

/// Wait until every live replica serves exactly the desired state of `model`, at most
/// `serving.wait_timeout`. An error when a replica cannot serve it, when none answers while
/// some were seen lately (hung or killed), or at the deadline; the desired state stays written.
pub async fn wait_for_replicas(
    services: &Services,
    model: &str,
    observer: &dyn Observer,
) -> Result<Vec<ReplicaWait>> {
    observer.waiting(model);
    let outcome = wait_loop(
        services.config(),
        services.database().await?,
        model,
        observer,
    )
    .await;
    observer.waited();
    outcome
}

async fn wait_loop(
    config: &Config,
    db: &Database,
    model: &str,
    observer: &dyn Observer,
) -> Result<Vec<ReplicaWait>> {
    let deadline = Instant::now() + config.serving.wait_timeout.0;
    loop {
        let desired = deploy::list(db, Some(model)).await?;
        let (replicas, silent): (Vec<_>, Vec<_>) = deploy::replicas(db, config.serving.heartbeat.0)
            .await?
            .into_iter()
            .partition(|r| r.alive);
        // Silent for more than a day is gone (a running replica deletes such rows).
        let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
        let silent: Vec<_> = silent
            .into_iter()
            .filter(|r| r.heartbeat_at > day_ago)
            .collect();
        // A replica that stops cleanly removes its row; one whose heartbeat went stale is hung
        // or was killed. With none answering, nothing confirms the change is served: that is a
        // failure, not "no replica is running" (a CI gate on --wait must not pass).
        if replicas.is_empty() && !silent.is_empty() {
            let now = chrono::Utc::now();
            let names: Vec<String> = silent
                .iter()
                .map(|r| {
                    format!(
                        "{} ({}) last reported {} ago",
                        r.replica_id,
                        r.url,
                        crate::units::HumanDuration(Duration::from_secs(
                            (now - r.heartbeat_at).num_seconds().max(0) as u64
                        ))
                    )
                })
                .collect();
            return Err(Error::backend(
                crate::clients::serving::COMPONENT,
                "replicas",
                format!(
                    "no serving replica answers, so none confirms it serves {model}: {} (hung or killed: a replica that stops cleanly deregisters); the desired state is written",
                    names.join("; ")
                ),
            ));
        }
        let waits: Vec<ReplicaWait> = replicas
            .iter()
            .map(|r| ReplicaWait::of(r, model, &desired))
            .collect();
        observer.replicas(&waits);
        if let Some(failed) = waits.iter().find(|w| w.status == WaitStatus::Failed) {
            return Err(Error::backend(
                crate::clients::serving::COMPONENT,
                &failed.url,
                format!(
                    "replica {} cannot serve {model} {}; the desired state is written and the replicas keep serving what they can (fix it with ab-split or undeploy)",
                    failed.replica_id, failed.detail
                ),
            ));
        }
        if waits.iter().all(|w| w.status == WaitStatus::Ready) {
            return Ok(waits);
        }
        if Instant::now() >= deadline {
            let pending: Vec<String> = waits
                .iter()
                .filter(|w| w.status == WaitStatus::Pending)
                .map(|w| format!("{}: {}", w.replica_id, w.detail))
                .collect();
            return Err(Error::backend(
                crate::clients::serving::COMPONENT,
                "replicas",
                format!(
                    "not every replica serves {model} after {} (serving.wait_timeout): {}",
                    crate::units::HumanDuration(config.serving.wait_timeout.0),
                    pending.join("; ")
                ),
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `ab-split --show`: the desired split and each version's traffic summed over the replicas.
#[derive(Debug, Serialize)]
pub struct SplitShow {
    pub model: String,
    pub versions: Vec<SplitRow>,
    pub replicas: Vec<ReplicaWait>,
    /// Replicas whose traffic could not be read.
    pub errors: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SplitRow {
    pub version: String,
    pub weight: f64,
    pub sha256: String,
    pub deployed_by: String,
    pub deployed_at: chrono::DateTime<chrono::Utc>,
    pub requests: u64,
    pub errors: u64,
    pub error_rate: f64,
    pub mean_latency_ms: f64,
    pub p95_latency_ms: f64,
}

/// The desired split of `model`, each version's traffic as the live replicas count it, and
/// where each replica stands. A replica whose traffic cannot be read is listed in `errors`.
pub async fn show_split(services: &Services, model: &str) -> Result<SplitShow> {
    let config = services.config();
    let db = services.database().await?;
    let desired = deploy::list(db, Some(model)).await?;
    let replicas: Vec<_> = deploy::replicas(db, config.serving.heartbeat.0)
        .await?
        .into_iter()
        .filter(|r| r.alive)
        .collect();
    let serving = services.serving().await?;
    let mut traffic: Vec<VersionTraffic> = Vec::new();
    let mut errors = Vec::new();
    for r in &replicas {
        match serving
            .admin(reqwest::Method::GET, &r.url, "admin/stats")
            .await
        {
            Ok(body) => {
                let rows: Vec<VersionTraffic> =
                    serde_json::from_value(body["traffic"].clone()).unwrap_or_default();
                traffic.extend(rows.into_iter().filter(|t| t.model == model));
            }
            Err(e) => errors.push(e.report()),
        }
    }
    let versions = desired
        .iter()
        .map(|d| {
            let mine: Vec<&VersionTraffic> =
                traffic.iter().filter(|t| t.version == d.version).collect();
            let requests: u64 = mine.iter().map(|t| t.requests).sum();
            let errs: u64 = mine.iter().map(|t| t.errors).sum();
            let mean = if requests == 0 {
                0.0
            } else {
                mine.iter()
                    .map(|t| t.mean_latency_ms * t.requests as f64)
                    .sum::<f64>()
                    / requests as f64
            };
            SplitRow {
                version: d.version.clone(),
                weight: d.weight,
                sha256: d.sha256.clone(),
                deployed_by: d.deployed_by.clone(),
                deployed_at: d.deployed_at,
                requests,
                errors: errs,
                error_rate: if requests == 0 {
                    0.0
                } else {
                    errs as f64 / requests as f64
                },
                mean_latency_ms: mean,
                // The worst replica's p95: an upper bound of the fleet's.
                p95_latency_ms: mine.iter().map(|t| t.p95_latency_ms).fold(0.0, f64::max),
            }
        })
        .collect();
    let replicas = replicas
        .iter()
        .map(|r| ReplicaWait::of(r, model, &desired))
        .collect();
    Ok(SplitShow {
        model: model.to_owned(),
        versions,
        replicas,
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_holder_is_the_command_as_typed() {
        assert_eq!(
            lock_holder(ChangeAction::AbSplit, "m", "ops@host"),
            "ab-split m by ops@host"
        );
        assert_eq!(lock_holder(ChangeAction::Deploy, "m", "a"), "deploy m by a");
    }

    #[test]
    fn actions_serialize_as_the_audit_log_writes_them() {
        assert_eq!(
            serde_json::to_value(ChangeAction::AbSplit).unwrap(),
            "ab_split"
        );
        assert_eq!(serde_json::to_value(WaitStatus::Ready).unwrap(), "ready");
    }
}
