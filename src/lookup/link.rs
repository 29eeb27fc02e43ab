//! Pasted release links. A link is recognised by its host and path and rebuilt from the parts
//! read out of it; it is never fetched as given, so a pasted address cannot point the server at
//! anything but the services Liner knows (no SSRF).

use crate::release::Platform;
use url::{Host, Url};

/// The longest link Liner reads; real release links are far shorter.
pub const LINK_MAX: usize = 512;

/// What a pasted link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    SpotifyAlbum(String),
    /// A track: the album it belongs to is loaded.
    SpotifyTrack(String),
    LastFmAlbum {
        artist: String,
        album: String,
    },
    MusicBrainzRelease(String),
    MusicBrainzReleaseGroup(String),
    /// A platform Liner has no API for: looked up through MusicBrainz' URL relations.
    Elsewhere {
        platform: Platform,
        track: bool,
    },
}

/// A recognised link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLink {
    pub target: LinkTarget,
    /// The link rebuilt from its parts (https, the service's own host, no query but what names
    /// the release): what a lookup asks about and what the post may keep.
    pub canonical: String,
    /// The platform the link is on, when a post can link to it.
    pub platform: Option<Platform>,
}

/// Why a pasted text is not a link Liner can load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("Paste a link to a release.")]
    Empty,
    #[error("That link is too long (over {LINK_MAX} characters).")]
    TooLong,
    #[error("That is not a web link.")]
    NotALink,
    #[error("Liner does not know links from {0}. Paste one from Spotify, Last.fm, MusicBrainz, Apple Music, Bandcamp, YouTube Music, Tidal or Deezer.")]
    UnknownSite(String),
    #[error("That {0} link is not an album or a track.")]
    NotARelease(&'static str),
}

/// Reads a pasted link.
pub fn parse_link(input: &str) -> Result<ParsedLink, LinkError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    if text.len() > LINK_MAX {
        return Err(LinkError::TooLong);
    }
    if let Some(rest) = text.strip_prefix("spotify:") {
        return spotify_uri(rest);
    }
    let url = match Url::parse(text) {
        Ok(u) => u,
        // "open.spotify.com/album/…" without a scheme, as people copy it.
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Url::parse(&format!("https://{text}")).map_err(|_| LinkError::NotALink)?
        }
        Err(_) => return Err(LinkError::NotALink),
    };
    if !matches!(url.scheme(), "https" | "http") {
        return Err(LinkError::NotALink);
    }
    let host = match url.host() {
        Some(Host::Domain(d)) => d.trim_end_matches('.').to_ascii_lowercase(),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
            return Err(LinkError::UnknownSite("an address".into()))
        }
        None => return Err(LinkError::NotALink),
    };
    // Credentials or a port never belong to a release page: refuse rather than guess.
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(LinkError::UnknownSite(host));
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    match host.as_str() {
        "open.spotify.com" | "play.spotify.com" => spotify_url(&segments),
        "last.fm" | "www.last.fm" => last_fm(&segments),
        "musicbrainz.org" | "beta.musicbrainz.org" => musicbrainz(&segments),
        "music.apple.com" => apple_music(&segments),
        "music.youtube.com" => youtube_music(&url, &segments),
        "tidal.com" | "www.tidal.com" | "listen.tidal.com" => tidal(&segments),
        "deezer.com" | "www.deezer.com" => deezer(&segments),
        h if h.ends_with(".bandcamp.com") => bandcamp(h, &segments),
        _ => Err(LinkError::UnknownSite(host)),
    }
}

/// Spotify's ids: 22 characters of base 62.
fn spotify_id(id: &str) -> Option<String> {
    (id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| id.to_string())
}

fn spotify(kind: &str, id: &str) -> Result<ParsedLink, LinkError> {
    let not = LinkError::NotARelease("Spotify");
    let id = spotify_id(id).ok_or(not.clone())?;
    let target = match kind {
        "album" => LinkTarget::SpotifyAlbum(id.clone()),
        "track" => LinkTarget::SpotifyTrack(id.clone()),
        _ => return Err(not),
    };
    Ok(ParsedLink {
        target,
        canonical: format!("https://open.spotify.com/{kind}/{id}"),
        platform: Some(Platform::Spotify),
    })
}

