//! completions/ and man/ are generated from src/cli.rs; this fails when they are stale.

use crate::common::{nbamcp, repo_root};

#[test]
fn committed_completions_and_man_pages_are_up_to_date() {
    let root = repo_root();
    let run = nbamcp(&[
        "generate-artifacts",
        "--check",
        "--out-dir",
        root.to_str().unwrap(),
    ])
    .run();
    assert_eq!(
        run.code, 0,
        "completions/ or man/ are stale; regenerate with `cargo run -- generate-artifacts`:\n{}",
        run.stderr
    );
}

#[test]
fn check_reports_a_stale_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    assert_eq!(
        nbamcp(&["generate-artifacts", "--out-dir", out]).run().code,
        0
    );
    assert_eq!(
        nbamcp(&["generate-artifacts", "--check", "--out-dir", out])
            .run()
            .code,
        0
    );
    std::fs::write(dir.path().join("man/nbamcp-health.1"), "old\n").unwrap();
    let run = nbamcp(&["generate-artifacts", "--check", "--out-dir", out]).run();
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("man/nbamcp-health.1"), "{}", run.stderr);
}

#[test]
fn completions_command_prints_a_script_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef nbamcp"),
        ("fish", "complete -c nbamcp"),
    ] {
        let run = nbamcp(&["completions", shell]).run();
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains(marker),
            "{shell}: {}",
            &run.stdout[..200.min(run.stdout.len())]
        );
        assert!(run.stdout.contains("health"), "{shell}");
    }
}
