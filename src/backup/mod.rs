//! Backups of PostgreSQL databases into S3 that never report a failed backup as good.
//!
//! Layout in the bucket (`backup.bucket`, default `s3.backups_bucket`):
//!
//! ```text
//! <prefix>/<id>/<database>.dump[.zst]   the pg_dump custom-format archive (multipart upload)
//! <prefix>/<id>/manifest.json           written LAST, only after the upload completed
//! <prefix>/<id>/verification.json       the latest `backup verify` result (a sidecar)
//! ```
//!
//! The catalog is the set of manifests: a backup without one is incomplete, whatever else is
//! there. An id is `<UTC time to the millisecond>-<database>`, so ids sort by time.

pub mod artifacts;
pub mod create;
pub mod ops;
pub mod prune;
pub mod restore;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::clients::s3::{ObjectStore, UploadInfo};
use crate::config::{Config, DatabaseConfig, Secret};
use crate::error::{Error, Result};

pub const MANIFEST: &str = "manifest.json";
pub const VERIFICATION: &str = "verification.json";
/// Written when the multipart upload starts, deleted when the backup completes or its upload
/// was aborted: an incomplete backup that still has one names the upload to abort.
pub const UPLOAD_MARKER: &str = "upload.json";
/// Length of the time part of an id: `20261127T020000.123Z`.
const ID_TIME_LEN: usize = 20;

pub use crate::types::Compression;

/// Rows of one table at the moment of the dump (same snapshot as pg_dump's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRows {
    pub schema: String,
    pub table: String,
    pub rows: i64,
}

/// What `backup create` writes last: the proof that a backup is complete.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub id: String,
    pub database: String,
    /// The archive's key in the bucket.
    pub object: String,
    pub server_version: String,
    pub pg_dump_version: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    /// Bytes stored in S3 (after compression).
    pub bytes: u64,
    /// Bytes pg_dump wrote (before nbamcp's compression).
    pub dump_bytes: u64,
    /// SHA-256 of the stored object, hex.
    pub sha256: String,
    pub compression: Compression,
    pub part_size: u64,
    pub parts: u32,
    pub label: Option<String>,
    pub nbamcp_version: String,
    pub tables: Vec<TableRows>,
}

/// The sidecar `backup verify` writes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verification {
    pub verified_at: DateTime<Utc>,
    pub ok: bool,
    /// Whether the archive was restored into a scratch database and its rows counted.
    pub restored: bool,
    pub problems: Vec<String>,
}

/// The upload of a backup in progress (see [`UPLOAD_MARKER`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadMarker {
    pub upload_id: String,
    pub object: String,
    pub database: String,
    pub started_at: DateTime<Utc>,
}

/// A complete backup: its manifest and its latest verification.
#[derive(Debug, Clone, Serialize)]
pub struct Backup {
    pub manifest: Manifest,
    pub verification: Option<Verification>,
}

impl Backup {
    /// When it was last verified successfully.
    pub fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.verification
            .as_ref()
            .filter(|v| v.ok)
            .map(|v| v.verified_at)
    }
}

/// An id directory without a manifest: a failed or running backup, or a half-deleted one.
#[derive(Debug, Clone, Serialize)]
pub struct Incomplete {
    pub id: String,
    pub database: Option<String>,
    pub keys: Vec<String>,
    pub bytes: u64,
    pub last_modified: Option<DateTime<Utc>>,
    /// It has a manifest, but one that does not parse (why): maybe a whole backup whose
    /// manifest was damaged, so `prune` leaves it for a person instead of deleting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub damaged_manifest: Option<String>,
}

/// A multipart upload never completed nor aborted.
#[derive(Debug, Clone, Serialize)]
pub struct PendingUpload {
    pub key: String,
    pub upload_id: String,
    pub initiated: Option<DateTime<Utc>>,
}

impl From<UploadInfo> for PendingUpload {
    fn from(u: UploadInfo) -> Self {
        PendingUpload {
            key: u.key,
            upload_id: u.upload_id,
            initiated: u.initiated,
        }
    }
}

/// Everything under the prefix, read from S3 alone (works with PostgreSQL down).
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// Oldest first.
    pub backups: Vec<Backup>,
    pub incomplete: Vec<Incomplete>,
    pub uploads: Vec<PendingUpload>,
    /// False when the S3 server cannot list multipart uploads (s3s-fs cannot).
    pub uploads_listed: bool,
}

impl Catalog {
    pub fn find(&self, id: &str) -> Option<&Backup> {
        self.backups.iter().find(|b| b.manifest.id == id)
    }