fn spotify_uri(rest: &str) -> Result<ParsedLink, LinkError> {
    match rest.split(':').collect::<Vec<_>>().as_slice() {
        [kind, id] => spotify(kind, id),
        _ => Err(LinkError::NotARelease("Spotify")),
    }
}

fn spotify_url(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    // "/intl-de/album/…" and "/embed/album/…" name the same album.
    let rest = match segments {
        [first, rest @ ..] if first.starts_with("intl-") || *first == "embed" => rest,
        all => all,
    };
    match rest {
        [kind, id] => spotify(kind, id),
        _ => Err(LinkError::NotARelease("Spotify")),
    }
}

/// A path segment as Last.fm writes names: `+` for a space, percent-escapes for the rest.
fn last_fm_name(segment: &str) -> Option<String> {
    let spaced = segment.replace('+', " ");
    let name = percent_decode(&spaced)?;
    let name = name.trim();
    (!name.is_empty() && !name.starts_with('+')).then(|| name.to_string())
}

fn last_fm(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    // An optional language ("/de/music/…"), then "music", the artist and the album; "_" in the
    // album's place is a track page, "+wiki" and the like are artist pages.
    let rest = match segments {
        [lang, rest @ ..] if lang.len() == 2 && *lang != "_" => rest,
        all => all,
    };
    let not = LinkError::NotARelease("Last.fm");
    let [music, artist, album, ..] = rest else {
        return Err(not);
    };
    if *music != "music" || *album == "_" || album.starts_with('+') {
        return Err(not);
    }
    let (Some(artist_name), Some(album_name)) = (last_fm_name(artist), last_fm_name(album)) else {
        return Err(not);
    };
    Ok(ParsedLink {
        canonical: format!("https://www.last.fm/music/{artist}/{album}"),
        target: LinkTarget::LastFmAlbum {
            artist: artist_name,
            album: album_name,
        },
        platform: None,
    })
}

/// A MusicBrainz id: a UUID, lowercase.
fn mbid(id: &str) -> Option<String> {
    let id = id.to_ascii_lowercase();
    let groups: Vec<&str> = id.split('-').collect();
    let shape = [8, 4, 4, 4, 12];
    (groups.len() == 5
        && groups
            .iter()
            .zip(shape)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit())))
    .then_some(id)
}

fn musicbrainz(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    let not = LinkError::NotARelease("MusicBrainz");
    let [kind, id, ..] = segments else {
        return Err(not);
    };
    let id = mbid(id).ok_or(not.clone())?;
    let target = match *kind {
        "release" => LinkTarget::MusicBrainzRelease(id.clone()),
        "release-group" => LinkTarget::MusicBrainzReleaseGroup(id.clone()),
        _ => return Err(not),
    };
    Ok(ParsedLink {
        canonical: format!("https://musicbrainz.org/{kind}/{id}"),
        target,
        platform: None,
    })
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A slug as stores write them: letters, digits and hyphens (percent-escaped text too).
fn slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'%' | b'.'))
}

fn elsewhere(platform: Platform, track: bool, canonical: String) -> ParsedLink {
    ParsedLink {
        target: LinkTarget::Elsewhere { platform, track },
        canonical,
        platform: Some(platform),
    }
}

fn apple_music(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    // "/{country}/album/{slug}/{id}"; the slug may be missing. A "?i=" names a track of it, and
    // the album is what is loaded. The slug is dropped: MusicBrainz records Apple's links
    // without it, and the link works the same.
    match segments {
        [cc, "album", name, id] if cc.len() == 2 && slug(name) && digits(id) => Ok(elsewhere(
            Platform::AppleMusic,
            false,
            format!("https://music.apple.com/{cc}/album/{id}"),
        )),
        [cc, "album", id] if cc.len() == 2 && digits(id) => Ok(elsewhere(
            Platform::AppleMusic,
            false,
            format!("https://music.apple.com/{cc}/album/{id}"),
        )),
        _ => Err(LinkError::NotARelease("Apple Music")),
    }
}

