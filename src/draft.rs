//! The wizard's whole state: what autosaves to the browser and what "Save draft" stores on the
//! server. A draft is named by a UUID its first client generated, so a save replayed after a
//! lost connection lands on the same post instead of creating a second one.

use crate::post::PostBody;
use crate::release::Release;
use crate::template::{Part, Template};
use crate::ChannelId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A draft's client-generated UUID (lower-case, hyphenated).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DraftId(String);

impl DraftId {
    /// Accepts a hyphenated UUID in any case; stores it lower-case.
    pub fn parse(raw: &str) -> Option<Self> {
        let groups: Vec<&str> = raw.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        let ok = groups.len() == 5
            && groups
                .iter()
                .zip(lens)
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        ok.then(|| DraftId(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A draft id that is not a UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a draft id must be a UUID")]
pub struct NotAUuid;

impl TryFrom<String> for DraftId {
    type Error = NotAUuid;
    fn try_from(raw: String) -> Result<Self, NotAUuid> {
        DraftId::parse(&raw).ok_or(NotAUuid)
    }
}

impl From<DraftId> for String {
    fn from(id: DraftId) -> String {
        id.0
    }
}

impl fmt::Display for DraftId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The wizard's steps, in order.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Release,
    Post,
    Schedule,
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Release, Step::Post, Step::Schedule, Step::Review];

    pub fn title(self) -> &'static str {
        match self {
            Step::Release => "Release",
            Step::Post => "Post",
            Step::Schedule => "Schedule",
            Step::Review => "Review",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.index()
            .checked_sub(1)
            .and_then(|i| Step::ALL.get(i).copied())
    }
}

/// When the post should go out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum When {
    #[default]
    Now,
    /// A wall-clock time (`YYYY-MM-DDTHH:MM`) in an IANA time zone; the server resolves it.
    At { local: String, timezone: String },
}

/// Where and when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    pub channel_id: Option<ChannelId>,
    pub when: When,
}

/// The wizard's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: DraftId,
    #[serde(default)]
    pub release: Release,
    #[serde(default)]
    pub body: PostBody,
    #[serde(default)]
    pub template: Template,
    /// Parts of the post the poster changed by hand; templates leave them alone.
    #[serde(default)]
    pub edited: BTreeSet<Part>,
    #[serde(default)]
    pub schedule: Schedule,
    #[serde(default)]
    pub step: Step,
}

impl Draft {
    /// An empty draft with the album template applied.
    pub fn new(id: DraftId) -> Self {
        let mut draft = Draft {
            id,
            release: Release::default(),
            body: PostBody::default(),
            template: Template::default(),
            edited: BTreeSet::new(),
            schedule: Schedule::default(),
            step: Step::default(),
        };
        draft.apply_template();
        draft
    }

    /// Refills every part the poster has not edited from the release facts and the template.
    pub fn apply_template(&mut self) {
        let generated = self.template.generate(&self.release);
        for part in Part::ALL {
            if !self.edited.contains(&part) {
                part.copy(&generated, &mut self.body);
            }
        }
    }

    /// A copy to be scheduled anew under `id`: the same release, post, template and channel,
    /// but "publish now" and back at the first step, since the original's time is its own.
    pub fn duplicate(&self, id: DraftId) -> Draft {
        let mut copy = self.clone();
        copy.id = id;
        copy.schedule.when = When::Now;
        copy.step = Step::Release;
        copy
    }

    /// Whether the draft holds anything the poster typed (worth offering to resume).
    pub fn has_content(&self) -> bool {
        self.release != Release::default()
            || !self.edited.is_empty()
            || !self.body.content.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> DraftId {
        DraftId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02}"))
            .unwrap_or_else(|| unreachable!("a valid UUID"))
    }

    #[test]
    fn a_duplicate_keeps_the_post_and_starts_its_schedule_over() {
        let mut original = Draft::new(id(1));
        original.release.title = "Blue".into();
        original.body.content = "Out now".into();
        original.edited.insert(Part::Description);
        original.schedule = Schedule {
            channel_id: Some(ChannelId(3)),
            when: When::At {
                local: "2026-12-24T18:00".into(),
                timezone: "Europe/Berlin".into(),
            },
        };
        original.step = Step::Review;
        let copy = original.duplicate(id(2));
        assert_eq!(copy.id, id(2));
        assert_eq!(copy.schedule.when, When::Now);
        assert_eq!(copy.schedule.channel_id, Some(ChannelId(3)));
        assert_eq!(copy.step, Step::Release);
        assert_eq!(
            (copy.release, copy.body, copy.template, copy.edited),
            (
                original.release,
                original.body,
                original.template,
                original.edited
            )
        );
    }
}
