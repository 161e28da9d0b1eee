//! Checklists: YAML files of named steps, each with one action. Parsed strictly (unknown keys
//! are errors) and every error names the file, the line and the key at fault.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::alerts::Severity;
use crate::config::Config;
use crate::deploy::caches::CacheKind;
use crate::error::{Error, Result};
use crate::health::Component;
use crate::units::HumanDuration;

/// The checklists shipped in the binary (`commands/maintenance/`); a file of the same name in
/// one of `maintenance.dirs` takes their place.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "monthly",
        include_str!("../../commands/maintenance/monthly.yaml"),
    ),
    (
        "weekly-db",
        include_str!("../../commands/maintenance/weekly-db.yaml"),
    ),
    (
        "post-incident",
        include_str!("../../commands/maintenance/post-incident.yaml"),
    ),
];

/// Where a checklist was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Builtin,
    File(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Builtin => f.write_str("built-in"),
            Source::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Checklist {
    pub name: String,
    pub source: Source,
    /// sha256 of the text, so a resumed run can tell that the checklist changed meanwhile.
    pub sha256: String,
    pub description: String,
    pub schedule: Option<String>,
    pub steps: Vec<Step>,
}

impl Checklist {
    pub fn step(&self, name: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.name == name)
    }

    pub fn step_names(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.name.as_str()).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: String,
    /// What the step is for, in words [default: from the action].
    pub title: Option<String>,
    /// A failure of this step does not stop the run (the run then ends "needs attention").
    pub continue_on_error: bool,
    pub action: Action,
}

impl Step {
    pub fn kind(&self) -> &'static str {
        self.action.kind()
    }

    pub fn title(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.action.describe())
    }
}

/// What a step does. Each calls the library function of the command named in its doc.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Action {
    /// `backup create` then `backup verify`.
    Backup(BackupStep),
    /// `registry archive --older-than`.
    ArchiveModels(ArchiveStep),
    /// Delete log files older than a cutoff.
    ClearLogs(ClearLogsStep),
    /// `db vacuum`.
    VacuumAnalyze(TablesStep),
    /// `db vacuum --analyze-only`.
    Analyze(TablesStep),
    /// `db table-sizes`.
    TableSizes(TableSizesStep),
    /// `health`; every component must be healthy.
    Health(HealthStep),
    /// `cache clear`.
    CacheClear(CacheClearStep),
    /// Raise an alert (default: INFO Scheduled Maintenance).
    Alert(AlertStep),
    /// Something a person does: asked on a terminal, pending otherwise.
    Manual(ManualStep),
    /// A shell command; its exit status decides.
    Command(CommandStep),
}

/// The keys of a step: three common ones, then the action keys (one per step).
const STEP_KEYS: &[&str] = &[
    "name",
    "title",
    "continue_on_error",
    "backup",
    "archive-models",
    "clear-logs",
    "vacuum-analyze",
    "analyze",
    "table-sizes",
    "health",
    "cache-clear",
    "alert",
    "manual",
    "command",
];

/// The action keys, as written in a checklist.
pub const ACTION_KEYS: &[&str] = STEP_KEYS.split_at(3).1;

impl Action {
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Backup(_) => "backup",
            Action::ArchiveModels(_) => "archive-models",
            Action::ClearLogs(_) => "clear-logs",
            Action::VacuumAnalyze(_) => "vacuum-analyze",
            Action::Analyze(_) => "analyze",
            Action::TableSizes(_) => "table-sizes",
            Action::Health(_) => "health",
            Action::CacheClear(_) => "cache-clear",
            Action::Alert(_) => "alert",
            Action::Manual(_) => "manual",
            Action::Command(_) => "command",
        }
    }

    /// The step in words, for `maintenance show` and untitled steps.
    pub fn describe(&self) -> String {
        fn tables(t: &[String]) -> String {
            if t.is_empty() {
                "the whole database".into()
            } else {
                t.join(", ")
            }
        }
        match self {
            Action::Backup(b) => format!(
                "back up {} and verify it ({})",
                if b.all {
                    "every configured database".to_owned()
                } else {
                    b.database
                        .clone()
                        .unwrap_or_else(|| "database.url's database".into())
                },
                b.verify.as_str()
            ),
            Action::ArchiveModels(a) => format!(
                "archive model versions older than {}{} (never production)",
                a.older_than,
                a.name
                    .as_deref()
                    .map(|n| format!(" of {n}"))
                    .unwrap_or_default()
            ),
            Action::ClearLogs(c) => format!(
                "delete files matching {} older than {}",
                c.path, c.older_than
            ),
            Action::VacuumAnalyze(t) => format!("VACUUM ANALYZE {}", tables(&t.tables)),
            Action::Analyze(t) => format!("ANALYZE {}", tables(&t.tables)),
            Action::TableSizes(_) => "report table sizes, largest first".into(),
            Action::Health(h) => {
                if h.components.is_empty() {
                    "check every component is healthy".into()
                } else {
                    let names: Vec<&str> = h.components.iter().map(|c| c.name()).collect();
                    format!("check {} healthy", names.join(", "))
                }
            }
            Action::CacheClear(c) => {
                format!("clear the {} cache(s) of the replicas", c.what.as_str())
            }
            Action::Alert(a) => format!(
                "raise {} {}",
                a.severity.as_str(),
                a.alert_type.as_deref().unwrap_or("Scheduled Maintenance")
            ),
            Action::Manual(m) => m.instructions.clone(),
            Action::Command(c) => format!("run `{}`", c.run),
        }
    }
}