fn bandcamp(host: &str, segments: &[&str]) -> Result<ParsedLink, LinkError> {
    let artist = host.trim_end_matches(".bandcamp.com");
    let valid_artist = !artist.is_empty()
        && !artist.contains('.')
        && artist
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    match segments {
        [kind @ ("album" | "track"), name] if valid_artist && slug(name) => Ok(elsewhere(
            Platform::Bandcamp,
            *kind == "track",
            format!("https://{artist}.bandcamp.com/{kind}/{name}"),
        )),
        _ => Err(LinkError::NotARelease("Bandcamp")),
    }
}

fn youtube_music(url: &Url, segments: &[&str]) -> Result<ParsedLink, LinkError> {
    let query = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
            .filter(|v| {
                !v.is_empty()
                    && v.len() <= 64
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
            })
    };
    match segments {
        ["playlist"] => query("list")
            .map(|id| {
                elsewhere(
                    Platform::YouTube,
                    false,
                    format!("https://music.youtube.com/playlist?list={id}"),
                )
            })
            .ok_or(LinkError::NotARelease("YouTube Music")),
        ["watch"] => query("v")
            .map(|id| {
                elsewhere(
                    Platform::YouTube,
                    true,
                    format!("https://music.youtube.com/watch?v={id}"),
                )
            })
            .ok_or(LinkError::NotARelease("YouTube Music")),
        ["browse", id] if slug(id) => Ok(elsewhere(
            Platform::YouTube,
            false,
            format!("https://music.youtube.com/browse/{id}"),
        )),
        _ => Err(LinkError::NotARelease("YouTube Music")),
    }
}

fn tidal(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    let rest = match segments {
        ["browse", rest @ ..] => rest,
        all => all,
    };
    match rest {
        [kind @ ("album" | "track"), id] if digits(id) => Ok(elsewhere(
            Platform::Tidal,
            *kind == "track",
            format!("https://tidal.com/browse/{kind}/{id}"),
        )),
        _ => Err(LinkError::NotARelease("Tidal")),
    }
}

fn deezer(segments: &[&str]) -> Result<ParsedLink, LinkError> {
    let rest = match segments {
        [lang, rest @ ..] if lang.len() == 2 => rest,
        all => all,
    };
    match rest {
        [kind @ ("album" | "track"), id] if digits(id) => Ok(elsewhere(
            Platform::Deezer,
            *kind == "track",
            format!("https://www.deezer.com/{kind}/{id}"),
        )),
        _ => Err(LinkError::NotARelease("Deezer")),
    }
}

