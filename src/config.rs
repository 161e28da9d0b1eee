//! Layered configuration: defaults < well-known env (`DATABASE_URL`, `MLFLOW_TRACKING_URI`, ...)
//! < YAML file < `NBAMCP_SECTION__KEY` env < command-line flags.
//!
//! Unknown keys are errors that name the key path and where it came from. Secrets may be given
//! inline, through env, or as `*_file` paths; every secret is registered with [`crate::redact`]
//! as soon as it is read and is shown as `***` by `config show`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use crate::error::{Error, Result};
use crate::redact;
use crate::types::{Compression, Requirement, Severity};
use crate::units::{ByteSize, HumanDuration};

/// A secret string: redacted in `Debug`, `Display` and serialisation.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        redact::register(&value);
        Secret(value)
    }

    /// The plain value, for handing to a client library. Never print it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(redact::MASK)
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(redact::MASK)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        // Any scalar: a numeric password must neither fail to parse nor be echoed in the
        // "invalid type" message serde would print.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Integer(i64),
            Unsigned(u64),
            Float(f64),
            Bool(bool),
        }
        let text = match Raw::deserialize(deserializer) {
            Ok(Raw::Text(t)) => t,
            Ok(Raw::Integer(i)) => i.to_string(),
            Ok(Raw::Unsigned(u)) => u.to_string(),
            Ok(Raw::Float(f)) => f.to_string(),
            Ok(Raw::Bool(b)) => b.to_string(),
            Err(_) => return Err(serde::de::Error::custom("a secret must be a single value")),
        };
        Ok(Secret::new(text))
    }
}
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub s3: S3Config,
    pub mlflow: MlflowConfig,
    pub registry: RegistryConfig,
    pub health: HealthConfig,
    pub alerts: AlertsConfig,
    pub drift: DriftConfig,
    pub serving: ServingConfig,
    pub backup: BackupConfig,
    pub maintenance: MaintenanceConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `postgres://USER@HOST:PORT/DB`; a password in the URL works but `password` is better.
    pub url: String,
    pub password: Option<Secret>,
    pub password_file: Option<PathBuf>,
    /// The schema that holds nbamcp's own tables and migration history.
    pub schema: String,
    pub pool_size: u32,
    /// Deadline for connecting and for acquiring a pooled connection.
    pub connect_timeout: HumanDuration,
    /// Server-side `statement_timeout` for every query nbamcp runs.
    pub statement_timeout: HumanDuration,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: "postgres://nbamcp@127.0.0.1:5432/nbamcp".into(),
            password: None,
            password_file: None,
            schema: "nbamcp".into(),
            pool_size: 5,
            connect_timeout: HumanDuration::from_secs(5),
            statement_timeout: HumanDuration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3Config {
    /// Custom endpoint for S3-compatible stores; unset means AWS.
    pub endpoint_url: Option<String>,
    pub region: String,
    /// Path-style addressing (`http://host/bucket/key`), needed by most S3-compatible stores.
    pub force_path_style: bool,
    /// Static credentials; when unset, the standard AWS credential chain is used.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<Secret>,
    pub secret_access_key_file: Option<PathBuf>,
    pub timeout: HumanDuration,
    pub models_bucket: String,
    pub backups_bucket: String,
}

impl Default for S3Config {
    fn default() -> Self {
        S3Config {
            endpoint_url: None,
            region: "us-east-1".into(),
            force_path_style: false,
            access_key_id: None,
            secret_access_key: None,
            secret_access_key_file: None,
            timeout: HumanDuration::from_secs(10),
            models_bucket: "nbamcp-models".into(),
            backups_bucket: "nbamcp-backups".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MlflowConfig {
    pub tracking_uri: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub password_file: Option<PathBuf>,
    pub token: Option<Secret>,
    pub token_file: Option<PathBuf>,
    pub timeout: HumanDuration,
}

impl Default for MlflowConfig {
    fn default() -> Self {
        MlflowConfig {
            tracking_uri: "http://127.0.0.1:5000".into(),
            username: None,
            password: None,
            password_file: None,
            token: None,
            token_file: None,
            timeout: HumanDuration::from_secs(10),
        }
    }
}

/// How stages and aliases are kept in MLflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistryMode {
    Stages,
    Aliases,
    #[default]
    Both,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegistryConfig {
    /// Models that must always have a version in Production (checked by `health`).
    pub models: Vec<String>,
    pub mode: RegistryMode,
    /// The run metric `registry list` shows for each version.
    pub key_metric: String,
    /// Policy gates `registry promote` applies by default, per target stage.
    pub require: RequireConfig,
    /// How long a registry change waits, after an MLflow write got no answer, for that write to
    /// show in MLflow before it reports the step's outcome as unknown. Unset: three times
    /// `mlflow.timeout` ([`Config::registry_settle_timeout`]).
    pub settle_timeout: Option<HumanDuration>,
}

impl Default for RegistryConfig {
    fn default() -> Self {
        RegistryConfig {
            models: vec!["nba_win_predictor".into()],
            mode: RegistryMode::Both,
            key_metric: "accuracy".into(),
            require: RequireConfig::default(),
            settle_timeout: None,
        }
    }
}

impl Config {
    /// `registry.settle_timeout`, or three times `mlflow.timeout`: a write stuck in MLflow's
    /// queue for that long is rare enough to report rather than wait for.
    pub fn registry_settle_timeout(&self) -> std::time::Duration {
        self.registry
            .settle_timeout
            .map_or(self.mlflow.timeout.0 * 3, |d| d.0)
    }
}

/// Requirements like `accuracy>=0.85` on a version's run metrics, per target stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RequireConfig {
    pub production: Rules,
    pub staging: Rules,
}

impl Default for RequireConfig {
    fn default() -> Self {
        RequireConfig {
            // The runbook's target: prediction accuracy above 85 %.
            production: Rules::from(vec!["accuracy>=0.85".to_owned()]),
            staging: Rules::default(),
        }
    }
}

/// One stage's requirements, parsed as the config is read: the text as written (what the
/// config serialises back, `config show`) and the [`Requirement`]s, or the first rule that is
/// none. [`load`] refuses a config with an invalid rule, naming its key
/// (`registry.require.production[0]`), so a loaded config's rules are all parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Rules {
    text: Vec<String>,
    parsed: std::result::Result<Vec<Requirement>, RuleError>,
}

/// A rule of [`Rules`] that is no requirement: its index and why.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleError {
    pub index: usize,
    pub message: String,
}

