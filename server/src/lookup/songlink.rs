//! song.link (Odesli), when enabled: a release's links on every platform from its link on one.
//! Not a source of release facts, so not a [`super::ReleaseSource`]: it completes links and
//! points a link of a platform without an API of Liner's at one with.

use super::client::SourceClient;
use super::{link_to, SourceError};
use liner::release::ReleaseLink;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::collections::HashMap;
use url::Url;

pub struct SongLink {
    client: SourceClient,
    /// `…/v1-alpha.1`.
    api: Url,
    key: Option<SecretString>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "linksByPlatform", default)]
    links: HashMap<String, PlatformLink>,
}

#[derive(Deserialize)]
struct PlatformLink {
    url: String,
}

/// song.link's platform names Liner links to, YouTube Music before YouTube.
const PLATFORMS: [&str; 8] = [
    "spotify",
    "appleMusic",
    "bandcamp",
    "youtubeMusic",
    "youtube",
    "soundcloud",
    "tidal",
    "deezer",
];

impl SongLink {
    pub fn new(client: SourceClient, api: Url, key: Option<SecretString>) -> SongLink {
        SongLink { client, api, key }
    }

    /// The release's links on the platforms song.link knows, each read and rebuilt as a pasted
    /// link would be (nothing it answers is used as given).
    pub async fn links(&self, url: &str) -> Result<Vec<ReleaseLink>, SourceError> {
        let mut request = self.api.clone();
        request
            .path_segments_mut()
            .map_err(|()| SourceError::Refused("bad base URL".into()))?
            .pop_if_empty()
            .push("links");
        request
            .query_pairs_mut()
            .append_pair("url", url)
            .append_pair("userCountry", "US")
            .append_pair("songIfSingle", "true");
        if let Some(key) = &self.key {
            request
                .query_pairs_mut()
                .append_pair("key", key.expose_secret());
        }
        let answer: Answer = self
            .client
            .json(|| self.client.http().get(request.clone()))
            .await?;
        Ok(PLATFORMS
            .iter()
            .filter_map(|p| link_to(&answer.links.get(*p)?.url))
            .collect())
    }
}