/// Decodes `%XX` escapes as UTF-8; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALBUM: &str = "4eLPsYPBmXABThSJ821sqY";
    const MBID: &str = "0b4a1d59-2c53-4c18-a3c4-0d7c3a3d8b0e";

    fn target(input: &str) -> Result<LinkTarget, LinkError> {
        parse_link(input).map(|p| p.target)
    }

    #[test]
    fn every_known_link_form_is_read() {
        use LinkTarget::*;
        let spotify_album = Ok(SpotifyAlbum(ALBUM.into()));
        let cases: Vec<(String, Result<LinkTarget, LinkError>)> = vec![
            (
                format!("https://open.spotify.com/album/{ALBUM}"),
                spotify_album.clone(),
            ),
            (
                format!("https://open.spotify.com/album/{ALBUM}?si=abc123"),
                spotify_album.clone(),
            ),
            (
                format!("https://open.spotify.com/intl-de/album/{ALBUM}"),
                spotify_album.clone(),
            ),
            (
                format!("https://open.spotify.com/embed/album/{ALBUM}"),
                spotify_album.clone(),
            ),
            (
                format!("open.spotify.com/album/{ALBUM}"),
                spotify_album.clone(),
            ),
            (format!("  spotify:album:{ALBUM}  "), spotify_album.clone()),
            (
                format!("spotify:track:{ALBUM}"),
                Ok(SpotifyTrack(ALBUM.into())),
            ),
            (
                format!("https://open.spotify.com/track/{ALBUM}"),
                Ok(SpotifyTrack(ALBUM.into())),
            ),
            (
                "https://www.last.fm/music/Massive+Attack/Blue+Lines".into(),
                Ok(LastFmAlbum {
                    artist: "Massive Attack".into(),
                    album: "Blue Lines".into(),
                }),
            ),
            (
                "https://www.last.fm/de/music/Sigur+R%C3%B3s/%C3%81g%C3%A6tis+byrjun/+wiki".into(),
                Ok(LastFmAlbum {
                    artist: "Sigur Rós".into(),
                    album: "Ágætis byrjun".into(),
                }),
            ),
            (
                "https://www.last.fm/music/Simon+%26+Garfunkel/Bookends".into(),
                Ok(LastFmAlbum {
                    artist: "Simon & Garfunkel".into(),
                    album: "Bookends".into(),
                }),
            ),
            (
                format!("https://musicbrainz.org/release/{MBID}"),
                Ok(MusicBrainzRelease(MBID.into())),
            ),
            (
                format!(
                    "https://musicbrainz.org/release-group/{}",
                    MBID.to_uppercase()
                ),
                Ok(MusicBrainzReleaseGroup(MBID.into())),
            ),
            (
                "https://music.apple.com/gb/album/blue-lines/1440762398?i=1440762399".into(),
                Ok(Elsewhere {
                    platform: Platform::AppleMusic,
                    track: false,
                }),
            ),
            (
                "https://massiveattack.bandcamp.com/album/mezzanine".into(),
                Ok(Elsewhere {
                    platform: Platform::Bandcamp,
                    track: false,
                }),
            ),
            (
                "https://music.youtube.com/playlist?list=OLAK5uy_abc-DEF_123&feature=share".into(),
                Ok(Elsewhere {
                    platform: Platform::YouTube,
                    track: false,
                }),
            ),
            (
                "https://listen.tidal.com/album/1234567".into(),
                Ok(Elsewhere {
                    platform: Platform::Tidal,
                    track: false,
                }),
            ),
            (
                "https://tidal.com/browse/track/7654321".into(),
                Ok(Elsewhere {
                    platform: Platform::Tidal,
                    track: true,
                }),
            ),
            (
                "https://www.deezer.com/fr/album/302127".into(),
                Ok(Elsewhere {
                    platform: Platform::Deezer,
                    track: false,
                }),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(target(&input), expected, "{input}");
        }
    }

    #[test]
    fn links_are_rebuilt_from_their_parts() {
        let canonical = |s: &str| parse_link(s).map(|p| p.canonical);
        assert_eq!(
            canonical(&format!(
                "http://open.spotify.com/intl-fr/album/{ALBUM}?si=x#top"
            )),
            Ok(format!("https://open.spotify.com/album/{ALBUM}"))
        );
        assert_eq!(
            canonical("https://music.apple.com/gb/album/blue-lines/1440762398?i=1&app=itunes"),
            Ok("https://music.apple.com/gb/album/1440762398".into())
        );
        assert_eq!(
            canonical("https://www.deezer.com/en/album/302127?utm=x"),
            Ok("https://www.deezer.com/album/302127".into())
        );
        assert_eq!(
            canonical("https://music.youtube.com/playlist?list=OLAK5uy_x&si=y"),
            Ok("https://music.youtube.com/playlist?list=OLAK5uy_x".into())
        );
    }

    #[test]
    fn malformed_and_hostile_links_are_refused() {
        let unknown = |s: &str| Err(LinkError::UnknownSite(s.into()));
        let cases: Vec<(String, Result<LinkTarget, LinkError>)> = vec![
            ("".into(), Err(LinkError::Empty)),
            ("   ".into(), Err(LinkError::Empty)),
            (
                format!("https://open.spotify.com/album/{}", "a".repeat(600)),
                Err(LinkError::TooLong),
            ),
            ("javascript:alert(1)".into(), Err(LinkError::NotALink)),
            ("file:///etc/passwd".into(), Err(LinkError::NotALink)),
            (
                "ftp://open.spotify.com/album/x".into(),
                Err(LinkError::NotALink),
            ),
            ("not a link at all".into(), Err(LinkError::NotALink)),
            ("http://127.0.0.1/album/1".into(), unknown("an address")),
            ("http://[::1]/release/1".into(), unknown("an address")),
            ("http://localhost:8080/album/1".into(), unknown("localhost")),
            (
                "http://169.254.169.254/latest/meta-data".into(),
                unknown("an address"),
            ),
            (
                format!("https://open.spotify.com.evil.example/album/{ALBUM}"),
                unknown("open.spotify.com.evil.example"),
            ),
            (
                format!("https://evil.example/open.spotify.com/album/{ALBUM}"),
                unknown("evil.example"),
            ),
            (
                format!("https://user:pw@open.spotify.com/album/{ALBUM}"),
                unknown("open.spotify.com"),
            ),
            (
                format!("https://open.spotify.com:8443/album/{ALBUM}"),
                unknown("open.spotify.com"),
            ),
            (
                format!("https://open.spotify.com/artist/{ALBUM}"),
                Err(LinkError::NotARelease("Spotify")),
            ),
            (
                "https://open.spotify.com/album/short".into(),
                Err(LinkError::NotARelease("Spotify")),
            ),
            (
                "https://open.spotify.com/album/../../admin".into(),
                Err(LinkError::NotARelease("Spotify")),
            ),
            (
                format!("spotify:album:{ALBUM}:extra"),
                Err(LinkError::NotARelease("Spotify")),
            ),
            (
                "https://www.last.fm/music/Massive+Attack".into(),
                Err(LinkError::NotARelease("Last.fm")),
            ),
            (
                "https://www.last.fm/music/Massive+Attack/_/Teardrop".into(),
                Err(LinkError::NotARelease("Last.fm")),
            ),
            (
                "https://www.last.fm/music/Massive+Attack/+wiki".into(),
                Err(LinkError::NotARelease("Last.fm")),
            ),
            (
                "https://www.last.fm/music/A/%ZZ".into(),
                Err(LinkError::NotARelease("Last.fm")),
            ),
            (
                "https://musicbrainz.org/release/not-a-uuid".into(),
                Err(LinkError::NotARelease("MusicBrainz")),
            ),
            (
                format!("https://musicbrainz.org/artist/{MBID}"),
                Err(LinkError::NotARelease("MusicBrainz")),
            ),
            (
                "https://music.apple.com/gb/artist/massive-attack/1".into(),
                Err(LinkError::NotARelease("Apple Music")),
            ),
            (
                "https://a.b.bandcamp.com/album/x".into(),
                Err(LinkError::NotARelease("Bandcamp")),
            ),
            (
                "https://music.youtube.com/playlist?list=a/../b".into(),
                Err(LinkError::NotARelease("YouTube Music")),
            ),
            (
                "https://tidal.com/browse/album/12ab".into(),
                Err(LinkError::NotARelease("Tidal")),
            ),
            (
                "https://www.deezer.com/album/-1".into(),
                Err(LinkError::NotARelease("Deezer")),
            ),
            (
                "https://xn--spotfy-4ya.com/album/x".into(),
                unknown("xn--spotfy-4ya.com"),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(target(&input), expected, "{input}");
        }
        // Markup in a path comes back escaped, never as written.
        assert_eq!(
            parse_link("https://x.bandcamp.com/album/<script>").map(|p| p.canonical),
            Ok("https://x.bandcamp.com/album/%3Cscript%3E".into())
        );
    }
}
