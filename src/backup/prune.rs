//! Retention: the seed's `find -mtime +7 -delete`, on S3, without its ways of losing the last
//! good backup. Per database, a backup is kept when it is among the `keep_last` newest, younger
//! than `keep_days`, the newest one, or the newest verified one. Incomplete objects and
//! multipart uploads older than a day are removed too (a day, so a running backup is never hit).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::{Catalog, Incomplete, PendingUpload, Store};
use crate::error::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Doomed {
    pub id: String,
    pub database: String,
    pub started_at: DateTime<Utc>,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Kept {
    pub id: String,
    pub database: String,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrunePlan {
    pub now: DateTime<Utc>,
    pub keep_days: u32,
    pub keep_last: u32,
    pub delete: Vec<Doomed>,
    pub keep: Vec<Kept>,
    pub incomplete: Vec<Incomplete>,
    pub uploads: Vec<PendingUpload>,
    /// False when the S3 server cannot list multipart uploads.
    pub uploads_listed: bool,
    /// False for `--dry-run` (and until applied).
    pub applied: bool,
}

impl PrunePlan {
    pub fn is_empty(&self) -> bool {
        self.delete.is_empty() && self.incomplete.is_empty() && self.uploads.is_empty()
    }
}

/// Decide, touching nothing.
pub fn plan(catalog: &Catalog, now: DateTime<Utc>, keep_days: u32, keep_last: u32) -> PrunePlan {
    let cutoff = now - Duration::days(i64::from(keep_days));
    let stale = now - Duration::days(1);
    let mut databases: Vec<&str> = catalog
        .backups
        .iter()
        .map(|b| b.manifest.database.as_str())
        .collect();
    databases.sort();
    databases.dedup();
    let (mut delete, mut keep) = (Vec::new(), Vec::new());
    for database in databases {
        // Newest first.
        let mut backups: Vec<_> = catalog
            .backups
            .iter()
            .filter(|b| b.manifest.database == database)
            .collect();
        backups.sort_by_key(|b| std::cmp::Reverse(b.manifest.started_at));
        let newest_verified = backups
            .iter()
            .filter(|b| b.verified_at().is_some())
            .map(|b| b.manifest.id.clone())
            .next();
        for (i, backup) in backups.iter().enumerate() {
            let m = &backup.manifest;
            let reason = if i == 0 {
                Some("newest")
            } else if newest_verified.as_deref() == Some(m.id.as_str()) {
                Some("newest verified")
            } else if (i as u32) < keep_last {
                Some("within --keep-last")
            } else if m.started_at >= cutoff {
                Some("within --keep-days")
            } else {
                None
            };
            match reason {
                Some(reason) => keep.push(Kept {
                    id: m.id.clone(),
                    database: m.database.clone(),
                    reason,
                }),
                None => delete.push(Doomed {
                    id: m.id.clone(),
                    database: m.database.clone(),
                    started_at: m.started_at,
                    bytes: m.bytes,
                }),
            }
        }
    }
    // Oldest first: the order they are deleted in.
    delete.sort_by_key(|d| d.started_at);
    // A damaged manifest may belong to a whole backup: never deleted unseen.
    for i in catalog
        .incomplete
        .iter()
        .filter(|i| i.damaged_manifest.is_some())
    {
        keep.push(Kept {
            id: i.id.clone(),
            database: i.database.clone().unwrap_or_default(),
            reason: "its manifest.json is damaged: check it, then delete it by hand",
        });
    }
    PrunePlan {
        now,
        keep_days,
        keep_last,
        delete,
        keep,
        incomplete: catalog
            .incomplete
            .iter()
            .filter(|i| i.damaged_manifest.is_none() && i.last_modified.is_some_and(|t| t < stale))
            .cloned()
            .collect(),
        uploads: catalog
            .uploads
            .iter()
            .filter(|u| u.initiated.is_some_and(|t| t < stale))
            .cloned()
            .collect(),
        uploads_listed: catalog.uploads_listed,
        applied: false,
    }
}

/// Plan with the retention of the configuration (backup.keep_days, keep_last) and apply it:
/// `backup create --prune` and the maintenance `backup` step with `prune: true`.
pub async fn by_config(store: &Store, config: &crate::config::Config) -> Result<PrunePlan> {
    let catalog = store.catalog(true).await?;
    let mut plan = plan(
        &catalog,
        Utc::now(),
        config.backup.keep_days,
        config.backup.keep_last,
    );
    apply(store, &mut plan).await?;
    Ok(plan)
}

/// Carry out a plan. A backup's manifest goes first, so a half-deleted backup is never
/// mistaken for a complete one.
pub async fn apply(store: &Store, plan: &mut PrunePlan) -> Result<()> {
    for doomed in &plan.delete {
        store
            .s3
            .delete_object(&store.bucket, &store.key(&doomed.id, super::MANIFEST))
            .await?;
        let rest = store
            .s3
            .list_objects(&store.bucket, &format!("{}/{}/", store.prefix, doomed.id))
            .await?;
        for object in rest {
            store.s3.delete_object(&store.bucket, &object.key).await?;
        }
    }
    for incomplete in &plan.incomplete {
        store.remove_incomplete(incomplete).await?;
    }
    for upload in &plan.uploads {
        store
            .s3
            .abort_multipart_upload(&store.bucket, &upload.key, &upload.upload_id)
            .await?;
    }
    plan.applied = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Backup, Compression, Manifest, Verification};
    use super::*;

    fn backup(database: &str, days_ago: i64, verified: Option<bool>) -> Backup {
        let now = DateTime::parse_from_rfc3339("2026-11-27T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let at = now - Duration::days(days_ago);
        Backup {
            manifest: Manifest {
                format: 1,
                id: super::super::new_id(database, at),
                database: database.into(),
                object: String::new(),
                server_version: "15.18".into(),
                pg_dump_version: "15.18".into(),
                started_at: at,
                finished_at: at,
                bytes: 10,
                dump_bytes: 10,
                sha256: String::new(),
                compression: Compression::Zstd,
                part_size: 0,
                parts: 1,
                label: None,
                nbamcp_version: String::new(),
                tables: Vec::new(),
            },
            verification: verified.map(|ok| Verification {
                verified_at: at,
                ok,
                restored: true,
                problems: Vec::new(),
            }),
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn deleted(plan: &PrunePlan) -> Vec<String> {
        plan.delete
            .iter()
            .map(|d| format!("{}@{}", d.database, (now() - d.started_at).num_days()))
            .collect()
    }

    fn catalog(backups: Vec<Backup>) -> Catalog {
        Catalog {
            backups,
            incomplete: Vec::new(),
            uploads: Vec::new(),
            uploads_listed: true,
        }
    }

    #[test]
    fn older_than_keep_days_go_and_younger_stay() {
        let c = catalog((0..12).map(|d| backup("a", d, None)).collect());
        assert_eq!(
            deleted(&plan(&c, now(), 7, 0)),
            ["a@11", "a@10", "a@9", "a@8"]
        );
    }

    #[test]
    fn the_newest_verified_backup_survives_even_when_old() {
        let c = catalog(vec![
            backup("a", 20, Some(true)),
            backup("a", 15, Some(false)),
            backup("a", 10, None),
            backup("a", 1, None),
        ]);
        let p = plan(&c, now(), 7, 0);
        assert_eq!(deleted(&p), ["a@15", "a@10"]);
        assert!(p.keep.iter().any(|k| k.reason == "newest verified"));
    }

    #[test]
    fn the_newest_backup_of_each_database_survives_when_all_are_old() {
        let c = catalog(vec![
            backup("a", 30, None),
            backup("a", 20, None),
            backup("b", 40, None),
        ]);
        assert_eq!(deleted(&plan(&c, now(), 7, 0)), ["a@30"]);
    }

    #[test]
    fn keep_last_counts_per_database() {
        let c = catalog(
            (10..14)
                .map(|d| backup("a", d, None))
                .chain((10..12).map(|d| backup("b", d, None)))
                .collect(),
        );
        assert_eq!(deleted(&plan(&c, now(), 7, 3)), ["a@13"]);
    }
}
