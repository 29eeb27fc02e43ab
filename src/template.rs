//! Templates turn the release facts into a post. Re-applying a template (after the facts change,
//! or when the poster picks another one) refills only the parts the poster has not edited.

use crate::limits::EMBED_FIELD_VALUE_MAX;
use crate::post::{EmbedField, EmbedTimestamp, ImageStyle, LinkButton, PostBody, DEFAULT_COLOR};
use crate::release::{format_duration, parse_duration, Platform, Release, ReleaseDate};
use serde::{Deserialize, Serialize};

/// A starting point for the post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Template {
    #[default]
    AlbumAnnouncement,
    SingleDrop,
    Minimal,
}

impl Template {
    pub const ALL: [Template; 3] = [Self::AlbumAnnouncement, Self::SingleDrop, Self::Minimal];

    pub fn name(self) -> &'static str {
        match self {
            Self::AlbumAnnouncement => "Album announcement",
            Self::SingleDrop => "Single drop",
            Self::Minimal => "Minimal",
        }
    }

    pub fn token(self) -> &'static str {
        match self {
            Self::AlbumAnnouncement => "album_announcement",
            Self::SingleDrop => "single_drop",
            Self::Minimal => "minimal",
        }
    }

    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.token() == token)
    }

    /// The whole post this template makes from `release`.
    pub fn generate(self, release: &Release) -> PostBody {
        let title = release.title.trim();
        let artists = release.artists.trim();
        let date = ReleaseDate::parse(&release.release_date);
        let kind = release.kind.label();
        let mut body = PostBody {
            title: title.to_string(),
            author: artists.to_string(),
            url: primary_link(release),
            image_url: release.cover_url.trim().to_string(),
            color: DEFAULT_COLOR.into(),
            buttons: buttons(release),
            ..PostBody::default()
        };
        match self {
            Self::AlbumAnnouncement => {
                body.description = format!("**New {kind} out now!**");
                if let Some(tags) = tags_line(release) {
                    body.description.push_str(&format!("\n-# {tags}"));
                }
                body.image_style = ImageStyle::Large;
                body.fields = [
                    date.map(|d| field("Release date", d.to_string(), true)),
                    non_empty(&release.label).map(|l| field("Label", l, true)),
                    tracklist(release).map(|t| field("Tracklist", t, false)),
                ]
                .into_iter()
                .flatten()
                .collect();
                body.footer = footer(release);
                body.timestamp = EmbedTimestamp::Published;
            }
            Self::SingleDrop => {
                body.title = match (artists.is_empty(), title.is_empty()) {
                    (false, false) => format!("{artists} – {title}"),
                    _ => title.to_string(),
                };
                body.description = format!("New {kind}, out now. Press play 🎧");
                body.image_style = ImageStyle::Thumbnail;
                body.fields = [
                    date.map(|d| field("Release date", d.to_string(), true)),
                    non_empty(&release.label).map(|l| field("Label", l, true)),
                    release
                        .total_duration()
                        .map(|s| field("Length", format_duration(s), true)),
                ]
                .into_iter()
                .flatten()
                .collect();
                body.timestamp = EmbedTimestamp::ReleaseDate;
            }
            Self::Minimal => {
                body.image_style = ImageStyle::Thumbnail;
            }
        }
        if date.is_none() && body.timestamp == EmbedTimestamp::ReleaseDate {
            body.timestamp = EmbedTimestamp::None;
        }
        body
    }
}

/// A part of the post a template fills and a poster may take over by editing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Title,
    Url,
    Description,
    Color,
    Author,
    Image,
    Fields,
    Footer,
    Timestamp,
    Buttons,
}

impl Part {
    pub const ALL: [Part; 10] = [
        Self::Title,
        Self::Url,
        Self::Description,
        Self::Color,
        Self::Author,
        Self::Image,
        Self::Fields,
        Self::Footer,
        Self::Timestamp,
        Self::Buttons,
    ];

