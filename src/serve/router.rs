//! A/B routing: each model's ready versions with integer weight units; a request goes to the
//! version whose cumulative range holds `hash(routing key) mod total` (sticky), or a uniformly
//! random point when it has no key. Either way the aggregate split follows the weights.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::model::OnnxModel;

/// Weights are kept in units of 1/1_000_000.
pub const UNITS: f64 = 1_000_000.0;

#[derive(Debug, Clone)]
pub struct RouteEntry {
    pub version: String,
    pub weight: f64,
    units: u64,
    pub model: Arc<OnnxModel>,
}

/// The routing table of one model, replaced as a whole on every change.
#[derive(Debug, Clone, Default)]
pub struct ModelRoute {
    /// Versions taking traffic (weight > 0), in version order.
    entries: Vec<RouteEntry>,
    total: u64,
    /// Every ready version, for pinned requests and metadata (weight 0 included).
    pub loaded: BTreeMap<String, (f64, Arc<OnnxModel>)>,
}

impl ModelRoute {
    pub fn new(loaded: BTreeMap<String, (f64, Arc<OnnxModel>)>) -> ModelRoute {
        let mut versions: Vec<(&String, &(f64, Arc<OnnxModel>))> = loaded.iter().collect();
        versions.sort_by(|a, b| crate::registry::version_order(a.0, b.0));
        let entries: Vec<RouteEntry> = versions
            .into_iter()
            .filter(|(_, (w, _))| *w > 0.0)
            .map(|(v, (w, m))| RouteEntry {
                version: v.clone(),
                weight: *w,
                units: ((*w * UNITS).round() as u64).max(1),
                model: m.clone(),
            })
            .collect();
        let total = entries.iter().map(|e| e.units).sum();
        ModelRoute {
            entries,
            total,
            loaded,
        }
    }

    /// Whether any version takes traffic.
    pub fn routable(&self) -> bool {
        self.total > 0
    }

    /// The version for a request with this key (or none: random).
    pub fn pick(&self, key: Option<&str>) -> Option<&RouteEntry> {
        if self.total == 0 {
            return None;
        }
        let point = match key {
            Some(key) => mix(fnv1a(key.as_bytes())) % self.total,
            None => random() % self.total,
        };
        let mut upto = 0;
        for entry in &self.entries {
            upto += entry.units;
            if point < upto {
                return Some(entry);
            }
        }
        self.entries.last()
    }

    pub fn weights(&self) -> BTreeMap<String, f64> {
        self.loaded
            .iter()
            .map(|(v, (w, _))| (v.clone(), *w))
            .collect()
    }
}

/// FNV-1a 64: stable across processes and releases (every replica must agree).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// splitmix64's finaliser: spreads similar keys ("game-1", "game-2") over the whole range.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform 64-bit number: a global counter through splitmix64 (no lock, no syscall).
fn random() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0x853c_49e6_748f_ea9b);
    mix(STATE.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_spread_like_the_weights() {
        // Entries are built without models here: route through the unit ranges directly.
        let total = 1_000_000u64;
        let mut below = 0;
        for i in 0..100_000 {
            let point = mix(fnv1a(format!("game-{i}").as_bytes())) % total;
            if point < 800_000 {
                below += 1;
            }
        }
        let share = below as f64 / 100_000.0;
        assert!((share - 0.8).abs() < 0.01, "{share}");
        let mut below = 0;
        for _ in 0..100_000 {
            if random() % total < 200_000 {
                below += 1;
            }
        }
        let share = below as f64 / 100_000.0;
        assert!((share - 0.2).abs() < 0.01, "{share}");
    }
}
