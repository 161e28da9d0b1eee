//! Shell completions and man pages, generated from the same clap definitions as the parser.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs, GenerateArgs};
use crate::output::write_stdout;
use nbamcp::error::{Error, ExitStatus, Result};

const SHELLS: [(Shell, &str); 5] = [
    (Shell::Bash, "nbamcp.bash"),
    (Shell::Zsh, "_nbamcp"),
    (Shell::Fish, "nbamcp.fish"),
    (Shell::Elvish, "nbamcp.elv"),
    (Shell::PowerShell, "_nbamcp.ps1"),
];

pub fn print(args: &CompletionsArgs) -> Result<ExitStatus> {
    write_stdout(&String::from_utf8_lossy(&completion(args.shell)));
    Ok(ExitStatus::Success)
}

fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "nbamcp", &mut out);
    out
}

/// Every generated file: its path under the output directory and its contents.
pub fn artifacts() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = SHELLS
        .iter()
        .map(|(shell, name)| (Path::new("completions").join(name), completion(*shell)))
        .collect();
    let mut command = Cli::command();
    command.build();
    man_pages(&command, "nbamcp", &mut files);
    files
}

fn man_pages(command: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let mut page = Vec::new();
    let command = command.clone().name(name.to_owned());
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .expect("rendering to memory cannot fail");
    files.push((Path::new("man").join(format!("{name}.1")), page));
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

/// Write the generated files, or with `--check` compare them and report the stale ones.
pub fn generate(args: &GenerateArgs) -> Result<ExitStatus> {
    let mut stale = Vec::new();
    let files = artifacts();
    // A file in completions/ or man/ that nothing generates any more (a removed subcommand).
    for dir in ["completions", "man"] {
        let Ok(entries) = std::fs::read_dir(args.out_dir.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let relative = Path::new(dir).join(entry.file_name());
            if !files.iter().any(|(path, _)| *path == relative) {
                if args.check {
                    stale.push(format!("{} (no longer generated)", relative.display()));
                } else {
                    std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                    eprintln!("removed {}", entry.path().display());
                }
            }
        }
    }
    for (relative, contents) in files {
        let path = args.out_dir.join(&relative);
        let current = std::fs::read(&path).ok();
        if current.as_deref() == Some(contents.as_slice()) {
            continue;
        }
        if args.check {
            stale.push(relative.display().to_string());
        } else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, &contents).map_err(|e| Error::io(&path, e))?;
            eprintln!("wrote {}", path.display());
        }
    }
    if stale.is_empty() {
        Ok(ExitStatus::Success)
    } else {
        eprintln!(
            "stale generated files (run `cargo run -- generate-artifacts`):\n  {}",
            stale.join("\n  ")
        );
        Ok(ExitStatus::ProblemFound)
    }
}