impl Default for Rules {
    fn default() -> Self {
        Rules::from(Vec::new())
    }
}

impl From<Vec<String>> for Rules {
    fn from(text: Vec<String>) -> Self {
        let parsed = text
            .iter()
            .enumerate()
            .map(|(index, rule)| rule.parse().map_err(|message| RuleError { index, message }))
            .collect();
        Rules { text, parsed }
    }
}

impl From<Rules> for Vec<String> {
    fn from(rules: Rules) -> Self {
        rules.text
    }
}

impl Rules {
    /// The rules as written.
    pub fn text(&self) -> &[String] {
        &self.text
    }

    /// The parsed requirements; an error (a configuration error) only for rules that [`load`]
    /// would have refused, in a config built by hand.
    pub fn requirements(&self) -> Result<&[Requirement]> {
        self.parsed
            .as_deref()
            .map_err(|e| Error::config(e.message.clone()))
    }

    /// The first rule that is no requirement.
    pub fn invalid(&self) -> Option<&RuleError> {
        self.parsed.as_ref().err()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HealthConfig {
    /// Deadline of each component check.
    pub timeout: HumanDuration,
    /// `data_validation` is degraded when a production version's latest recorded drift check
    /// is older than this (daily checks, with slack).
    pub drift_report_max_age: HumanDuration,
}

impl Default for HealthConfig {
    fn default() -> Self {
        HealthConfig {
            timeout: HumanDuration::from_secs(5),
            drift_report_max_age: HumanDuration::from_secs(26 * 3600),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    pub webhook: WebhookConfig,
}

/// Delivery of raised alerts to an HTTP endpoint (Slack-compatible JSON with a `text` field).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookConfig {
    /// Where to POST each alert; unset means no delivery. A secret: such URLs embed a token.
    pub url: Option<Secret>,
    /// Sent as `Authorization: Bearer TOKEN` when set.
    pub token: Option<Secret>,
    pub token_file: Option<PathBuf>,
    /// Alerts below this severity are not sent.
    pub min_severity: Severity,
    /// Deadline of one attempt.
    pub timeout: HumanDuration,
    /// Attempts after the first, for connection errors, timeouts, 408, 429 and 5xx.
    pub retries: u32,
    /// The longest delivery may hold up the command that raised the alert, retries included.
    pub deadline: HumanDuration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            url: None,
            token: None,
            token_file: None,
            min_severity: Severity::Warning,
            timeout: HumanDuration::from_secs(2),
            retries: 2,
            deadline: HumanDuration::from_secs(5),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DriftConfig {
    /// Bucket of the reference data stored by `drift reference set` [default: s3.models_bucket].
    pub reference_bucket: Option<String>,
    /// Key prefix of the reference data in that bucket.
    pub reference_prefix: String,
}

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            reference_bucket: None,
            reference_prefix: "drift-references".into(),
        }
    }
}

/// `nbamcp serve` and the commands that talk to it (`deploy`, `ab-split`, `cache`, `health`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServingConfig {
    /// Where `nbamcp serve` listens (`--listen` overrides).
    pub listen: String,
    /// The replicas the CLI talks to (cache stats/clear, health); base URLs.
    pub replicas: Vec<String>,
    /// Bearer token of the admin endpoints; without one they answer 401 to everybody.
    pub admin_token: Option<Secret>,
    pub admin_token_file: Option<PathBuf>,
    /// ONNX Runtime's shared library; unset means `ORT_DYLIB_PATH`.
    pub ort_dylib_path: Option<PathBuf>,
    /// The feature columns every served model must take, in order (`deploy` checks the input width).
    pub features: Vec<String>,
    /// Loaded model versions kept (LRU); deployed versions are never evicted.
    pub model_cache_size: usize,
    /// A version no longer deployed is unloaded after this long unused.
    pub model_cache_ttl: HumanDuration,
    /// Cached responses (model, version, input) kept (LRU); 0 turns the cache off.
    pub response_cache_size: usize,
    pub response_cache_ttl: HumanDuration,
    /// Largest request body accepted (413 above).
    pub max_body: crate::units::ByteSize,
    /// Client connections served at once; at the limit the longest-waiting connection without
    /// a request in progress is closed, else the new one gets 503. Lowered to fit `ulimit -n`.
    pub max_connections: usize,
    /// Time a client has to send a request's headers (slowloris); then the connection closes.
    pub header_timeout: HumanDuration,
    /// Time a client has to send a request's body once its headers are in (408 after).
    pub body_timeout: HumanDuration,
    /// A keep-alive connection without a request for this long is closed.
    pub idle_timeout: HumanDuration,
    /// ONNX Runtime sessions per loaded version (requests run on them in parallel).
    pub sessions_per_version: usize,
    /// How often a replica refreshes its heartbeat and re-reads the desired state.
    pub heartbeat: HumanDuration,
    /// Deadline of each CLI call to a replica, and the default of `deploy --wait`.
    pub timeout: HumanDuration,
    pub wait_timeout: HumanDuration,
    /// The prediction log: queue size (full: dropped and counted), batch size, flush interval.
    pub prediction_log: bool,
    pub prediction_log_queue: usize,
    pub prediction_log_batch: usize,
    pub prediction_log_interval: HumanDuration,
    /// How long a batch PostgreSQL cannot take (down, frozen, failing over) is kept and retried,
    /// with backoff, before it is dropped and counted; records meanwhile wait in the queue.
    pub prediction_log_retry: HumanDuration,
    /// `cache stats` and `health` warn below this hit rate (the runbook's 70 %).
    pub cache_hit_rate_warning: f64,
}

