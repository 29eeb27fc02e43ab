//! The facts of a release as the poster enters them (or a lookup fills them): what the post is
//! about. Kept as the text the poster typed, so a half-typed date or duration is never lost;
//! the typed readings (`ReleaseDate::parse`, `parse_duration`) are used for display and checks.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of release it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseKind {
    #[default]
    Album,
    Ep,
    Single,
    Compilation,
}

impl ReleaseKind {
    pub const ALL: [ReleaseKind; 4] = [Self::Album, Self::Ep, Self::Single, Self::Compilation];

    /// How the kind reads in a sentence ("New EP out now").
    pub fn label(self) -> &'static str {
        match self {
            Self::Album => "album",
            Self::Ep => "EP",
            Self::Single => "single",
            Self::Compilation => "compilation",
        }
    }

    /// A stable token for forms.
    pub fn token(self) -> &'static str {
        match self {
            Self::Album => "album",
            Self::Ep => "ep",
            Self::Single => "single",
            Self::Compilation => "compilation",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.token() == token)
    }
}

/// A streaming or shop platform a link points to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    #[default]
    Spotify,
    AppleMusic,
    Bandcamp,
    YouTube,
    SoundCloud,
    Tidal,
    Deezer,
    Other,
}

impl Platform {
    pub const ALL: [Platform; 8] = [
        Self::Spotify,
        Self::AppleMusic,
        Self::Bandcamp,
        Self::YouTube,
        Self::SoundCloud,
        Self::Tidal,
        Self::Deezer,
        Self::Other,
    ];

    /// The platform's name, also the default button label.
    pub fn name(self) -> &'static str {
        match self {
            Self::Spotify => "Spotify",
            Self::AppleMusic => "Apple Music",
            Self::Bandcamp => "Bandcamp",
            Self::YouTube => "YouTube",
            Self::SoundCloud => "SoundCloud",
            Self::Tidal => "Tidal",
            Self::Deezer => "Deezer",
            Self::Other => "Other",
        }
    }

    pub fn token(self) -> &'static str {
        match self {
            Self::Spotify => "spotify",
            Self::AppleMusic => "apple_music",
            Self::Bandcamp => "bandcamp",
            Self::YouTube => "youtube",
            Self::SoundCloud => "soundcloud",
            Self::Tidal => "tidal",
            Self::Deezer => "deezer",
            Self::Other => "other",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.token() == token)
    }
}

/// One track: its title and its duration as typed ("3:45", "1:02:03" or empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    pub title: String,
    pub duration: String,
}

/// A link to the release on one platform.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseLink {
    pub platform: Platform,
    pub url: String,
}

/// The release a post announces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Release {
    pub title: String,
    /// One or more artists, as they should be credited ("Massive Attack, Tricky").
    pub artists: String,
    pub kind: ReleaseKind,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: sources know dates to different precisions.
    pub release_date: String,
    pub label: String,
    pub cover_url: String,
    pub tracks: Vec<Track>,
    /// Genres and tags, comma-separated as typed.
    pub tags: String,
    pub links: Vec<ReleaseLink>,
    /// Where the sources know it, as the lookup found it (drafts saved before have none).
    #[serde(skip_serializing_if = "ReleaseIds::is_empty")]
    pub ids: ReleaseIds,
}

/// A release's ids at the sources: how a second post of the same release is recognised even
/// when its title is typed differently.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseIds {
    /// UPC or EAN, digits only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub barcode: Option<String>,
    /// The MusicBrainz release id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub musicbrainz: Option<String>,
    /// The Spotify album id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spotify: Option<String>,
}

impl ReleaseIds {
    pub fn is_empty(&self) -> bool {
        self.barcode.is_none() && self.musicbrainz.is_none() && self.spotify.is_none()
    }

    /// Takes `other`'s ids: all it has when `replace`, else only those missing here.
    pub fn merge(&mut self, other: &ReleaseIds, replace: bool) {
        for (mine, theirs) in [
            (&mut self.barcode, &other.barcode),
            (&mut self.musicbrainz, &other.musicbrainz),
            (&mut self.spotify, &other.spotify),
        ] {
            if theirs.is_some() && (replace || mine.is_none()) {
                mine.clone_from(theirs);
            }
        }
    }

    /// Whether both name the same release by any id they share. Barcodes compare without
    /// leading zeros (a 12-digit UPC is the 13-digit EAN with a 0 before it).
    pub fn shares_with(&self, other: &ReleaseIds) -> bool {
        fn same(a: &Option<String>, b: &Option<String>, norm: fn(&str) -> String) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => {
                    let (a, b) = (norm(a), norm(b));
                    !a.is_empty() && a == b
                }
                _ => false,
            }
        }
        let barcode = |s: &str| s.trim().trim_start_matches('0').to_string();
        let id = |s: &str| s.trim().to_ascii_lowercase();
        same(&self.barcode, &other.barcode, barcode)
            || same(&self.musicbrainz, &other.musicbrainz, id)
            || same(&self.spotify, &other.spotify, |s| s.trim().to_string())
    }
}

