//! Tracing to stderr, with every line passed through [`nbamcp::redact`].

use std::io::Write;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// `-q` errors only; default warnings; `-v` info, `-vv` debug, `-vvv` trace (nbamcp's own
/// events; dependencies stay one level quieter). `RUST_LOG` overrides all of it.
pub fn init(quiet: bool, verbose: u8, color: bool) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.is_empty() => EnvFilter::new(spec),
        _ => EnvFilter::new(match (quiet, verbose) {
            (true, _) => "error",
            (false, 0) => "warn",
            (false, 1) => "warn,nbamcp=info",
            (false, 2) => "info,nbamcp=debug",
            _ => "debug,nbamcp=trace",
        }),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(RedactingStderr)
        .with_ansi(color)
        .with_target(verbose >= 2)
        .try_init();
}

/// A stderr writer that masks secrets. The fmt layer writes each event with one `write`, so
/// a secret is never split across two calls.
#[derive(Clone, Copy)]
pub struct RedactingStderr;

impl Write for RedactingStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = nbamcp::redact::text(&String::from_utf8_lossy(buf));
        std::io::stderr().lock().write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

impl<'a> MakeWriter<'a> for RedactingStderr {
    type Writer = RedactingStderr;

    fn make_writer(&'a self) -> Self::Writer {
        *self
    }
}
