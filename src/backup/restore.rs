//! Reading a backup back: `verify` (re-hash, table of contents, optionally a scratch restore
//! with row counts) and `restore`. The archive streams from S3 through SHA-256 and
//! decompression into pg_restore; the last piece is held back until the checksum is known,
//! so pg_restore never reaches the end of a corrupt archive and its single transaction
//! rolls back.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::{Compression, Manifest, PgTools, Store, Target, Verification};
use crate::clients::postgres::Database;
use crate::config::DatabaseConfig;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// What came out of streaming an archive.
struct Streamed {
    sha256: String,
    bytes: u64,
    /// The archive did not decompress (zstd's own frame checksum or format).
    decode_error: Option<String>,
}

impl Streamed {
    fn problems(&self, manifest: &Manifest) -> Vec<String> {
        let mut problems = Vec::new();
        if self.bytes != manifest.bytes {
            problems.push(format!(
                "size: {} bytes in S3, the manifest says {}",
                self.bytes, manifest.bytes
            ));
        }
        if self.sha256 != manifest.sha256 {
            problems.push(format!(
                "sha256: {} in S3, the manifest says {}",
                self.sha256, manifest.sha256
            ));
        }
        if let Some(e) = &self.decode_error {
            problems.push(format!("the archive does not decompress: {e}"));
        }
        problems
    }
}

/// Stream the archive into `sink` (a child's stdin), checking it on the way.
async fn stream_archive(
    store: &Store,
    manifest: &Manifest,
    mut sink: Option<tokio::process::ChildStdin>,
    progress: &dyn Progress,
) -> Result<Streamed> {
    use std::io::Write;
    let (_size, mut body) = store
        .s3
        .get_object_stream(&store.bucket, &manifest.object)
        .await?;
    let mut decoder = match manifest.compression {
        Compression::Zstd => Some(
            zstd::stream::write::Decoder::new(Vec::new())
                .map_err(|e| Error::failed_with(format!("zstd: {e}"), e))?,
        ),
        Compression::Gzip | Compression::None => None,
    };
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    let mut decode_error = None;
    let mut pending: Vec<u8> = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            Error::backend(
                crate::clients::s3::COMPONENT,
                store.s3.endpoint(),
                format!("reading {}: {e}", store.url(&manifest.object)),
            )
        })?;
        hasher.update(&chunk);
        bytes += chunk.len() as u64;
        progress.set_position(bytes);
        if decode_error.is_some() {
            continue;
        }
        let out = match decoder.as_mut() {
            Some(decoder) => match decoder.write_all(&chunk).and_then(|()| decoder.flush()) {
                Ok(()) => std::mem::take(decoder.get_mut()),
                Err(e) => {
                    decode_error = Some(e.to_string());
                    continue;
                }
            },
            None => chunk.to_vec(),
        };
        let ready = std::mem::replace(&mut pending, out);
        feed(&mut sink, &ready).await;
    }
    let streamed = Streamed {
        sha256: super::hex(hasher),
        bytes,
        decode_error,
    };
    if streamed.problems(manifest).is_empty() {
        feed(&mut sink, &pending).await;
        if let Some(mut stdin) = sink.take() {
            let _ = stdin.shutdown().await;
        }
    }
    Ok(streamed)
}

/// Write to the consumer; one that stopped reading (pg_restore --list has what it needs) is
/// let go, and its exit status tells whether that was a failure.
async fn feed(sink: &mut Option<tokio::process::ChildStdin>, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    if let Some(stdin) = sink.as_mut()
        && stdin.write_all(bytes).await.is_err()
    {
        *sink = None;
    }
}

/// Run pg_restore with `args`, fed from the archive. Returns the stream's findings and
/// pg_restore's stdout, or the reason it failed.
async fn pg_restore(
    store: &Store,
    manifest: &Manifest,
    command: &mut tokio::process::Command,
    progress: &dyn Progress,
) -> Result<(Streamed, std::result::Result<Vec<u8>, String>)> {
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|e| Error::failed_with(format!("cannot start pg_restore: {e}"), e))?;
    let stdin = child.stdin.take();
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let (streamed, _, _) = tokio::join!(
        stream_archive(store, manifest, stdin, progress),
        stdout.read_to_end(&mut out),
        stderr.read_to_end(&mut err),
    );
    let streamed = match streamed {
        Ok(s) => s,
        Err(e) => {
            let _ = child.kill().await;
            return Err(e);
        }
    };
    if !streamed.problems(manifest).is_empty() {
        // Never let pg_restore commit what it has read of a corrupt archive.
        let _ = child.kill().await;
        return Ok((
            streamed,
            Err("not run to the end: the archive is corrupt".into()),
        ));
    }
    let status = child
        .wait()
        .await
        .map_err(|e| Error::failed_with(format!("pg_restore: {e}"), e))?;
    if status.success() {
        Ok((streamed, Ok(out)))
    } else {
        Ok((
            streamed,
            Err(super::describe_exit("pg_restore", status, &err)),
        ))
    }
}

