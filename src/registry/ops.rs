//! Registry changes end to end — lock, plan, audit, apply, alert — shared by the `registry`
//! commands and the maintenance steps. No prompting here: callers confirm before [`commit`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::audit::NewEvent;
use crate::change;
use crate::clients::mlflow::Mlflow;
use crate::clients::postgres::{AdvisoryLock, Database};
use crate::config::Config;
use crate::error::{ExitStatus, Result};
use crate::registry::{self, Change, Plan, PlanKind, Stage, version_order};

/// A plan as reported: what will be (dry run) or was done.
#[derive(Debug, Serialize)]
pub struct PlanReport {
    pub action: PlanKind,
    pub model: String,
    pub version: String,
    pub target: Stage,
    pub from_stage: Stage,
    pub previous_holder: Option<String>,
    pub changes: Vec<Change>,
    /// The changes in words, in order.
    pub steps: Vec<String>,
    pub gate: Vec<registry::GateResult>,
    pub note: Option<String>,
    pub dry_run: bool,
    pub applied: bool,
    pub audit_event_id: Option<i64>,
}

impl PlanReport {
    pub fn new(plan: &Plan, dry_run: bool) -> PlanReport {
        PlanReport {
            action: plan.kind,
            model: plan.model.clone(),
            version: plan.version.clone(),
            target: plan.target,
            from_stage: plan.from_stage,
            previous_holder: plan.previous_holder.clone(),
            steps: plan.changes.iter().map(Change::describe).collect(),
            changes: plan.changes.clone(),
            gate: plan.gate.clone(),
            note: plan.note.clone(),
            dry_run,
            applied: false,
            audit_event_id: None,
        }
    }

    pub fn headline(&self) -> String {
        let mut line = format!(
            "{} {}: v{} → {}",
            self.action.as_str(),
            self.model,
            self.version,
            self.target
        );
        if let Some(prev) = &self.previous_holder
            && self.target != Stage::Archived
        {
            line.push_str(&format!(" (now v{prev})"));
        }
        line
    }
}

/// A version left alone, or one that could not be changed, and why.
#[derive(Debug, Serialize)]
pub struct KeptVersion {
    pub model: String,
    pub version: String,
    pub reason: String,
    /// The archive policy's reason when the version was kept by policy (not for a failure).
    #[serde(skip)]
    pub policy: Option<registry::change::KeepReason>,
}

/// What an `--older-than` archive did (or, in a dry run, would do).
#[derive(Debug, Serialize)]
pub struct ArchiveReport {
    pub archived: Vec<PlanReport>,
    pub kept: Vec<KeptVersion>,
    /// Versions that should have been archived but could not be, and why.
    pub failed: Vec<KeptVersion>,
    pub dry_run: bool,
    /// Every failure was a refusal (a lock held).
    #[serde(skip)]
    pub refused_only: bool,
}

impl ArchiveReport {
    /// 0 when every planned version was archived; 4 when the only failures were refusals
    /// (a lock held), 1 otherwise.
    pub fn exit_status(&self) -> ExitStatus {
        if self.failed.is_empty() {
            ExitStatus::Success
        } else if self.refused_only {
            ExitStatus::Refused
        } else {
            ExitStatus::Failure
        }
    }
}

/// Take the per-model advisory lock that serialises registry changes (exit 4 when held).
pub async fn lock_model(
    db: &Database,
    action: &str,
    model: &str,
    actor: &str,
) -> Result<AdvisoryLock> {
    change::lock(
        db,
        "registry",
        model,
        &format!("registry {action} {model} by {actor}"),
    )
    .await
}