impl Default for ServingConfig {
    fn default() -> Self {
        ServingConfig {
            listen: "127.0.0.1:8080".into(),
            replicas: vec!["http://127.0.0.1:8080".into()],
            admin_token: None,
            admin_token_file: None,
            ort_dylib_path: None,
            features: Vec::new(),
            model_cache_size: 8,
            model_cache_ttl: HumanDuration::from_secs(3600),
            response_cache_size: 10_000,
            response_cache_ttl: HumanDuration::from_secs(300),
            max_body: crate::units::ByteSize(4 << 20),
            max_connections: 4096,
            header_timeout: HumanDuration::from_secs(10),
            body_timeout: HumanDuration::from_secs(30),
            idle_timeout: HumanDuration::from_secs(60),
            sessions_per_version: 2,
            heartbeat: HumanDuration::from_secs(2),
            timeout: HumanDuration::from_secs(5),
            wait_timeout: HumanDuration::from_secs(60),
            prediction_log: true,
            prediction_log_queue: 10_000,
            prediction_log_batch: 500,
            prediction_log_interval: HumanDuration::from_secs(1),
            prediction_log_retry: HumanDuration::from_secs(60),
            cache_hit_rate_warning: 0.7,
        }
    }
}

/// `nbamcp backup`: where backups go, how they are cut and compressed, how long they are kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// The bucket [default: s3.backups_bucket].
    pub bucket: Option<String>,
    /// Key prefix: a backup is `<prefix>/<id>/manifest.json` and its dump beside it.
    pub prefix: String,
    /// Multipart upload part size (at least 5MiB, S3's minimum); memory use is a few parts.
    pub part_size: ByteSize,
    pub compression: Compression,
    /// pg_dump sending nothing for this long ends the backup (exit 1): PostgreSQL froze or a
    /// lock never came. pg_dump itself waits forever.
    pub stall_timeout: HumanDuration,
    /// Age of the newest complete backup above which `health backups` is unhealthy. When set,
    /// plain `nbamcp health` checks backups too.
    pub max_age: Option<HumanDuration>,
    /// Retention of `backup prune` / `backup create --prune`.
    pub keep_days: u32,
    pub keep_last: u32,
    /// Where pg_dump and pg_restore are [default: /usr/lib/postgresql/<server major>/bin].
    pub pg_bin_dir: Option<PathBuf>,
    /// Where MLflow's proxied artifact store (`mlflow server --artifacts-destination
    /// s3://<s3.models_bucket>/<prefix>`) keeps artifacts, for `backup verify-artifacts`.
    pub artifacts_prefix: String,
    /// Other databases `backup create --all` backs up besides database.url (e.g. MLflow's), each
    /// with its own url and password_file.
    pub databases: Vec<DatabaseConfig>,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            bucket: None,
            prefix: "postgres".into(),
            part_size: ByteSize(16 << 20),
            compression: Compression::Zstd,
            stall_timeout: HumanDuration::from_secs(300),
            max_age: None,
            keep_days: 7,
            keep_last: 0,
            pg_bin_dir: None,
            artifacts_prefix: "mlflow".into(),
            databases: Vec::new(),
        }
    }
}

/// `nbamcp maintenance`: where the operator's own checklists are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MaintenanceConfig {
    /// Directories of checklist files (`NAME.yaml`); a file here replaces the built-in
    /// checklist of the same name, the first directory winning.
    pub dirs: Vec<PathBuf>,
}

/// Where the effective configuration came from, for `config show` and error messages.
#[derive(Debug, Clone, Serialize)]
pub struct LoadedConfig {
    pub file: Option<PathBuf>,
    pub env_keys: Vec<String>,
    pub config: Config,
}

/// One value set by a command-line flag: a dotted key path and its YAML value.
#[derive(Debug, Clone)]
pub struct FlagOverride {
    pub flag: &'static str,
    pub path: &'static str,
    pub value: Value,
}

/// Well-known variables of the ecosystem, used when neither the file nor `NBAMCP_*` sets the key.
const WELL_KNOWN_ENV: [(&str, &str); 6] = [
    ("DATABASE_URL", "database.url"),
    ("MLFLOW_TRACKING_URI", "mlflow.tracking_uri"),
    ("MLFLOW_TRACKING_USERNAME", "mlflow.username"),
    ("MLFLOW_TRACKING_PASSWORD", "mlflow.password"),
    ("MLFLOW_TRACKING_TOKEN", "mlflow.token"),
    ("AWS_ENDPOINT_URL", "s3.endpoint_url"),
];

/// Keys whose values are secrets, wherever they appear.
const SECRET_KEYS: [&str; 3] = ["password", "secret_access_key", "token"];

/// Secrets that reach nbamcp through other tools' variables (the AWS credential chain, MLflow's
/// client conventions): masked like the configured ones.
const SECRET_ENV: [&str; 5] = [
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "MLFLOW_TRACKING_PASSWORD",
    "MLFLOW_TRACKING_TOKEN",
    "PGPASSWORD",
];

/// The standard places a config file is looked for when none is given.
pub fn default_locations() -> Vec<PathBuf> {
    let mut paths = vec![PathBuf::from("nbamcp.yaml")];
    if let Some(home) = std::env::var_os("HOME") {
        paths.push(Path::new(&home).join(".config/nbamcp/config.yaml"));
    }
    paths.push(PathBuf::from("/etc/nbamcp/config.yaml"));
    paths
}

