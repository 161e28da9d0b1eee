//! Secret redaction. Every secret the config loads is registered here, and every path that
//! writes text for a person (rendered output, error reports, log lines) passes through
//! [`text`], so a secret cannot reach stdout or stderr even through a backend's error message
//! that echoes it back.

use std::sync::{OnceLock, RwLock};

pub const MASK: &str = "***";

fn registry() -> &'static RwLock<Vec<String>> {
    static SECRETS: OnceLock<RwLock<Vec<String>>> = OnceLock::new();
    SECRETS.get_or_init(|| RwLock::new(Vec::new()))
}

/// Remember a secret value so that [`text`] masks it wherever it appears.
/// Very short values are not registered: masking every "a" would make output unreadable,
/// and a one- or two-character secret is not a secret anyway.
pub fn register(secret: &str) {
    if secret.len() < 3 {
        return;
    }
    let mut secrets = registry().write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
        // Longest first, so a secret that contains another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// Mask every registered secret and the password part of every URL in `input`.
pub fn text(input: &str) -> String {
    let mut out = mask_url_passwords(input);
    let secrets = registry().read().unwrap_or_else(|e| e.into_inner());
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = out.replace(secret.as_str(), MASK);
        }
    }
    out
}

/// Redact one URL for display: `postgres://nbamcp:pw@host/db` -> `postgres://nbamcp:***@host/db`.
/// Query parameters that carry credentials are masked as well.
pub fn url(input: &str) -> String {
    text(input)
}

/// Replace `scheme://user:password@` with `scheme://user:***@` anywhere in the text, and the
/// values of query parameters named like credentials.
fn mask_url_passwords(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find("://") {
        let (head, tail) = rest.split_at(pos + 3);
        out.push_str(head);
        // The authority ends at the first '/', whitespace or quote; userinfo ends at the last '@'.
        let end = tail
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"' || c == '\''
            })
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.find(':') {
                    Some(colon) => {
                        out.push_str(&userinfo[..colon]);
                        out.push(':');
                        out.push_str(MASK);
                    }
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    mask_query_credentials(&out)
}

fn mask_query_credentials(input: &str) -> String {
    const KEYS: [&str; 5] = [
        "password=",
        "token=",
        "secret=",
        "sslpassword=",
        "X-Amz-Signature=",
    ];
    let mut out = input.to_owned();
    for key in KEYS {
        let mut search_from = 0;
        while let Some(found) = out[search_from..].find(key) {
            let start = search_from + found + key.len();
            let boundary_ok = start - key.len() == 0
                || matches!(out.as_bytes()[start - key.len() - 1], b'?' | b'&' | b' ');
            let end = out[start..]
                .find(|c: char| c == '&' || c.is_whitespace() || c == '"' || c == '\'')
                .map_or(out.len(), |e| start + e);
            if boundary_ok && end > start {
                out.replace_range(start..end, MASK);
                search_from = start + MASK.len();
            } else {
                search_from = end.max(start);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_url_password_but_keeps_user_and_host() {
        assert_eq!(
            mask_url_passwords("postgres://nbamcp:s3cr3t@127.0.0.1:5432/nbamcp"),
            "postgres://nbamcp:***@127.0.0.1:5432/nbamcp"
        );
        assert_eq!(
            mask_url_passwords("failed: http://u:p%40ss@h:1/x and https://other:zz@y"),
            "failed: http://u:***@h:1/x and https://other:***@y"
        );
    }

    #[test]
    fn leaves_urls_without_password_alone() {
        for url in [
            "http://127.0.0.1:5000/health",
            "s3://bucket/key",
            "postgres://user@host/db",
        ] {
            assert_eq!(mask_url_passwords(url), url);
        }
    }

    #[test]
    fn masks_query_credentials() {
        assert_eq!(
            mask_url_passwords("postgres://h/db?user=a&password=hunter2&sslmode=require"),
            "postgres://h/db?user=a&password=***&sslmode=require"
        );
    }

    #[test]
    fn masks_registered_secrets_anywhere() {
        register("correct-horse-battery");
        let masked = text("server said: invalid key correct-horse-battery (try again)");
        assert_eq!(masked, "server said: invalid key *** (try again)");
    }
}
