//! Coverage-guided fuzzing of the CSV → statistics path of `drift check`: any bytes, as the
//! reference and the current file, must give a report or a clean error — never a panic, and
//! never a p-value outside [0, 1].
//!
//! The input is split at the first 0x00 byte: before it the reference, after it the current
//! data. The first byte also picks the test and the missing-value policy.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

// nbamcp's own drift code, compiled here by path (see Cargo.toml); `cfg(fuzzing)` leaves out
// the modules that need the backends.
#[allow(dead_code)]
#[path = "../../src/drift/mod.rs"]
mod drift;

#[allow(dead_code)]
#[path = "../../src/choice.rs"]
mod choice;

#[allow(dead_code)]
#[path = "../../src/progress.rs"]
mod progress;

/// The part of nbamcp's `error` module the drift code uses.
#[allow(dead_code)]
mod error {
    use std::path::PathBuf;

    #[derive(Debug)]
    pub enum Error {
        Usage { flag: String, message: String },
        Io { path: PathBuf, source: std::io::Error },
    }

    impl Error {
        pub fn usage(flag: impl Into<String>, message: impl Into<String>) -> Self {
            Error::Usage {
                flag: flag.into(),
                message: message.into(),
            }
        }

        pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
            Error::Io {
                path: path.into(),
                source,
            }
        }
    }

    pub type Result<T> = std::result::Result<T, Error>;
}

use drift::data::{MissingPolicy, Source, read_columns, read_header};
use drift::stats::Correction;
use drift::{CheckOptions, Method, check};

fuzz_target!(|input: &[u8]| {
    let Some((&selector, rest)) = input.split_first() else {
        return;
    };
    let (reference, current) = match rest.iter().position(|&b| b == 0) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, rest),
    };
    let method = [
        Method::Auto,
        Method::Ks,
        Method::Psi,
        Method::Chi2,
        Method::Wasserstein,
    ][selector as usize % 5];
    let missing = [
        MissingPolicy::Drop,
        MissingPolicy::Error,
        MissingPolicy::Category,
    ][(selector as usize / 5) % 3];
    let source = |name: &str, bytes: &[u8]| Source::Memory {
        name: name.into(),
        bytes: Arc::from(bytes),
    };
    let (rs, cs) = (source("ref", reference), source("cur", current));
    let (Ok((rh, rr)), Ok((ch, cr))) = (read_header(&rs), read_header(&cs)) else {
        return;
    };
    // Columns whose name starts with `c` are categorical, as with --categorical.
    let wanted: Vec<(String, bool)> = rh
        .iter()
        .filter(|h| ch.contains(h))
        .map(|h| (h.clone(), h.starts_with('c')))
        .collect();
    let (Ok(mut r), Ok(mut c)) = (
        read_columns(&rs, &rh, rr, &wanted, missing),
        read_columns(&cs, &ch, cr, &wanted, missing),
    ) else {
        return;
    };
    let options = CheckOptions {
        method,
        threshold: 0.05,
        psi_threshold: 0.2,
        psi_bins: 2 + (selector as usize % 20),
        wasserstein_threshold: 0.1,
        correction: [Correction::None, Correction::Bonferroni, Correction::Bh]
            [selector as usize % 3],
    };
    let report = check(&mut r, &mut c, &options);
    for f in &report.features {
        for p in [f.p_value, f.p_value_adjusted].into_iter().flatten() {
            assert!((0.0..=1.0).contains(&p), "p-value {p} for {f:?}");
        }
    }
});