/// Load the configuration from all layers. `explicit` is `--config` or `NBAMCP_CONFIG`.
pub fn load(
    explicit: Option<&Path>,
    env: &[(String, String)],
    flags: &[FlagOverride],
) -> Result<LoadedConfig> {
    for (name, value) in env {
        if SECRET_ENV.contains(&name.as_str()) {
            redact::register(value);
        }
        if name == "DATABASE_URL"
            && let Ok(url) = url::Url::parse(value)
            && let Some(password) = url.password()
        {
            redact::register(password);
        }
    }
    let mut merged = serde_yaml::to_value(Config::default()).expect("defaults serialize");

    for (var, path) in WELL_KNOWN_ENV {
        if let Some((_, value)) = env.iter().find(|(k, _)| k == var) {
            set_path(&mut merged, path, Value::String(value.clone()));
        }
    }

    let file = match explicit {
        Some(path) => {
            if !path.exists() {
                return Err(Error::config(format!(
                    "config file {} does not exist (from --config or NBAMCP_CONFIG)",
                    path.display()
                )));
            }
            Some(path.to_path_buf())
        }
        None => default_locations().into_iter().find(|p| p.is_file()),
    };
    let mut file_text = None;
    if let Some(path) = &file {
        let text = read_config_text(path)?;
        let layer = parse_file_layer(path, &text)?;
        merge(&mut merged, layer);
        file_text = Some(text);
    }

    let (env_layer, env_keys) = env_layer(env)?;
    merge(&mut merged, env_layer);

    for flag in flags {
        set_path(&mut merged, flag.path, flag.value.clone());
    }

    let mut config: Config = serde_path_to_error::deserialize(merged)
        .map_err(|e| Error::config(format!("{}: {}", e.path(), e.inner())))?;
    resolve_secret_files(&mut config)?;
    validate(&config).map_err(|bad| {
        let origin = origin_of(
            &bad.key,
            flags,
            &env_keys,
            env,
            file.as_deref().zip(file_text.as_deref()),
        );
        Error::config(format!("{origin}: {}", bad.message))
    })?;
    Ok(LoadedConfig {
        file,
        env_keys,
        config,
    })
}

/// Parse and check one YAML file on its own, so that errors name the file, key path and line.
fn parse_file_layer(path: &Path, text: &str) -> Result<Value> {
    if text.trim().is_empty() {
        return Ok(Value::Mapping(Mapping::new()));
    }
    duplicate_key(path, text)?;
    let de = serde_yaml::Deserializer::from_str(text);
    let _checked: Config = serde_path_to_error::deserialize(de).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        let location = inner
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        let mut message = strip_location(&inner.to_string());
        // serde_yaml also prefixes the parent path ("database: unknown field ..."); we name
        // the full key already.
        let parent = key
            .rsplit_once('.')
            .map_or(key.as_str(), |(parent, _)| parent);
        for prefix in [&key, parent] {
            if let Some(rest) = message.strip_prefix(&format!("{prefix}: ")) {
                message = rest.to_owned();
                break;
            }
        }
        if key == "." {
            Error::config(format!("{}{location}: {message}", path.display()))
        } else {
            Error::config(format!(
                "{}: key `{key}`{location}: {message}",
                path.display()
            ))
        }
    })?;
    serde_yaml::from_str(text).map_err(|e| Error::config(format!("{}: {e}", path.display())))
}

/// serde_yaml appends " at line L column C" to its messages; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(pos) => message[..pos].to_owned(),
        None => message.to_owned(),
    }
}

/// `NBAMCP_DATABASE__POOL_SIZE=10` -> `database.pool_size: 10`. Variables without `__` are
/// other contracts (`NBAMCP_CONFIG`, `NBAMCP_ACTOR`, ...) and are not config keys.
fn env_layer(env: &[(String, String)]) -> Result<(Value, Vec<String>)> {
    let mut layer = Value::Mapping(Mapping::new());
    let mut keys = Vec::new();
    for (name, raw) in env {
        let Some(rest) = name.strip_prefix("NBAMCP_") else {
            continue;
        };
        if !rest.contains("__") {
            continue;
        }
        let path = rest.to_ascii_lowercase().replace("__", ".");
        let secret_key = SECRET_KEYS.iter().any(|k| path.ends_with(k));
        if secret_key {
            redact::register(raw);
        }
        // A scalar in YAML syntax, so numbers and booleans work; a list as `a,b,c`.
        let value = if path == "registry.models"
            || path == "serving.replicas"
            || path == "serving.features"
            || path == "maintenance.dirs"
        {
            Value::Sequence(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            )
        } else if secret_key {
            Value::String(raw.clone())
        } else {
            match serde_yaml::from_str::<Value>(raw) {
                Ok(v @ (Value::Bool(_) | Value::Number(_))) => v,
                _ => Value::String(raw.clone()),
            }
        };
        let mut single = Value::Mapping(Mapping::new());
        set_path(&mut single, &path, value.clone());
        // Check each variable alone so the error names it.
        let _checked: Config = serde_path_to_error::deserialize(single)
            .map_err(|e| Error::config(format!("{name} (key `{path}`): {}", e.inner())))?;
        set_path(&mut layer, &path, value);
        keys.push(name.clone());
    }
    keys.sort();
    Ok((layer, keys))
}

fn set_path(root: &mut Value, dotted: &str, value: Value) {
    let mut node = root;
    let mut parts = dotted.split('.').peekable();
    while let Some(part) = parts.next() {
        if !node.is_mapping() {
            *node = Value::Mapping(Mapping::new());
        }
        let map = node.as_mapping_mut().expect("mapping");
        let key = Value::String(part.to_owned());
        if parts.peek().is_none() {
            map.insert(key, value);
            return;
        }
        node = map
            .entry(key)
            .or_insert_with(|| Value::Mapping(Mapping::new()));
    }
}

/// Deep-merge `over` into `base`: mappings merge key by key, anything else replaces.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Mapping(base_map), Value::Mapping(over_map)) => {
            for (key, value) in over_map {
                match base_map.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base_map.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

fn read_secret_file(key: &str, path: &Path) -> Result<Secret> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::config(format!("{key}: cannot read {}: {e}", path.display())))?;
    Ok(Secret::new(text.trim_end_matches(['\n', '\r'])))
}

fn resolve_secret_files(config: &mut Config) -> Result<()> {
    if let Some(path) = &config.database.password_file {
        config.database.password = Some(read_secret_file("database.password_file", path)?);
    }
    if let Some(path) = &config.s3.secret_access_key_file {
        config.s3.secret_access_key = Some(read_secret_file("s3.secret_access_key_file", path)?);
    }
    if let Some(path) = &config.mlflow.password_file {
        config.mlflow.password = Some(read_secret_file("mlflow.password_file", path)?);
    }
    if let Some(path) = &config.mlflow.token_file {
        config.mlflow.token = Some(read_secret_file("mlflow.token_file", path)?);
    }
    if let Some(path) = &config.alerts.webhook.token_file {
        config.alerts.webhook.token = Some(read_secret_file("alerts.webhook.token_file", path)?);
    }
    if let Some(path) = &config.serving.admin_token_file {
        config.serving.admin_token = Some(read_secret_file("serving.admin_token_file", path)?);
    }
    for (i, db) in config.backup.databases.iter_mut().enumerate() {
        if let Some(path) = &db.password_file {
            db.password = Some(read_secret_file(
                &format!("backup.databases[{i}].password_file"),
                path,
            )?);
        }
    }
    // A password embedded in the database URL is a secret too.
    let urls =
        std::iter::once(&config.database.url).chain(config.backup.databases.iter().map(|d| &d.url));
    for raw in urls {
        if let Ok(url) = url::Url::parse(raw)
            && let Some(pw) = url.password()
        {
            redact::register(pw);
            if let Ok(decoded) = urlencoding_decode(pw) {
                redact::register(&decoded);
            }
        }
    }
    Ok(())
}