    pub fn latest(&self, database: Option<&str>) -> Option<&Backup> {
        self.backups
            .iter()
            .rev()
            .find(|b| database.is_none_or(|d| b.manifest.database == d))
    }
}

/// The bucket and prefix backups live under, with the client to reach them.
#[derive(Debug, Clone)]
pub struct Store {
    pub s3: ObjectStore,
    pub bucket: String,
    pub prefix: String,
}

impl Store {
    pub async fn connect(config: &Config) -> Result<Store> {
        Ok(Store::on(ObjectStore::connect(&config.s3).await?, config))
    }

    /// The store of `services`' configuration, on its S3 client (no second one).
    pub async fn of(services: &crate::services::Services) -> Result<Store> {
        Ok(Store::on(
            services.store().await?.clone(),
            services.config(),
        ))
    }

    fn on(s3: ObjectStore, config: &Config) -> Store {
        Store {
            s3,
            bucket: config
                .backup
                .bucket
                .clone()
                .unwrap_or_else(|| config.s3.backups_bucket.clone()),
            prefix: config.backup.prefix.clone(),
        }
    }

    pub fn key(&self, id: &str, name: &str) -> String {
        format!("{}/{id}/{name}", self.prefix)
    }

    /// `s3://bucket/key`, for messages.
    pub fn url(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// Read the catalog. With `with_pending`, also the multipart uploads in progress.
    pub async fn catalog(&self, with_pending: bool) -> Result<Catalog> {
        let root = format!("{}/", self.prefix);
        let objects = self.s3.list_objects(&self.bucket, &root).await?;
        let mut groups: std::collections::BTreeMap<String, Vec<_>> = Default::default();
        for object in objects {
            let Some(rest) = object.key.strip_prefix(&root) else {
                continue;
            };
            let Some((id, _name)) = rest.split_once('/') else {
                continue;
            };
            groups.entry(id.to_owned()).or_default().push(object);
        }
        let mut backups = Vec::new();
        let mut incomplete = Vec::new();
        for (id, objects) in groups {
            let manifest_key = self.key(&id, MANIFEST);
            // A manifest that does not parse is shown as incomplete (and warned about), so one
            // damaged file does not stop every list, create, prune and health check.
            let mut damaged_manifest = None;
            let manifest = if objects.iter().any(|o| o.key == manifest_key) {
                match self
                    .s3
                    .get_object_bytes(&self.bucket, &manifest_key)
                    .await?
                {
                    Some(bytes) => match serde_json::from_slice::<Manifest>(&bytes) {
                        Ok(m) => Some(m),
                        Err(e) => {
                            tracing::warn!(
                                "{}: not a valid manifest ({e}); backup {id} is treated as incomplete",
                                self.url(&manifest_key)
                            );
                            damaged_manifest = Some(e.to_string());
                            None
                        }
                    },
                    None => None,
                }
            } else {
                None
            };
            match manifest {
                Some(manifest) => {
                    let verification_key = self.key(&id, VERIFICATION);
                    let verification = if objects.iter().any(|o| o.key == verification_key) {
                        self.read_json::<Verification>(&verification_key).await?
                    } else {
                        None
                    };
                    backups.push(Backup {
                        manifest,
                        verification,
                    });
                }
                None => incomplete.push(Incomplete {
                    database: database_of_id(&id).map(str::to_owned),
                    bytes: objects.iter().map(|o| o.size).sum(),
                    last_modified: objects.iter().filter_map(|o| o.last_modified).max(),
                    keys: objects.into_iter().map(|o| o.key).collect(),
                    id,
                    damaged_manifest,
                }),
            }
        }
        backups.sort_by(|a, b| {
            (a.manifest.started_at, &a.manifest.id).cmp(&(b.manifest.started_at, &b.manifest.id))
        });
        let uploads = if with_pending {
            self.pending_uploads().await?
        } else {
            Some(Vec::new())
        };
        Ok(Catalog {
            backups,
            incomplete,
            uploads_listed: uploads.is_some(),
            uploads: uploads.unwrap_or_default(),
        })
    }

    /// Multipart uploads under the prefix; `None` when the server cannot list them.
    pub async fn pending_uploads(&self) -> Result<Option<Vec<PendingUpload>>> {
        Ok(self
            .s3
            .list_multipart_uploads(&self.bucket, &format!("{}/", self.prefix))
            .await?
            .map(|uploads| uploads.into_iter().map(PendingUpload::from).collect()))
    }

    /// Remove an incomplete backup: abort the upload its marker names, delete its objects.
    pub async fn remove_incomplete(&self, incomplete: &Incomplete) -> Result<()> {
        let marker_key = self.key(&incomplete.id, UPLOAD_MARKER);
        if incomplete.keys.contains(&marker_key)
            && let Some(marker) = self.read_json::<UploadMarker>(&marker_key).await?
        {
            self.s3
                .abort_multipart_upload(&self.bucket, &marker.object, &marker.upload_id)
                .await?;
        }
        for key in &incomplete.keys {
            self.s3.delete_object(&self.bucket, key).await?;
        }
        Ok(())
    }

    async fn read_json<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let Some(bytes) = self.s3.get_object_bytes(&self.bucket, key).await? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::backend(
                crate::clients::s3::COMPONENT,
                self.s3.endpoint(),
                format!("{}: not a valid nbamcp file: {e}", self.url(key)),
            )
        })
    }

    pub async fn write_json<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let body = serde_json::to_vec_pretty(value)
            .map_err(|e| Error::failed_with(format!("cannot encode {key}: {e}"), e))?;
        self.s3.put_object(&self.bucket, key, body).await
    }
}