/// The server major of a manifest's `server_version` ("15.18" -> 150000), for finding tools.
fn version_num(server_version: &str) -> i64 {
    server_version
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|m| m.parse::<i64>().ok())
        .unwrap_or(0)
        * 10_000
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub id: String,
    pub database: String,
    pub ok: bool,
    pub sha256: String,
    pub bytes: u64,
    /// Entries in the archive's table of contents (pg_restore --list).
    pub toc_entries: usize,
    pub restored: bool,
    pub tables_checked: usize,
    pub problems: Vec<String>,
    pub verified_at: DateTime<Utc>,
}

impl VerifyReport {
    /// What was checked and found, in words (a line, then one per problem).
    pub fn summary(&self) -> String {
        let mut out = if self.ok {
            format!(
                "backup {} of {} verified: sha256 matches ({}), {} archive entries{}\n",
                self.id,
                self.database,
                crate::units::short_bytes(self.bytes),
                self.toc_entries,
                if self.restored {
                    format!(
                        ", restored into a scratch database: row counts of {} tables match",
                        self.tables_checked
                    )
                } else {
                    String::new()
                }
            )
        } else {
            format!(
                "backup {} of {} FAILED verification:\n",
                self.id, self.database
            )
        };
        for p in &self.problems {
            out.push_str(&format!("  - {p}\n"));
        }
        out
    }
}

/// Verify one backup; with `scratch_on` (the server's config), also restore it into a scratch
/// database there and compare row counts. Records the result beside the manifest.
pub async fn verify(
    store: &Store,
    manifest: &Manifest,
    pg_bin_dir: Option<&std::path::Path>,
    scratch_on: Option<&DatabaseConfig>,
    progress: &dyn Progress,
) -> Result<VerifyReport> {
    let mut problems = Vec::new();
    let tools = PgTools::find(pg_bin_dir, version_num(&manifest.server_version)).await?;
    let mut list = tokio::process::Command::new(&tools.pg_restore);
    list.arg("--list").kill_on_drop(true);
    let (streamed, listed) = pg_restore(store, manifest, &mut list, progress).await?;
    problems.extend(streamed.problems(manifest));
    let toc_entries = match &listed {
        Ok(out) => String::from_utf8_lossy(out)
            .lines()
            .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
            .count(),
        Err(e) => {
            if problems.is_empty() {
                problems.push(e.clone());
            }
            0
        }
    };
    let mut tables_checked = 0;
    let restored = problems.is_empty() && scratch_on.is_some();
    if let (true, Some(base)) = (restored, scratch_on) {
        let admin = Database::connect(base).await?;
        let name = format!("nbamcp_verify_{}", Utc::now().format("%Y%m%d%H%M%S%3f"));
        let scratch = Target::on_server_of(base, &name)?;
        create_database(&admin, &name).await?;
        let result = restore_and_count(store, manifest, &tools, &scratch, progress).await;
        let dropped = drop_database(&admin, &name).await;
        match result {
            Ok((checked, mismatches)) => {
                tables_checked = checked;
                problems.extend(mismatches);
            }
            Err(e) => problems.push(e.report()),
        }
        if let Err(e) = dropped {
            problems.push(format!(
                "the scratch database {name} could not be dropped: {}",
                e.report()
            ));
        }
    }
    let report = VerifyReport {
        id: manifest.id.clone(),
        database: manifest.database.clone(),
        ok: problems.is_empty(),
        sha256: streamed.sha256,
        bytes: streamed.bytes,
        toc_entries,
        restored,
        tables_checked,
        problems,
        verified_at: Utc::now(),
    };
    store
        .write_json(
            &store.key(&manifest.id, super::VERIFICATION),
            &Verification {
                verified_at: report.verified_at,
                ok: report.ok,
                restored: report.restored,
                problems: report.problems.clone(),
            },
        )
        .await?;
    Ok(report)
}