/// A URL's percent-encoded part as libpq and sqlx read it (`%2B` is `+`; a `+` stays a `+`).
pub fn urlencoding_decode(s: &str) -> std::result::Result<String, std::str::Utf8Error> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|d| d.into_owned())
}

/// A value the checks refuse: the key at fault (`serving.replicas[1]`) and why.
#[derive(Debug)]
struct Invalid {
    key: String,
    message: String,
}

fn invalid(key: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        key: key.into(),
        message: message.into(),
    }
}

/// An http(s) URL, or why not.
fn http_url(key: &str, value: &str) -> std::result::Result<url::Url, Invalid> {
    let url = url::Url::parse(value).map_err(|e| invalid(key, format!("not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(
            key,
            format!(
                "give an http:// or https:// URL with a host (got {})",
                redact::url(value)
            ),
        ));
    }
    Ok(url)
}

fn validate(config: &Config) -> std::result::Result<(), Invalid> {
    let db = url::Url::parse(&config.database.url)
        .map_err(|e| invalid("database.url", format!("not a URL ({e})")))?;
    if !matches!(db.scheme(), "postgres" | "postgresql") {
        return Err(invalid(
            "database.url",
            format!("scheme must be postgres:// (got {}://)", db.scheme()),
        ));
    }
    if config.database.pool_size == 0 {
        return Err(invalid("database.pool_size", "must be at least 1"));
    }
    if !config
        .database
        .schema
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || config.database.schema.is_empty()
    {
        return Err(invalid(
            "database.schema",
            "use lowercase letters, digits and underscores only",
        ));
    }
    if let Some(hook) = &config.alerts.webhook.url {
        let url = url::Url::parse(hook.expose())
            .map_err(|e| invalid("alerts.webhook.url", format!("not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(
                "alerts.webhook.url",
                format!(
                    "scheme must be http:// or https:// (got {}://)",
                    url.scheme()
                ),
            ));
        }
    }
    let mlflow = url::Url::parse(&config.mlflow.tracking_uri)
        .map_err(|e| invalid("mlflow.tracking_uri", format!("not a URL ({e})")))?;
    if !matches!(mlflow.scheme(), "http" | "https") {
        return Err(invalid(
            "mlflow.tracking_uri",
            format!(
                "nbamcp talks to MLflow's REST API, so the URI must be http(s):// (got {}://)",
                mlflow.scheme()
            ),
        ));
    }
    if let Some(endpoint) = &config.s3.endpoint_url {
        url::Url::parse(endpoint)
            .map_err(|e| invalid("s3.endpoint_url", format!("not a URL ({e})")))?;
    }
    if config.s3.access_key_id.is_some() != config.s3.secret_access_key.is_some() {
        return Err(invalid(
            "s3",
            "set both access_key_id and secret_access_key (or neither, to use the AWS credential chain)",
        ));
    }
    for (stage, rules) in [
        ("production", &config.registry.require.production),
        ("staging", &config.registry.require.staging),
    ] {
        if let Some(bad) = rules.invalid() {
            return Err(invalid(
                format!("registry.require.{stage}[{}]", bad.index),
                bad.message.clone(),
            ));
        }
    }
    if config.backup.part_size.0 < 5 << 20 || config.backup.part_size.0 > 5 << 30 {
        return Err(invalid(
            "backup.part_size",
            format!(
                "{} is outside S3's part sizes (5MiB to 5GiB)",
                config.backup.part_size
            ),
        ));
    }
    let prefix = &config.backup.prefix;
    if prefix.is_empty() || prefix.starts_with('/') || prefix.ends_with('/') {
        return Err(invalid(
            "backup.prefix",
            "give a key prefix like `postgres` (not empty, no leading or trailing /)",
        ));
    }
    for (i, db) in config.backup.databases.iter().enumerate() {
        let key = format!("backup.databases[{i}].url");
        let url =
            url::Url::parse(&db.url).map_err(|e| invalid(&key, format!("not a URL ({e})")))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(invalid(key, "scheme must be postgres://"));
        }
    }
    if let Some(max_age) = config.backup.max_age
        && max_age.0.is_zero()
    {
        return Err(invalid("backup.max_age", "must be greater than 0"));
    }
    for (key, timeout) in [
        ("database.connect_timeout", config.database.connect_timeout),
        (
            "database.statement_timeout",
            config.database.statement_timeout,
        ),
        ("s3.timeout", config.s3.timeout),
        ("mlflow.timeout", config.mlflow.timeout),
        ("health.timeout", config.health.timeout),
        ("alerts.webhook.timeout", config.alerts.webhook.timeout),
        ("alerts.webhook.deadline", config.alerts.webhook.deadline),
        ("backup.stall_timeout", config.backup.stall_timeout),
        (
            "registry.settle_timeout",
            HumanDuration(config.registry_settle_timeout()),
        ),
        (
            "health.drift_report_max_age",
            config.health.drift_report_max_age,
        ),
        ("serving.model_cache_ttl", config.serving.model_cache_ttl),
        ("serving.timeout", config.serving.timeout),
        ("serving.heartbeat", config.serving.heartbeat),
        ("serving.wait_timeout", config.serving.wait_timeout),
        (
            "serving.prediction_log_interval",
            config.serving.prediction_log_interval,
        ),
        (
            "serving.prediction_log_retry",
            config.serving.prediction_log_retry,
        ),
        ("serving.header_timeout", config.serving.header_timeout),
        ("serving.body_timeout", config.serving.body_timeout),
        ("serving.idle_timeout", config.serving.idle_timeout),
    ] {
        if timeout.0.is_zero() {
            return Err(invalid(key, "must be greater than 0"));
        }
    }
    let serving = &config.serving;
    let listen_ok = serving
        .listen
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if !listen_ok {
        return Err(invalid(
            "serving.listen",
            format!(
                "give a host and port like 127.0.0.1:8080 (got {:?})",
                serving.listen
            ),
        ));
    }
    for (i, replica) in serving.replicas.iter().enumerate() {
        http_url(&format!("serving.replicas[{i}]"), replica)?;
    }
    if !(0.0..=1.0).contains(&serving.cache_hit_rate_warning) {
        return Err(invalid(
            "serving.cache_hit_rate_warning",
            format!(
                "{} is not a fraction between 0 and 1 (the runbook's 70% is 0.7)",
                serving.cache_hit_rate_warning
            ),
        ));
    }
    for (key, value) in [
        ("serving.model_cache_size", serving.model_cache_size),
        ("serving.sessions_per_version", serving.sessions_per_version),
        ("serving.prediction_log_queue", serving.prediction_log_queue),
        ("serving.prediction_log_batch", serving.prediction_log_batch),
        ("serving.max_connections", serving.max_connections),
    ] {
        if value == 0 {
            return Err(invalid(key, "must be at least 1"));
        }
    }
    if serving.max_body.0 == 0 {
        return Err(invalid("serving.max_body", "must be greater than 0"));
    }
    Ok(())
}

