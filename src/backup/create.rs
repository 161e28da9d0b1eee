//! `backup create`: pg_dump -> SHA-256 (+ zstd) -> S3 multipart upload -> manifest, last.
//!
//! Memory is bounded by about three parts (one being filled, one queued, one uploading). The
//! backup counts only if pg_dump exited 0, every part was stored and the upload completed;
//! anything else (including SIGINT/SIGTERM) aborts the upload and writes no manifest.

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::Utc;
use sha2::{Digest, Sha256};
use sqlx::{Connection, Postgres, Transaction};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;

use super::{Compression, Manifest, PgTools, Store, TableRows, Target, database_of_id, new_id};
use crate::clients::postgres::Database;
use crate::error::{Error, Result};
use crate::progress::Progress;

/// Read size from pg_dump's stdout.
const CHUNK: usize = 256 << 10;
const ZSTD_LEVEL: i32 = 3;

#[derive(Debug, Clone)]
pub struct CreateOptions {
    pub label: Option<String>,
    pub compression: Compression,
    pub part_size: u64,
    pub pg_bin_dir: Option<std::path::PathBuf>,
    /// pg_dump sending nothing for this long ends the backup (`backup.stall_timeout`).
    pub stall_timeout: Duration,
}

/// A finished backup and how it went.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Created {
    pub manifest: Manifest,
    pub seconds: f64,
    /// Uploads of this database left by earlier crashed runs, aborted before starting.
    pub stale_uploads_aborted: usize,
}

/// SIGINT and SIGTERM, caught from the moment this is created (so Ctrl-C and a cron kill abort
/// the upload instead of ending the process mid-way).
pub struct Interrupt {
    int: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
}

impl Interrupt {
    pub fn new() -> Result<Interrupt> {
        use tokio::signal::unix::{SignalKind, signal};
        let int = signal(SignalKind::interrupt())
            .map_err(|e| Error::failed_with(format!("cannot catch SIGINT: {e}"), e))?;
        let term = signal(SignalKind::terminate())
            .map_err(|e| Error::failed_with(format!("cannot catch SIGTERM: {e}"), e))?;
        Ok(Interrupt { int, term })
    }

    /// A signal that arrived and was not handled yet, without waiting for one.
    pub async fn pending(&mut self) -> Option<&'static str> {
        tokio::select! {
            biased;
            why = self.recv() => Some(why),
            _ = std::future::ready(()) => None,
        }
    }

    pub async fn recv(&mut self) -> &'static str {
        tokio::select! {
            _ = self.int.recv() => "interrupted (SIGINT)",
            _ = self.term.recv() => "terminated (SIGTERM)",
        }
    }
}