/// Restore into the (empty) scratch database and compare each table's rows with the manifest.
async fn restore_and_count(
    store: &Store,
    manifest: &Manifest,
    tools: &PgTools,
    scratch: &Target,
    progress: &dyn Progress,
) -> Result<(usize, Vec<String>)> {
    let mut command = scratch.command(&tools.pg_restore);
    command.args([
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        &format!("--dbname={}", scratch.libpq_url()),
    ]);
    let (_, result) = pg_restore(store, manifest, &mut command, progress).await?;
    result.map_err(|e| Error::failed(format!("restoring into {}: {e}", scratch.name)))?;
    let db = Database::connect(&scratch.config).await?;
    let mut conn = db.pool().acquire().await.map_err(|e| db.error(e))?;
    let mut mismatches = Vec::new();
    for table in &manifest.tables {
        match super::create::count_table(&mut conn, &table.schema, &table.table).await {
            Ok(rows) if rows == table.rows => {}
            Ok(rows) => mismatches.push(format!(
                "{}.{}: {rows} rows restored, {} at backup time",
                table.schema, table.table, table.rows
            )),
            Err(e) => mismatches.push(format!(
                "{}.{}: {}",
                table.schema,
                table.table,
                db.error(e).report()
            )),
        }
    }
    drop(conn);
    db.pool().close().await;
    Ok((manifest.tables.len(), mismatches))
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

async fn create_database(admin: &Database, name: &str) -> Result<()> {
    super::check_db_name(name)?;
    admin
        .within(
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE {}",
                quoted(name)
            )))
            .execute(admin.pool()),
        )
        .await
        .map(|_| ())
}

