//! Filling the draft's release from a looked-up one, without silently overwriting what the
//! poster typed.

use crate::release::{Platform, Release, ReleaseLink};

/// A release field a lookup can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseField {
    Title,
    Artists,
    Date,
    Label,
    Cover,
    Tracks,
    Tags,
}

impl ReleaseField {
    pub const ALL: [ReleaseField; 7] = [
        Self::Title,
        Self::Artists,
        Self::Date,
        Self::Label,
        Self::Cover,
        Self::Tracks,
        Self::Tags,
    ];

    /// The field's name as the form labels it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "Release title",
            Self::Artists => "Artist(s)",
            Self::Date => "Release date",
            Self::Label => "Label",
            Self::Cover => "Cover image URL",
            Self::Tracks => "Tracklist",
            Self::Tags => "Genres and tags",
        }
    }

    fn has_value(self, r: &Release) -> bool {
        match self {
            Self::Title => !r.title.trim().is_empty(),
            Self::Artists => !r.artists.trim().is_empty(),
            Self::Date => !r.release_date.trim().is_empty(),
            Self::Label => !r.label.trim().is_empty(),
            Self::Cover => !r.cover_url.trim().is_empty(),
            Self::Tracks => r.tracks.iter().any(|t| !t.title.trim().is_empty()),
            Self::Tags => !r.tags.trim().is_empty(),
        }
    }

    fn same(self, a: &Release, b: &Release) -> bool {
        match self {
            Self::Title => a.title.trim() == b.title.trim(),
            Self::Artists => a.artists.trim() == b.artists.trim(),
            Self::Date => a.release_date.trim() == b.release_date.trim(),
            Self::Label => a.label.trim() == b.label.trim(),
            Self::Cover => a.cover_url.trim() == b.cover_url.trim(),
            Self::Tracks => a.tracks == b.tracks,
            Self::Tags => a.tags.trim() == b.tags.trim(),
        }
    }

    fn copy(self, from: &Release, to: &mut Release) {
        match self {
            Self::Title => to.title = from.title.clone(),
            Self::Artists => to.artists = from.artists.clone(),
            Self::Date => to.release_date = from.release_date.clone(),
            Self::Label => to.label = from.label.clone(),
            Self::Cover => to.cover_url = from.cover_url.clone(),
            Self::Tracks => to.tracks = from.tracks.clone(),
            Self::Tags => to.tags = from.tags.clone(),
        }
    }
}

/// The fields the poster has filled that the found release would change.
pub fn conflicts(current: &Release, found: &Release) -> Vec<ReleaseField> {
    ReleaseField::ALL
        .into_iter()
        .filter(|f| f.has_value(current) && f.has_value(found) && !f.same(current, found))
        .collect()
}

/// Fills `current` from `found`: every field the found release has when `replace`, else only
/// the empty ones. Links are added for platforms not linked yet either way, and the kind is
/// taken when replacing or when nothing was typed yet.
pub fn fill(current: &mut Release, found: &Release, replace: bool) {
    let fresh = !ReleaseField::ALL.iter().any(|f| f.has_value(current));
    for field in ReleaseField::ALL {
        if field.has_value(found) && (replace || !field.has_value(current)) {
            field.copy(found, current);
        }
    }
    if replace || fresh {
        current.kind = found.kind;
    }
    current.ids.merge(&found.ids, replace || fresh);
    add_links(&mut current.links, &found.links);
}

/// Adds links for platforms not linked yet, keeping the list in platform order.
pub fn add_links(links: &mut Vec<ReleaseLink>, more: &[ReleaseLink]) {
    links.retain(|l| !l.url.trim().is_empty());
    for link in more {
        if !links
            .iter()
            .any(|l| l.platform == link.platform && l.platform != Platform::Other)
        {
            links.push(link.clone());
        }
    }
    links.sort_by_key(|l| Platform::ALL.iter().position(|p| *p == l.platform));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::{ReleaseIds, ReleaseKind, Track};

    fn found() -> Release {
        Release {
            title: "Blue Lines".into(),
            artists: "Massive Attack".into(),
            kind: ReleaseKind::Album,
            release_date: "1991-04-08".into(),
            label: "Wild Bunch".into(),
            cover_url: "https://img/blue.png".into(),
            tracks: vec![Track {
                title: "Safe from Harm".into(),
                duration: "5:18".into(),
            }],
            tags: "trip hop".into(),
            links: vec![ReleaseLink {
                platform: Platform::Spotify,
                url: "https://open.spotify.com/album/x".into(),
            }],
            ids: ReleaseIds {
                spotify: Some("x".into()),
                ..ReleaseIds::default()
            },
        }
    }

    #[test]
    fn an_empty_release_takes_everything_without_asking() {
        let mut current = Release {
            kind: ReleaseKind::Single,
            ..Release::default()
        };
        assert!(conflicts(&current, &found()).is_empty());
        fill(&mut current, &found(), false);
        assert_eq!(current, found());
    }

    #[test]
    fn typed_fields_are_asked_about_and_kept_unless_replaced() {
        let mut current = Release {
            title: "My own title".into(),
            artists: "Massive Attack".into(),
            links: vec![ReleaseLink {
                platform: Platform::Deezer,
                url: "https://www.deezer.com/album/1".into(),
            }],
            ..Release::default()
        };
        assert_eq!(conflicts(&current, &found()), vec![ReleaseField::Title]);
        let mut kept = current.clone();
        fill(&mut kept, &found(), false);
        assert_eq!(kept.title, "My own title");
        assert_eq!(kept.label, "Wild Bunch", "empty fields are filled");
        assert_eq!(kept.links.len(), 2, "links are added");
        assert_eq!(kept.links[0].platform, Platform::Spotify);
        fill(&mut current, &found(), true);
        assert_eq!(current.title, "Blue Lines");
    }

    #[test]
    fn ids_are_added_to_a_release_and_replaced_with_it() {
        let mut current = found();
        let musicbrainz = Release {
            ids: ReleaseIds {
                musicbrainz: Some("55b8712c-9558-4eba-a16f-59196ab35121".into()),
                spotify: Some("other".into()),
                ..ReleaseIds::default()
            },
            ..found()
        };
        fill(&mut current, &musicbrainz, false);
        assert_eq!(current.ids.spotify.as_deref(), Some("x"), "kept");
        assert!(current.ids.musicbrainz.is_some(), "added");
        fill(&mut current, &musicbrainz, true);
        assert_eq!(current.ids.spotify.as_deref(), Some("other"), "replaced");
    }
}
