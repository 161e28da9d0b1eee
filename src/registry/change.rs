//! Planned registry changes (promote, rollback, archive) and applying them safely: in a fixed
//! order, verified by reading MLflow back, and reverted step by step if MLflow fails midway.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::{
    GateResult, Holders, Requirement, Stage, check_requirements, get_model, get_version, holders,
    millis_to_time, version_order,
};
use crate::audit::Event;
use crate::clients::mlflow::{Mlflow, ModelVersion, WriteError};
use crate::config::RegistryMode;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanKind {
    Promote,
    Rollback,
    Archive,
}

impl PlanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Promote => "promote",
            PlanKind::Rollback => "rollback",
            PlanKind::Archive => "archive",
        }
    }
}

/// One step, in the order it is applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Move a version to a stage; `archives` are the versions MLflow archives in the same call
    /// (`archive_existing_versions`), so two versions are never in the stage at once.
    Stage {
        version: String,
        from: Stage,
        to: Stage,
        archives: Vec<String>,
    },
    SetAlias {
        alias: String,
        from: Option<String>,
        to: String,
    },
    DeleteAlias {
        alias: String,
        version: String,
    },
}

impl Change {
    pub fn describe(&self) -> String {
        match self {
            Change::Stage {
                version,
                from,
                to,
                archives,
            } => {
                let mut text = format!("v{version}: stage {from} → {to}");
                if !archives.is_empty() {
                    let list: Vec<String> = archives.iter().map(|v| format!("v{v}")).collect();
                    text.push_str(&format!(
                        " (archiving {}: {to} → Archived)",
                        list.join(", ")
                    ));
                }
                text
            }
            Change::SetAlias { alias, from, to } => match from {
                Some(from) => format!("alias {alias}: v{from} → v{to}"),
                None => format!("alias {alias}: (none) → v{to}"),
            },
            Change::DeleteAlias { alias, version } => {
                format!("alias {alias}: removed from v{version}")
            }
        }
    }
}

/// What a command will do (or did), in the order it happens.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub kind: PlanKind,
    pub model: String,
    pub version: String,
    /// The stage the version is moved to.
    pub target: Stage,
    /// The version's stage before.
    pub from_stage: Stage,
    /// The version that held the target stage before, if another one did.
    pub previous_holder: Option<String>,
    pub changes: Vec<Change>,
    pub gate: Vec<GateResult>,
    /// Why this version (rollback) or why nothing is to be done.
    pub note: Option<String>,
}

impl Plan {
    pub fn is_noop(&self) -> bool {
        self.changes.is_empty()
    }
}

async fn model_state(
    mlflow: &Mlflow,
    name: &str,
) -> Result<(crate::clients::mlflow::RegisteredModel, Vec<ModelVersion>)> {
    let model = get_model(mlflow, name).await?;
    let versions = mlflow.versions_of(name).await?;
    Ok((model, versions))
}

/// Plan moving `version` of `name` to `target` (Production or Staging), keeping stage and alias
/// consistent as `mode` says, after checking `requirements` on the version's run.
#[allow(clippy::too_many_arguments)]
pub async fn plan_promote(
    mlflow: &Mlflow,
    mode: RegistryMode,
    kind: PlanKind,
    name: &str,
    version: &str,
    target: Stage,
    archive_existing: bool,
    requirements: &[Requirement],
) -> Result<Plan> {
    if !matches!(target, Stage::Production | Stage::Staging) {
        return Err(Error::usage(
            "--to",
            "promote to production or staging (use `registry archive` to archive)",
        ));
    }
    let (model, versions) = model_state(mlflow, name).await?;
    let mv = get_version(mlflow, name, version).await?;
    let status = mv.status.clone().unwrap_or_default();
    if !status.is_empty() && status != "READY" {
        return Err(Error::refused(format!(
            "{name} v{version} is {status}, not READY: MLflow has not finished creating it"
        )));
    }

    let from_stage = Stage::of(&mv);
    let before = holders(&model, &versions, target);
    let previous_holder = before.current(mode).filter(|h| h != version);
    let changes = promote_changes(
        mode,
        version,
        from_stage,
        target,
        archive_existing,
        &before,
        &model_aliases_of(&model, version),
    );
    let note = changes
        .is_empty()
        .then(|| format!("v{version} already holds {target}: nothing to do"));
    // The gate guards changes; promoting the holder again is a no-op whatever its metrics.
    let requirements = if changes.is_empty() {
        &[][..]
    } else {
        requirements
    };
    let gate = if requirements.is_empty() {
        Vec::new()
    } else {
        let run = match mv.run_id.as_deref().filter(|r| !r.is_empty()) {
            Some(run_id) => Some(mlflow.get_run(run_id).await?),
            None => None,
        };
        check_requirements(run.as_ref(), requirements)
    };
    let failed: Vec<String> = gate
        .iter()
        .filter(|g| !g.passed)
        .map(|g| match g.value {
            Some(v) => format!("{} (is {v})", g.requirement),
            None => format!("{} (metric not logged on the version's run)", g.requirement),
        })
        .collect();
    if !failed.is_empty() {
        return Err(Error::refused(format!(
            "policy gate: {name} v{version} does not meet {}; nothing changed",
            failed.join(", ")
        )));
    }

    Ok(Plan {
        kind,
        model: name.to_owned(),
        version: version.to_owned(),
        target,
        from_stage,
        previous_holder,
        changes,
        gate,
        note,
    })
}

