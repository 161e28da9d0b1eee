//! Configuration errors and `config show|validate|init`. No backend is needed here.

use crate::common::nbamcp;

fn write(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("nbamcp.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn unknown_key_exits_2_naming_file_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "database:\n  pool_size: 3\n  pool_sise: 4\n");
    let run = nbamcp(&["config", "validate"]).config(&path).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&path.display().to_string()),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("database.pool_sise"), "{}", run.stderr);
    assert!(run.stderr.contains("line 3"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn malformed_duration_exits_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "health:\n  timeout: five seconds\n");
    let run = nbamcp(&["health"]).config(&path).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("health.timeout"), "{}", run.stderr);
    assert!(
        run.stderr.contains("invalid duration \"five seconds\""),
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_duration_on_the_command_line_exits_2_naming_the_flag() {
    let run = nbamcp(&["health", "--timeout", "soon"]).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
}

#[test]
fn missing_config_file_exits_2_naming_it() {
    let run = nbamcp(&["--config", "/nonexistent/dir/nbamcp.yaml", "health"]).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/nonexistent/dir/nbamcp.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_env_key_exits_2_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "");
    let run = nbamcp(&["config", "show"])
        .config(&path)
        .env("NBAMCP_HEALTH__TIMEOT", "3s")
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("NBAMCP_HEALTH__TIMEOT"),
        "{}",
        run.stderr
    );
}

#[test]
fn env_overrides_the_file_and_show_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "database:\n  pool_size: 3\n");
    let run = nbamcp(&["config", "show", "-o", "json"])
        .config(&path)
        .env("NBAMCP_DATABASE__POOL_SIZE", "11")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = run.json();
    assert_eq!(shown["config"]["database"]["pool_size"], 11);
    assert_eq!(shown["env_overrides"][0], "NBAMCP_DATABASE__POOL_SIZE");
    assert_eq!(shown["file"], path.display().to_string());
}

#[test]
fn show_masks_every_secret() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "mlflow-token-from-file-99\n").unwrap();
    let path = write(
        dir.path(),
        &format!(
            "database:\n  url: postgres://nbamcp:url-password-123@db.example:5432/nbamcp\n  password: inline-password-456\n\
             s3:\n  access_key_id: AKIAEXAMPLE\n  secret_access_key: s3-secret-789\n\
             mlflow:\n  token_file: {}\n",
            token_file.display()
        ),
    );
    for format in ["table", "json", "yaml"] {
        let run = nbamcp(&["config", "show", "-o", format])
            .config(&path)
            .env("MLFLOW_TRACKING_PASSWORD", "env-password-000")
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        for secret in [
            "url-password-123",
            "inline-password-456",
            "s3-secret-789",
            "mlflow-token-from-file-99",
            "env-password-000",
        ] {
            run.assert_not_leaked(secret);
        }
        assert!(
            run.stdout
                .contains("postgres://nbamcp:***@db.example:5432/nbamcp"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("AKIAEXAMPLE"), "key ids are not secret");
    }
}

#[test]
fn init_writes_a_valid_template_and_refuses_to_overwrite_without_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("etc/nbamcp.yaml");
    let run = nbamcp(&["config", "init", path.to_str().unwrap()]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let validate = nbamcp(&["config", "validate", "-o", "json"])
        .config(&path)
        .run();
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    assert_eq!(validate.json()["valid"], true);

    std::fs::write(&path, "# mine\n").unwrap();
    let again = nbamcp(&["config", "init", path.to_str().unwrap()]).run();
    assert_eq!(again.code, 4, "not on a terminal and no --yes: refused");
    assert!(again.stderr.contains("--yes"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# mine\n",
        "left as it was"
    );

    let forced = nbamcp(&["config", "init", path.to_str().unwrap(), "--yes"]).run();
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
}

#[test]
fn default_location_is_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "health:\n  timeout: 9s\n");
    let run = nbamcp(&["config", "show", "-o", "json"])
        .env_remove("NBAMCP_CONFIG")
        .current_dir(dir.path())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["config"]["health"]["timeout"], "9s");
}

#[test]
fn usage_errors_exit_2() {
    let run = nbamcp(&["health", "no_such_component"]).run();
    assert_eq!(run.code, 2);
    let run = nbamcp(&["--output", "xml", "config", "show"]).run();
    assert_eq!(run.code, 2);
}

#[test]
fn range_and_url_errors_name_file_and_line_and_a_non_utf8_file_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    for (text, key, line) in [
        (
            "serving:\n  replicas: [\"not a url\"]\n",
            "serving.replicas[0]",
            2,
        ),
        (
            "serving:\n  cache_hit_rate_warning: 7\n",
            "serving.cache_hit_rate_warning",
            2,
        ),
        (
            "database:\n  schema: nbamcp\n  pool_size: 0\n",
            "database.pool_size",
            3,
        ),
        (
            "serving:\n  timeout: 2s\n  heartbeat: 0s\n",
            "serving.heartbeat",
            3,
        ),
    ] {
        let path = write(dir.path(), text);
        let run = nbamcp(&["config", "validate"]).config(&path).run();
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        let want = format!("{}: key `{key}` (line {line})", path.display());
        assert!(run.stderr.contains(&want), "{text}: {}", run.stderr);
    }
    let path = write(
        dir.path(),
        "serving:\n  timeout: 5s\ndatabase:\n  pool_size: 3\nserving:\n  heartbeat: 1s\n",
    );
    let run = nbamcp(&["config", "validate"]).config(&path).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("section `serving` (line 5) is already set at line 1"),
        "{}",
        run.stderr
    );
    std::fs::write(&path, b"serving:\n  timeout: 5s\n  # caf\xe9\n").unwrap();
    let run = nbamcp(&["config", "validate"]).config(&path).run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("line 3: not valid UTF-8"),
        "{}",
        run.stderr
    );
}