/// Back up one database. `holder` names who holds the lock (for the other run's message).
pub async fn create(
    store: &Store,
    target: &Target,
    options: &CreateOptions,
    holder: &str,
    progress: &dyn Progress,
    interrupt: &mut Interrupt,
) -> Result<Created> {
    let started = Instant::now();
    let db = Database::connect(&target.config).await?;
    let _lock = db.try_lock("backup", &target.name, holder).await?;
    let (server_version, server_version_num): (String, String) = db
        .within(
            sqlx::query_as(
                "SELECT current_setting('server_version'), current_setting('server_version_num')",
            )
            .fetch_one(db.pool()),
        )
        .await?;
    let tools = PgTools::find(
        options.pg_bin_dir.as_deref(),
        server_version_num.parse().unwrap_or(0),
    )
    .await?;

    // We hold this database's lock: any upload of it still pending is from a run that died.
    // (A backup whose manifest is there but damaged is not one of those: left for a person.)
    let mut stale_uploads_aborted = 0;
    for incomplete in store.catalog(false).await?.incomplete {
        if incomplete.database.as_deref() == Some(target.name.as_str())
            && incomplete.damaged_manifest.is_none()
        {
            store.remove_incomplete(&incomplete).await?;
            stale_uploads_aborted += 1;
            tracing::warn!(id = %incomplete.id, "removed an incomplete backup left by an earlier run");
        }
    }
    let pending = store.pending_uploads().await?;
    if pending.is_none() {
        tracing::debug!("this S3 server cannot list multipart uploads: no stale-upload cleanup");
    }
    for upload in pending.unwrap_or_default() {
        let id = upload
            .key
            .strip_prefix(&format!("{}/", store.prefix))
            .and_then(|rest| rest.split_once('/'))
            .map(|(id, _)| id);
        if id.and_then(database_of_id) == Some(target.name.as_str()) {
            store
                .s3
                .abort_multipart_upload(&store.bucket, &upload.key, &upload.upload_id)
                .await?;
            stale_uploads_aborted += 1;
            tracing::warn!(key = %upload.key, "aborted an upload left by an earlier run");
        }
    }

    // One snapshot for pg_dump and for the row counts in the manifest.
    // Each under the database's deadline: a frozen server must not hang the backup here.
    let mut conn = db.within(db.pool().acquire()).await?;
    let mut tx: Transaction<'_, Postgres> = db.within(conn.begin()).await?;
    db.within(
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx),
    )
    .await?;
    db.within(sqlx::query("SET LOCAL statement_timeout = 0").execute(&mut *tx))
        .await?;
    let snapshot: String = db
        .within(sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut *tx))
        .await?;

    let started_at = Utc::now();
    let id = new_id(&target.name, started_at);
    let key = store.key(
        &id,
        &format!("{}{}", target.name, options.compression.extension()),
    );
    let upload_id = store
        .s3
        .create_multipart_upload(&store.bucket, &key)
        .await?;
    let marker_key = store.key(&id, super::UPLOAD_MARKER);
    let marker = super::UploadMarker {
        upload_id: upload_id.clone(),
        object: key.clone(),
        database: target.name.clone(),
        started_at,
    };
    if let Err(e) = store.write_json(&marker_key, &marker).await {
        let _ = abort_upload(store, &key, &upload_id, &e).await;
        return Err(failed(&target.name, e, "nothing was stored"));
    }

    let work = async {
        let mut command = target.command(&tools.pg_dump);
        command
            .arg("--format=custom")
            .arg(match options.compression {
                Compression::Gzip => "--compress=6",
                Compression::Zstd | Compression::None => "--compress=0",
            })
            .arg("--no-password")
            .arg(format!("--snapshot={snapshot}"))
            .arg(format!("--dbname={}", target.libpq_url()))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().map_err(|e| Error::io(&tools.pg_dump, e))?;
        let stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let (tx_parts, rx_parts) = mpsc::channel::<Vec<u8>>(1);
        let dump = async {
            let mut err_text = Vec::new();
            let (stream, _) = tokio::join!(
                async {
                    let stream = produce(
                        stdout,
                        options.compression,
                        options.part_size as usize,
                        tx_parts,
                        progress,
                        Stall {
                            after: options.stall_timeout,
                            endpoint: &target.config.url,
                        },
                    )
                    .await;
                    // A pg_dump that stalled waits on its server forever, and its stderr
                    // stays open with it: stop it so both ends here.
                    if stream.is_err() {
                        let _ = child.start_kill();
                    }
                    stream
                },
                stderr.read_to_end(&mut err_text)
            );
            let status = child
                .wait()
                .await
                .map_err(|e| Error::io(&tools.pg_dump, e))?;
            // Why reading stopped comes first: pg_dump's exit is then only our kill.
            let stream = stream?;
            if !status.success() {
                return Err(Error::backend(
                    crate::clients::postgres::COMPONENT,
                    &target.config.url,
                    super::describe_exit("pg_dump", status, &err_text),
                ));
            }
            Ok(stream)
        };
        let upload = upload_parts(store, &key, &upload_id, rx_parts);
        // The row counts run without a statement timeout (a large table takes long), so a server
        // that freezes while they run is caught by the same stall deadline as pg_dump.
        let counts = async {
            tokio::time::timeout(options.stall_timeout, count_rows(&db, &mut tx))
                .await
                .map_err(|_| {
                    Error::backend(
                        crate::clients::postgres::COMPONENT,
                        &target.config.url,
                        format!(
                            "counting the rows of the snapshot took over {} (backup.stall_timeout): PostgreSQL stopped answering?",
                            crate::units::HumanDuration(options.stall_timeout)
                        ),
                    )
                })?
        };
        let (stream, parts, tables) = tokio::try_join!(dump, upload, counts)?;
        store
            .s3
            .complete_multipart_upload(&store.bucket, &key, &upload_id, &parts)
            .await?;
        Ok::<_, Error>((stream, parts.len() as u32, tables))
    };
    let outcome = tokio::select! {
        outcome = work => outcome,
        why = interrupt.recv() => Err(Error::interrupted(why)),
    };
    // The snapshot's transaction: ended, or dropped with its connection when the server does not
    // answer (a frozen PostgreSQL must not hold the command).
    let _ = tokio::time::timeout(Duration::from_secs(2), tx.rollback()).await;
    let (stream, parts, tables) = match outcome {
        Ok(done) => done,
        Err(e) => {
            progress.finish();
            let cleanup = match abort_upload(store, &key, &upload_id, &e).await {
                Ok(()) => {
                    let _ = store.s3.delete_object(&store.bucket, &marker_key).await;
                    "the upload was aborted, no manifest written: nothing was stored".to_owned()
                }
                Err(abort) => format!(
                    "aborting upload {upload_id} failed too ({}): the next `backup create` of {} or `backup prune` removes it; no manifest written",
                    abort.report(),
                    target.name
                ),
            };
            return Err(failed(&target.name, e, &cleanup));
        }
    };

    // Trust but verify: the stored object is what we counted.
    let stored = store.s3.object_size(&store.bucket, &key).await?;
    if stored != Some(stream.bytes) {
        let _ = store.s3.delete_object(&store.bucket, &key).await;
        let _ = store.s3.delete_object(&store.bucket, &marker_key).await;
        return Err(failed(
            &target.name,
            Error::backend(
                crate::clients::s3::COMPONENT,
                store.s3.endpoint(),
                format!(
                    "{} holds {stored:?} bytes after the upload, {} were sent",
                    store.url(&key),
                    stream.bytes
                ),
            ),
            "the object was deleted, no manifest written",
        ));
    }

    let manifest = Manifest {
        format: 1,
        id: id.clone(),
        database: target.name.clone(),
        object: key.clone(),
        server_version,
        pg_dump_version: tools.version.clone(),
        started_at,
        finished_at: Utc::now(),
        bytes: stream.bytes,
        dump_bytes: stream.dump_bytes,
        sha256: stream.sha256,
        compression: options.compression,
        part_size: options.part_size,
        parts,
        label: options.label.clone(),
        nbamcp_version: env!("CARGO_PKG_VERSION").to_owned(),
        tables,
    };
    if let Err(e) = store
        .write_json(&store.key(&id, super::MANIFEST), &manifest)
        .await
    {
        let cleanup = match store.s3.delete_object(&store.bucket, &key).await {
            Ok(()) => {
                let _ = store.s3.delete_object(&store.bucket, &marker_key).await;
                "the archive was deleted: nothing was stored".to_owned()
            }
            Err(_) => format!(
                "{} is left without a manifest (incomplete; `backup prune` removes it)",
                store.url(&key)
            ),
        };
        return Err(failed(&target.name, e, &cleanup));
    }
    // The manifest is the truth now; a marker left behind is harmless.
    let _ = store.s3.delete_object(&store.bucket, &marker_key).await;
    progress.finish();
    Ok(Created {
        manifest,
        seconds: started.elapsed().as_secs_f64(),
        stale_uploads_aborted,
    })
}

