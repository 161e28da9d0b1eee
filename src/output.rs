//! The one renderer: every command returns a serde type, `--output` picks table, JSON or YAML.
//! Tables are for people; JSON and YAML are a contract (stable field names, RFC 3339 times, no
//! ANSI). All text passes through [`nbamcp::redact`] on its way out.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use nbamcp::error::{Error, Result};
use nbamcp::redact;
pub use nbamcp::units::{short_bytes, short_duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Yaml,
}

/// A command result: serialisable for JSON/YAML, and able to draw itself for people.
pub trait Render: Serialize {
    fn render_human(&self, style: &Style) -> String;
}

/// How human output may look on this stdout.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// A table with nbamcp's look: no borders, a header row, wrapped to the terminal.
    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.iter().map(Cell::new));
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }

    /// Render a table without the padding comfy-table leaves at the end of each line.
    pub fn render_table(&self, table: &Table) -> String {
        let mut out = String::new();
        for line in table.to_string().lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// A cell coloured by meaning when colour is on.
    pub fn cell(&self, text: impl ToString, color: Option<Color>) -> Cell {
        let cell = Cell::new(text.to_string());
        match (self.color, color) {
            (true, Some(c)) => cell.fg(c),
            _ => cell,
        }
    }
}

/// Writes results to stdout in the chosen format.
#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    pub style: Style,
}

impl Printer {
    /// Colour only when stdout is a terminal and nobody asked for none
    /// (`--no-color`, `NO_COLOR`, `TERM=dumb`, `CI=true`).
    pub fn new(format: OutputFormat, no_color: bool, env: &[(String, String)]) -> Self {
        let var = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let color = !no_color
            && std::io::stdout().is_terminal()
            && var("NO_COLOR").is_none_or(str::is_empty)
            && var("TERM") != Some("dumb")
            && var("CI").is_none_or(|v| v.is_empty() || v == "false");
        Printer {
            format,
            style: Style { color },
        }
    }

    pub fn render<R: Render>(&self, value: &R) -> Result<String> {
        let text = match self.format {
            OutputFormat::Table => {
                let mut text = value.render_human(&self.style);
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                text
            }
            OutputFormat::Json => {
                let mut text = serde_json::to_string_pretty(value)
                    .map_err(|e| Error::failed(format!("cannot encode JSON: {e}")))?;
                text.push('\n');
                text
            }
            OutputFormat::Yaml => serde_yaml::to_string(value)
                .map_err(|e| Error::failed(format!("cannot encode YAML: {e}")))?,
        };
        Ok(redact::text(&text))
    }

    pub fn print<R: Render>(&self, value: &R) -> Result<()> {
        let text = self.render(value)?;
        write_stdout(&text);
        Ok(())
    }
}

/// Write to stdout; a closed pipe (`nbamcp ... | head`) ends the process quietly with 0.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(1);
    }
}