/// How far `backup` verifies what it made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifyLevel {
    /// No verification.
    None,
    /// Re-hash the stored archive and read its table of contents (`backup verify`).
    #[default]
    Archive,
    /// Also restore it into a scratch database and compare row counts (`backup verify --restore`).
    Restore,
}

impl VerifyLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyLevel::None => "no verification",
            VerifyLevel::Archive => "checksum and table of contents",
            VerifyLevel::Restore => "restored into a scratch database",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupStep {
    /// The database [default: database.url's].
    pub database: Option<String>,
    /// Every configured database (database.url's and backup.databases).
    pub all: bool,
    pub verify: VerifyLevel,
    /// Prune per backup.keep_days / keep_last afterwards.
    pub prune: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveStep {
    pub older_than: HumanDuration,
    /// Only this model [default: every registered model].
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClearLogsStep {
    /// An absolute path whose file name may hold `*`, `?` and `[...]`, e.g.
    /// `/var/log/nbamcp/*.log`.
    #[serde(deserialize_with = "log_path")]
    pub path: String,
    pub older_than: HumanDuration,
    /// A missing directory is not an error (nothing to clear).
    #[serde(default)]
    pub missing_ok: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TablesStep {
    /// `schema.table` or a table of nbamcp's schema [default: the whole database].
    pub tables: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TableSizesStep {
    pub schemas: Vec<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealthStep {
    /// [default: every component]
    pub components: Vec<Component>,
    /// Raise the CRITICAL alerts of `health --record` when unhealthy.
    pub record: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheClearStep {
    pub what: CacheKind,
    /// [default: serving.replicas]
    pub replicas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertStep {
    #[serde(default = "info")]
    pub severity: Severity,
    /// [default: Scheduled Maintenance]
    #[serde(default, rename = "type")]
    pub alert_type: Option<String>,
    /// [default: "<checklist> maintenance run #N started by <actor>"]
    #[serde(default)]
    pub message: Option<String>,
}

fn info() -> Severity {
    Severity::Info
}

impl Default for AlertStep {
    fn default() -> Self {
        AlertStep {
            severity: Severity::Info,
            alert_type: None,
            message: None,
        }
    }
}

/// Written either as the instructions alone or as `{instructions: ...}`.
#[derive(Debug, Clone, Serialize)]
pub struct ManualStep {
    pub instructions: String,
}

impl<'de> Deserialize<'de> for ManualStep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Long {
            instructions: String,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Short(String),
            Long(Long),
        }
        // untagged buffers, but a manual step's value is one string or one key: the error
        // below still names the step.
        match Form::deserialize(d) {
            Ok(Form::Short(instructions)) | Ok(Form::Long(Long { instructions })) => {
                Ok(ManualStep { instructions })
            }
            Err(_) => Err(de::Error::custom(
                "manual takes the instructions as text (or {instructions: TEXT})",
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandStep {
    /// Run by `sh -c`.
    pub run: String,
    /// Killed (its whole process group) after this long.
    #[serde(default = "ten_minutes")]
    pub timeout: HumanDuration,
}

fn ten_minutes() -> HumanDuration {
    HumanDuration::from_secs(600)
}

// ------------------------------------------------------------------ parsing

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    description: String,
    #[serde(default)]
    schedule: Option<String>,
    #[serde(deserialize_with = "steps")]
    steps: Vec<Step>,
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The steps, checked as they are read (so an error is raised where the reader stands, and
/// serde_yaml reports that line): unique names.
fn steps<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<Step>, D::Error> {
    struct Steps;
    impl<'de> Visitor<'de> for Steps {
        type Value = Vec<Step>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of steps")
        }
        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<Step>, A::Error> {
            let mut out: Vec<Step> = Vec::new();
            while let Some(step) = seq.next_element::<Step>()? {
                if let Some(i) = out.iter().position(|s| s.name == step.name) {
                    return Err(de::Error::custom(format!(
                        "two steps are named `{}` (steps {} and {})",
                        step.name,
                        i + 1,
                        out.len() + 1
                    )));
                }
                out.push(step);
            }
            if out.is_empty() {
                return Err(de::Error::custom("a checklist needs at least one step"));
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Steps)
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(StepVisitor)
    }
}

struct StepVisitor;

impl<'de> Visitor<'de> for StepVisitor {
    type Value = Step;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "a step: `name` and one action ({})",
            ACTION_KEYS.join(", ")
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Step, A::Error> {
        let mut name: Option<String> = None;
        let mut title: Option<String> = None;
        let mut continue_on_error: Option<bool> = None;
        let mut action: Option<Action> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => {
                    if name.is_some() {
                        return Err(de::Error::duplicate_field("name"));
                    }
                    let n: String = map.next_value()?;
                    if !valid_name(&n) {
                        return Err(de::Error::custom(format!(
                            "step name {n:?}: use lowercase letters, digits, - and _"
                        )));
                    }
                    name = Some(n);
                }
                "title" => title = Some(map.next_value()?),
                "continue_on_error" => continue_on_error = Some(map.next_value()?),
                other => {
                    if !ACTION_KEYS.contains(&other) {
                        return Err(de::Error::unknown_field(other, STEP_KEYS));
                    }
                    if let Some(previous) = &action {
                        return Err(de::Error::custom(format!(
                            "a step has one action; this one has `{}` and `{other}`",
                            previous.kind()
                        )));
                    }
                    action = Some(match other {
                        "backup" => Action::Backup(optional(&mut map)?),
                        "archive-models" => Action::ArchiveModels(map.next_value()?),
                        "clear-logs" => Action::ClearLogs(map.next_value()?),
                        "vacuum-analyze" => Action::VacuumAnalyze(optional(&mut map)?),
                        "analyze" => {
                            let t: TablesStep = map.next_value()?;
                            if t.tables.is_empty() {
                                return Err(de::Error::custom(
                                    "analyze needs `tables` (use vacuum-analyze for the whole database)",
                                ));
                            }
                            Action::Analyze(t)
                        }
                        "table-sizes" => Action::TableSizes(optional(&mut map)?),
                        "health" => Action::Health(optional(&mut map)?),
                        "cache-clear" => Action::CacheClear(optional(&mut map)?),
                        "alert" => Action::Alert(optional(&mut map)?),
                        "manual" => Action::Manual(map.next_value()?),
                        "command" => {
                            let c: CommandStep = map.next_value()?;
                            if c.run.trim().is_empty() {
                                return Err(de::Error::custom("command: `run` is empty"));
                            }
                            if c.timeout.0.is_zero() {
                                return Err(de::Error::custom(
                                    "command: `timeout` must be above 0",
                                ));
                            }
                            Action::Command(c)
                        }
                        _ => unreachable!("checked against ACTION_KEYS"),
                    });
                }
            }
        }
        let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
        let action = action.ok_or_else(|| {
            de::Error::custom(format!(
                "step `{name}` has no action: give one of {}",
                ACTION_KEYS.join(", ")
            ))
        })?;
        Ok(Step {
            name,
            title,
            continue_on_error: continue_on_error.unwrap_or(false),
            action,
        })
    }
}

/// A value that may be left empty (`health:`) for the defaults.
fn optional<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
    map: &mut A,
) -> std::result::Result<T, A::Error> {
    Ok(map.next_value::<Option<T>>()?.unwrap_or_default())
}

fn log_path<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    let path = String::deserialize(d)?;
    check_log_path(&path).map_err(de::Error::custom)?;
    Ok(path)
}

/// An absolute path, wildcards in the file name only, never a bare `*` of a whole directory
/// tree: clear-logs deletes what matches.
pub fn check_log_path(path: &str) -> std::result::Result<(), String> {
    let p = Path::new(path);
    if !p.is_absolute() {
        return Err(format!("clear-logs: path {path:?} must be absolute"));
    }
    let (Some(dir), Some(file)) = (p.parent(), p.file_name().and_then(|f| f.to_str())) else {
        return Err(format!(
            "clear-logs: path {path:?} has no file name pattern"
        ));
    };
    if dir.to_string_lossy().contains(['*', '?', '[']) {
        return Err(format!(
            "clear-logs: path {path:?}: wildcards only in the file name, not in directories"
        ));
    }
    // What is left without wildcards and bracket expressions must name something (`.log`):
    // `*`, `?*`, `[!.]*` would match every file of the directory.
    let mut literal = String::new();
    let mut in_brackets = false;
    for c in file.chars() {
        match c {
            '[' => in_brackets = true,
            ']' if in_brackets => in_brackets = false,
            '*' | '?' | '.' => {}
            c if !in_brackets => literal.push(c),
            _ => {}
        }
    }
    if literal.is_empty() {
        return Err(format!(
            "clear-logs: path {path:?} matches every file of the directory; name the logs (e.g. *.log)"
        ));
    }
    glob::Pattern::new(file).map_err(|e| format!("clear-logs: path {path:?}: {e}"))?;
    Ok(())
}

/// Parse a checklist's text; errors read `FILE:LINE:COLUMN: KEY: what is wrong`.
pub fn parse(name: &str, source: Source, text: &str) -> Result<Checklist> {
    let file: ChecklistFile = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(
        text,
    ))
    .map_err(|e| {
        let key = e.path().to_string();
        let e = e.into_inner();
        let mut message = e.to_string();
        let mut at = String::new();
        if let Some(l) = e.location() {
            let suffix = format!(" at line {} column {}", l.line(), l.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
            let (line, column) = key_position(text, &message, l.line(), l.column());
            at = format!(":{line}:{column}");
        }
        // serde_yaml names the mapping it was in; the full path names the key too.
        if let Some((head, rest)) = message.split_once(": ")
            && !head.contains(' ')
            && key.starts_with(head)
        {
            message = rest.to_owned();
        }
        if key != "." && !key.is_empty() {
            message = format!("{key}: {message}");
        }
        Error::config(format!("checklist {source}{at}: {message}"))
    })?;
    let sha256 = crate::serve::model::sha256_hex(text.as_bytes());
    Ok(Checklist {
        name: name.to_owned(),
        source,
        sha256,
        description: file.description,
        schedule: file.schedule,
        steps: file.steps,
    })
}

/// Errors raised while reading a step's keys are placed by serde_yaml at the start of the
/// step; point at the offending key's own line instead (`unknown field `K``, `... and `K``).
fn key_position(text: &str, message: &str, line: usize, column: usize) -> (usize, usize) {
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    // A repeated step name: the line of its second `name:`.
    if message.contains("two steps are named")
        && let Some(name) = ticked.first()
    {
        let second = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let t = l.trim_start();
                let rest = t.strip_prefix("- ").unwrap_or(t);
                let value = rest.strip_prefix("name:")?.trim().trim_matches(['"', '\'']);
                (value == *name).then(|| (i + 1, l.len() - rest.len() + 1))
            })
            .nth(1);
        if let Some(found) = second {
            return found;
        }
    }
    let key = if message.contains("unknown field") || message.contains("duplicate field") {
        ticked.first()
    } else if message.contains("one action") {
        ticked.last()
    } else {
        None
    };
    let Some(key) = key else {
        return (line, column);
    };
    for (i, l) in text
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .take(100)
    {
        let trimmed = l.trim_start();
        let indent = l.len() - trimmed.len();
        let (offset, rest) = match trimmed.strip_prefix("- ") {
            Some(r) => (indent + 2, r),
            None => (indent, trimmed),
        };
        if rest
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with(':'))
        {
            // Past the first line, a duplicate `name` is the one we look for.
            if message.contains("duplicate field") && i + 1 == line {
                continue;
            }
            return (i + 1, offset + 1);
        }
    }
    (line, column)
}

/// A name (`monthly`) or the path of a YAML file (anything with a `/` or a .yaml/.yml ending).
pub fn load(config: &Config, wanted: &str) -> Result<Checklist> {
    if wanted.contains('/') || wanted.ends_with(".yaml") || wanted.ends_with(".yml") {
        let path = PathBuf::from(wanted);
        return read_file(&path);
    }
    for dir in &config.maintenance.dirs {
        for ext in ["yaml", "yml"] {
            let path = dir.join(format!("{wanted}.{ext}"));
            if path.is_file() {
                return read_file(&path);
            }
        }
    }
    if let Some((name, text)) = BUILTIN.iter().find(|(n, _)| *n == wanted) {
        return parse(name, Source::Builtin, text);
    }
    let known: Vec<String> = available(config)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    Err(Error::usage(
        "CHECKLIST",
        format!(
            "no checklist named {wanted:?}; there are: {} (or give the path of a YAML file)",
            known.join(", ")
        ),
    ))
}

fn read_file(path: &Path) -> Result<Checklist> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("checklist")
        .to_owned();
    parse(&name, Source::File(path.to_owned()), &text)
}

/// Every checklist name with where it comes from: the files of maintenance.dirs (the first
/// directory wins), then the built-in ones not replaced by a file.
pub fn available(config: &Config) -> Vec<(String, Source)> {
    let mut found: BTreeMap<String, Source> = BTreeMap::new();
    for dir in &config.maintenance.dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if let (true, Some(stem)) = (is_yaml, path.file_stem().and_then(|s| s.to_str())) {
                found
                    .entry(stem.to_owned())
                    .or_insert(Source::File(path.clone()));
            }
        }
    }
    for (name, _) in BUILTIN {
        found.entry((*name).to_owned()).or_insert(Source::Builtin);
    }
    found.into_iter().collect()
}

/// Every available checklist, parsed (or the error that stops it from parsing).
pub fn load_all(config: &Config) -> Vec<(String, Source, Result<Checklist>)> {
    available(config)
        .into_iter()
        .map(|(name, source)| {
            let parsed = match &source {
                Source::Builtin => {
                    let text = BUILTIN
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, t)| *t)
                        .unwrap_or_default();
                    parse(&name, Source::Builtin, text)
                }
                Source::File(path) => read_file(path),
            };
            (name, source, parsed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("t", Source::File("t.yaml".into()), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn builtin_checklists_parse() {
        for (name, text) in BUILTIN {
            let c = parse(name, Source::Builtin, text).unwrap();
            assert!(!c.steps.is_empty(), "{name}");
        }
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let e = err("description: x\nsteps:\n  - name: a\n    backup:\n      verfy: restore\n");
        assert!(e.contains("t.yaml:5:"), "{e}");
        assert!(e.contains("verfy"), "{e}");
        let e = err(
            "description: x\nsteps:\n  - name: a\n    health: {}\n  - name: a\n    health: {}\n",
        );
        assert!(e.contains("two steps are named `a`"), "{e}");
        assert!(e.contains("t.yaml:"), "{e}");
        let e = err("description: x\nsteps:\n  - name: a\n    helth: {}\n");
        assert!(
            e.contains("t.yaml:4:5:") && e.contains("unknown field `helth`"),
            "{e}"
        );
        let e = err("description: x\nsteps:\n  - helth: {}\n    name: a\n");
        assert!(e.contains("t.yaml:3:5:"), "{e}");
        let e = err("description: x\nsteps:\n  - name: a\n    health: {}\n    manual: do it\n");
        assert!(e.contains("one action") && e.contains("t.yaml:5:5:"), "{e}");
        let e = err("description: x\nsteps:\n  - name: a\n");
        assert!(e.contains("has no action"), "{e}");
        let e = err("description: x\nstep:\n  - name: a\n");
        assert!(e.contains("unknown field `step`"), "{e}");
        let e = err(
            "description: x\nsteps:\n  - name: a\n    clear-logs: {path: /var/*/x.log, older_than: 30d}\n",
        );
        assert!(e.contains("wildcards only in the file name"), "{e}");
        let e =
            err("description: x\nsteps:\n  - name: a\n    archive-models: {older_than: 90 days}\n");
        assert!(e.contains("t.yaml:4:"), "{e}");
    }

    #[test]
    fn defaults_and_short_forms() {
        let c = parse(
            "t",
            Source::Builtin,
            "description: x\nsteps:\n  - name: h\n    health:\n  - name: m\n    manual: Tell people\n  - name: c\n    command: {run: \"true\"}\n",
        )
        .unwrap();
        assert!(matches!(&c.steps[0].action, Action::Health(h) if h.components.is_empty()));
        assert!(matches!(&c.steps[1].action, Action::Manual(m) if m.instructions == "Tell people"));
        assert!(matches!(&c.steps[2].action, Action::Command(c) if c.timeout.0.as_secs() == 600));
    }
}