fn model_aliases_of(model: &crate::clients::mlflow::RegisteredModel, version: &str) -> Vec<String> {
    model
        .aliases
        .iter()
        .filter(|a| a.version == version)
        .map(|a| a.alias.clone())
        .collect()
}

/// The changes that make `version` the one holder of `target`.
fn promote_changes(
    mode: RegistryMode,
    version: &str,
    from_stage: Stage,
    target: Stage,
    archive_existing: bool,
    before: &Holders,
    version_aliases: &[String],
) -> Vec<Change> {
    let mut changes = Vec::new();
    let others: Vec<String> = before
        .by_stage
        .iter()
        .filter(|v| *v != version)
        .cloned()
        .collect();
    if mode != RegistryMode::Aliases {
        let archives = if archive_existing {
            others.clone()
        } else {
            Vec::new()
        };
        if from_stage != target {
            changes.push(Change::Stage {
                version: version.to_owned(),
                from: from_stage,
                to: target,
                archives,
            });
        } else {
            // Already in the stage, but others are too (a half state or MLflow #6156): archive them.
            for other in archives {
                changes.push(Change::Stage {
                    version: other,
                    from: target,
                    to: Stage::Archived,
                    archives: Vec::new(),
                });
            }
        }
    }
    if mode != RegistryMode::Stages {
        let alias = target.alias().expect("production and staging have aliases");
        if before.by_alias.as_deref() != Some(version) {
            changes.push(Change::SetAlias {
                alias: alias.to_owned(),
                from: before.by_alias.clone(),
                to: version.to_owned(),
            });
        }
        // A stage alias of another stage (the one it leaves, or one left behind by an earlier
        // half-done run) no longer points at it.
        for other in [Stage::Production, Stage::Staging] {
            let Some(other_alias) = other.alias() else {
                continue;
            };
            if other != target && version_aliases.iter().any(|a| a == other_alias) {
                changes.push(Change::DeleteAlias {
                    alias: other_alias.to_owned(),
                    version: version.to_owned(),
                });
            }
        }
    }
    changes
}

