//! Where releases are looked up: which sources are on, their keys, and their base URLs.

use super::{sandbox, Mode, Reader};
use secrecy::SecretString;
use url::Url;

/// Every source but MusicBrainz is optional.
#[derive(Debug, Default)]
pub struct LookupConfig {
    /// `SPOTIFY_CLIENT_ID` and `SPOTIFY_CLIENT_SECRET`.
    pub spotify: Option<(String, SecretString)>,
    /// `LASTFM_API_KEY`.
    pub lastfm_key: Option<SecretString>,
    /// `MUSICBRAINZ_ENABLED` (default on).
    pub musicbrainz: bool,
    /// `SONGLINK_ENABLED` (default off), with `SONGLINK_API_KEY` if there is one.
    pub songlink: bool,
    pub songlink_key: Option<SecretString>,
    /// Production base URLs (overridable for testing); `None` in sandbox mode, which uses its
    /// fakes.
    pub bases: Option<LookupBases>,
}

#[derive(Debug, Clone)]
pub struct LookupBases {
    pub spotify_api: Url,
    pub spotify_token: Url,
    pub lastfm_api: Url,
    pub musicbrainz_api: Url,
    pub cover_art: Url,
    pub songlink_api: Url,
}

impl LookupBases {
    /// The real services.
    pub fn real() -> Result<LookupBases, url::ParseError> {
        Ok(LookupBases {
            spotify_api: Url::parse("https://api.spotify.com/v1")?,
            spotify_token: Url::parse("https://accounts.spotify.com/api/token")?,
            lastfm_api: Url::parse("https://ws.audioscrobbler.com/2.0/")?,
            musicbrainz_api: Url::parse("https://musicbrainz.org/ws/2")?,
            cover_art: Url::parse("https://coverartarchive.org")?,
            songlink_api: Url::parse("https://api.song.link/v1-alpha.1")?,
        })
    }

    /// The real services, each overridable by its variable.
    fn read(r: &mut Reader<'_>) -> Option<LookupBases> {
        let real = LookupBases::real().ok()?;
        Some(LookupBases {
            spotify_api: r.url("SPOTIFY_API_BASE").unwrap_or(real.spotify_api),
            spotify_token: r.url("SPOTIFY_TOKEN_URL").unwrap_or(real.spotify_token),
            lastfm_api: r.url("LASTFM_API_BASE").unwrap_or(real.lastfm_api),
            musicbrainz_api: r
                .url("MUSICBRAINZ_API_BASE")
                .unwrap_or(real.musicbrainz_api),
            cover_art: r.url("COVER_ART_BASE").unwrap_or(real.cover_art),
            songlink_api: r.url("SONGLINK_API_BASE").unwrap_or(real.songlink_api),
        })
    }
}

impl LookupConfig {
    /// The production variables, checked in every mode; the fakes in sandbox mode.
    pub(super) fn read(r: &mut Reader<'_>, mode: Option<Mode>) -> LookupConfig {
        let bases = LookupBases::read(r);
        let spotify = match (r.get("SPOTIFY_CLIENT_ID"), r.get("SPOTIFY_CLIENT_SECRET")) {
            (Some(id), Some(secret)) => Some((id, SecretString::from(secret))),
            (None, None) => None,
            _ => {
                r.problem(
                    "SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET go together; set both or neither"
                        .to_string(),
                );
                None
            }
        };
        let songlink = r.switch("SONGLINK_ENABLED", false);
        let musicbrainz = r.switch("MUSICBRAINZ_ENABLED", true);
        if mode == Some(Mode::Sandbox) {
            let list = r
                .get("LINER_SANDBOX_SOURCES")
                .unwrap_or_else(|| "spotify,lastfm,musicbrainz,songlink".into());
            return sandbox::lookup(&list);
        }
        LookupConfig {
            spotify,
            lastfm_key: r.get("LASTFM_API_KEY").map(SecretString::from),
            musicbrainz,
            songlink,
            songlink_key: r.get("SONGLINK_API_KEY").map(SecretString::from),
            bases,
        }
    }
}
