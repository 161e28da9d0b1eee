//! The current sample from the serving process's prediction log (`drift check
//! --current-from-db`): the features of the predictions served in a time window, as CSV text
//! in memory, so they go through exactly the checks a file does.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use crate::clients::postgres::Database;
use crate::drift::data::Source;
use crate::error::{Error, Result};

/// The most predictions (requests) read for one check, the newest first: the window is held in
/// memory, and a sample this size decides drift as well as a larger one.
const MAX_PREDICTIONS: i64 = 200_000;

/// The features logged for `model` (one `version`, or all) over the last `since`, as a CSV
/// source. A logged row is a JSON array (its columns named by `names`, the configured
/// `serving.features`) or an object (named by its keys).
pub async fn current_sample(
    db: &Database,
    model: &str,
    version: Option<&str>,
    since: Duration,
    names: &[String],
) -> Result<Source> {
    let label = match version {
        Some(v) => format!("prediction log of {model} v{v}"),
        None => format!("prediction log of {model}"),
    };
    let rows: Vec<(i64, serde_json::Value)> = db
        .within(
            sqlx::query_as(
                "SELECT id, features FROM predictions WHERE model = $1 \
                 AND ($2::text IS NULL OR version = $2) \
                 AND predicted_at >= now() - make_interval(secs => $3) \
                 ORDER BY id DESC LIMIT $4",
            )
            .bind(model)
            .bind(version)
            .bind(since.as_secs_f64())
            .bind(MAX_PREDICTIONS)
            .fetch_all(db.pool()),
        )
        .await?;
    if rows.len() as i64 == MAX_PREDICTIONS {
        tracing::warn!(
            "{label}: more than {MAX_PREDICTIONS} predictions in the window; the newest \
             {MAX_PREDICTIONS} are the sample (narrow --since for an exact window)"
        );
    }
    let mut csv = String::new();
    let mut header: Option<Vec<String>> = None;
    let mut count = 0usize;
    for (id, features) in &rows {
        // A request's rows: `[[...], [...]]` (what `nbamcp serve` logs), one row `[...]`, or
        // one row as an object keyed by feature name.
        let logged: Vec<Vec<&serde_json::Value>> = match features {
            serde_json::Value::Array(items) if items.iter().all(|i| i.is_array()) => items
                .iter()
                .filter_map(|i| i.as_array().map(|row| row.iter().collect()))
                .collect(),
            serde_json::Value::Array(values) => vec![values.iter().collect()],
            serde_json::Value::Object(map) => {
                let keys = header.get_or_insert_with(|| map.keys().cloned().collect());
                vec![
                    keys.iter()
                        .map(|k| map.get(k).unwrap_or(&serde_json::Value::Null))
                        .collect(),
                ]
            }
            _ => {
                return Err(Error::usage(
                    "--current-from-db",
                    format!("{label}: prediction {id} has features that are not rows"),
                ));
            }
        };
        if header.is_none() {
            if names.is_empty() {
                return Err(Error::config(format!(
                    "{label}: rows are unnamed arrays; set serving.features to name their columns"
                )));
            }
            header = Some(names.to_vec());
        }
        let width = header.as_ref().map_or(0, Vec::len);
        for values in logged {
            if values.len() != width {
                return Err(Error::usage(
                    "--current-from-db",
                    format!(
                        "{label}: prediction {id} has rows of {} features where {width} are \
                         named (serving.features, or the first row's keys)",
                        values.len()
                    ),
                ));
            }
            if count == 0 {
                csv.push_str(&header.as_ref().map(|h| h.join(",")).unwrap_or_default());
                csv.push('\n');
            }
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    csv.push(',');
                }
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Number(n) => {
                        let _ = write!(csv, "{n}");
                    }
                    serde_json::Value::String(s) => {
                        let _ = write!(csv, "\"{}\"", s.replace('"', "\"\""));
                    }
                    other => {
                        let _ = write!(csv, "\"{}\"", other.to_string().replace('"', "\"\""));
                    }
                }
            }
            csv.push('\n');
            count += 1;
        }
    }
    if count == 0 {
        return Err(Error::usage(
            "--current-from-db",
            format!(
                "{label}: no predictions in the last {} (--since)",
                crate::units::HumanDuration(since)
            ),
        ));
    }
    tracing::info!("{label}: {count} rows from {} predictions", rows.len());
    Ok(Source::Memory {
        name: label,
        bytes: Arc::from(csv.into_bytes()),
    })
}