/// Plan a rollback: the version that held Production before the current one, from the audit
/// log; if the log knows nothing, the most recently archived version. `events` newest first.
pub async fn plan_rollback(
    mlflow: &Mlflow,
    mode: RegistryMode,
    name: &str,
    to: Option<&str>,
    events: &[Event],
) -> Result<Plan> {
    let (model, versions) = model_state(mlflow, name).await?;
    let current = holders(&model, &versions, Stage::Production).current(mode);
    let (target, source) = match to {
        Some(v) => (v.to_owned(), format!("v{v} as asked (--to)")),
        None => match rollback_target(events, current.as_deref()) {
            Some((v, event)) => (
                v.clone(),
                format!(
                    "v{v} from the audit log (production before v{}; event #{} by {} at {})",
                    current.as_deref().unwrap_or("?"),
                    event.id,
                    event.actor,
                    event.occurred_at.format("%Y-%m-%d %H:%M:%S UTC")
                ),
            ),
            None if knows_production_moves(events) => {
                return Err(Error::refused(format!(
                    "nothing to roll back to: the audit log has no production version of {name} before v{} \
                     (earlier rollbacks used them up); name one with --to VERSION",
                    current.as_deref().unwrap_or("?")
                )));
            }
            None => match most_recently_archived(&versions, current.as_deref()) {
                Some(v) => (
                    v.version.clone(),
                    format!(
                        "v{} (the audit log has no earlier production version: chose the most recently archived one, archived at {})",
                        v.version,
                        millis_to_time(v.last_updated_timestamp)
                            .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                            .unwrap_or_else(|| "an unknown time".into())
                    ),
                ),
                None => {
                    return Err(Error::refused(format!(
                        "nothing to roll back to: the audit log has no production version of {name} before v{}, and no version is archived",
                        current.as_deref().unwrap_or("?")
                    )));
                }
            },
        },
    };
    if current.as_deref() == Some(target.as_str()) {
        return Err(Error::refused(format!(
            "v{target} is already in Production; nothing to roll back to"
        )));
    }
    let mut plan = plan_promote(
        mlflow,
        mode,
        PlanKind::Rollback,
        name,
        &target,
        Stage::Production,
        true,
        &[],
    )
    .await?;
    plan.note = Some(source);
    Ok(plan)
}

/// Whether nbamcp has ever recorded a production move of this model.
fn knows_production_moves(events: &[Event]) -> bool {
    events.iter().any(|e| {
        matches!(e.action.as_str(), "promote" | "rollback")
            && e.to_state.as_deref() == Some(Stage::Production.as_mlflow())
    })
}

/// Replay the audit log's production moves as a stack: a promote pushes, a rollback pops back
/// to its version. The target is the newest entry below the current holder.
fn rollback_target<'a>(events: &'a [Event], current: Option<&str>) -> Option<(String, &'a Event)> {
    let mut stack: Vec<(String, &Event)> = Vec::new();
    for event in events.iter().rev() {
        if event.to_state.as_deref() != Some(Stage::Production.as_mlflow()) {
            continue;
        }
        let Some(version) = event.version.clone() else {
            continue;
        };
        let previous = event
            .details
            .get("previous_holder")
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        match event.action.as_str() {
            "promote" => {
                if stack.is_empty()
                    && let Some(prev) = previous
                {
                    stack.push((prev, event));
                }
                stack.push((version, event));
            }
            "rollback" => match stack.iter().rposition(|(v, _)| *v == version) {
                Some(pos) => stack.truncate(pos + 1),
                None => stack.push((version, event)),
            },
            _ => {}
        }
    }
    while let Some((top, _)) = stack.last() {
        if Some(top.as_str()) == current {
            stack.pop();
        } else {
            break;
        }
    }
    stack.pop()
}

fn most_recently_archived<'a>(
    versions: &'a [ModelVersion],
    current: Option<&str>,
) -> Option<&'a ModelVersion> {
    versions
        .iter()
        .filter(|v| Stage::of(v) == Stage::Archived && Some(v.version.as_str()) != current)
        .max_by(|a, b| {
            a.last_updated_timestamp
                .cmp(&b.last_updated_timestamp)
                .then_with(|| version_order(&a.version, &b.version))
        })
}

/// Plan archiving `version`; refuses the version serving Production.
pub async fn plan_archive(
    mlflow: &Mlflow,
    mode: RegistryMode,
    name: &str,
    version: &str,
) -> Result<Plan> {
    let (model, _) = model_state(mlflow, name).await?;
    let mv = get_version(mlflow, name, version).await?;
    archive_plan_for(mode, &model, &mv)
        .map_err(|why| Error::refused(format!("{name} v{version}: {why}")))
}

/// Why the archive policy keeps a version: it serves production. `Display` is the reason as
/// the operator reads it, after the version (`nba v3: is in Production: ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepReason {
    /// The version is in the Production stage.
    InProduction,
    /// The version holds the `production` alias.
    HoldsProductionAlias,
}

impl fmt::Display for KeepReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeepReason::InProduction => {
                "is in Production: promote another version first, never archive the serving one"
            }
            KeepReason::HoldsProductionAlias => {
                "holds the production alias: promote another version first"
            }
        })
    }
}

