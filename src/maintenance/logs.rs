//! The operations guide's log retention (`Clear old logs (>30 days)`): delete the regular files
//! of one directory whose name matches a pattern and whose last change is older than a cutoff.
//! Symbolic links, directories and young files are never touched.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct LogFile {
    pub path: String,
    pub bytes: u64,
    pub modified: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClearLogsReport {
    pub pattern: String,
    pub cutoff: DateTime<Utc>,
    /// Deleted (or, in a dry run, to be deleted).
    pub removed: Vec<LogFile>,
    /// Matching files younger than the cutoff.
    pub kept: usize,
    pub dry_run: bool,
    /// The directory does not exist (and `missing_ok` said that is fine).
    pub missing: bool,
}

impl ClearLogsReport {
    pub fn bytes(&self) -> u64 {
        self.removed.iter().map(|f| f.bytes).sum()
    }
}

/// Delete (or list, with `dry_run`) the files matching `pattern` (checked by
/// `checklist::check_log_path`) last modified before `cutoff`.
pub fn clear_logs(
    pattern: &str,
    cutoff: DateTime<Utc>,
    dry_run: bool,
    missing_ok: bool,
) -> Result<ClearLogsReport> {
    crate::maintenance::checklist::check_log_path(pattern).map_err(Error::config)?;
    let path = Path::new(pattern);
    let dir = path.parent().unwrap_or(Path::new("/"));
    let file_pattern = path
        .file_name()
        .and_then(|f| f.to_str())
        .and_then(|f| glob::Pattern::new(f).ok())
        .ok_or_else(|| Error::config(format!("clear-logs: bad path {pattern:?}")))?;
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let mut report = ClearLogsReport {
        pattern: pattern.to_owned(),
        cutoff,
        removed: Vec::new(),
        kept: 0,
        dry_run,
        missing: false,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && missing_ok => {
            report.missing = true;
            return Ok(report);
        }
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut candidates = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !file_pattern.matches_with(name, options) {
            continue;
        }
        // Not following links: a link is never deleted, nor what it points at.
        let meta =
            std::fs::symlink_metadata(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        if !meta.file_type().is_file() {
            continue;
        }
        let modified: DateTime<Utc> = meta
            .modified()
            .map_err(|e| Error::io(entry.path(), e))?
            .into();
        if modified < cutoff {
            candidates.push(LogFile {
                path: entry.path().display().to_string(),
                bytes: meta.len(),
                modified,
            });
        } else {
            report.kept += 1;
        }
    }
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    if dry_run {
        report.removed = candidates;
        return Ok(report);
    }
    for file in candidates {
        if let Err(e) = std::fs::remove_file(&file.path) {
            let done = report.removed.len();
            return Err(Error::io(&file.path, e).context(format!(
                "{done} older file(s) were deleted before it, the rest were left"
            )));
        }
        report.removed.push(file);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn touch(path: &Path, age_days: u64) {
        std::fs::write(path, b"x").unwrap();
        let t = SystemTime::now() - Duration::from_secs(age_days * 86_400);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[test]
    fn deletes_only_old_matching_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        touch(&d.join("old.log"), 40);
        touch(&d.join("young.log"), 5);
        touch(&d.join("old.txt"), 40);
        touch(&d.join(".hidden.log"), 40);
        std::os::unix::fs::symlink(d.join("old.txt"), d.join("link.log")).unwrap();
        std::fs::create_dir(d.join("dir.log")).unwrap();
        let pattern = format!("{}/*.log", d.display());
        let cutoff = Utc::now() - chrono::Duration::days(30);

        let dry = clear_logs(&pattern, cutoff, true, false).unwrap();
        assert_eq!(dry.removed.len(), 1);
        assert!(d.join("old.log").exists(), "a dry run deletes nothing");

        let done = clear_logs(&pattern, cutoff, false, false).unwrap();
        assert_eq!(done.removed.len(), 1);
        assert!(done.removed[0].path.ends_with("/old.log"));
        assert_eq!(done.kept, 1);
        assert!(!d.join("old.log").exists());
        for kept in ["young.log", "old.txt", ".hidden.log", "link.log", "dir.log"] {
            assert!(d.join(kept).symlink_metadata().is_ok(), "{kept} was kept");
        }
    }

    #[test]
    fn missing_directory() {
        let cutoff = Utc::now();
        assert!(clear_logs("/nonexistent-nbamcp/*.log", cutoff, false, false).is_err());
        let r = clear_logs("/nonexistent-nbamcp/*.log", cutoff, false, true).unwrap();
        assert!(r.missing && r.removed.is_empty());
    }
}
