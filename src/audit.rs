//! The audit log's vocabulary: what can happen, in the words the log shows, and what an entry
//! and a query for entries carry. The server writes entries; admins (and a post's author, for
//! that post) read them.

use crate::{ChannelId, PostId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($variant:ident => $stored:literal, $label:literal;)*) => {
        /// Something that happened to a post, a channel, a member or a setting.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum AuditKind {
            $($variant,)*
        }

        impl AuditKind {
            pub const ALL: &'static [AuditKind] = &[$(AuditKind::$variant,)*];

            /// The name stored in the database (stable across releases).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(AuditKind::$variant => $stored,)*
                }
            }

            pub fn parse(s: &str) -> Option<AuditKind> {
                match s {
                    $($stored => Some(AuditKind::$variant),)*
                    _ => None,
                }
            }

            /// What happened, as the log reads ("Ada · scheduled the post").
            pub fn label(self) -> &'static str {
                match self {
                    $(AuditKind::$variant => $label,)*
                }
            }
        }
    };
}

kinds! {
    PostCreated => "post_created", "created the post";
    PostEdited => "post_edited", "edited the post";
    PostScheduled => "post_scheduled", "scheduled the post";
    PostUnscheduled => "post_unscheduled", "took the post off the schedule";
    PostSubmitted => "post_submitted", "submitted the post for approval";
    PostWithdrawn => "post_withdrawn", "withdrew the post from approval by editing it";
    PostApproved => "post_approved", "approved the post";
    PostSentBack => "post_sent_back", "sent the post back";
    PostPublished => "post_published", "published the post";
    PostFailed => "post_failed", "could not publish the post";
    PostNeedsReview => "post_needs_review", "could not tell whether the post arrived";
    PostSentAgain => "post_sent_again", "sent the post again";
    PostArrived => "post_arrived", "confirmed the post arrived";
    PostUpdatedInDiscord => "post_updated_in_discord", "updated the post in Discord";
    PostDeleted => "post_deleted", "deleted the post from Liner";
    PostDeletedFromDiscord => "post_deleted_from_discord", "deleted the post's message from Discord";
    ChannelAdded => "channel_added", "added the channel";
    ChannelChanged => "channel_changed", "changed the channel";
    ChannelDisabled => "channel_disabled", "disabled the channel";
    ChannelEnabled => "channel_enabled", "enabled the channel";
    ChannelRemoved => "channel_removed", "removed the channel";
    MemberSignedIn => "member_signed_in", "signed in";
    MemberSignedOutEverywhere => "member_signed_out_everywhere", "signed the member out everywhere";
    SettingChanged => "setting_changed", "changed a setting";
}

impl AuditKind {
    /// Which filter group of the log the kind belongs to.
    pub fn group(self) -> AuditGroup {
        let name = self.as_str();
        if name.starts_with("post_") {
            AuditGroup::Posts
        } else if name.starts_with("channel_") {
            AuditGroup::Channels
        } else if name.starts_with("member_") {
            AuditGroup::Members
        } else {
            AuditGroup::Settings
        }
    }
}

/// The kinds of entry the log can be filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditGroup {
    Posts,
    Channels,
    Members,
    Settings,
}

impl AuditGroup {
    pub const ALL: [AuditGroup; 4] = [
        AuditGroup::Posts,
        AuditGroup::Channels,
        AuditGroup::Members,
        AuditGroup::Settings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditGroup::Posts => "posts",
            AuditGroup::Channels => "channels",
            AuditGroup::Members => "members",
            AuditGroup::Settings => "settings",
        }
    }

    pub fn parse(s: &str) -> Option<AuditGroup> {
        AuditGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditGroup::Posts => "Posts",
            AuditGroup::Channels => "Channels",
            AuditGroup::Members => "Members",
            AuditGroup::Settings => "Settings",
        }
    }

    /// The kinds in this group.
    pub fn kinds(self) -> impl Iterator<Item = AuditKind> {
        AuditKind::ALL
            .iter()
            .copied()
            .filter(move |k| k.group() == self)
    }
}

/// One entry of the log, with the names as they were when it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// `None`: Liner itself (the publishing worker) or the command line.
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub kind: AuditKind,
    pub post_id: Option<PostId>,
    pub post_title: Option<String>,
    pub channel_id: Option<ChannelId>,
    pub channel_name: Option<String>,
    /// The member an entry is about (signed out everywhere), when not the actor.
    pub member_id: Option<UserId>,
    pub member_name: Option<String>,
    pub detail: Option<String>,
}

/// Which entries to list. Every field narrows; the default lists everything, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Entries this member did, or that are about them.
    #[serde(default)]
    pub member: Option<UserId>,
    #[serde(default)]
    pub post: Option<PostId>,
    #[serde(default)]
    pub channel: Option<ChannelId>,
    #[serde(default)]
    pub group: Option<AuditGroup>,
    /// From this instant on (inclusive).
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
    #[serde(default)]
    pub page: u32,
}

impl AuditQuery {
    /// The query for dates as a form gives them (`YYYY-MM-DD`, UTC): from the first day's
    /// start to the last day's end. `None` for a date that does not parse.
    pub fn with_days(mut self, from: Option<&str>, until: Option<&str>) -> Option<AuditQuery> {
        let day = |text: &str| {
            let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
            Some(date.and_hms_opt(0, 0, 0)?.and_utc())
        };
        if let Some(from) = from.filter(|t| !t.trim().is_empty()) {
            self.since = Some(day(from)?);
        }
        if let Some(until) = until.filter(|t| !t.trim().is_empty()) {
            self.until = Some(day(until)? + chrono::Duration::days(1));
        }
        Some(self)
    }
}

/// One page of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub page: u32,
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_name() {
        for &kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AuditKind::parse("post_exploded"), None);
    }

    #[test]
    fn days_cover_the_whole_of_the_last_one() {
        let q = AuditQuery::default()
            .with_days(Some("2026-05-12"), Some("2026-05-12"))
            .unwrap_or_default();
        assert_eq!(
            q.since.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-05-12T00:00:00+00:00")
        );
        assert_eq!(
            q.until.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-05-13T00:00:00+00:00")
        );
        assert_eq!(AuditQuery::default().with_days(Some("12 May"), None), None);
        assert_eq!(
            AuditQuery::default().with_days(Some(""), None),
            Some(AuditQuery::default())
        );
    }

    #[test]
    fn every_kind_belongs_to_the_group_its_name_says() {
        assert_eq!(AuditKind::PostDeleted.group(), AuditGroup::Posts);
        assert_eq!(AuditKind::ChannelRemoved.group(), AuditGroup::Channels);
        assert_eq!(
            AuditKind::MemberSignedOutEverywhere.group(),
            AuditGroup::Members
        );
        assert_eq!(AuditKind::SettingChanged.group(), AuditGroup::Settings);
        let grouped: usize = AuditGroup::ALL.iter().map(|g| g.kinds().count()).sum();
        assert_eq!(grouped, AuditKind::ALL.len());
    }
}
