//! Command lines written down elsewhere parse against the real command tree: every `nbamcp ...`
//! line quoted in README.md and docs/ (so the operator guide cannot drift from the binary), and
//! the ones the ready-to-copy snippets in commands/ run (cron, systemd; `tests/snippets.rs` runs
//! those files with their real tools). Unit tests of the binary, because the command tree is the
//! binary's own.

use clap::Parser;

use crate::cli::{Cli, Commands, MaintenanceCommand};

/// The command lines in fenced code blocks: `nbamcp ...` or `$ nbamcp ...`, cut at a comment,
/// a pipe, a redirection or `||`/`&&`.
fn quoted_commands(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_code = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let command = trimmed.strip_prefix("$ ").unwrap_or(trimmed);
        if !command.starts_with("nbamcp ") && command != "nbamcp" {
            continue;
        }
        let mut end = command.len();
        // A usage synopsis (`[--flag VALUE]`, `[--a | --b]`) keeps its pipes.
        let cuts: &[&str] = if command.contains(" [") {
            &[" #"]
        } else {
            &[" #", " |", " >", " 2>", " ||", " &&", " <"]
        };
        for cut in cuts {
            if let Some(at) = command.find(cut) {
                end = end.min(at);
            }
        }
        found.push((i + 1, command[..end].trim().to_owned()));
    }
    found
}

/// Split like a shell does for these simple lines: whitespace, with '...' and "..." quoting.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (None, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// A usage synopsis such as `nbamcp backup prune [--keep-days 7] [--dry-run] [--a | --b]`: its
/// subcommand path must exist and every `--flag` it names must be an option of that command.
fn check_synopsis(line: &str) -> Result<(), String> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let tokens: Vec<&str> = line.split_whitespace().skip(1).collect();
    let mut path = vec!["nbamcp".to_owned()];
    for token in &tokens {
        let Some(sub) = command.find_subcommand(token).cloned() else {
            break;
        };
        path.push((*token).to_owned());
        command = sub;
    }
    let longs: Vec<String> = command
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .chain(["help".to_owned()])
        .collect();
    let global: Vec<String> = Cli::command()
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .collect();
    for token in line.split(|c: char| c.is_whitespace() || "[]|".contains(c)) {
        let Some(flag) = token.strip_prefix("--") else {
            continue;
        };
        let flag = flag.split('=').next().unwrap_or_default();
        if !longs.iter().chain(&global).any(|l| l == flag) {
            return Err(format!("`{}` has no option --{flag}", path.join(" ")));
        }
    }
    Ok(())
}

#[test]
fn every_documented_command_line_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, command) in quoted_commands(&text) {
            checked += 1;
            let at = format!("{}:{line}", file.strip_prefix(root).unwrap().display());
            if command.contains(" [") {
                if let Err(e) = check_synopsis(&command) {
                    failures.push(format!("{at}: `{command}`: {e}"));
                }
                continue;
            }
            if let Err(e) = Cli::try_parse_from(words(&command)) {
                // --help and --version end parsing with a "display" error: those lines are fine.
                if !matches!(
                    e.kind(),
                    clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
                ) {
                    failures.push(format!(
                        "{at}: `{command}`: {}",
                        e.to_string().lines().next().unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} command lines found: is the extraction broken?"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} documented command lines do not parse:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_extraction_finds_what_it_should() {
    let text = "```sh\n$ nbamcp health -o json | jq .status  # gate\nnbamcp drift check --reference 'a b.csv' --current x.csv > out\necho nbamcp\n```\nnbamcp outside code\n";
    let found = quoted_commands(text);
    assert_eq!(
        found,
        [
            (2, "nbamcp health -o json".to_owned()),
            (
                3,
                "nbamcp drift check --reference 'a b.csv' --current x.csv".to_owned()
            ),
        ]
    );
    assert_eq!(words(&found[1].1)[4], "a b.csv");
    assert!(check_synopsis("nbamcp backup prune [--keep-days 7] [--dry-run | --yes]").is_ok());
    assert!(check_synopsis("nbamcp backup prune [--keep-dayz 7]").is_err());
}

/// The `nbamcp ...` invocation in a job's command, up to its redirection, as words.
fn nbamcp_words(command: &str) -> Vec<String> {
    let start = command
        .match_indices("nbamcp ")
        .map(|(at, _)| at)
        .find(|&at| at == 0 || command[..at].ends_with(' '))
        .unwrap_or_else(|| panic!("no nbamcp command in {command}"));
    let invocation = &command[start..];
    let end = invocation.find(" >").unwrap_or(invocation.len());
    invocation[..end]
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn snippet(relative: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("commands")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn cron_snippet_runs_the_checklists_unattended() {
    let text = snippet("cron/nbamcp-maintenance.cron");
    let mut checklists = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        let first = trimmed.split_whitespace().next().unwrap_or_default();
        // Comments, blank lines and variable settings are not jobs.
        if trimmed.is_empty() || trimmed.starts_with('#') || first.contains('=') {
            continue;
        }
        let at = format!("line {}", i + 1);
        // Five time fields and the user, then the command.
        let mut command = trimmed;
        for _ in 0..6 {
            let (_, rest) = command
                .split_once(char::is_whitespace)
                .unwrap_or_else(|| panic!("{at}: fewer than 7 fields"));
            command = rest.trim_start();
        }
        let command = command.replace("\\%", "%");
        let words = nbamcp_words(&command);
        let cli = Cli::try_parse_from(&words)
            .unwrap_or_else(|e| panic!("{at}: {words:?} does not parse: {e}"));
        let Commands::Maintenance(MaintenanceCommand::Run(args)) = cli.command else {
            panic!("{at}: not `maintenance run`: {words:?}");
        };
        assert!(
            args.yes && args.skip_manual,
            "{at}: unattended needs --yes --skip-manual"
        );
        assert!(!args.dry_run && args.only.is_empty() && args.resume.is_none());
        checklists.push(args.checklist.clone());
    }
    assert_eq!(checklists, ["monthly", "weekly-db"]);
}

#[test]
fn systemd_units_start_commands_that_parse() {
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("commands/systemd");
    let mut checked = 0;
    for entry in std::fs::read_dir(&source).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let text = std::fs::read_to_string(source.join(&name)).unwrap();
        for line in text.lines().filter(|l| l.starts_with("ExecStart")) {
            // Every nbamcp command line of a unit parses against the command tree.
            let command = line.split_once('=').unwrap().1.replace("%i", "monthly");
            let command = command.replace("%H", "host");
            let words: Vec<String> = command
                .split_whitespace()
                .map(|w| w.replace("/usr/local/bin/nbamcp", "nbamcp"))
                .collect();
            let cli = Cli::try_parse_from(&words).unwrap_or_else(|e| panic!("{name}: {line}: {e}"));
            checked += 1;
            if name == "nbamcp-maintenance@.service" {
                let Commands::Maintenance(MaintenanceCommand::Run(args)) = cli.command else {
                    panic!("{name}: {line}: not maintenance run");
                };
                assert!(args.yes && args.skip_manual && args.checklist == "monthly");
            }
        }
    }
    assert!(checked >= 3, "only {checked} ExecStart lines found");
}