/// The archive plan for one version, or why it must be kept.
pub fn archive_plan_for(
    mode: RegistryMode,
    model: &crate::clients::mlflow::RegisteredModel,
    mv: &ModelVersion,
) -> std::result::Result<Plan, KeepReason> {
    let aliases = model_aliases_of(model, &mv.version);
    let from_stage = Stage::of(mv);
    if from_stage == Stage::Production {
        return Err(KeepReason::InProduction);
    }
    if aliases.iter().any(|a| a == "production") {
        return Err(KeepReason::HoldsProductionAlias);
    }
    let mut changes = Vec::new();
    if mode != RegistryMode::Aliases && from_stage != Stage::Archived {
        changes.push(Change::Stage {
            version: mv.version.clone(),
            from: from_stage,
            to: Stage::Archived,
            archives: Vec::new(),
        });
    }
    if mode != RegistryMode::Stages && aliases.iter().any(|a| a == "staging") {
        changes.push(Change::DeleteAlias {
            alias: "staging".into(),
            version: mv.version.clone(),
        });
    }
    let note = changes
        .is_empty()
        .then(|| format!("v{} is already archived: nothing to do", mv.version));
    Ok(Plan {
        kind: PlanKind::Archive,
        model: model.name.clone(),
        version: mv.version.clone(),
        target: Stage::Archived,
        from_stage,
        previous_holder: None,
        changes,
        gate: Vec::new(),
        note,
    })
}

/// Why a plan could not be applied: the error (whose message says what state the registry is
/// in), and whether the registry may still change because of this run.
#[derive(Debug)]
pub struct ApplyError {
    pub error: Error,
    /// A step's outcome is unknown and it was not seen in MLflow within the settle window:
    /// MLflow may still apply it (audited as `<action>_unknown`).
    pub outcome_unknown: bool,
}

/// Apply a plan's changes in order, then read MLflow back to confirm. If a step fails, it and
/// the steps before it are undone ([`undo`]) and the error says, from a fresh read, what state
/// the registry is in: as it was, half done, or unknown (MLflow unreadable).
///
/// A step whose outcome is unknown (sent, and no answer: a timeout, a cut connection) may still
/// be applied by MLflow later, after any undo. So nothing more is sent while it may be in
/// flight: MLflow is polled for up to `settle` until the step shows. Seen, it has landed and
/// cannot land again, so undo and check are sound. Not seen, the steps are undone all the same,
/// but the error says the step's outcome is UNKNOWN and never that the registry is as before.
pub async fn apply(
    mlflow: &Mlflow,
    mode: RegistryMode,
    plan: &Plan,
    settle: Duration,
) -> std::result::Result<(), ApplyError> {
    for (index, change) in plan.changes.iter().enumerate() {
        let Err(e) = apply_one(mlflow, &plan.model, change).await else {
            continue;
        };
        let failed = format!("{} failed: {}", change.describe(), e.error.report());
        let (message, outcome_unknown) = if !e.outcome_unknown {
            (undo(mlflow, plan, index).await.report(&failed), false)
        } else if let Some(after) = settle_step(mlflow, &plan.model, change, settle).await {
            let failed = format!(
                "{failed}; MLflow applied it {:.1}s later (seen in MLflow), so it cannot land again",
                after.as_secs_f64()
            );
            (undo(mlflow, plan, index).await.report(&failed), false)
        } else {
            let failed = format!(
                "{failed}; the outcome of {} is UNKNOWN: MLflow has not shown it in the {} since \
                 (registry.settle_timeout), and MLflow may still apply it",
                change.describe(),
                crate::units::HumanDuration(settle)
            );
            let readback = undo(mlflow, plan, index).await;
            (readback.report_in_doubt(&failed, plan, index), true)
        };
        return Err(ApplyError {
            error: Error::backend(
                crate::clients::mlflow::COMPONENT,
                mlflow.endpoint(),
                message,
            ),
            outcome_unknown,
        });
    }
    verify(mlflow, mode, plan)
        .await
        .map_err(|error| ApplyError {
            error,
            outcome_unknown: false,
        })
}

