//! A pasted link: the release it names, through the link's own service, MusicBrainz' URL
//! relations, or song.link's links to a service Liner can load.

use super::{
    not_configured, notice, owner, too_slow, Lookup, LookupError, SourceError, LOAD_DEADLINE,
};
use liner::lookup::fill::add_links;
use liner::lookup::link::{parse_link, LinkError, ParsedLink};
use liner::lookup::{Resolved, Source};
use liner::release::ReleaseLink;

impl Lookup {
    /// A pasted link: the release it names, loaded, or a word on why not. A link that is
    /// understood but cannot be loaded is kept as the post's link for its platform.
    pub async fn resolve(&self, user: i64, text: &str) -> Result<Resolved, LookupError> {
        let parsed =
            parse_link(text).map_err(|e: LinkError| LookupError::Invalid(e.to_string()))?;
        self.admit(user)?;
        let source = owner(&parsed).unwrap_or(Source::MusicBrainz);
        tokio::time::timeout(LOAD_DEADLINE, self.resolve_parsed(user, parsed))
            .await
            .unwrap_or_else(|_| Err(too_slow(source)))
    }

    async fn resolve_parsed(&self, who: i64, parsed: ParsedLink) -> Result<Resolved, LookupError> {
        let keep = parsed.platform.map(|platform| ReleaseLink {
            platform,
            url: parsed.canonical.clone(),
        });
        // The link's own service first, then MusicBrainz' URL relations.
        let mut ask: Vec<Source> = owner(&parsed).into_iter().collect();
        if !ask.contains(&Source::MusicBrainz) {
            ask.push(Source::MusicBrainz);
        }
        let mut why = None;
        for source in ask {
            let Some(s) = self.source(source) else {
                why.get_or_insert_with(|| not_configured(source));
                continue;
            };
            match self.cached_resolve(who, s.as_ref(), &parsed).await {
                Ok(Some(found)) => match self.load_from(who, &found).await {
                    Ok(mut release) => {
                        if let Some(link) = &keep {
                            add_links(&mut release.release.links, std::slice::from_ref(link));
                        }
                        return Ok(Resolved::Found(release));
                    }
                    Err(LookupError::NotFound(w) | LookupError::Unavailable(w)) => {
                        why.get_or_insert(w);
                    }
                    Err(e) => return Err(e),
                },
                Ok(None) => {}
                Err(e) => {
                    why.get_or_insert_with(|| notice(source, &e));
                }
            }
        }
        // song.link knows most platforms' links to a release: one Liner can load is as good.
        if let (Some(songlink), Some(_)) = (&self.songlink, &parsed.platform) {
            match self.cached_links(songlink, &parsed.canonical).await {
                Ok(links) => {
                    for link in links.iter().filter(|l| l.url != parsed.canonical) {
                        let Ok(other) = parse_link(&link.url) else {
                            continue;
                        };
                        let Some(s) = owner(&other).and_then(|o| self.source(o)) else {
                            continue;
                        };
                        if let Ok(Some(found)) = self.cached_resolve(who, s.as_ref(), &other).await
                        {
                            if let Ok(mut release) = self.load_from(who, &found).await {
                                add_links(&mut release.release.links, &links);
                                return Ok(Resolved::Found(release));
                            }
                        }
                    }
                }
                Err(SourceError::NotFound) => {}
                Err(e) => {
                    why.get_or_insert_with(|| format!("song.link {e}."));
                }
            }
        }
        let name = parsed
            .platform
            .map(|p| p.name())
            .unwrap_or_else(|| owner(&parsed).map_or("that", Source::name));
        let message = why.unwrap_or_else(|| {
            format!(
                "No service Liner asks knows this {name} link, so the release could not be loaded."
            )
        });
        let message = if keep.is_some() {
            format!("{message} The link is kept for the post.")
        } else {
            message
        };
        Ok(Resolved::Unresolved {
            link: keep,
            message,
        })
    }
}