/// A backup that failed for `cause`, and what `cleanup` left. An interrupted backup stays of
/// the interrupted kind (a caller such as a maintenance run tells it from a failure by kind).
fn failed(database: &str, cause: Error, cleanup: &str) -> Error {
    let text = format!("backup of {database} failed: {}; {cleanup}", cause.report());
    match cause {
        Error::Interrupted { .. } => Error::interrupted(text),
        _ => Error::failed(text),
    }
}

/// How long the abort may take when S3 has just failed to answer: it had `s3.timeout` already.
const ABORT_AFTER_NO_ANSWER: std::time::Duration = std::time::Duration::from_secs(2);

/// Abort the upload after `cause`: one S3 call (the SDK retries a blink inside it) under
/// `s3.timeout`, or, when `cause` is S3 not answering, under [`ABORT_AFTER_NO_ANSWER`], so the
/// command ends about `s3.timeout` after S3 died rather than twice that. An abort that fails
/// leaves the marker for the next run or `backup prune`.
async fn abort_upload(store: &Store, key: &str, upload_id: &str, cause: &Error) -> Result<()> {
    let within = if crate::clients::s3::unanswered(cause) {
        ABORT_AFTER_NO_ANSWER
    } else {
        std::time::Duration::MAX
    };
    store
        .s3
        .abort_multipart_upload_within(&store.bucket, key, upload_id, within)
        .await
}

struct Streamed {
    bytes: u64,
    dump_bytes: u64,
    sha256: String,
}

/// How long pg_dump may send nothing, and whom to blame then.
struct Stall<'a> {
    after: Duration,
    endpoint: &'a str,
}