    /// Copies this part from `from` into `to`.
    pub fn copy(self, from: &PostBody, to: &mut PostBody) {
        match self {
            Self::Title => to.title.clone_from(&from.title),
            Self::Url => to.url.clone_from(&from.url),
            Self::Description => to.description.clone_from(&from.description),
            Self::Color => to.color.clone_from(&from.color),
            Self::Author => to.author.clone_from(&from.author),
            Self::Image => {
                to.image_url.clone_from(&from.image_url);
                to.image_style = from.image_style;
            }
            Self::Fields => to.fields.clone_from(&from.fields),
            Self::Footer => to.footer.clone_from(&from.footer),
            Self::Timestamp => to.timestamp = from.timestamp,
            Self::Buttons => to.buttons.clone_from(&from.buttons),
        }
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn field(name: &str, value: String, inline: bool) -> EmbedField {
    EmbedField {
        name: name.into(),
        value,
        inline,
    }
}

fn usable_links(release: &Release) -> impl Iterator<Item = (Platform, &str)> {
    release
        .links
        .iter()
        .map(|l| (l.platform, l.url.trim()))
        .filter(|(_, url)| crate::validate::check_http_url(url).is_ok())
}

/// The title links to the Spotify page when there is one, else the first link.
fn primary_link(release: &Release) -> String {
    usable_links(release)
        .find(|(p, _)| *p == Platform::Spotify)
        .or_else(|| usable_links(release).next())
        .map(|(_, url)| url.to_string())
        .unwrap_or_default()
}

fn buttons(release: &Release) -> Vec<LinkButton> {
    usable_links(release)
        .take(crate::limits::BUTTONS_MAX)
        .map(|(platform, url)| LinkButton {
            label: match platform {
                Platform::Other => "Listen".into(),
                p => p.name().into(),
            },
            url: url.into(),
        })
        .collect()
}

fn tags_line(release: &Release) -> Option<String> {
    let tags = release.tag_list();
    (!tags.is_empty()).then(|| tags.join(" · "))
}

/// A numbered tracklist that fits one field value, ending "…and N more" when it does not.
fn tracklist(release: &Release) -> Option<String> {
    let lines: Vec<String> = release
        .tracks
        .iter()
        .filter(|t| !t.title.trim().is_empty())
        .enumerate()
        .map(|(i, t)| match parse_duration(&t.duration) {
            Some(s) => format!("{}. {} ({})", i + 1, t.title.trim(), format_duration(s)),
            None => format!("{}. {}", i + 1, t.title.trim()),
        })
        .collect();
    if lines.is_empty() {
        return None;
    }
    let mut out = String::new();
    for (shown, line) in lines.iter().enumerate() {
        let more = format!("\n…and {} more", lines.len() - shown);
        let extra = usize::from(!out.is_empty()) + line.chars().count();
        if out.chars().count() + extra + more.chars().count() > EMBED_FIELD_VALUE_MAX
            && shown + 1 < lines.len()
        {
            out.push_str(&more);
            return Some(out);
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    Some(out)
}

fn footer(release: &Release) -> String {
    let count = release
        .tracks
        .iter()
        .filter(|t| !t.title.trim().is_empty())
        .count();
    match (count, release.total_duration()) {
        (0, _) => String::new(),
        (1, Some(s)) => format!("1 track · {}", format_duration(s)),
        (1, None) => "1 track".into(),
        (n, Some(s)) => format!("{n} tracks · {}", format_duration(s)),
        (n, None) => format!("{n} tracks"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Draft, DraftId};
    use crate::release::{ReleaseKind, ReleaseLink, Track};

    fn blue_lines() -> Release {
        Release {
            title: "Blue Lines".into(),
            artists: "Massive Attack".into(),
            kind: ReleaseKind::Album,
            release_date: "1991-04-08".into(),
            label: "Wild Bunch".into(),
            cover_url: "https://img.example/blue.png".into(),
            tracks: vec![
                Track {
                    title: "Safe from Harm".into(),
                    duration: "5:18".into(),
                },
                Track {
                    title: "One Love".into(),
                    duration: "4:48".into(),
                },
            ],
            tags: "trip hop, bristol".into(),
            links: vec![
                ReleaseLink {
                    platform: Platform::Bandcamp,
                    url: "https://ma.bandcamp.com/album/blue-lines".into(),
                },
                ReleaseLink {
                    platform: Platform::Spotify,
                    url: "https://open.spotify.com/album/1".into(),
                },
            ],
            ..Release::default()
        }
    }

    fn id() -> DraftId {
        DraftId::parse("0b6c3f0e-8a4b-4c47-9d0e-2f8f7f1f2a3b").unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn album_announcement_uses_every_fact() {
        let body = Template::AlbumAnnouncement.generate(&blue_lines());
        assert_eq!(body.title, "Blue Lines");
        assert_eq!(body.author, "Massive Attack");
        assert_eq!(body.url, "https://open.spotify.com/album/1");
        assert_eq!(
            body.description,
            "**New album out now!**\n-# trip hop · bristol"
        );
        let names: Vec<&str> = body.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Release date", "Label", "Tracklist"]);
        assert_eq!(body.fields[0].value, "April 8, 1991");
        assert_eq!(
            body.fields[2].value,
            "1. Safe from Harm (5:18)\n2. One Love (4:48)"
        );
        assert_eq!(body.footer, "2 tracks · 10:06");
        let labels: Vec<&str> = body.buttons.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["Bandcamp", "Spotify"]);
    }

    #[test]
    fn a_long_tracklist_fits_one_field() {
        let mut release = blue_lines();
        release.tracks = (0..200)
            .map(|i| Track {
                title: format!("A rather long track title number {i}"),
                duration: "3:00".into(),
            })
            .collect();
        let body = Template::AlbumAnnouncement.generate(&release);
        let list = &body.fields[2].value;
        assert!(list.chars().count() <= EMBED_FIELD_VALUE_MAX);
        assert!(list.contains("more"), "{list}");
    }

    #[test]
    fn reapplying_keeps_what_the_poster_edited() {
        let mut draft = Draft::new(id());
        draft.release = blue_lines();
        draft.apply_template();
        draft.body.title = "My own title".into();
        draft.edited.insert(Part::Title);
        draft.template = Template::Minimal;
        draft.release.title = "Blue Lines (Remastered)".into();
        draft.apply_template();
        assert_eq!(draft.body.title, "My own title");
        assert!(draft.body.fields.is_empty(), "minimal has no fields");
        assert_eq!(draft.body.image_style, ImageStyle::Thumbnail);
    }

    #[test]
    fn single_drop_names_artist_and_title() {
        let mut release = blue_lines();
        release.kind = ReleaseKind::Single;
        let body = Template::SingleDrop.generate(&release);
        assert_eq!(body.title, "Massive Attack – Blue Lines");
        assert_eq!(body.timestamp, EmbedTimestamp::ReleaseDate);
    }
}
