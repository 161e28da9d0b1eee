//! Reading the reference and current samples from CSV into one buffer per column: numbers as
//! `f64` (no allocation per row), categories as strings. Every problem names the file, the line
//! and the column.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What to do with empty, `NA`, `NaN` or `null` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MissingPolicy {
    Drop,
    Error,
    Category,
}

impl crate::choice::Choice for MissingPolicy {
    const VALUES: &'static [Self] = &[
        MissingPolicy::Drop,
        MissingPolicy::Error,
        MissingPolicy::Category,
    ];

    fn name(self) -> &'static str {
        match self {
            MissingPolicy::Drop => "drop",
            MissingPolicy::Error => "error",
            MissingPolicy::Category => "category",
        }
    }

    fn help(self) -> Option<&'static str> {
        match self {
            MissingPolicy::Drop => Some("Count them and leave them out of the test"),
            MissingPolicy::Error => Some("Refuse the file (exit 2), naming the first missing cell"),
            MissingPolicy::Category => {
                Some("In categorical columns, a category of their own; in numeric columns, dropped")
            }
        }
    }
}

/// The category missing values become under `--missing category`.
pub const MISSING_CATEGORY: &str = "<missing>";

#[derive(Debug, Clone)]
pub enum ColumnData {
    Numeric(Vec<f64>),
    Categorical(Vec<String>),
}

impl ColumnData {
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Categorical(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
    pub missing: usize,
}

/// The columns read from one file, in the order asked for.
#[derive(Debug, Clone)]
pub struct Sample {
    pub source: String,
    pub rows: usize,
    pub columns: Vec<Column>,
}

/// Where data comes from: a file, standard input (`-`), or gzip-compressed bytes in memory
/// (a stored reference).
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Stdin,
    Gzip {
        name: String,
        bytes: std::sync::Arc<[u8]>,
    },
    /// CSV text already in memory (tests, the fuzz target).
    Memory {
        name: String,
        bytes: std::sync::Arc<[u8]>,
    },
}

impl Source {
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(arg.to_path_buf())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".into(),
            Source::Gzip { name, .. } | Source::Memory { name, .. } => name.clone(),
        }
    }
}

/// A CSV reader positioned after the header line.
pub type CsvReader = csv::Reader<Box<dyn Read + Send>>;

/// The header of a CSV source, to choose features before reading the data.
pub fn read_header(source: &Source) -> Result<(Vec<String>, CsvReader)> {
    read_header_tracked(source, None)
}

/// [`read_header`], with the bytes read from a file counted on `progress`.
pub fn read_header_tracked(
    source: &Source,
    progress: Option<std::sync::Arc<dyn crate::progress::Progress>>,
) -> Result<(Vec<String>, CsvReader)> {
    let name = source.name();
    let input: Box<dyn Read + Send> = match source {
        Source::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            // Opening a directory succeeds on Linux; reading it is what fails.
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(Error::io(
                    path,
                    std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
                ));
            }
            match progress {
                Some(progress) => Box::new(crate::progress::CountingReader::new(file, progress)),
                None => Box::new(file),
            }
        }
        Source::Stdin => Box::new(std::io::stdin()),
        Source::Gzip { bytes, .. } => Box::new(flate2::read::GzDecoder::new(std::io::Cursor::new(
            bytes.clone(),
        ))),
        Source::Memory { bytes, .. } => Box::new(std::io::Cursor::new(bytes.clone())),
    };
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 20)
        .has_headers(true)
        .flexible(false)
        .from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| csv_error(&name, e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect::<Vec<_>>();
    if header.is_empty() || header.iter().all(String::is_empty) {
        return Err(Error::usage(
            name,
            "the file is empty: expected a header line and data rows",
        ));
    }
    let mut seen = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(first) = seen.insert(h.clone(), i) {
            return Err(Error::usage(
                name,
                format!(
                    "line 1: column {h:?} appears twice (columns {} and {})",
                    first + 1,
                    i + 1
                ),
            ));
        }
    }
    Ok((header, reader))
}

fn csv_error(source: &str, e: csv::Error) -> Error {
    // A file that cannot be read (a directory, an I/O error) is a runtime failure (exit 1),
    // not bad input: only what is in the file is a usage error.
    if let csv::ErrorKind::Io(io) = e.kind() {
        let path = match e.position().map(|p| p.line()) {
            Some(line) if line > 1 => format!("{source}: line {line}"),
            _ => source.to_owned(),
        };
        return Error::io(path, std::io::Error::new(io.kind(), io.to_string()));
    }
    let line = e
        .position()
        .map(|p| format!("line {}: ", p.line()))
        .unwrap_or_default();
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{line}{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => format!("{line}not valid UTF-8"),
        _ => format!("{line}{e}"),
    };
    Error::usage(source.to_owned(), message)
}

