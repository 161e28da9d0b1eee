//! Interaction with the person at the terminal: progress and confirmation. Progress bars and
//! prompts only ever appear on a TTY (stderr for bars, stdin+stderr for prompts); in cron and CI
//! nothing is drawn and destructive commands need `--yes`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use nbamcp::error::{Error, Result};
use nbamcp::progress::Progress;

/// An indicatif bar as the library's [`Progress`]: the library reports, the bar draws.
#[derive(Debug, Clone)]
pub struct Bar(pub ProgressBar);

impl std::ops::Deref for Bar {
    type Target = ProgressBar;
    fn deref(&self) -> &ProgressBar {
        &self.0
    }
}

impl Progress for Bar {
    fn set_position(&self, position: u64) {
        self.0.set_position(position);
    }
    fn inc(&self, delta: u64) {
        self.0.inc(delta);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Both stdin and stderr are terminals: prompts can be answered.
    pub interactive: bool,
    /// Progress may be drawn on stderr.
    pub progress: bool,
}

impl Ui {
    pub fn new(quiet: bool, env: &[(String, String)]) -> Self {
        let var = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let ci = var("CI").is_some_and(|v| !v.is_empty() && v != "false");
        let stderr_tty = std::io::stderr().is_terminal();
        Ui {
            interactive: stderr_tty && std::io::stdin().is_terminal(),
            progress: stderr_tty && !quiet && !ci && var("TERM") != Some("dumb"),
        }
    }

    /// Bars that are drawn together (hidden where progress may not be drawn).
    pub fn progress_group(&self) -> MultiProgress {
        MultiProgress::with_draw_target(if self.progress {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        })
    }

    /// A bar of `total` bytes in `group`.
    pub fn byte_bar(&self, group: &MultiProgress, total: u64, message: &str) -> Bar {
        let bar = group.add(ProgressBar::new(total));
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:20!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(message.to_owned());
        Bar(bar)
    }

    /// A spinner with a message, drawn only where progress may be drawn.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        if !self.progress {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    }

    /// A byte counter with the rate, drawn only where progress may be drawn.
    pub fn bytes(&self, message: impl Into<String>) -> Bar {
        if !self.progress {
            return Bar(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} {binary_bytes} ({binary_bytes_per_sec}) {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar(bar)
    }

    /// Ask before doing something destructive. `--yes` answers for the operator; without a
    /// terminal and without `--yes` the answer is a refusal (exit 4), never a silent yes.
    pub fn confirm(&self, question: &str, yes: bool) -> Result<()> {
        if yes {
            return Ok(());
        }
        if !self.interactive {
            return Err(Error::refused(format!(
                "{question} — not on a terminal, pass --yes to confirm"
            )));
        }
        let answer = dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| Error::refused(format!("no confirmation ({e})")))?;
        if answer {
            Ok(())
        } else {
            Err(Error::refused("not confirmed"))
        }
    }
}
