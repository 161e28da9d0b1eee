//! `db migrate` and `db status`, checked against psql as the independent oracle.

use crate::common;

use crate::common::{nbamcp, psql, stack};

#[test]
fn migrate_is_idempotent_and_matches_what_psql_sees() {
    let _stack = stack(); // applies migrations once
    let run = nbamcp(&["db", "migrate", "-o", "json"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        report["applied_now"],
        serde_json::json!([]),
        "second run applies nothing"
    );
    assert_eq!(report["schema"], "nbamcp");
    let migrations = report["migrations"].as_array().unwrap();
    assert_eq!(migrations.len(), common::migration_files());
    assert!(
        migrations.iter().all(|m| m["status"] == "applied"),
        "{report}"
    );

    let applied: usize = psql("SELECT count(*) FROM nbamcp._sqlx_migrations WHERE success")
        .parse()
        .unwrap();
    assert_eq!(applied, common::migration_files());
    assert_eq!(
        psql("SELECT to_regclass('nbamcp.audit_events') IS NOT NULL"),
        "t"
    );
}

#[test]
fn status_exits_0_when_everything_is_applied() {
    let _stack = stack();
    let run = nbamcp(&["db", "status"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("audit events"), "{}", run.stdout);
    assert!(run.stdout.contains("applied"), "{}", run.stdout);
}

#[test]
fn status_of_an_empty_schema_reports_pending_and_exits_3() {
    let stack = stack();
    // A schema nobody migrated: every migration is pending, and nothing is created by looking.
    let dir = tempfile::tempdir().unwrap();
    let config = stack.config_with(dir.path(), |c| {
        common::set(c, "database.schema", "nbamcp_untouched")
    });
    let run = nbamcp(&["db", "status", "-o", "json"])
        .config(&config)
        .run();
    assert_eq!(run.code, 3, "{}{}", run.stdout, run.stderr);
    let report = run.json();
    assert!(
        report["migrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["status"] == "pending")
    );
    assert_eq!(
        psql("SELECT count(*) FROM pg_namespace WHERE nspname = 'nbamcp_untouched'"),
        "0"
    );
}