/// Poll MLflow until `change`, whose request got no answer, shows there, for at most `settle`.
/// `Some(time it took)` when it did.
async fn settle_step(
    mlflow: &Mlflow,
    name: &str,
    change: &Change,
    settle: Duration,
) -> Option<Duration> {
    let started = tokio::time::Instant::now();
    let deadline = started + settle;
    loop {
        let read = tokio::time::timeout_at(deadline, model_state(mlflow, name)).await;
        if let Ok(Ok((model, versions))) = read
            && Seen::new(&model, &versions).applied(change)
        {
            return Some(started.elapsed());
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return None;
        }
        tokio::time::sleep((deadline - now).min(Duration::from_millis(250))).await;
    }
}

/// What a fresh read of MLflow showed after the undo.
enum Readback {
    /// Every step is as before; `now` describes the registry.
    AsBefore { now: String },
    /// Steps still applied, and the undo errors.
    StillApplied {
        applied: Vec<String>,
        undo_errors: Vec<String>,
    },
    /// MLflow could not be read.
    Unreadable(String),
}

impl Readback {
    /// For a step that failed with a known outcome, or was seen landing.
    fn report(&self, failed: &str) -> String {
        match self {
            Readback::AsBefore { .. } => {
                format!("{failed}; checked in MLflow: the registry is as it was before")
            }
            Readback::StillApplied {
                applied,
                undo_errors,
            } => format!(
                "{failed}; HALF DONE — still applied: {}{}. Run the same command again to complete \
                 it (it repairs a half state), and check `nbamcp health model_registry`",
                applied.join("; "),
                if undo_errors.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", undo_errors.join("; "))
                }
            ),
            Readback::Unreadable(read_error) => format!(
                "{failed}; the state of the registry is UNKNOWN (cannot read it back: {read_error}). \
                 When MLflow answers, run the same command again to complete it, and check \
                 `nbamcp health model_registry`",
            ),
        }
    }

    /// For a step whose outcome is still unknown: whatever MLflow shows now may change.
    fn report_in_doubt(&self, failed: &str, plan: &Plan, failed_index: usize) -> String {
        let check = format!(
            "Check with `nbamcp registry show {0}` and `nbamcp health model_registry` (a step that \
             lands late leaves a half state); running the same command again completes it (it \
             repairs a half state)",
            plan.model
        );
        match self {
            Readback::AsBefore { now } => format!(
                "{failed}. MLflow shows, for now: {now}{}. {check}",
                if failed_index > 0 {
                    " (the steps before it undone)"
                } else {
                    ""
                }
            ),
            Readback::StillApplied { .. } | Readback::Unreadable(_) => {
                format!("{}. {check}", self.report(failed))
            }
        }
    }
}

/// Undo the steps up to and including `failed_index` and read MLflow back. The failed step may
/// have been applied with its answer lost (a timeout, a dropped connection), so it is undone
/// too (every undo is safe to repeat, and only writes what was there before, so an undo that
/// itself lands late does no harm), and undo + check are tried a few times while MLflow
/// answers. When a call of the undo gets no answer at all, MLflow is not answering: trying the
/// other steps and the read-back would each wait out `mlflow.timeout` again, so the state is
/// reported unknown at once (bounded: one more `mlflow.timeout` after the failure).
async fn undo(mlflow: &Mlflow, plan: &Plan, failed_index: usize) -> Readback {
    let steps = &plan.changes[..=failed_index];
    let mut last = Readback::Unreadable("not read".into());
    for attempt in 0..3u64 {
        tokio::time::sleep(Duration::from_millis(500 * (attempt + 1))).await;
        let mut undo_errors = Vec::new();
        for step in steps.iter().rev() {
            if let Err(e) = revert_one(mlflow, &plan.model, step).await {
                if e.outcome_unknown {
                    return Readback::Unreadable(format!(
                        "MLflow did not answer the undo of {}: {}",
                        step.describe(),
                        e.error.report()
                    ));
                }
                undo_errors.push(format!("undo of {}: {}", step.describe(), e.error.report()));
            }
        }
        last = match model_state(mlflow, &plan.model).await {
            Ok((model, versions)) => {
                let seen = Seen::new(&model, &versions);
                let applied: Vec<String> = steps
                    .iter()
                    .filter(|c| !seen.as_before(c))
                    .map(Change::describe)
                    .collect();
                if applied.is_empty() {
                    return Readback::AsBefore {
                        now: seen.describe(plan),
                    };
                }
                Readback::StillApplied {
                    applied,
                    undo_errors,
                }
            }
            // No answer (as opposed to an error MLflow answered with): do not wait again.
            Err(read_error @ Error::Backend { .. }) => {
                return Readback::Unreadable(read_error.report());
            }
            Err(read_error) => Readback::Unreadable(read_error.report()),
        };
    }
    last
}

