//! Searching every configured source at once, each within its deadline, merged into one list.

use super::{
    not_configured, notice, Lookup, LookupError, ReleaseSource, SourceError, SEARCH_DEADLINE,
    SEARCH_TTL,
};
use liner::lookup::merge::merge_hits;
use liner::lookup::{ReleaseHit, SearchResults, Source, QUERY_MAX};

impl Lookup {
    /// Every configured source at once; each answers within its deadline or is named in a
    /// notice.
    pub async fn search(&self, user: i64, query: &str) -> Result<SearchResults, LookupError> {
        let query = query.trim();
        if query.chars().count() > QUERY_MAX {
            return Err(LookupError::Invalid(format!(
                "Search for at most {QUERY_MAX} characters."
            )));
        }
        if query.is_empty() {
            return Ok(SearchResults::default());
        }
        self.admit(user)?;
        // The query as typed, lowercased and with runs of spaces as one: close enough to share
        // answers, never so loose that different searches do.
        let key = query
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let asks = Source::ALL.map(|source| {
            let key = &key;
            async move {
                let answer = match self.source(source) {
                    None => None,
                    Some(s) => Some(self.cached_search(user, s.as_ref(), key, query).await),
                };
                (source, answer)
            }
        });
        let mut lists = Vec::new();
        let mut notices = Vec::new();
        for (source, answer) in futures_util::future::join_all(asks).await {
            match answer {
                Some(Ok(hits)) => lists.push(hits),
                None => notices.push(not_configured(source)),
                Some(Err(e)) => {
                    tracing::info!(source = source.name(), error = %e, "release search failed");
                    notices.push(notice(source, &e));
                }
            }
        }
        Ok(SearchResults {
            hits: merge_hits(lists),
            notices,
        })
    }

    /// One source's search, from the cache when it has it, within the deadline.
    async fn cached_search(
        &self,
        who: i64,
        source: &dyn ReleaseSource,
        key: &str,
        query: &str,
    ) -> Result<Vec<ReleaseHit>, SourceError> {
        let key = format!("{}:search:{key}", source.source().token());
        if let Some(hits) = self
            .cache
            .get::<Vec<ReleaseHit>>(source.source(), &key)
            .await
        {
            return Ok(hits);
        }
        let asked = async {
            let _turn = self.turn(who, source.source()).await;
            source.search(query).await
        };
        let hits = match tokio::time::timeout(SEARCH_DEADLINE, asked).await {
            Err(_) => return Err(SourceError::Unavailable("too slow".into())),
            // A query a source rejects found nothing there; it is not an outage.
            Ok(Err(SourceError::NotFound)) => Vec::new(),
            Ok(answer) => answer?,
        };
        self.cache.put(&key, &hits, SEARCH_TTL).await;
        Ok(hits)
    }
}
