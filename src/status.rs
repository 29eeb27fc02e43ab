//! The life cycle of a post. Status changes only through [`transition`], and the server applies
//! the result with a compare-and-set update, so two workers can never both act on one post.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a post is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Draft,
    Scheduled,
    Publishing,
    Published,
    Failed,
    /// The send's outcome is unknown (a webhook gives no idempotency): a person must check.
    NeedsReview,
}

/// Something that happens to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusEvent {
    /// Queued for publishing (now or at a time).
    Schedule,
    /// Taken back to a draft before it was sent.
    Cancel,
    /// A worker took the post to send it.
    Claim,
    /// Discord confirmed the message.
    Confirm,
    /// Discord refused it, or it cannot be sent.
    Fail,
    /// The send may or may not have arrived.
    OutcomeUnknown,
    /// A crash interrupted the send before any request went out: queue it again.
    Interrupted,
}

/// A status change the life cycle does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from} post cannot {event:?}")]
pub struct TransitionError {
    pub from: PostStatus,
    pub event: StatusEvent,
}

/// The status after `event`, or an error when the event makes no sense in `from`.
pub fn transition(from: PostStatus, event: StatusEvent) -> Result<PostStatus, TransitionError> {
    use PostStatus::*;
    use StatusEvent::*;
    let to = match (from, event) {
        // A failed or doubtful post may be queued again once a person decided so.
        (Draft | Failed | NeedsReview, Schedule) => Scheduled,
        (Scheduled, Schedule) => Scheduled,
        (Scheduled, Cancel) => Draft,
        (Scheduled, Claim) => Publishing,
        (Publishing, Confirm) => Published,
        // A person who checked the channel may confirm a doubtful post arrived.
        (NeedsReview, Confirm) => Published,
        (Scheduled | Publishing, Fail) => Failed,
        (Publishing, OutcomeUnknown) => NeedsReview,
        (Publishing, Interrupted) => Scheduled,
        _ => return Err(TransitionError { from, event }),
    };
    Ok(to)
}

impl StatusEvent {
    pub const ALL: [StatusEvent; 7] = [
        StatusEvent::Schedule,
        StatusEvent::Cancel,
        StatusEvent::Claim,
        StatusEvent::Confirm,
        StatusEvent::Fail,
        StatusEvent::OutcomeUnknown,
        StatusEvent::Interrupted,
    ];
}

impl PostStatus {
    pub const ALL: [PostStatus; 6] = [
        PostStatus::Draft,
        PostStatus::Scheduled,
        PostStatus::Publishing,
        PostStatus::Published,
        PostStatus::Failed,
        PostStatus::NeedsReview,
    ];

    /// The stored form (also the CHECK constraint's values).
    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::Scheduled => "scheduled",
            PostStatus::Publishing => "publishing",
            PostStatus::Published => "published",
            PostStatus::Failed => "failed",
            PostStatus::NeedsReview => "needs_review",
        }
    }

    pub fn parse(s: &str) -> Option<PostStatus> {
        PostStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// What the poster reads.
    pub fn label(self) -> &'static str {
        match self {
            PostStatus::Draft => "Draft",
            PostStatus::Scheduled => "Scheduled",
            PostStatus::Publishing => "Publishing",
            PostStatus::Published => "Published",
            PostStatus::Failed => "Failed",
            PostStatus::NeedsReview => "Needs review",
        }
    }
}

impl fmt::Display for PostStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::PostStatus::*;
    use super::StatusEvent::*;
    use super::*;

    #[test]
    fn happy_path() {
        let s = transition(Draft, Schedule).and_then(|s| transition(s, Claim));
        assert_eq!(s, Ok(Publishing));
        assert_eq!(transition(Publishing, Confirm), Ok(Published));
    }

    #[test]
    fn a_published_post_never_changes() {
        for e in StatusEvent::ALL {
            assert!(transition(Published, e).is_err(), "{e:?}");
        }
    }

    #[test]
    fn only_a_scheduled_post_can_be_claimed() {
        for s in PostStatus::ALL {
            assert_eq!(transition(s, Claim).is_ok(), s == Scheduled, "{s}");
        }
    }

    #[test]
    fn unknown_outcome_needs_review() {
        assert_eq!(transition(Publishing, OutcomeUnknown), Ok(NeedsReview));
        assert!(transition(Scheduled, OutcomeUnknown).is_err());
    }

    #[test]
    fn only_an_interrupted_send_goes_back_to_the_queue() {
        for s in PostStatus::ALL {
            assert_eq!(transition(s, Interrupted).is_ok(), s == Publishing, "{s}");
        }
        assert_eq!(transition(Publishing, Interrupted), Ok(Scheduled));
    }

    #[test]
    fn status_text_round_trips() {
        for s in PostStatus::ALL {
            assert_eq!(PostStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(PostStatus::parse("sent"), None);
    }
}