/// A new backup id for `database` started at `at`.
pub fn new_id(database: &str, at: DateTime<Utc>) -> String {
    format!("{}-{database}", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// The database an id belongs to.
pub fn database_of_id(id: &str) -> Option<&str> {
    let (time, rest) = (id.get(..ID_TIME_LEN)?, id.get(ID_TIME_LEN..)?);
    if !time.ends_with('Z') {
        return None;
    }
    rest.strip_prefix('-').filter(|d| !d.is_empty())
}

/// Hex of a finished SHA-256.
pub fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One database nbamcp can back up or restore into: how sqlx and libpq tools reach it.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    /// For sqlx (the Database client).
    pub config: DatabaseConfig,
}

impl Target {
    /// The database `name` on the server of `base` with its credentials.
    pub fn on_server_of(base: &DatabaseConfig, name: &str) -> Result<Target> {
        check_db_name(name)?;
        let mut url = url::Url::parse(&base.url)
            .map_err(|e| Error::config(format!("database.url: not a URL ({e})")))?;
        url.set_path(&format!("/{name}"));
        let mut config = base.clone();
        config.url = url.to_string();
        config.pool_size = 2;
        Ok(Target {
            name: name.to_owned(),
            config,
        })
    }

    pub fn from_config(config: &DatabaseConfig) -> Result<Target> {
        let url = url::Url::parse(&config.url)
            .map_err(|e| Error::config(format!("database.url: not a URL ({e})")))?;
        let name = url.path().trim_start_matches('/').to_owned();
        if name.is_empty() {
            return Err(Error::config(format!(
                "{}: names no database",
                crate::redact::url(&config.url)
            )));
        }
        let mut config = config.clone();
        config.pool_size = config.pool_size.min(2);
        Ok(Target { name, config })
    }

    /// The URL for libpq tools, without the password (that goes in PGPASSWORD).
    pub fn libpq_url(&self) -> String {
        let mut url = url::Url::parse(&self.config.url).expect("checked by config validation");
        let _ = url.set_password(None);
        url.to_string()
    }

    /// The password for libpq's PGPASSWORD: the configured one, else the URL's.
    pub fn password(&self) -> Option<Secret> {
        if let Some(pw) = &self.config.password {
            return Some(pw.clone());
        }
        let url = url::Url::parse(&self.config.url).ok()?;
        let raw = url.password()?;
        let decoded = crate::config::urlencoding_decode(raw).unwrap_or_else(|_| raw.to_owned());
        Some(Secret::new(decoded))
    }

    /// A libpq tool command with the connection's secrets in the environment, never argv.
    pub fn command(&self, program: &Path) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(program);
        command
            .env_remove("PGPASSWORD")
            .env(
                "PGCONNECT_TIMEOUT",
                self.config.connect_timeout.0.as_secs().max(2).to_string(),
            )
            .kill_on_drop(true)
            .stdin(std::process::Stdio::null());
        if let Some(pw) = self.password() {
            command.env("PGPASSWORD", pw.expose());
        }
        command
    }
}

/// The databases `--database`/`--all` name, with their credentials: database.url's, those of
/// backup.databases, or another database on database.url's server.
pub fn targets(config: &Config, database: Option<&str>, all: bool) -> Result<Vec<Target>> {
    let main = Target::from_config(&config.database)?;
    let extra = config
        .backup
        .databases
        .iter()
        .map(Target::from_config)
        .collect::<Result<Vec<_>>>()?;
    if all {
        let mut all = vec![main];
        all.extend(extra);
        return Ok(all);
    }
    match database {
        None => Ok(vec![main]),
        Some(name) if name == main.name => Ok(vec![main]),
        Some(name) => match extra.into_iter().find(|t| t.name == name) {
            Some(target) => Ok(vec![target]),
            None => Ok(vec![Target::on_server_of(&config.database, name)?]),
        },
    }
}