/// A confirmed plan, under the model's lock, through the audited-change protocol
/// ([`crate::change`]): the audit row is written as `<action>_pending` before MLflow changes, so
/// no change can go unaudited; MLflow is changed, read back (undone when a step fails) and the
/// row settled as `<action>`, `<action>_failed`, or `<action>_unknown` when a step's outcome is
/// unknown (MLflow may still apply it). Then the *Model Promoted* alert when it is one.
pub async fn commit(
    config: &Config,
    mlflow: &Mlflow,
    db: &Database,
    plan: &Plan,
    reason: Option<&str>,
    actor: &str,
) -> Result<PlanReport> {
    let mut report = PlanReport::new(plan, false);
    if plan.is_noop() {
        return Ok(report);
    }
    let kind = plan.kind.as_str();
    let event = NewEvent {
        actor: actor.to_owned(),
        action: kind.to_owned(),
        target: plan.model.clone(),
        version: Some(plan.version.clone()),
        from_state: Some(plan.from_stage.to_string()),
        to_state: Some(plan.target.to_string()),
        reason: reason.map(str::to_owned),
        details: serde_json::json!({
            "previous_holder": plan.previous_holder,
            "changes": plan.changes,
            "gate": plan.gate,
            "note": plan.note,
            "mode": config.registry.mode,
        }),
    };
    let settle = config.registry_settle_timeout();
    let (id, ()) = change::commit(
        db,
        event,
        &format!("the {kind} was applied and verified in MLflow"),
        || async {
            registry::apply(mlflow, config.registry.mode, plan, settle)
                .await
                .map_err(|failure| change::Failure {
                    error: failure.error,
                    outcome_unknown: failure.outcome_unknown,
                })
        },
    )
    .await?;
    if plan.target == Stage::Production
        && matches!(plan.kind, PlanKind::Promote | PlanKind::Rollback)
    {
        let message = format!(
            "{} v{} {} to Production by {}{}",
            plan.model,
            plan.version,
            if plan.kind == PlanKind::Rollback {
                "rolled back"
            } else {
                "promoted"
            },
            actor,
            plan.previous_holder
                .as_deref()
                .map(|p| format!(" (was v{p})"))
                .unwrap_or_default()
        );
        let details = serde_json::json!({ "audit_event_id": id, "model": plan.model, "version": plan.version });
        // The change is done and audited; a failed alert is worth a warning, not a failure.
        if let Err(e) = crate::alerts::Alerts::new(&config.alerts.webhook)
            .raise(
                db,
                crate::alerts::types::MODEL_PROMOTED,
                &message,
                "registry",
                details,
            )
            .await
        {
            tracing::warn!("could not raise the Model Promoted alert: {}", e.report());
        }
    }
    report.applied = true;
    report.audit_event_id = Some(id);
    Ok(report)
}

/// The runbook's cleanup, planned: every version of `name` (or of every model) created before
/// `cutoff` and not archived yet, except those that must stay (production). Reads MLflow only.
pub async fn plan_archive_older_than(
    config: &Config,
    mlflow: &Mlflow,
    name: Option<&str>,
    cutoff: DateTime<Utc>,
) -> Result<(Vec<Plan>, Vec<KeptVersion>)> {
    let mode = config.registry.mode;
    let models = match name {
        Some(n) => vec![registry::get_model(mlflow, n).await?],
        None => mlflow.all_registered_models().await?,
    };
    let mut plans = Vec::new();
    let mut kept = Vec::new();
    for model in &models {
        let mut versions = mlflow.versions_of(&model.name).await?;
        versions.sort_by(|a, b| version_order(&a.version, &b.version));
        for mv in versions {
            let old = registry::millis_to_time(mv.creation_timestamp).is_some_and(|t| t < cutoff);
            if !old || Stage::of(&mv) == Stage::Archived {
                continue;
            }
            match registry::change::archive_plan_for(mode, model, &mv) {
                Ok(plan) if plan.is_noop() => {}
                Ok(plan) => plans.push(plan),
                Err(why) => kept.push(KeptVersion {
                    model: model.name.clone(),
                    version: mv.version.clone(),
                    reason: why.to_string(),
                    policy: Some(why),
                }),
            }
        }
    }
    Ok((plans, kept))
}

/// Archive each planned version on its own, under its model's lock and re-planned there (it
/// may have been promoted since the listing). A failure (a lock held, MLflow down) is reported
/// with the rest; what was archived before it stays archived and reported.
pub async fn archive_planned(
    config: &Config,
    mlflow: &Mlflow,
    db: &Database,
    plans: &[Plan],
    reason: Option<&str>,
    actor: &str,
) -> ArchiveReport {
    let mut report = ArchiveReport {
        archived: Vec::new(),
        kept: Vec::new(),
        failed: Vec::new(),
        dry_run: false,
        refused_only: true,
    };
    for plan in plans {
        let outcome = async {
            let _lock = lock_model(db, "archive", &plan.model, actor).await?;
            let plan =
                registry::plan_archive(mlflow, config.registry.mode, &plan.model, &plan.version)
                    .await?;
            commit(config, mlflow, db, &plan, reason, actor).await
        }
        .await;
        match outcome {
            Ok(done) => report.archived.push(done),
            Err(e) => {
                report.refused_only &= e.exit_status() == ExitStatus::Refused;
                report.failed.push(KeptVersion {
                    model: plan.model.clone(),
                    version: plan.version.clone(),
                    reason: e.report(),
                    policy: None,
                });
            }
        }
    }
    report
}
