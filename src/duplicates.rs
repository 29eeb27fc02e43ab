//! "Already posted": whether a post's release was published or scheduled recently, by its ids
//! at the sources or, failing those, by artist and title as a reader would compare them.

use crate::release::Release;
use crate::{PostId, PostStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How far back a post of the same release counts.
pub const WINDOW_DAYS: i64 = 90;

/// Artist and title as a reader compares them: case, accents' case, punctuation and spacing
/// aside ("Blue Lines", "blue lines!", "Blue  Lines" are one). `None` when either is empty.
pub fn release_key(release: &Release) -> Option<String> {
    let norm = |s: &str| {
        s.chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (artists, title) = (norm(&release.artists), norm(&release.title));
    (!artists.is_empty() && !title.is_empty()).then(|| format!("{artists}\u{1f}{title}"))
}

/// Whether two releases are the same one: a shared id, or the same artist and title.
pub fn same_release(a: &Release, b: &Release) -> bool {
    if a.ids.shares_with(&b.ids) {
        return true;
    }
    matches!((release_key(a), release_key(b)), (Some(x), Some(y)) if x == y)
}

/// An earlier post of the same release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierPost {
    pub post_id: PostId,
    pub status: PostStatus,
    pub channel_name: Option<String>,
    /// When it was published, or is scheduled to be.
    pub at: DateTime<Utc>,
    pub author: String,
    /// Where the poster can look at it: its page (their own post, or any for an admin), or its
    /// message in Discord.
    pub link: Option<String>,
}

impl EarlierPost {
    /// "Already posted to #releases on 12 May by Ada".
    pub fn sentence(&self) -> String {
        let channel = self
            .channel_name
            .as_deref()
            .map(|c| format!(" to #{c}"))
            .unwrap_or_default();
        let day = self.at.format("%-d %B %Y");
        match self.status {
            PostStatus::Published => format!("Already posted{channel} on {day} by {}", self.author),
            _ => format!("Already scheduled{channel} for {day} by {}", self.author),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::ReleaseIds;

    fn release(artists: &str, title: &str) -> Release {
        Release {
            artists: artists.into(),
            title: title.into(),
            ..Release::default()
        }
    }

    #[test]
    fn artist_and_title_compare_as_a_reader_would() {
        let a = release("Massive Attack", "Blue Lines");
        assert!(same_release(&a, &release("massive attack", "Blue  Lines!")));
        assert!(same_release(&a, &release(" MASSIVE ATTACK ", "blue-lines")));
        assert!(!same_release(&a, &release("Massive Attack", "Mezzanine")));
        assert!(!same_release(&release("", ""), &release("", "")));
        assert!(same_release(
            &release("Björk", "Début"),
            &release("BJÖRK", "début")
        ));
    }

    #[test]
    fn any_shared_id_is_the_same_release_whatever_the_title() {
        let mut a = release("Massive Attack", "Blue Lines");
        let mut b = release("Massive Attack", "Blue Lines (2012 Mix/Master)");
        assert!(!same_release(&a, &b));
        a.ids.barcode = Some("0724386155423".into());
        b.ids.barcode = Some("724386155423".into());
        assert!(same_release(&a, &b), "UPC and EAN of one barcode");
        a.ids = ReleaseIds {
            musicbrainz: Some("55B8712C-9558-4EBA-A16F-59196AB35121".into()),
            ..ReleaseIds::default()
        };
        b.ids = ReleaseIds {
            musicbrainz: Some("55b8712c-9558-4eba-a16f-59196ab35121".into()),
            ..ReleaseIds::default()
        };
        assert!(same_release(&a, &b));
        b.ids.musicbrainz = Some(String::new());
        a.ids.musicbrainz = Some(String::new());
        assert!(!same_release(&a, &b), "empty ids match nothing");
    }

    #[test]
    fn drafts_saved_before_ids_still_read() {
        let old = r#"{"title":"Blue Lines","artists":"Massive Attack"}"#;
        let r: Release = serde_json::from_str(old).unwrap_or_default();
        assert_eq!(r.title, "Blue Lines");
        assert!(r.ids.is_empty());
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(!json.contains("ids"), "no ids, no key: {json}");
    }

    #[test]
    fn the_sentence_says_where_when_and_who() {
        let at = "2026-05-12T10:00:00Z".parse().unwrap_or_default();
        let mut p = EarlierPost {
            post_id: PostId(3),
            status: PostStatus::Published,
            channel_name: Some("releases".into()),
            at,
            author: "Ada".into(),
            link: None,
        };
        assert_eq!(
            p.sentence(),
            "Already posted to #releases on 12 May 2026 by Ada"
        );
        p.status = PostStatus::Scheduled;
        assert_eq!(
            p.sentence(),
            "Already scheduled to #releases for 12 May 2026 by Ada"
        );
    }
}