/// Database names nbamcp will put into SQL and onto command lines: letters, digits, `_`, `-`.
pub fn check_db_name(name: &str) -> Result<()> {
    if name.is_empty()
        || name.len() > 63
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::usage(
            "--database/--target-db",
            format!("{name:?}: use letters, digits, '_' and '-' only (at most 63)"),
        ));
    }
    Ok(())
}

/// pg_dump and pg_restore of the right major version.
#[derive(Debug, Clone)]
pub struct PgTools {
    pub pg_dump: PathBuf,
    pub pg_restore: PathBuf,
    pub version: String,
}

impl PgTools {
    /// Find the client tools for a server of `server_version_num` (e.g. 150018): in
    /// `backup.pg_bin_dir`, else Debian's `/usr/lib/postgresql/<major>/bin`, else PATH. A
    /// pg_dump older than the server cannot dump it: that is an error naming what to install.
    pub async fn find(bin_dir: Option<&Path>, server_version_num: i64) -> Result<PgTools> {
        let major = server_version_num / 10_000;
        let dirs: Vec<PathBuf> = match bin_dir {
            Some(dir) => vec![dir.to_path_buf()],
            None => {
                let mut dirs = vec![PathBuf::from(format!("/usr/lib/postgresql/{major}/bin"))];
                if let Some(path) = std::env::var_os("PATH") {
                    dirs.extend(std::env::split_paths(&path));
                }
                dirs
            }
        };
        let Some(dir) = dirs.iter().find(|d| d.join("pg_dump").is_file()) else {
            return Err(Error::config(format!(
                "pg_dump not found in {}: install Debian's postgresql-client-{major} (or set backup.pg_bin_dir)",
                bin_dir
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|| format!("/usr/lib/postgresql/{major}/bin or PATH"))
            )));
        };
        let pg_dump = dir.join("pg_dump");
        let pg_restore = dir.join("pg_restore");
        let output = tokio::process::Command::new(&pg_dump)
            .arg("--version")
            .output()
            .await
            .map_err(|e| Error::io(&pg_dump, e))?;
        let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        // "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let version = text
            .split_whitespace()
            .nth(2)
            .unwrap_or_default()
            .to_owned();
        let client_major: i64 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .ok_or_else(|| {
                Error::config(format!(
                    "{}: cannot read its version from {text:?}",
                    pg_dump.display()
                ))
            })?;
        if client_major < major {
            return Err(Error::config(format!(
                "{} is version {version}, older than the server (major {major}): it cannot dump it; install postgresql-client-{major} (or set backup.pg_bin_dir)",
                pg_dump.display()
            )));
        }
        if !pg_restore.is_file() {
            return Err(Error::config(format!(
                "{} is missing beside pg_dump",
                pg_restore.display()
            )));
        }
        Ok(PgTools {
            pg_dump,
            pg_restore,
            version,
        })
    }
}

/// The last lines of a tool's stderr, secrets removed, for an error message.
pub fn tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = lines.len().saturating_sub(3);
    crate::redact::text(&lines[start..].join(" | "))
}

/// Why a child process ended badly, in words.
pub fn describe_exit(program: &str, status: std::process::ExitStatus, stderr: &[u8]) -> String {
    use std::os::unix::process::ExitStatusExt;
    let how = match (status.code(), status.signal()) {
        (Some(code), _) => format!("{program} exited with status {code}"),
        (None, Some(signal)) => format!("{program} was killed by signal {signal}"),
        _ => format!("{program} failed"),
    };
    let tail = tail(stderr);
    if tail.is_empty() {
        how
    } else {
        format!("{how}: {tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_name_their_database() {
        let at = DateTime::parse_from_rfc3339("2026-11-27T02:00:00.123Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = new_id("nba-stats_2", at);
        assert_eq!(id, "20261127T020000.123Z-nba-stats_2");
        assert_eq!(database_of_id(&id), Some("nba-stats_2"));
        assert_eq!(database_of_id("junk"), None);
        let later = new_id("a", at + chrono::Duration::milliseconds(1));
        assert!(later > id);
    }

    #[test]
    fn database_names_that_could_inject_are_refused() {
        assert!(check_db_name("nbamcp_restore-1").is_ok());
        for bad in ["", "a b", "x\";DROP", "a/b", &"x".repeat(64)] {
            assert!(check_db_name(bad).is_err(), "{bad}");
        }
    }
}