/// Parse a decimal number. Plain decimals with at most 19 significant digits and a power of ten
/// up to 22 take Clinger's fast path — an exact integer times or divided by an exact power of
/// ten, one correctly rounded operation, so the result equals `str::parse` — anything else goes
/// to `str::parse`.
pub fn parse_number(text: &str) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // Integer digits, then an optional point and fraction digits: nothing else is fast.
    let n = digits.len();
    let mut i = 0;
    let mut mantissa: u64 = 0;
    while i < n && digits[i].is_ascii_digit() {
        mantissa = mantissa
            .wrapping_mul(10)
            .wrapping_add(u64::from(digits[i] - b'0'));
        i += 1;
    }
    let integer_digits = i;
    let mut fraction_digits = 0usize;
    if i < n && digits[i] == b'.' {
        i += 1;
        let start = i;
        while i < n && digits[i].is_ascii_digit() {
            mantissa = mantissa
                .wrapping_mul(10)
                .wrapping_add(u64::from(digits[i] - b'0'));
            i += 1;
        }
        fraction_digits = i - start;
    }
    // Up to 19 digits cannot overflow u64 (wrapping above never wraps then); more, an exponent,
    // or anything else goes the slow, general way.
    if i != n
        || integer_digits + fraction_digits == 0
        || integer_digits + fraction_digits > 19
        || mantissa >= 1 << 53
        || fraction_digits > 22
    {
        return text.parse().ok();
    }
    let value = mantissa as f64 / POW10[fraction_digits];
    Some(if negative { -value } else { value })
}

fn is_missing(cell: &str) -> bool {
    matches!(
        cell,
        "" | "NA" | "N/A" | "NaN" | "nan" | "NAN" | "null" | "NULL" | "None"
    )
}

/// Read the wanted columns (`(name, categorical)`) of a source whose header was read.
pub fn read_columns(
    source: &Source,
    header: &[String],
    mut reader: CsvReader,
    wanted: &[(String, bool)],
    missing: MissingPolicy,
) -> Result<Sample> {
    let name = source.name();
    let indices: Vec<usize> = wanted
        .iter()
        .map(|(feature, _)| {
            header.iter().position(|h| h == feature).ok_or_else(|| {
                Error::usage(
                    name.clone(),
                    format!(
                        "line 1: no column named {feature:?} (columns: {})",
                        header.join(", ")
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    let mut columns: Vec<Column> = wanted
        .iter()
        .map(|(feature, categorical)| Column {
            name: feature.clone(),
            data: if *categorical {
                ColumnData::Categorical(Vec::new())
            } else {
                ColumnData::Numeric(Vec::new())
            },
            missing: 0,
        })
        .collect();
    let mut record = csv::StringRecord::new();
    let mut rows = 0usize;
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(&name, e))?
    {
        rows += 1;
        let line = record.position().map_or(rows + 1, |p| p.line() as usize);
        for (column, &index) in columns.iter_mut().zip(&indices) {
            let cell = record.get(index).unwrap_or("");
            // Trimming is rarely needed; checking the ends is cheaper than trimming every cell.
            let cell =
                if cell.starts_with(char::is_whitespace) || cell.ends_with(char::is_whitespace) {
                    cell.trim()
                } else {
                    cell
                };
            if is_missing(cell) {
                column.missing += 1;
                match (missing, &mut column.data) {
                    (MissingPolicy::Error, _) => {
                        return Err(Error::usage(
                            name,
                            format!(
                                "line {line}, column {:?}: missing value (--missing error)",
                                column.name
                            ),
                        ));
                    }
                    (MissingPolicy::Category, ColumnData::Categorical(values)) => {
                        values.push(MISSING_CATEGORY.to_owned());
                    }
                    _ => {}
                }
                continue;
            }
            match &mut column.data {
                ColumnData::Numeric(values) => {
                    let value: f64 = parse_number(cell).ok_or_else(|| {
                        Error::usage(
                            name.clone(),
                            format!(
                                "line {line}, column {:?}: {cell:?} is not a number (declare the column with --categorical if it holds categories)",
                                column.name
                            ),
                        )
                    })?;
                    if value.is_nan() {
                        column.missing += 1;
                        continue;
                    }
                    if value.is_infinite() {
                        return Err(Error::usage(
                            name.clone(),
                            format!(
                                "line {line}, column {:?}: infinite value {cell:?}",
                                column.name
                            ),
                        ));
                    }
                    values.push(value);
                }
                ColumnData::Categorical(values) => values.push(cell.to_owned()),
            }
        }
    }
    if rows == 0 {
        return Err(Error::usage(name, "no data rows after the header"));
    }
    Ok(Sample {
        source: name,
        rows,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn fast_number_parsing_equals_std() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "-.5",
            "0.1",
            "123456789012345678",
            "1234567890123456789",
            "12345678901234567890",
            "9007199254740993",
            "0.30000000000000004",
            "1e5",
            "1E-5",
            "-2.5e+3",
            "inf",
            "-inf",
            "NaN",
            "1.2.3",
            "--1",
            "",
            ".",
            "-",
            "0x10",
            "1_000",
            " 1",
            "00012.5000",
            "0.0000000000000000000001",
            "0.00000000000000000000001",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..50_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = 1 + (state % 18) as usize;
            let point = (state >> 8) as usize % (digits + 1);
            let mut text = String::new();
            if state & 1 == 1 {
                text.push('-');
            }
            let number = format!("{:018}", state >> 4);
            text.push_str(&number[..point]);
            text.push('.');
            text.push_str(&number[point..digits]);
            cases.push(text);
        }
        for case in &cases {
            let ours = parse_number(case).map(f64::to_bits);
            let std = case.parse::<f64>().ok().map(f64::to_bits);
            assert_eq!(ours, std, "{case:?}");
        }
    }
}
