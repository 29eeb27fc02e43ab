//! The lookup cache: answers kept in SQLite with a time to live. A cache that cannot be read or
//! written only costs calls; it never fails a lookup.

use crate::db::{lookup_cache, now_ms, Db};
use liner::lookup::Source;
use serde::de::DeserializeOwned;
use serde::Serialize;
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
}

impl LookupCache {
    pub fn new(db: Db) -> LookupCache {
        LookupCache { db }
    }

    /// The cached answer, counted as a hit for `source`.
    pub async fn get<T: DeserializeOwned>(&self, source: impl Into<Label>, key: &str) -> Option<T> {
        let source = source.into().0;
        let key = key.to_string();
        let text = match self
            .db
            .run(move |c| Ok(lookup_cache::get(c, &key, now_ms())?))
            .await
        {
            Ok(found) => found?,
            Err(e) => {
                tracing::warn!(error = %e, "lookup cache unreadable");
                return None;
            }
        };
        let value = serde_json::from_str(&text).ok()?;
        metrics::counter!("liner_lookup_cache_hits_total", "source" => source).increment(1);
        Some(value)
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