/// Where the value of `key` came from, as an operator would look for it: the flag, the
/// variable, or the file and line; the latest layer that set it wins, as in [`load`].
fn origin_of(
    key: &str,
    flags: &[FlagOverride],
    env_keys: &[String],
    env: &[(String, String)],
    file: Option<(&Path, &str)>,
) -> String {
    // `serving.replicas[1]` was set as `serving.replicas`.
    let base = key.split('[').next().unwrap_or(key);
    if let Some(flag) = flags.iter().find(|f| f.path == base) {
        return format!("{} (key `{key}`)", flag.flag);
    }
    let var = format!("NBAMCP_{}", base.to_ascii_uppercase().replace('.', "__"));
    if env_keys.contains(&var) {
        return format!("{var} (key `{key}`)");
    }
    if let Some((path, text)) = file
        && let Some(line) = yaml_key_line(text, base)
    {
        // `serving.replicas[1]`: the line of that item when the list is written one per line.
        let index = key
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('['))
            .and_then(|rest| rest.split(']').next())
            .and_then(|i| i.parse::<usize>().ok());
        let line = index
            .and_then(|i| yaml_item_line(text, line, i))
            .unwrap_or(line);
        return format!("{}: key `{key}` (line {line})", path.display());
    }
    if let Some((var, _)) = WELL_KNOWN_ENV
        .iter()
        .find(|(var, path)| *path == base && env.iter().any(|(k, _)| k == var))
    {
        return format!("{var} (key `{key}`)");
    }
    match file {
        Some((path, _)) => format!("{}: key `{key}`", path.display()),
        None => format!("key `{key}`"),
    }
}

/// One key of a block-style YAML mapping as the scanner saw it.
struct KeyLine {
    /// 1-based line number.
    line: usize,
    /// The dotted path of the key (`serving.replicas`).
    path: String,
}

/// The keys of a YAML file's block mappings with their lines, in order. Keys inside sequences
/// and flow collections are not visited (a key path never goes through a list here) and block
/// scalars are skipped. Enough to point at a config key; serde_yaml has checked the syntax.
fn yaml_keys(text: &str) -> Vec<KeyLine> {
    let mut out = Vec::new();
    // (indent, key) of the open mappings.
    let mut stack: Vec<(usize, &str)> = Vec::new();
    // Lines indented deeper than this belong to a block scalar or a sequence.
    let mut skip_deeper: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        if let Some(depth) = skip_deeper {
            if indent > depth {
                continue;
            }
            skip_deeper = None;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            // A sequence item: its contents are not key paths.
            skip_deeper = Some(indent);
            continue;
        }
        let (key, rest) = match split_key(trimmed) {
            Some(kv) => kv,
            None => continue,
        };
        while stack.last().is_some_and(|(d, _)| *d >= indent) {
            stack.pop();
        }
        let path = stack
            .iter()
            .map(|(_, k)| *k)
            .chain(std::iter::once(key))
            .collect::<Vec<_>>()
            .join(".");
        out.push(KeyLine { line: i + 1, path });
        let value = rest.split(" #").next().unwrap_or("").trim();
        // Only an anchor or a tag (`serving: &defaults`, `x: !!map`) still opens a mapping.
        let opens = value.is_empty()
            || (value.starts_with(['&', '!']) && !value.contains(char::is_whitespace));
        if value.starts_with('|') || value.starts_with('>') {
            skip_deeper = Some(indent);
        } else if opens {
            stack.push((indent, key));
        }
    }
    out
}

/// `key: rest` of a mapping line (the key may be quoted).
fn split_key(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(quoted) = line.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], quoted[end + 1..].strip_prefix(':')?)
    } else if let Some(quoted) = line.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (&quoted[..end], quoted[end + 1..].strip_prefix(':')?)
    } else {
        let colon = line.find(':')?;
        let key = &line[..colon];
        if key.is_empty() || key.contains([' ', '{', '[', '"', '\'']) {
            return None;
        }
        (key, &line[colon + 1..])
    };
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some((key, rest))
}

/// The line of `dotted` in a YAML file (its last occurrence, the one YAML would keep).
fn yaml_key_line(text: &str, dotted: &str) -> Option<usize> {
    yaml_keys(text)
        .into_iter()
        .filter(|k| k.path == dotted)
        .map(|k| k.line)
        .next_back()
}

/// The line of item `index` of the block sequence under the key on line `key_line`.
fn yaml_item_line(text: &str, key_line: usize, index: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let key_indent = {
        let l = lines.get(key_line - 1)?;
        l.len() - l.trim_start().len()
    };
    let mut seen = 0;
    for (i, raw) in lines.iter().enumerate().skip(key_line) {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let item = trimmed.starts_with("- ") || trimmed == "-";
        if indent < key_indent || (indent == key_indent && !item) {
            return None;
        }
        if item {
            if seen == index {
                return Some(i + 1);
            }
            seen += 1;
        }
    }
    None
}