/// The registry as one read of MLflow showed it.
struct Seen<'a> {
    model: &'a crate::clients::mlflow::RegisteredModel,
    versions: &'a [ModelVersion],
}

impl<'a> Seen<'a> {
    fn new(
        model: &'a crate::clients::mlflow::RegisteredModel,
        versions: &'a [ModelVersion],
    ) -> Seen<'a> {
        Seen { model, versions }
    }

    fn stage_of(&self, version: &str) -> Option<Stage> {
        self.versions
            .iter()
            .find(|mv| mv.version == version)
            .map(Stage::of)
    }

    fn alias_of(&self, alias: &str) -> Option<&str> {
        self.model
            .aliases
            .iter()
            .find(|x| x.alias == alias)
            .map(|x| x.version.as_str())
    }

    /// Whether the registry still shows what was there before `change`.
    fn as_before(&self, change: &Change) -> bool {
        match change {
            Change::Stage {
                version,
                from,
                to,
                archives,
            } => {
                self.stage_of(version) == Some(*from)
                    && archives.iter().all(|a| self.stage_of(a) == Some(*to))
            }
            Change::SetAlias { alias, from, .. } => self.alias_of(alias) == from.as_deref(),
            Change::DeleteAlias { alias, version } => self.alias_of(alias) == Some(version),
        }
    }

    /// Whether the registry shows `change` applied (MLflow applies each step atomically: a
    /// transition and the archiving it asks for are one transaction).
    fn applied(&self, change: &Change) -> bool {
        match change {
            Change::Stage { version, to, .. } => self.stage_of(version) == Some(*to),
            Change::SetAlias { alias, to, .. } => self.alias_of(alias) == Some(to),
            Change::DeleteAlias { alias, version } => self.alias_of(alias) != Some(version),
        }
    }

    /// Who holds the plan's target and where its version is, for an operator.
    fn describe(&self, plan: &Plan) -> String {
        let held = holders(self.model, self.versions, plan.target);
        let versions = |list: &[String]| match list {
            [] => "no version".to_owned(),
            list => list
                .iter()
                .map(|v| format!("v{v}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let mut text = format!("stage {}: {}", plan.target, versions(&held.by_stage));
        if let Some(alias) = plan.target.alias() {
            text.push_str(&format!(
                ", alias {alias}: {}",
                held.by_alias
                    .as_deref()
                    .map_or("(none)".to_owned(), |v| format!("v{v}"))
            ));
        }
        let stage = self.stage_of(&plan.version).unwrap_or(Stage::None);
        let aliases = model_aliases_of(self.model, &plan.version);
        text.push_str(&format!("; v{} in stage {stage}", plan.version));
        if !aliases.is_empty() {
            text.push_str(&format!(" with alias {}", aliases.join(", ")));
        }
        text
    }
}

async fn apply_one(
    mlflow: &Mlflow,
    name: &str,
    change: &Change,
) -> std::result::Result<(), WriteError> {
    match change {
        Change::Stage {
            version,
            to,
            archives,
            ..
        } => mlflow
            .transition_stage(name, version, to.as_mlflow(), !archives.is_empty())
            .await
            .map(|_| ()),
        Change::SetAlias { alias, to, .. } => mlflow.set_alias(name, alias, to).await,
        Change::DeleteAlias { alias, .. } => delete_alias_if_present(mlflow, name, alias).await,
    }
}

/// Delete an alias; one that is already gone is fine (undo steps must be safe to repeat).
async fn delete_alias_if_present(
    mlflow: &Mlflow,
    name: &str,
    alias: &str,
) -> std::result::Result<(), WriteError> {
    match mlflow.delete_alias(name, alias).await {
        Err(WriteError {
            error: Error::MlflowApi { error_code, .. },
            ..
        }) if error_code == "RESOURCE_DOES_NOT_EXIST"
            || error_code == "INVALID_PARAMETER_VALUE" =>
        {
            Ok(())
        }
        other => other,
    }
}

async fn revert_one(
    mlflow: &Mlflow,
    name: &str,
    change: &Change,
) -> std::result::Result<(), WriteError> {
    match change {
        Change::Stage {
            version,
            from,
            to,
            archives,
        } => {
            mlflow
                .transition_stage(name, version, from.as_mlflow(), false)
                .await?;
            for archived in archives {
                mlflow
                    .transition_stage(name, archived, to.as_mlflow(), false)
                    .await?;
            }
            Ok(())
        }
        Change::SetAlias { alias, from, .. } => match from {
            Some(from) => mlflow.set_alias(name, alias, from).await,
            None => delete_alias_if_present(mlflow, name, alias).await,
        },
        Change::DeleteAlias { alias, version } => mlflow.set_alias(name, alias, version).await,
    }
}

/// Read MLflow back: the version holds the target the way the mode says, and alone.
async fn verify(mlflow: &Mlflow, mode: RegistryMode, plan: &Plan) -> Result<()> {
    let (model, versions) = model_state(mlflow, &plan.model).await?;
    let mut problems = Vec::new();
    let mv = versions.iter().find(|v| v.version == plan.version);
    if mode != RegistryMode::Aliases && mv.map(Stage::of) != Some(plan.target) {
        problems.push(format!(
            "v{} is in stage {} instead of {}",
            plan.version,
            mv.map(Stage::of).unwrap_or(Stage::None),
            plan.target
        ));
    }
    if plan.target != Stage::Archived {
        let after = holders(&model, &versions, plan.target);
        if mode != RegistryMode::Stages && after.by_alias.as_deref() != Some(plan.version.as_str())
        {
            problems.push(format!(
                "alias {} points at {:?}",
                plan.target.alias().unwrap_or_default(),
                after.by_alias
            ));
        }
        for other in [Stage::Production, Stage::Staging] {
            if other != plan.target
                && mode != RegistryMode::Stages
                && other.alias().is_some_and(|a| {
                    model
                        .aliases
                        .iter()
                        .any(|x| x.alias == a && x.version == plan.version)
                })
            {
                problems.push(format!(
                    "v{} still holds alias {}",
                    plan.version,
                    other.alias().unwrap_or_default()
                ));
            }
        }
        let archived_all = plan
            .changes
            .iter()
            .any(|c| matches!(c, Change::Stage { archives, .. } if !archives.is_empty()));
        if mode != RegistryMode::Aliases && archived_all && after.by_stage.len() > 1 {
            problems.push(format!(
                "several versions in {}: {:?}",
                plan.target, after.by_stage
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::backend(
            crate::clients::mlflow::COMPONENT,
            mlflow.endpoint(),
            format!(
                "verification after {} failed: {} (did something else change the registry at the same time?)",
                plan.kind.as_str(),
                problems.join("; ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn holders(by_stage: &[&str], by_alias: Option<&str>) -> Holders {
        Holders {
            by_stage: by_stage.iter().map(|s| s.to_string()).collect(),
            by_alias: by_alias.map(str::to_owned),
        }
    }

    #[test]
    fn promote_moves_stage_with_archive_then_alias_then_drops_old_alias() {
        let changes = promote_changes(
            RegistryMode::Both,
            "2",
            Stage::Staging,
            Stage::Production,
            true,
            &holders(&["1"], Some("1")),
            &["staging".into()],
        );
        assert_eq!(
            changes.iter().map(Change::describe).collect::<Vec<_>>(),
            [
                "v2: stage Staging → Production (archiving v1: Production → Archived)",
                "alias production: v1 → v2",
                "alias staging: removed from v2",
            ]
        );
    }

    #[test]
    fn promote_of_the_holder_is_a_noop_and_half_states_are_repaired() {
        let noop = promote_changes(
            RegistryMode::Both,
            "1",
            Stage::Production,
            Stage::Production,
            true,
            &holders(&["1"], Some("1")),
            &["production".into()],
        );
        assert!(noop.is_empty());
        // Stage moved but alias did not (MLflow died in between): only the alias is set.
        let repair = promote_changes(
            RegistryMode::Both,
            "2",
            Stage::Production,
            Stage::Production,
            true,
            &holders(&["2"], Some("1")),
            &[],
        );
        assert_eq!(
            repair.iter().map(Change::describe).collect::<Vec<_>>(),
            ["alias production: v1 → v2"]
        );
        // Two versions in Production: the other is archived.
        let two = promote_changes(
            RegistryMode::Stages,
            "2",
            Stage::Production,
            Stage::Production,
            true,
            &holders(&["1", "2"], None),
            &[],
        );
        assert_eq!(
            two.iter().map(Change::describe).collect::<Vec<_>>(),
            ["v1: stage Production → Archived"]
        );
    }

    #[test]
    fn a_stage_alias_left_behind_is_removed_on_the_repeat_run() {
        // v2 went Staging -> Production, MLflow died before the aliases moved.
        let repair = promote_changes(
            RegistryMode::Both,
            "2",
            Stage::Production,
            Stage::Production,
            true,
            &holders(&["2"], Some("1")),
            &["staging".into()],
        );
        assert_eq!(
            repair.iter().map(Change::describe).collect::<Vec<_>>(),
            [
                "alias production: v1 → v2",
                "alias staging: removed from v2"
            ]
        );
    }

    #[test]
    fn a_step_is_seen_applied_only_in_its_after_state() {
        use crate::clients::mlflow::{RegisteredModel, RegisteredModelAlias};
        let version = |v: &str, stage: &str| ModelVersion {
            version: v.into(),
            current_stage: Some(stage.into()),
            ..ModelVersion::default()
        };
        let model = |aliases: &[(&str, &str)]| RegisteredModel {
            aliases: aliases
                .iter()
                .map(|(a, v)| RegisteredModelAlias {
                    alias: a.to_string(),
                    version: v.to_string(),
                })
                .collect(),
            ..RegisteredModel::default()
        };
        let stage = Change::Stage {
            version: "2".into(),
            from: Stage::Staging,
            to: Stage::Production,
            archives: vec!["1".into()],
        };
        let set = Change::SetAlias {
            alias: "production".into(),
            from: Some("1".into()),
            to: "2".into(),
        };
        let delete = Change::DeleteAlias {
            alias: "staging".into(),
            version: "2".into(),
        };
        let before_model = model(&[("production", "1"), ("staging", "2")]);
        let before_versions = [version("1", "Production"), version("2", "Staging")];
        let before = Seen::new(&before_model, &before_versions);
        for change in [&stage, &set, &delete] {
            assert!(before.as_before(change), "{change:?}");
            assert!(!before.applied(change), "{change:?}");
        }
        let after_model = model(&[("production", "2")]);
        let after_versions = [version("1", "Archived"), version("2", "Production")];
        let after = Seen::new(&after_model, &after_versions);
        for change in [&stage, &set, &delete] {
            assert!(!after.as_before(change), "{change:?}");
            assert!(after.applied(change), "{change:?}");
        }
        assert_eq!(
            before.describe(&Plan {
                kind: PlanKind::Promote,
                model: "m".into(),
                version: "2".into(),
                target: Stage::Production,
                from_stage: Stage::Staging,
                previous_holder: Some("1".into()),
                changes: vec![stage.clone()],
                gate: Vec::new(),
                note: None,
            }),
            "stage Production: v1, alias production: v1; v2 in stage Staging with alias staging"
        );
    }

    fn event(id: i64, action: &str, version: &str, previous: Option<&str>) -> Event {
        Event {
            id,
            occurred_at: Utc::now(),
            actor: "t".into(),
            action: action.into(),
            target: "m".into(),
            version: Some(version.into()),
            from_state: None,
            to_state: Some("Production".into()),
            reason: None,
            details: serde_json::json!({ "previous_holder": previous }),
        }
    }

    #[test]
    fn rollback_walks_back_through_promotions() {
        // Newest first, as the audit query returns them.
        let events = vec![
            event(3, "promote", "3", Some("2")),
            event(2, "promote", "2", Some("1")),
        ];
        assert_eq!(
            rollback_target(&events, Some("3")).map(|(v, _)| v),
            Some("2".into())
        );
        let mut after = vec![event(4, "rollback", "2", Some("3"))];
        after.extend(events.clone());
        assert_eq!(
            rollback_target(&after, Some("2")).map(|(v, _)| v),
            Some("1".into())
        );
        let mut again = vec![event(5, "rollback", "1", Some("2"))];
        again.extend(after);
        assert!(rollback_target(&again, Some("1")).is_none());
    }
}
