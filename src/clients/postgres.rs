//! PostgreSQL: a sqlx pool with deadlines, and nbamcp's own schema migrations.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection};

use crate::config::DatabaseConfig;
use crate::error::{Error, Result};
use crate::redact;

/// The `nbamcp` schema's migrations, embedded at build time.
pub static MIGRATOR: Migrator = sqlx::migrate!("src/db/migrations");

pub const COMPONENT: &str = "database";

/// A pool of connections to nbamcp's database.
#[derive(Debug, Clone)]
pub struct Database {
    pool: PgPool,
    options: PgConnectOptions,
    endpoint: String,
    schema: String,
    timeout: Duration,
    /// Client-side deadline of one query: the server's statement_timeout plus the connect
    /// timeout, so a server that stops answering mid-query cannot hang a command.
    query_deadline: Duration,
}

impl Database {
    /// Connect, with `connect_timeout` as the deadline for the first connection.
    pub async fn connect(config: &DatabaseConfig) -> Result<Database> {
        let endpoint = redact::url(&config.url);
        let mut options = PgConnectOptions::from_str(&config.url)
            .map_err(|e| Error::config(format!("database.url: {e}")))?
            .application_name("nbamcp")
            .options([
                ("search_path", config.schema.as_str()),
                (
                    "statement_timeout",
                    &config.statement_timeout.0.as_millis().to_string(),
                ),
            ]);
        if let Some(password) = &config.password {
            options = options.password(password.expose());
        }
        let timeout = config.connect_timeout.0;
        // sqlx's pool retries a refused connection until its deadline ("the server may be
        // starting"); an operator wants "connection refused" at once, so probe TCP first.
        if !options.get_host().starts_with('/') {
            let address = format!("{}:{}", options.get_host(), options.get_port());
            match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(&address)).await {
                Ok(Ok(_probe)) => {}
                Ok(Err(e)) => {
                    return Err(Error::backend(
                        COMPONENT,
                        &endpoint,
                        format!("cannot connect: {e}"),
                    ));
                }
                Err(_) => {
                    return Err(Error::backend(
                        COMPONENT,
                        &endpoint,
                        format!(
                            "no answer within {} (database.connect_timeout)",
                            fmt_secs(timeout)
                        ),
                    ));
                }
            }
        }
        let pool_options = PgPoolOptions::new()
            .max_connections(config.pool_size)
            .acquire_timeout(timeout);
        let pool = tokio::time::timeout(timeout, pool_options.connect_with(options.clone()))
            .await
            .map_err(|_| {
                Error::backend(
                    COMPONENT,
                    &endpoint,
                    format!(
                        "no answer within {} (database.connect_timeout)",
                        fmt_secs(timeout)
                    ),
                )
            })?
            .map_err(|e| sqlx_error(&endpoint, e, timeout))?;
        Ok(Database {
            pool,
            options,
            endpoint,
            schema: config.schema.clone(),
            timeout,
            query_deadline: config.statement_timeout.0 + timeout,
        })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The redacted endpoint, for messages.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// Client connections open on the server, and its `max_connections`.
    pub async fn connection_usage(&self) -> Result<(i64, i64)> {
        self.within(sqlx::query_as(
            "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'), \
                    current_setting('max_connections')::bigint",
        )
        .fetch_one(&self.pool))
        .await
    }

    /// Run one query under the client-side deadline, mapping its error.
    pub async fn within<T>(
        &self,
        query: impl std::future::Future<Output = std::result::Result<T, sqlx::Error>>,
    ) -> Result<T> {
        match tokio::time::timeout(self.query_deadline, query).await {
            Ok(result) => result.map_err(|e| self.error(e)),
            Err(_) => Err(Error::backend(
                COMPONENT,
                &self.endpoint,
                format!(
                    "no answer within {} (database.statement_timeout + database.connect_timeout)",
                    fmt_secs(self.query_deadline)
                ),
            )),
        }
    }