/// A key written twice in the same mapping: serde points at the mapping, not at the repeat.
fn duplicate_key(path: &Path, text: &str) -> Result<()> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for k in yaml_keys(text) {
        if let Some(first) = seen.insert(k.path.clone(), k.line) {
            let what = if k.path.contains('.') {
                "key"
            } else {
                "section"
            };
            return Err(Error::config(format!(
                "{}: {what} `{}` (line {}) is already set at line {first}: merge the two into one",
                path.display(),
                k.path,
                k.line
            )));
        }
    }
    Ok(())
}

/// A config file's text; one that is not UTF-8 is a config error naming the line.
fn read_config_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        Error::config(format!(
            "{}: line {line}: not valid UTF-8 (save the file as UTF-8)",
            path.display()
        ))
    })
}

/// The commented template that `config init` writes.
pub const TEMPLATE: &str = include_str!("../fixtures/config/nbamcp.example.yaml");

#[cfg(test)]
mod tests {

    #[test]
    fn url_passwords_decode_as_libpq_reads_them() {
        assert_eq!(
            super::urlencoding_decode("p%2Bw+d%26x%40").unwrap(),
            "p+w+d&x@"
        );
        assert_eq!(super::urlencoding_decode("plain").unwrap(), "plain");
    }

    use super::*;