impl Release {
    /// The tags, split and trimmed, without empties.
    pub fn tag_list(&self) -> Vec<&str> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// The release day's first minute as a `datetime-local` value ("1991-04-08T00:00"), when the
    /// day is known: the time a release-day post usually goes out.
    pub fn midnight_local(&self) -> Option<String> {
        match ReleaseDate::parse(&self.release_date)? {
            ReleaseDate::Day(day) => Some(format!("{}T00:00", day.format("%Y-%m-%d"))),
            ReleaseDate::Year(_) | ReleaseDate::Month(..) => None,
        }
    }

    /// The total running time, when every track has a valid duration.
    pub fn total_duration(&self) -> Option<u32> {
        if self.tracks.is_empty() {
            return None;
        }
        self.tracks
            .iter()
            .map(|t| parse_duration(&t.duration))
            .sum()
    }
}

/// A release date at the precision it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseDate {
    Year(i32),
    Month(i32, u32),
    Day(chrono::NaiveDate),
}

impl ReleaseDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let parts: Vec<&str> = raw.split('-').collect();
        let year = |s: &str| {
            (s.len() == 4)
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1000..=9999).contains(y))
        };
        let month = |s: &str| {
            (s.len() == 2)
                .then(|| s.parse::<u32>().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m))
        };
        match parts.as_slice() {
            [y] => Some(Self::Year(year(y)?)),
            [y, m] => Some(Self::Month(year(y)?, month(m)?)),
            [_, _, d] if d.len() == 2 => chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .map(Self::Day),
            _ => None,
        }
    }

    /// The first day the date covers, for an embed timestamp.
    pub fn first_day(self) -> Option<chrono::NaiveDate> {
        match self {
            Self::Year(y) => chrono::NaiveDate::from_ymd_opt(y, 1, 1),
            Self::Month(y, m) => chrono::NaiveDate::from_ymd_opt(y, m, 1),
            Self::Day(d) => Some(d),
        }
    }
}

impl fmt::Display for ReleaseDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::Month(y, m) => match chrono::NaiveDate::from_ymd_opt(*y, *m, 1) {
                Some(d) => write!(f, "{}", d.format("%B %Y")),
                None => write!(f, "{y}-{m:02}"),
            },
            Self::Day(d) => write!(f, "{}", d.format("%B %-d, %Y")),
        }
    }
}

/// Seconds in a duration typed as `m:ss` or `h:mm:ss`.
pub fn parse_duration(raw: &str) -> Option<u32> {
    let parts: Vec<&str> = raw.trim().split(':').collect();
    let num = |s: &str, max: u32| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let two = |s: &str| if s.len() == 2 { num(s, 59) } else { None };
    match parts.as_slice() {
        [m, s] => Some(num(m, 9999)? * 60 + two(s)?),
        [h, m, s] => Some(num(h, 99)? * 3600 + two(m)? * 60 + two(s)?),
        _ => None,
    }
}

/// `m:ss` or `h:mm:ss`.
pub fn format_duration(seconds: u32) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_needs_the_day() {
        let at = |date: &str| {
            Release {
                release_date: date.into(),
                ..Release::default()
            }
            .midnight_local()
        };
        assert_eq!(at("1991-04-08").as_deref(), Some("1991-04-08T00:00"));
        assert_eq!(at("1991-04"), None);
        assert_eq!(at("1991"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn release_dates_keep_their_precision() {
        assert_eq!(ReleaseDate::parse("1991"), Some(ReleaseDate::Year(1991)));
        assert_eq!(
            ReleaseDate::parse("1991-04").map(|d| d.to_string()),
            Some("April 1991".into())
        );
        assert_eq!(
            ReleaseDate::parse(" 1991-04-08 ").map(|d| d.to_string()),
            Some("April 8, 1991".into())
        );
        for bad in [
            "",
            "91",
            "1991-13",
            "1991-02-30",
            "1991-4-8",
            "soon",
            "1991-04-08-01",
        ] {
            assert_eq!(ReleaseDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3:45"), Some(225));
        assert_eq!(parse_duration("1:02:03"), Some(3723));
        assert_eq!(parse_duration("0:07"), Some(7));
        for bad in ["", "3", "3:5", "3:60", "a:bc", "-1:00", "1:2:3"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        assert_eq!(format_duration(225), "3:45");
        assert_eq!(format_duration(3723), "1:02:03");
    }

    #[test]
    fn tags_split_on_commas() {
        let r = Release {
            tags: " trip hop, ,electronic ,".into(),
            ..Release::default()
        };
        assert_eq!(r.tag_list(), vec!["trip hop", "electronic"]);
    }
}