    /// Map a sqlx error from this database into nbamcp's error.
    pub fn error(&self, e: sqlx::Error) -> Error {
        sqlx_error(&self.endpoint, e, self.timeout)
    }

    /// A connection of its own (not from the pool), e.g. for a statement that must not share
    /// the pool's session settings.
    pub async fn dedicated_connection(&self) -> Result<PgConnection> {
        tokio::time::timeout(self.timeout, self.options.clone().connect())
            .await
            .map_err(|_| Error::backend(COMPONENT, &self.endpoint, "no answer while connecting"))?
            .map_err(|e| self.error(e))
    }

    /// Resolves (with the error) once the server stops answering a `SELECT 1` on a pooled
    /// connection, checked every `database.connect_timeout`; pending while it answers. For
    /// statements that legitimately run without a deadline (VACUUM), raced against them, so a
    /// frozen server ends them instead of hanging the command.
    pub async fn unanswering(&self) -> Error {
        loop {
            tokio::time::sleep(self.timeout).await;
            if let Err(e) = self
                .within(sqlx::query("SELECT 1").execute(&self.pool))
                .await
            {
                return e;
            }
        }
    }

    /// Take the PostgreSQL advisory lock `(scope, key)` without waiting, on a connection of its
    /// own whose `application_name` says who holds it. Held until the guard is dropped (the
    /// connection closes, so even a crash releases it). When another session holds it, the
    /// error (exit 4) says who and since when.
    pub async fn try_lock(&self, scope: &str, key: &str, holder: &str) -> Result<AdvisoryLock> {
        let name: String = format!("nbamcp {holder}").chars().take(63).collect();
        let mut conn = tokio::time::timeout(
            self.timeout,
            self.options.clone().application_name(&name).connect(),
        )
        .await
        .map_err(|_| Error::backend(COMPONENT, &self.endpoint, "no answer while taking a lock"))?
        .map_err(|e| self.error(e))?;
        let locked: bool = self
            .within(
                sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext($1), hashtext($2))")
                    .bind(scope)
                    .bind(key)
                    .fetch_one(&mut conn),
            )
            .await?;
        if locked {
            return Ok(AdvisoryLock { _conn: conn });
        }
        let holder: Option<(Option<String>, Option<DateTime<Utc>>)> = self
            .within(
                sqlx::query_as(
                    "SELECT a.application_name, a.backend_start FROM pg_locks l \
                     JOIN pg_stat_activity a ON a.pid = l.pid \
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
                       AND l.classid::bigint = (hashtext($1)::bigint & 4294967295) \
                       AND l.objid::bigint = (hashtext($2)::bigint & 4294967295) LIMIT 1",
                )
                .bind(scope)
                .bind(key)
                .fetch_optional(&mut conn),
            )
            .await?;
        let _ = conn.close().await;
        let (who, since) = match holder {
            Some((app, start)) => (
                app.filter(|a| !a.is_empty())
                    .unwrap_or_else(|| "another session".into()),
                start
                    .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                    .unwrap_or_else(|| "unknown".into()),
            ),
            None => ("another session".into(), "unknown".into()),
        };
        Err(Error::refused(format!(
            "{scope} {key} is locked by {who} since {since}; try again when it finishes"
        )))
    }

    pub async fn server_version(&self) -> Result<String> {
        self.within(sqlx::query_scalar::<_, String>("SHOW server_version").fetch_one(&self.pool))
            .await
    }

    /// Create the schema if needed and apply pending migrations (sqlx holds an advisory lock
    /// while it migrates, so concurrent runs are serialised). Returns the migrations applied now.
    pub async fn migrate(&self) -> Result<Vec<MigrationState>> {
        let before = self.migration_status().await?;
        // The schema name is checked by config validation: lowercase letters, digits, '_'.
        let create = format!("CREATE SCHEMA IF NOT EXISTS \"{}\"", self.schema);
        self.within(sqlx::query(sqlx::AssertSqlSafe(create)).execute(&self.pool))
            .await?;
        MIGRATOR.run(&self.pool).await.map_err(|e| {
            Error::backend(COMPONENT, &self.endpoint, format!("migration failed: {e}"))
        })?;
        let after = self.migration_status().await?;
        Ok(after
            .into_iter()
            .filter(|m| {
                m.status == MigrationStatus::Applied
                    && before
                        .iter()
                        .any(|b| b.version == m.version && b.status == MigrationStatus::Pending)
            })
            .collect())
    }

    /// Every migration the binary knows, and whether the database has it.
    pub async fn migration_status(&self) -> Result<Vec<MigrationState>> {
        let table_exists: bool = self
            .within(
                sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
                     WHERE table_schema = $1 AND table_name = '_sqlx_migrations')",
                )
                .bind(&self.schema)
                .fetch_one(&self.pool),
            )
            .await?;
        let applied: Vec<(i64, Vec<u8>, DateTime<Utc>, bool)> = if table_exists {
            let sql = format!(
                "SELECT version, checksum, installed_on, success FROM \"{}\"._sqlx_migrations ORDER BY version",
                self.schema
            );
            self.within(sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool))
                .await?
        } else {
            Vec::new()
        };
        let mut states: Vec<MigrationState> = MIGRATOR
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .map(|m| {
                let row = applied.iter().find(|(v, ..)| *v == m.version);
                let status = match row {
                    None => MigrationStatus::Pending,
                    Some((_, _, _, false)) => MigrationStatus::Failed,
                    Some((_, checksum, _, _)) if checksum.as_slice() != &*m.checksum => {
                        MigrationStatus::Modified
                    }
                    Some(_) => MigrationStatus::Applied,
                };
                MigrationState {
                    version: m.version,
                    description: m.description.to_string(),
                    status,
                    applied_at: row.map(|(_, _, at, _)| *at),
                }
            })
            .collect();
        for (version, _, at, _) in &applied {
            if !states.iter().any(|s| s.version == *version) {
                states.push(MigrationState {
                    version: *version,
                    description: "(not in this binary: applied by a newer nbamcp?)".into(),
                    status: MigrationStatus::Unknown,
                    applied_at: Some(*at),
                });
            }
        }
        states.sort_by_key(|s| s.version);
        Ok(states)
    }
}