    fn load_text(text: &str, env: &[(&str, &str)]) -> Result<LoadedConfig> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nbamcp.yaml");
        std::fs::write(&path, text).unwrap();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        load(Some(&path), &env, &[])
    }

    #[test]
    fn yaml_keys_have_their_paths_and_lines() {
        let text = "# top\ndatabase:\n  url: x # c\n  pool_size: 2\nserving:\n  replicas:\n    - http://a\n    - http://b\n  features: [a, b]\n  note: |\n    text: not a key\n  \"timeout\": 5s\nhealth:\n  timeout: 1s\n";
        let keys: Vec<(usize, String)> = yaml_keys(text)
            .into_iter()
            .map(|k| (k.line, k.path))
            .collect();
        let want: Vec<(usize, String)> = [
            (2, "database"),
            (3, "database.url"),
            (4, "database.pool_size"),
            (5, "serving"),
            (6, "serving.replicas"),
            (9, "serving.features"),
            (10, "serving.note"),
            (12, "serving.timeout"),
            (13, "health"),
            (14, "health.timeout"),
        ]
        .into_iter()
        .map(|(l, p)| (l, p.to_owned()))
        .collect();
        assert_eq!(keys, want);
        assert_eq!(yaml_key_line(text, "serving.replicas"), Some(6));
        // An anchored section's keys are its own, not its parent's: no false duplicate.
        let anchored = "a: &x\n  timeout: 1s\nb: &y\n  timeout: 2s\n";
        let paths: Vec<String> = yaml_keys(anchored).into_iter().map(|k| k.path).collect();
        assert_eq!(paths, ["a", "a.timeout", "b", "b.timeout"]);
        assert_eq!(yaml_item_line(text, 6, 0), Some(7));
        assert_eq!(yaml_item_line(text, 6, 1), Some(8));
        assert_eq!(yaml_item_line(text, 6, 2), None);
        assert_eq!(
            yaml_item_line(text, 9, 0),
            None,
            "a flow list has no item lines"
        );
        assert_eq!(yaml_key_line(text, "serving.heartbeat"), None);
    }

    #[test]
    fn range_errors_name_the_file_and_line_or_the_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        let cases = [
            (
                "database:\n  pool_size: 0\n",
                "database.pool_size",
                2,
                "at least 1",
            ),
            (
                "serving:\n  listen: 127.0.0.1:1\n  heartbeat: 0s\n",
                "serving.heartbeat",
                3,
                "greater than 0",
            ),
            (
                "serving:\n  cache_hit_rate_warning: 7\n",
                "serving.cache_hit_rate_warning",
                2,
                "between 0 and 1",
            ),
            (
                "serving:\n  replicas:\n  - http://127.0.0.1:1\n  - not a url\n",
                "serving.replicas[1]",
                4,
                "not a URL",
            ),
            (
                "serving:\n  replicas: [\"ftp://x\"]\n",
                "serving.replicas[0]",
                2,
                "http:// or https://",
            ),
        ];
        for (text, key, line, what) in cases {
            std::fs::write(&path, text).unwrap();
            let msg = load(Some(&path), &[], &[]).unwrap_err().report();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(msg.contains(&format!("key `{key}` (line {line})")), "{msg}");
            assert!(msg.contains(what), "{msg}");
        }
        let env = vec![("NBAMCP_DATABASE__POOL_SIZE".to_owned(), "0".to_owned())];
        let msg = load(None, &env, &[]).unwrap_err().report();
        assert!(
            msg.contains("NBAMCP_DATABASE__POOL_SIZE (key `database.pool_size`)"),
            "{msg}"
        );
    }

    #[test]
    fn a_repeated_section_is_reported_where_it_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(
            &path,
            "serving:\n  timeout: 5s\ndatabase:\n  pool_size: 3\nserving:\n  heartbeat: 1s\n",
        )
        .unwrap();
        let msg = load(Some(&path), &[], &[]).unwrap_err().report();
        assert!(
            msg.contains("section `serving` (line 5) is already set at line 1"),
            "{msg}"
        );
        std::fs::write(&path, "serving:\n  timeout: 5s\n  timeout: 6s\n").unwrap();
        let msg = load(Some(&path), &[], &[]).unwrap_err().report();
        assert!(
            msg.contains("key `serving.timeout` (line 3) is already set at line 2"),
            "{msg}"
        );
    }

    #[test]
    fn a_config_that_is_not_utf8_is_a_config_error_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, b"serving:\n  timeout: 5s\n  # caf\xe9\n").unwrap();
        let err = load(Some(&path), &[], &[]).unwrap_err();
        assert_eq!(err.exit_status(), crate::error::ExitStatus::Usage);
        assert!(
            err.report().contains("line 3: not valid UTF-8"),
            "{}",
            err.report()
        );
    }

    #[test]
    fn unknown_key_names_its_path_and_line() {
        let err = load_text("database:\n  pool_size: 3\n  pool_sise: 4\n", &[]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("database.pool_sise"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        assert_eq!(err.exit_status(), crate::error::ExitStatus::Usage);
    }

    #[test]
    fn requirements_are_parsed_as_the_config_is_read() {
        let loaded = load_text(
            "registry:\n  require:\n    staging:\n      - accuracy >= 0.8\n      - log_loss<0.3\n",
            &[],
        )
        .unwrap();
        let require = &loaded.config.registry.require;
        let staging: Vec<String> = require
            .staging
            .requirements()
            .unwrap()
            .iter()
            .map(|r| r.to_string())
            .collect();
        assert_eq!(staging, ["accuracy>=0.8", "log_loss<0.3"]);
        // Shown back as written.
        assert_eq!(require.staging.text(), ["accuracy >= 0.8", "log_loss<0.3"]);
        assert_eq!(
            require.production.requirements().unwrap()[0].to_string(),
            "accuracy>=0.85"
        );

        let msg = load_text(
            "registry:\n  require:\n    staging:\n      - accuracy>=0.8\n      - accuracy\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(msg.contains("registry.require.staging[1]"), "{msg}");
        assert!(
            msg.ends_with(
                ": invalid requirement \"accuracy\": expected METRIC>=X (operators >= > <= < ==)"
            ),
            "{msg}"
        );
    }

    #[test]
    fn malformed_duration_names_key() {
        let msg = load_text("health:\n  timeout: 5 seconds\n", &[])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("health.timeout"), "{msg}");
        assert!(msg.contains("invalid duration"), "{msg}");
    }

    #[test]
    fn layers_apply_in_order() {
        let loaded = load_text(
            "database:\n  url: postgres://a@file:1/db\n  pool_size: 3\nmlflow:\n  timeout: 7s\n",
            &[
                ("DATABASE_URL", "postgres://a@wellknown:1/db"),
                ("MLFLOW_TRACKING_URI", "http://wellknown:5000"),
                ("NBAMCP_DATABASE__POOL_SIZE", "9"),
            ],
        )
        .unwrap();
        let c = loaded.config;
        assert_eq!(
            c.database.url, "postgres://a@file:1/db",
            "file beats well-known env"
        );
        assert_eq!(
            c.mlflow.tracking_uri, "http://wellknown:5000",
            "well-known env beats default"
        );
        assert_eq!(c.database.pool_size, 9, "NBAMCP_ env beats file");
        assert_eq!(c.mlflow.timeout.0.as_secs(), 7);
        assert_eq!(
            loaded.env_keys,
            vec!["NBAMCP_DATABASE__POOL_SIZE".to_string()]
        );
    }

    #[test]
    fn unknown_env_key_names_the_variable() {
        let msg = load_text("", &[("NBAMCP_DATABASE__POOL_SIZ", "3")])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("NBAMCP_DATABASE__POOL_SIZ"), "{msg}");
    }

    #[test]
    fn flags_beat_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.yaml");
        std::fs::write(&path, "").unwrap();
        let env = vec![("NBAMCP_HEALTH__TIMEOUT".to_string(), "9s".to_string())];
        let flags = [FlagOverride {
            flag: "--timeout",
            path: "health.timeout",
            value: Value::String("2s".into()),
        }];
        let loaded = load(Some(&path), &env, &flags).unwrap();
        assert_eq!(loaded.config.health.timeout.0.as_secs(), 2);
    }

    #[test]
    fn missing_explicit_file_is_a_config_error() {
        let err = load(Some(Path::new("/nonexistent/nbamcp.yaml")), &[], &[]).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/nbamcp.yaml"));
        assert_eq!(err.exit_status(), crate::error::ExitStatus::Usage);
    }

    #[test]
    fn secrets_are_masked_when_serialised_and_registered() {
        let loaded = load_text(
            "database:\n  url: postgres://u:inline-pw-123@h:5432/db\n  password: file-pw-456\n",
            &[],
        )
        .unwrap();
        let shown = serde_yaml::to_string(&loaded.config).unwrap();
        assert!(!shown.contains("file-pw-456"), "{shown}");
        assert!(
            redact::text("x inline-pw-123 y file-pw-456")
                .matches("***")
                .count()
                == 2
        );
    }

    #[test]
    fn numeric_secrets_from_env_or_file_are_accepted_and_masked() {
        let loaded = load_text(
            "database:\n  password: 13572468\n",
            &[("NBAMCP_MLFLOW__PASSWORD", "97531864")],
        )
        .unwrap();
        assert_eq!(
            loaded.config.database.password.unwrap().expose(),
            "13572468"
        );
        assert_eq!(loaded.config.mlflow.password.unwrap().expose(), "97531864");
        assert_eq!(redact::text("13572468 97531864"), "*** ***");
    }

    #[test]
    fn secret_file_is_read_and_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("pw");
        std::fs::write(&secret, "from-file-789\n").unwrap();
        let loaded = load_text(
            &format!("database:\n  password_file: {}\n", secret.display()),
            &[],
        )
        .unwrap();
        assert_eq!(
            loaded.config.database.password.unwrap().expose(),
            "from-file-789"
        );
    }

    #[test]
    fn registry_settle_timeout_defaults_to_three_mlflow_timeouts() {
        let loaded = load_text("mlflow:\n  timeout: 4s\n", &[]).unwrap();
        assert_eq!(loaded.config.registry_settle_timeout().as_secs(), 12);
        let loaded = load_text(
            "mlflow:\n  timeout: 4s\nregistry:\n  settle_timeout: 1m\n",
            &[],
        )
        .unwrap();
        assert_eq!(loaded.config.registry_settle_timeout().as_secs(), 60);
    }

    #[test]
    fn shipped_template_is_valid() {
        let loaded = load_text(TEMPLATE, &[]).unwrap();
        assert_eq!(
            loaded.config.registry.models,
            vec!["nba_win_predictor".to_string()]
        );
    }
}
