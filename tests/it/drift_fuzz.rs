//! A bounded randomized robustness run of the CSV → statistics path (a stand-in for a
//! coverage-guided fuzzer, which needs a nightly toolchain these machines do not have):
//! thousands of mutated CSV files must give a result or a clean error, never a panic.

use std::path::Path;

use nbamcp::drift::data::{MissingPolicy, Source, read_columns, read_header};
use nbamcp::drift::stats::Correction;
use nbamcp::drift::{CheckOptions, Method, check};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEEDS: [&str; 4] = [
    "a,b,c\n1,2,x\n3,4,y\n5,6,x\n",
    "\u{feff}a,b,c\r\n\"1\",\"2\",\"x\"\r\n-3e2,NaN,\"y,z\"\r\n",
    "a,b,c\n0,0,\n0,0,\n",
    "a,b,c\n1.5,,q\n2.5,inf,r\n",
];
const PIECES: [&[u8]; 12] = [
    b",",
    b"\n",
    b"\r\n",
    b"\"",
    b"NaN",
    b"-",
    b"1e308",
    b"1e-320",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"",
    b"9",
];

fn mutate(rng: &mut Rng, seed: &str) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(4)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 => bytes
                .splice(at..at, PIECES[rng.below(PIECES.len())].iter().copied())
                .for_each(drop),
            2 if at < bytes.len() => bytes[at] = (rng.next() & 0xFF) as u8,
            _ => bytes
                .splice(at..at, std::iter::repeat_n(b'7', rng.below(3)))
                .for_each(drop),
        }
    }
    bytes
}

/// Returns whether the statistics ran (the input was accepted).
fn run_once(
    dir: &Path,
    reference: &[u8],
    current: &[u8],
    method: Method,
    categorical: bool,
) -> bool {
    let (rp, cp) = (dir.join("r.csv"), dir.join("c.csv"));
    std::fs::write(&rp, reference).unwrap();
    std::fs::write(&cp, current).unwrap();
    let (rs, cs) = (Source::File(rp), Source::File(cp));
    let Ok((rh, rr)) = read_header(&rs) else {
        return false;
    };
    let Ok((ch, cr)) = read_header(&cs) else {
        return false;
    };
    let wanted: Vec<(String, bool)> = rh
        .iter()
        .filter(|h| ch.contains(h))
        .map(|h| (h.clone(), categorical && h == "c"))
        .collect();
    let (Ok(mut r), Ok(mut c)) = (
        read_columns(&rs, &rh, rr, &wanted, MissingPolicy::Category),
        read_columns(&cs, &ch, cr, &wanted, MissingPolicy::Drop),
    ) else {
        return false;
    };
    let options = CheckOptions {
        method,
        threshold: 0.05,
        psi_threshold: 0.2,
        psi_bins: 10,
        wasserstein_threshold: 0.1,
        correction: Correction::Bh,
    };
    let report = check(&mut r, &mut c, &options);
    for f in &report.features {
        if let Some(p) = f.p_value {
            assert!(
                (0.0..=1.0).contains(&p),
                "p-value {p} out of range for {f:?}"
            );
        }
    }
    true
}

#[test]
fn mutated_csv_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0xF022_D00D);
    let methods = [
        Method::Auto,
        Method::Ks,
        Method::Psi,
        Method::Chi2,
        Method::Wasserstein,
    ];
    for i in 0..3000 {
        let (a, b) = (rng.below(SEEDS.len()), rng.below(SEEDS.len()));
        let reference = mutate(&mut rng, SEEDS[a]);
        let current = mutate(&mut rng, SEEDS[b]);
        run_once(
            dir.path(),
            &reference,
            &current,
            methods[i % methods.len()],
            i % 2 == 0,
        );
    }
}