/// A held advisory lock; released when dropped.
#[derive(Debug)]
pub struct AdvisoryLock {
    _conn: PgConnection,
}

impl AdvisoryLock {
    /// Is the lock still held? It lives as long as its connection: a connection that no
    /// longer answers (the server restarted, the network dropped it) means it may be gone.
    pub async fn check(&mut self, deadline: Duration) -> bool {
        matches!(
            tokio::time::timeout(deadline, sqlx::query("SELECT 1").execute(&mut self._conn)).await,
            Ok(Ok(_))
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MigrationStatus {
    Applied,
    Pending,
    /// The file changed after it was applied: the checksum differs.
    Modified,
    Failed,
    /// Applied in the database but unknown to this binary.
    Unknown,
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationState {
    pub version: i64,
    pub description: String,
    pub status: MigrationStatus,
    pub applied_at: Option<DateTime<Utc>>,
}

fn fmt_secs(d: Duration) -> String {
    crate::units::HumanDuration(d).to_string()
}

/// Turn a sqlx error into a message an operator can act on.
fn sqlx_error(endpoint: &str, e: sqlx::Error, timeout: Duration) -> Error {
    let message = match &e {
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") => format!("{} (check database.password)", db.message()),
            Some("3D000") => format!("{} (check the database name in database.url)", db.message()),
            Some("57014") => format!("{} (database.statement_timeout)", db.message()),
            _ => db.message().to_string(),
        },
        sqlx::Error::PoolTimedOut => format!(
            "no connection within {} (database.connect_timeout; pool exhausted or server not answering)",
            fmt_secs(timeout)
        ),
        sqlx::Error::Io(io) => format!("cannot connect: {io}"),
        sqlx::Error::Tls(tls) => format!("TLS: {tls}"),
        other => other.to_string(),
    };
    Error::backend(COMPONENT, endpoint, message)
}
