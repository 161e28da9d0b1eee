//! The two caches of a replica: loaded model versions (LRU + TTL; the deployed ones are pinned,
//! so eviction never takes traffic away) and responses keyed by (model, version, sha256, input).

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::model::{OnnxModel, OutputTensor};

/// Counters of one cache, as `cache stats` and `/metrics` show them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CacheStats {
    pub hit_rate: f64,
    pub hits: u64,
    pub misses: u64,
    pub evictions: u64,
    pub size: usize,
    pub max_size: usize,
    pub ttl_seconds: u64,
}

fn rate(hits: u64, misses: u64) -> f64 {
    if hits + misses == 0 {
        0.0
    } else {
        hits as f64 / (hits + misses) as f64
    }
}

/// (model, version, sha256)
pub type ModelKey = (String, String, String);

struct ModelEntry {
    model: Arc<OnnxModel>,
    last_used: Instant,
    pinned: bool,
}

pub struct ModelCache {
    entries: HashMap<ModelKey, ModelEntry>,
    max_size: usize,
    ttl: Duration,
    hits: u64,
    misses: u64,
    evictions: u64,
}

impl ModelCache {
    pub fn new(max_size: usize, ttl: Duration) -> ModelCache {
        ModelCache {
            entries: HashMap::new(),
            max_size: max_size.max(1),
            ttl,
            hits: 0,
            misses: 0,
            evictions: 0,
        }
    }

    /// A loaded version, counted as a hit or a miss.
    pub fn get(&mut self, key: &ModelKey) -> Option<Arc<OnnxModel>> {
        self.expire();
        match self.entries.get_mut(key) {
            Some(entry) => {
                entry.last_used = Instant::now();
                self.hits += 1;
                Some(entry.model.clone())
            }
            None => {
                self.misses += 1;
                None
            }
        }
    }

    pub fn insert(&mut self, key: ModelKey, model: Arc<OnnxModel>) {
        self.entries.insert(
            key,
            ModelEntry {
                model,
                last_used: Instant::now(),
                pinned: true,
            },
        );
        self.shrink();
    }

    /// Pin exactly the deployed versions; the others age out (TTL) or make room (LRU).
    pub fn pin_only(&mut self, deployed: &[ModelKey]) {
        let now = Instant::now();
        for (key, entry) in self.entries.iter_mut() {
            let pinned = deployed.contains(key);
            if entry.pinned && !pinned {
                entry.last_used = now;
            }
            entry.pinned = pinned;
        }
        self.expire();
        self.shrink();
    }

    fn expire(&mut self) {
        let ttl = self.ttl;
        let before = self.entries.len();
        self.entries
            .retain(|_, e| e.pinned || e.last_used.elapsed() < ttl);
        self.evictions += (before - self.entries.len()) as u64;
    }

    fn shrink(&mut self) {
        while self.entries.len() > self.max_size {
            let oldest = self
                .entries
                .iter()
                .filter(|(_, e)| !e.pinned)
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(key) => {
                    self.entries.remove(&key);
                    self.evictions += 1;
                }
                // Only deployed versions left: they stay even above the size.
                None => break,
            }
        }
    }

    /// Unload every version not deployed; returns how many.
    pub fn clear_unpinned(&mut self) -> usize {
        let before = self.entries.len();
        self.entries.retain(|_, e| e.pinned);
        before - self.entries.len()
    }

    pub fn stats(&mut self) -> CacheStats {
        self.expire();
        CacheStats {
            hit_rate: rate(self.hits, self.misses),
            hits: self.hits,
            misses: self.misses,
            evictions: self.evictions,
            size: self.entries.len(),
            max_size: self.max_size,
            ttl_seconds: self.ttl.as_secs(),
        }
    }
}

pub type ResponseKey = [u8; 32];

/// The key of a response: model, version, artifact sha256 and the exact input bits.
pub fn response_key(model: &str, version: &str, sha256: &str, rows: &[f32]) -> ResponseKey {
    let mut hasher = Sha256::new();
    for part in [model, version, sha256] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    for value in rows {
        hasher.update(value.to_bits().to_le_bytes());
    }
    hasher.finalize().into()
}

/// A cached answer and when it was stored.
type Cached = (Instant, Arc<Vec<OutputTensor>>);

pub struct ResponseCache {
    entries: Option<lru::LruCache<ResponseKey, Cached>>,
    max_size: usize,
    ttl: Duration,
    hits: u64,
    misses: u64,
    evictions: u64,
}

impl ResponseCache {
    pub fn new(max_size: usize, ttl: Duration) -> ResponseCache {
        ResponseCache {
            entries: NonZeroUsize::new(max_size).map(lru::LruCache::new),
            max_size,
            ttl,
            hits: 0,
            misses: 0,
            evictions: 0,
        }
    }

    pub fn enabled(&self) -> bool {
        self.entries.is_some()
    }

    pub fn get(&mut self, key: &ResponseKey) -> Option<Arc<Vec<OutputTensor>>> {
        let entries = self.entries.as_mut()?;
        match entries.get(key) {
            Some((at, value)) if at.elapsed() < self.ttl => {
                self.hits += 1;
                Some(value.clone())
            }
            Some(_) => {
                entries.pop(key);
                self.evictions += 1;
                self.misses += 1;
                None
            }
            None => {
                self.misses += 1;
                None
            }
        }
    }

    pub fn put(&mut self, key: ResponseKey, value: Arc<Vec<OutputTensor>>) {
        if let Some(entries) = self.entries.as_mut()
            && entries
                .push(key, (Instant::now(), value))
                .is_some_and(|(k, _)| k != key)
        {
            self.evictions += 1;
        }
    }

    pub fn clear(&mut self) -> usize {
        match self.entries.as_mut() {
            Some(entries) => {
                let n = entries.len();
                entries.clear();
                n
            }
            None => 0,
        }
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hit_rate: rate(self.hits, self.misses),
            hits: self.hits,
            misses: self.misses,
            evictions: self.evictions,
            size: self.entries.as_ref().map_or(0, |e| e.len()),
            max_size: self.max_size,
            ttl_seconds: self.ttl.as_secs(),
        }
    }
}
