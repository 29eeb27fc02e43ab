//! The lookup cache: answers kept in SQLite with a time to live. A cache that cannot be read or
//! written only costs calls; it never fails a lookup.

use crate::db::{lookup_cache, now_ms, Db};
use liner::lookup::Source;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// The service an answer came from, for the hit counter.
pub struct Label(&'static str);

impl From<Source> for Label {
    fn from(s: Source) -> Label {
        Label(s.token())
    }
}

impl From<&'static str> for Label {
    fn from(s: &'static str) -> Label {
        Label(s)
    }
}

pub struct LookupCache {
    db: Db,
    /// Hits and misses per service since start, for Admin → System.
    counts: Mutex<HashMap<&'static str, (u64, u64)>>,
}

impl LookupCache {
    pub fn new(db: Db) -> LookupCache {
        LookupCache {
            db,
            counts: Mutex::default(),
        }
    }

    fn count(&self, source: &'static str, hit: bool) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let entry = counts.entry(source).or_default();
        if hit {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }

    /// (hits, misses) for `source` since start.
    pub fn counts(&self, source: &str) -> (u64, u64) {
        let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        counts.get(source).copied().unwrap_or_default()
    }

    /// The cached answer, counted as a hit for `source`.
    pub async fn get<T: DeserializeOwned>(&self, source: impl Into<Label>, key: &str) -> Option<T> {
        let source = source.into().0;
        let key = key.to_string();
        let found = match self
            .db
            .run(move |c| Ok(lookup_cache::get(c, &key, now_ms())?))
            .await
        {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "lookup cache unreadable");
                None
            }
        };
        let value = found.and_then(|text| serde_json::from_str(&text).ok());
        self.count(source, value.is_some());
        if value.is_some() {
            metrics::counter!("liner_lookup_cache_hits_total", "source" => source).increment(1);
        }
        value
    }

    pub async fn put<T: Serialize>(&self, key: &str, value: &T, ttl: Duration) {
        let Ok(text) = serde_json::to_string(value) else {
            return;
        };
        let key = key.to_string();
        let expires = now_ms() + ttl.as_millis() as i64;
        if let Err(e) = self
            .db
            .run(move |c| Ok(lookup_cache::put(c, &key, &text, expires)?))
            .await
        {
            tracing::warn!(error = %e, "lookup cache not written");
        }
    }

    /// Deletes expired answers; how many.
    pub async fn purge(&self) -> usize {
        match self.db.run(|c| Ok(lookup_cache::purge(c, now_ms())?)).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "lookup cache not purged");
                0
            }
        }
    }
}
