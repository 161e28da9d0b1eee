//! The seed's weekly database upkeep: `VACUUM ANALYZE`, `ANALYZE` of the hot tables, and the
//! table-size report. Used by `nbamcp db vacuum|table-sizes` and by checklist steps.

use std::time::Instant;

use serde::Serialize;

use crate::clients::postgres::{COMPONENT, Database};
use crate::error::{Error, Result};

/// What `vacuum` did.
#[derive(Debug, Clone, Serialize)]
pub struct VacuumReport {
    /// The statement, e.g. `VACUUM (ANALYZE)` or `ANALYZE "nbamcp"."alerts"`.
    pub statement: String,
    /// The tables named (empty: the whole database).
    pub tables: Vec<String>,
    pub seconds: f64,
}

/// One table's size, as the seed's query reports it (plus the bytes, for sorting and scripts).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TableSize {
    pub schema: String,
    pub table: String,
    /// `pg_total_relation_size`: data, indexes and TOAST.
    pub total_bytes: i64,
    /// The same, as `pg_size_pretty` prints it.
    pub total: String,
    pub table_bytes: i64,
    pub index_bytes: i64,
    /// The planner's row estimate (`pg_class.reltuples`; -1 before the first ANALYZE).
    pub row_estimate: i64,
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `schema.table` or `table` (then in nbamcp's schema), checked to exist; returns the quoted,
/// schema-qualified name.
async fn resolve_table(db: &Database, name: &str) -> Result<String> {
    let (schema, table) = match name.split_once('.') {
        Some((s, t)) => (s.to_owned(), t.to_owned()),
        None => (db.schema().to_owned(), name.to_owned()),
    };
    if schema.is_empty() || table.is_empty() || table.contains('.') {
        return Err(Error::usage(
            "TABLE",
            format!("{name:?} is not a table name (TABLE or SCHEMA.TABLE)"),
        ));
    }
    let qualified = format!("{}.{}", quote_ident(&schema), quote_ident(&table));
    let exists: Option<String> = db
        .within(
            sqlx::query_scalar("SELECT to_regclass($1)::text")
                .bind(&qualified)
                .fetch_one(db.pool()),
        )
        .await?;
    if exists.is_none() {
        return Err(Error::usage(
            "TABLE",
            format!("there is no table {schema}.{table} in the database"),
        ));
    }
    Ok(qualified)
}

/// `VACUUM (ANALYZE)` of the whole database or of `tables`, or `ANALYZE` only. Runs on a
/// connection of its own without statement_timeout: vacuuming a large table legitimately
/// takes longer than any query deadline.
pub async fn vacuum(db: &Database, tables: &[String], analyze_only: bool) -> Result<VacuumReport> {
    let mut names = Vec::new();
    for t in tables {
        names.push(resolve_table(db, t).await?);
    }
    let verb = if analyze_only {
        "ANALYZE"
    } else {
        "VACUUM (ANALYZE)"
    };
    let statement = if names.is_empty() {
        verb.to_owned()
    } else {
        format!("{verb} {}", names.join(", "))
    };
    let started = Instant::now();
    let mut conn = db.dedicated_connection().await?;
    // PostgreSQL warns for every shared catalog only a superuser may vacuum; those are not
    // the owner's to maintain, so only errors come back.
    sqlx::raw_sql("SET statement_timeout = 0; SET client_min_messages = error")
        .execute(&mut conn)
        .await
        .map_err(|e| db.error(e))?;
    // When nbamcp goes away (Ctrl-C drops this connection), the server notices within a
    // second and stops the VACUUM instead of finishing it unwatched (PostgreSQL 14+).
    let _ = sqlx::raw_sql("SET client_connection_check_interval = '1s'")
        .execute(&mut conn)
        .await;
    let run = sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone())).execute(&mut conn);
    tokio::select! {
        done = run => {
            done.map_err(|e| {
                Error::backend(
                    COMPONENT,
                    db.endpoint(),
                    format!("{statement} failed: {}", db.error(e)),
                )
            })?;
        }
        // No deadline fits a VACUUM, but a server that no longer answers at all is not slow.
        gone = db.unanswering() => {
            return Err(gone.context(format!(
                "{statement} stopped: PostgreSQL no longer answers another connection"
            )));
        }
    }
    Ok(VacuumReport {
        statement,
        tables: tables.to_vec(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Tables by total size, largest first: the seed's `pg_total_relation_size` query, over the
/// given schemas (default: every schema but PostgreSQL's own).
pub async fn table_sizes(
    db: &Database,
    schemas: &[String],
    limit: Option<usize>,
) -> Result<Vec<TableSize>> {
    let rows: Vec<TableSize> = db
        .within(
            sqlx::query_as(
                "SELECT n.nspname::text AS schema, c.relname::text AS \"table\", \
                        pg_total_relation_size(c.oid) AS total_bytes, \
                        pg_size_pretty(pg_total_relation_size(c.oid)) AS total, \
                        pg_relation_size(c.oid) AS table_bytes, \
                        pg_indexes_size(c.oid) AS index_bytes, \
                        c.reltuples::bigint AS row_estimate \
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'p', 'm') \
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
                   AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%' \
                   AND (cardinality($1::text[]) = 0 OR n.nspname = ANY($1)) \
                 ORDER BY pg_total_relation_size(c.oid) DESC, n.nspname, c.relname \
                 LIMIT $2",
            )
            .bind(schemas)
            .bind(limit.map(|l| l as i64))
            .fetch_all(db.pool()),
        )
        .await?;
    Ok(rows)
}