/// Drop a database nbamcp made. A plain DROP first: it also waits out an autovacuum worker,
/// which `WITH (FORCE)` may not terminate without superuser rights; FORCE is the last resort
/// (a session someone opened meanwhile).
async fn drop_database(admin: &Database, name: &str) -> Result<()> {
    super::check_db_name(name)?;
    let plain = format!("DROP DATABASE IF EXISTS {}", quoted(name));
    let mut last = None;
    for _ in 0..5 {
        match admin
            .within(sqlx::query(sqlx::AssertSqlSafe(plain.clone())).execute(admin.pool()))
            .await
        {
            Ok(_) => return Ok(()),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let forced = format!("{plain} WITH (FORCE)");
    match admin
        .within(sqlx::query(sqlx::AssertSqlSafe(forced)).execute(admin.pool()))
        .await
    {
        Ok(_) => Ok(()),
        Err(_) => Err(last.expect("attempted")),
    }
}

/// How to restore.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Create the target database (it must not exist); without it, the target must exist.
    pub create: bool,
    /// Drop the target's objects that the backup contains before recreating them.
    pub clean: bool,
    /// Restore even though other sessions are connected to the target.
    pub force_connections: bool,
    /// Skip restoring ownership (when the backup's roles do not exist here).
    pub no_owner: bool,
}

/// What a restore would replace, shown before asking. Only [`plan_restore`] makes one, after
/// its refusals, and [`restore`] needs one: no caller restores past them.
#[derive(Debug, Clone, Serialize)]
pub struct RestorePlan {
    pub id: String,
    pub source_database: String,
    pub backup_time: DateTime<Utc>,
    pub bytes: u64,
    pub target: String,
    pub target_exists: bool,
    pub target_tables: i64,
    pub target_size: Option<String>,
    pub target_connections: i64,
    pub create: bool,
    pub clean: bool,
    #[serde(skip)]
    no_owner: bool,
}

/// Look at the target and decide: refused when `create` names a database that exists, when
/// the target does not exist without `create`, and when other sessions are connected to it
/// without `force_connections` (exit 4).
pub async fn plan_restore(
    admin: &Database,
    manifest: &Manifest,
    target: &Target,
    options: &RestoreOptions,
) -> Result<RestorePlan> {
    let (exists, size, connections): (bool, Option<String>, i64) = admin
        .within(
            sqlx::query_as(
                "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1), \
                 (SELECT pg_size_pretty(pg_database_size(datname)) FROM pg_database WHERE datname = $1), \
                 (SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid())",
            )
            .bind(&target.name)
            .fetch_one(admin.pool()),
        )
        .await?;
    let mut target_tables = 0;
    if exists {
        let db = Database::connect(&target.config).await?;
        target_tables = db
            .within(
                sqlx::query_scalar(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
                       AND n.nspname NOT LIKE 'pg_toast%'",
                )
                .fetch_one(db.pool()),
            )
            .await?;
        db.pool().close().await;
    }
    // The flag names are in the texts the operator has always read (the `Usage` kind names
    // its flag).
    if exists && options.create {
        return Err(Error::usage(
            "--create",
            format!("database {} already exists", target.name),
        ));
    }
    if !exists && !options.create {
        return Err(Error::usage(
            "--target-db",
            format!(
                "database {} does not exist; pass --create to create it",
                target.name
            ),
        ));
    }
    if connections > 0 && !options.force_connections {
        return Err(Error::refused(format!(
            "{connections} other session(s) are connected to {}; stop them or pass --force-connections",
            target.name
        )));
    }
    Ok(RestorePlan {
        id: manifest.id.clone(),
        source_database: manifest.database.clone(),
        backup_time: manifest.started_at,
        bytes: manifest.bytes,
        target: target.name.clone(),
        target_exists: exists,
        target_tables,
        target_size: size,
        target_connections: connections,
        create: options.create,
        clean: options.clean,
        no_owner: options.no_owner,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    pub id: String,
    pub target: String,
    pub bytes: u64,
    pub sha256: String,
    pub created: bool,
    pub seconds: f64,
}

/// How a restore ended without an error of nbamcp's own.
pub enum RestoreOutcome {
    Restored(Restored),
    /// The archive is not what the manifest says: nothing was restored.
    Corrupt(Vec<String>),
}

/// Restore `manifest` into `target` as `plan` (from [`plan_restore`]) says. The target is
/// changed in one transaction: on any failure it is as it was (or, when the plan created it,
/// dropped again).
pub async fn restore(
    store: &Store,
    manifest: &Manifest,
    admin: &Database,
    target: &Target,
    plan: &RestorePlan,
    pg_bin_dir: Option<&std::path::Path>,
    progress: &dyn Progress,
) -> Result<RestoreOutcome> {
    if plan.id != manifest.id || plan.target != target.name {
        return Err(Error::failed(format!(
            "the restore plan is for {} into {}, not {} into {}",
            plan.id, plan.target, manifest.id, target.name
        )));
    }
    let (create, clean, no_owner) = (plan.create, plan.clean, plan.no_owner);
    let started = std::time::Instant::now();
    let server_version_num: String = admin
        .within(sqlx::query_scalar("SHOW server_version_num").fetch_one(admin.pool()))
        .await?;
    let tools = PgTools::find(pg_bin_dir, server_version_num.parse().unwrap_or(0)).await?;
    if create {
        create_database(admin, &target.name).await?;
    }
    let mut command = target.command(&tools.pg_restore);
    command.args([
        "--exit-on-error",
        "--single-transaction",
        "--no-password",
        &format!("--dbname={}", target.libpq_url()),
    ]);
    if clean {
        command.args(["--clean", "--if-exists"]);
    }
    if no_owner {
        command.args(["--no-owner", "--no-privileges"]);
    }
    let outcome = pg_restore(store, manifest, &mut command, progress).await;
    // What a failed restore leaves: the created database dropped (or why it could not be), or
    // the target as it was (one transaction).
    let undo = || async {
        if create {
            match drop_database(admin, &target.name).await {
                Ok(()) => format!("the database {} it created was dropped", target.name),
                Err(e) => format!(
                    "the database {} it created could NOT be dropped ({}): drop it by hand",
                    target.name,
                    e.report()
                ),
            }
        } else {
            format!(
                "{} is unchanged (the restore ran in one transaction)",
                target.name
            )
        }
    };
    match outcome {
        Err(e) => {
            let unchanged = undo().await;
            Err(Error::failed(format!(
                "restore of {} into {} failed: {}; {unchanged}",
                manifest.id,
                target.name,
                e.report()
            )))
        }
        Ok((streamed, _)) if !streamed.problems(manifest).is_empty() => {
            let unchanged = undo().await;
            let mut problems = streamed.problems(manifest);
            problems.push(format!("nothing was restored; {unchanged}"));
            Ok(RestoreOutcome::Corrupt(problems))
        }
        Ok((_, Err(e))) => {
            let unchanged = undo().await;
            Err(Error::failed(format!(
                "restore of {} into {} failed: {e}; {unchanged}",
                manifest.id, target.name
            )))
        }
        Ok((streamed, Ok(_))) => Ok(RestoreOutcome::Restored(Restored {
            id: manifest.id.clone(),
            target: target.name.clone(),
            bytes: streamed.bytes,
            sha256: streamed.sha256,
            created: create,
            seconds: started.elapsed().as_secs_f64(),
        })),
    }
}
