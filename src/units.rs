//! Durations and sizes as operators write them: `90d`, `24h`, `30m`, `5s`, `250ms`, `5GiB`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A duration written as a number and a unit (`ms`, `s`, `m`, `h`, `d`, `w`), e.g. `1h30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct HumanDuration(pub Duration);

impl HumanDuration {
    pub const fn from_secs(secs: u64) -> Self {
        HumanDuration(Duration::from_secs(secs))
    }
}

impl FromStr for HumanDuration {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        let invalid =
            || format!("invalid duration {input:?}: expected e.g. 250ms, 5s, 30m, 24h, 90d, 1h30m");
        if s.is_empty() {
            return Err(invalid());
        }
        let mut total = Duration::ZERO;
        let mut rest = s;
        while !rest.is_empty() {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if digits == 0 {
                return Err(invalid());
            }
            let value: u64 = rest[..digits].parse().map_err(|_| invalid())?;
            rest = &rest[digits..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            let millis_per: u64 = match unit {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                "w" => 604_800_000,
                _ => return Err(invalid()),
            };
            let millis = value.checked_mul(millis_per).ok_or_else(invalid)?;
            total = total
                .checked_add(Duration::from_millis(millis))
                .ok_or_else(invalid)?;
        }
        Ok(HumanDuration(total))
    }
}

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.as_millis();
        const UNITS: [(u128, &str); 5] = [
            (604_800_000, "w"),
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "m"),
            (1_000, "s"),
        ];
        if ms == 0 {
            return f.write_str("0s");
        }
        for (size, unit) in UNITS {
            if ms.is_multiple_of(size) {
                return write!(f, "{}{unit}", ms / size);
            }
        }
        write!(f, "{ms}ms")
    }
}

impl Serialize for HumanDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HumanDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

/// A byte size: `512`, `8MiB`, `5GiB`, `10MB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl FromStr for ByteSize {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let s = input.trim();
        let invalid = || format!("invalid size {input:?}: expected e.g. 512, 8MiB, 5GiB, 10MB");
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        if digits == 0 {
            return Err(invalid());
        }
        let value: u64 = s[..digits].parse().map_err(|_| invalid())?;
        let factor: u64 = match s[digits..].trim() {
            "" | "B" => 1,
            "KiB" => 1 << 10,
            "MiB" => 1 << 20,
            "GiB" => 1 << 30,
            "TiB" => 1 << 40,
            "KB" | "kB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            "TB" => 1_000_000_000_000,
            _ => return Err(invalid()),
        };
        value.checked_mul(factor).map(ByteSize).ok_or_else(invalid)
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(u64, &str); 4] = [
            (1 << 40, "TiB"),
            (1 << 30, "GiB"),
            (1 << 20, "MiB"),
            (1 << 10, "KiB"),
        ];
        for (size, unit) in UNITS {
            if self.0 >= size && self.0.is_multiple_of(size) {
                return write!(f, "{}{unit}", self.0 / size);
            }
        }
        write!(f, "{}", self.0)
    }
}

impl Serialize for ByteSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Ok(ByteSize(n)),
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A byte count for people: `512 B`, `146.4 KiB`, `1.2 GiB`.
pub fn short_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Human-readable age or latency: `850ms`, `3.2s`, `4m`, `5h`, `12d`.
pub fn short_duration(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    match ms {
        0..1_000 => format!("{ms}ms"),
        1_000..60_000 => format!("{:.1}s", d.as_secs_f64()),
        60_000..3_600_000 => format!("{}m", ms / 60_000),
        3_600_000..86_400_000 => format!("{}h", ms / 3_600_000),
        _ => format!("{}d", ms / 86_400_000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operator_durations() {
        let cases = [
            ("250ms", 250),
            ("5s", 5_000),
            ("30m", 1_800_000),
            ("24h", 86_400_000),
            ("90d", 7_776_000_000),
            ("1h30m", 5_400_000),
            ("2w", 1_209_600_000),
        ];
        for (text, millis) in cases {
            let parsed: HumanDuration = text.parse().unwrap();
            assert_eq!(parsed.0, Duration::from_millis(millis), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_durations() {
        for bad in [
            "",
            "5",
            "h",
            "5x",
            "-5s",
            "5 s",
            "1.5h",
            "99999999999999999999d",
        ] {
            assert!(
                bad.parse::<HumanDuration>().is_err(),
                "{bad:?} should be rejected"
            );
        }
    }

    #[test]
    fn duration_display_round_trips() {
        for text in ["250ms", "5s", "30m", "24h", "90d", "2w", "90m"] {
            let parsed: HumanDuration = text.parse().unwrap();
            let again: HumanDuration = parsed.to_string().parse().unwrap();
            assert_eq!(parsed, again, "{text}");
        }
        assert_eq!("1h30m".parse::<HumanDuration>().unwrap().to_string(), "90m");
    }

    #[test]
    fn parses_sizes() {
        assert_eq!("512".parse::<ByteSize>().unwrap().0, 512);
        assert_eq!("8MiB".parse::<ByteSize>().unwrap().0, 8 << 20);
        assert_eq!("5GiB".parse::<ByteSize>().unwrap().0, 5 << 30);
        assert_eq!("10MB".parse::<ByteSize>().unwrap().0, 10_000_000);
        assert!("5XB".parse::<ByteSize>().is_err());
        assert_eq!(ByteSize(8 << 20).to_string(), "8MiB");
    }

    #[test]
    fn byte_counts_for_people() {
        assert_eq!(super::short_bytes(0), "0 B");
        assert_eq!(super::short_bytes(1023), "1023 B");
        assert_eq!(super::short_bytes(149_932), "146.4 KiB");
        assert_eq!(super::short_bytes(5 << 30), "5.0 GiB");
    }
}