/// Read pg_dump's archive, compress and hash it, and hand it on in parts of `part_size`.
async fn produce(
    mut stdout: tokio::process::ChildStdout,
    compression: Compression,
    part_size: usize,
    parts: mpsc::Sender<Vec<u8>>,
    progress: &dyn Progress,
    stall: Stall<'_>,
) -> Result<Streamed> {
    let io_error =
        |e: std::io::Error| Error::failed_with(format!("reading pg_dump's output: {e}"), e);
    let stopped = || Error::failed("the upload stopped");
    let mut encoder = match compression {
        Compression::Zstd => {
            let mut encoder =
                zstd::stream::write::Encoder::new(Vec::new(), ZSTD_LEVEL).map_err(io_error)?;
            encoder.include_checksum(true).map_err(io_error)?;
            Some(encoder)
        }
        Compression::Gzip | Compression::None => None,
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    let mut part = Vec::with_capacity(part_size);
    let (mut bytes, mut dump_bytes, mut sent) = (0u64, 0u64, 0usize);
    let mut eof = false;
    while !eof {
        let n = tokio::time::timeout(stall.after, stdout.read(&mut buf))
            .await
            .map_err(|_| {
                Error::backend(
                    crate::clients::postgres::COMPONENT,
                    stall.endpoint,
                    format!(
                        "pg_dump sent nothing for {} (backup.stall_timeout): PostgreSQL stopped answering or a lock never came; pg_dump was stopped",
                        crate::units::HumanDuration(stall.after)
                    ),
                )
            })?
            .map_err(io_error)?;
        let out: Vec<u8> = if n == 0 {
            eof = true;
            match encoder.take() {
                Some(encoder) => encoder.finish().map_err(io_error)?,
                None => Vec::new(),
            }
        } else {
            dump_bytes += n as u64;
            progress.set_position(dump_bytes);
            match encoder.as_mut() {
                Some(encoder) => {
                    encoder.write_all(&buf[..n]).map_err(io_error)?;
                    std::mem::take(encoder.get_mut())
                }
                None => buf[..n].to_vec(),
            }
        };
        hasher.update(&out);
        bytes += out.len() as u64;
        part.extend_from_slice(&out);
        while part.len() >= part_size {
            let rest = part.split_off(part_size);
            let full = std::mem::replace(&mut part, rest);
            parts.send(full).await.map_err(|_| stopped())?;
            sent += 1;
        }
    }
    if !part.is_empty() || sent == 0 {
        parts.send(part).await.map_err(|_| stopped())?;
    }
    Ok(Streamed {
        bytes,
        dump_bytes,
        sha256: super::hex(hasher),
    })
}

async fn upload_parts(
    store: &Store,
    key: &str,
    upload_id: &str,
    mut parts: mpsc::Receiver<Vec<u8>>,
) -> Result<Vec<(i32, String)>> {
    let mut done = Vec::new();
    while let Some(body) = parts.recv().await {
        let number = done.len() as i32 + 1;
        let etag = store
            .s3
            .upload_part(&store.bucket, key, upload_id, number, body)
            .await?;
        done.push((number, etag));
    }
    Ok(done)
}

/// Exact row counts of every table, in the dump's snapshot.
async fn count_rows(db: &Database, tx: &mut Transaction<'_, Postgres>) -> Result<Vec<TableRows>> {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT n.nspname::text, c.relname::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
           AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' \
         ORDER BY 1, 2",
    )
    .fetch_all(&mut **tx)
    .await
    .map_err(|e| db.error(e))?;
    let mut counts = Vec::with_capacity(tables.len());
    for (schema, table) in tables {
        let rows = count_table(tx, &schema, &table)
            .await
            .map_err(|e| db.error(e))?;
        counts.push(TableRows {
            schema,
            table,
            rows,
        });
    }
    Ok(counts)
}

/// `SELECT count(*)` of one table, its name quoted as an identifier.
pub async fn count_table(
    conn: &mut sqlx::PgConnection,
    schema: &str,
    table: &str,
) -> std::result::Result<i64, sqlx::Error> {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let sql = format!("SELECT count(*) FROM {}.{}", quote(schema), quote(table));
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupted_backup_fails_with_the_interrupted_kind_and_the_same_text() {
        let e = failed(
            "nbamcp",
            Error::interrupted("interrupted (SIGINT)"),
            "nothing was stored",
        );
        assert!(matches!(e, Error::Interrupted { .. }));
        assert_eq!(
            e.report(),
            "backup of nbamcp failed: interrupted (SIGINT); nothing was stored"
        );
        let e = failed("nbamcp", Error::failed("S3 said no"), "nothing was stored");
        assert!(matches!(e, Error::Failed { .. }));
        assert_eq!(
            e.report(),
            "backup of nbamcp failed: S3 said no; nothing was stored"
        );
    }
}
