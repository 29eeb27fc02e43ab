//! Approvals: a setting (off by default) under which a poster's post goes out only once an admin
//! approved it. Publishing becomes submitting; an admin approves (it goes out now or at its
//! time) or sends it back with a comment. An edit withdraws a submission or an approval, so
//! what goes out is always what an admin saw.
//!
//! The post stays a draft until approved; its stage here says where it is in the review.

use crate::message::DiscordMessage;
use crate::views::PostView;
use crate::{PostStatus, Role, When};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a post is in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStage {
    /// Waiting for an admin.
    Submitted,
    /// An admin asked for changes; the comment says which.
    SentBack,
    /// An admin let it go out.
    Approved,
}

impl ApprovalStage {
    pub const ALL: [ApprovalStage; 3] = [
        ApprovalStage::Submitted,
        ApprovalStage::SentBack,
        ApprovalStage::Approved,
    ];

    /// The stored form (also the column's CHECK values).
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStage::Submitted => "submitted",
            ApprovalStage::SentBack => "sent_back",
            ApprovalStage::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<ApprovalStage> {
        ApprovalStage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// A post's review, as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub stage: ApprovalStage,
    /// Who submitted it, sent it back or approved it, by their name then.
    pub by: String,
    pub at: DateTime<Utc>,
    /// The admin's words when sending it back.
    pub comment: Option<String>,
}

impl Approval {
    /// One sentence for the post's page.
    pub fn describe(&self) -> String {
        let at = self.at.format("%Y-%m-%d %H:%M UTC");
        match self.stage {
            ApprovalStage::Submitted => format!(
                "Submitted for approval by {} on {at}. An admin will approve it or send it back.",
                self.by
            ),
            ApprovalStage::SentBack => format!(
                "Sent back by {} on {at}: “{}” Change the post, then submit it again.",
                self.by,
                self.comment.as_deref().unwrap_or_default()
            ),
            ApprovalStage::Approved => format!("Approved by {} on {at}.", self.by),
        }
    }
}

/// The form fields an approval's errors are about.
pub mod field {
    pub const WHEN: &str = "when";
    pub const COMMENT: &str = "comment";
}

/// Whether `role`'s publishing becomes a submission: approvals are on and the member is a
/// poster (an admin's own posts go out as before).
pub fn needs_approval(approvals_on: bool, role: Role) -> bool {
    approvals_on && role == Role::Poster
}

/// The longest comment an admin may send a post back with.
pub const COMMENT_MAX: usize = 1000;

/// Why a send-back comment is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CommentProblem {
    #[error("Say what should change: the poster reads this comment.")]
    Empty,
    #[error("Keep the comment to {COMMENT_MAX} characters.")]
    TooLong,
}

/// The comment, trimmed, or why it cannot be sent.
pub fn check_comment(text: &str) -> Result<String, CommentProblem> {
    let text = text.trim();
    if text.is_empty() {
        Err(CommentProblem::Empty)
    } else if text.chars().count() > COMMENT_MAX {
        Err(CommentProblem::TooLong)
    } else {
        Ok(text.to_string())
    }
}

/// When an approved post goes out: as its poster asked, or (their time having passed, or the
/// admin deciding otherwise) now or at another time.
pub type ApproveWhen = Option<When>;

/// A post waiting in the admins' queue, with the message it would send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApprovalItem {
    pub post: PostView,
    pub author: String,
    /// The revision the admin reviews; approving names it, so an edit made meanwhile is not
    /// approved unseen.
    pub revision: i64,
    pub submitted_at: DateTime<Utc>,
    /// The message exactly as it would be sent, channel's sender included.
    pub message: DiscordMessage,
    /// The name the message shows.
    pub username: String,
    /// The time its poster asked for has passed: approving needs "now" or a new time.
    pub asked_time_passed: bool,
}

impl PostView {
    /// The status as its author reads it: a draft in review says where it is.
    pub fn status_label(&self) -> &'static str {
        match (&self.status, self.approval.as_ref().map(|a| a.stage)) {
            (PostStatus::Draft, Some(ApprovalStage::Submitted)) => "Awaiting approval",
            (PostStatus::Draft, Some(ApprovalStage::SentBack)) => "Sent back",
            (status, _) => status.label(),
        }
    }

    /// Whether the post waits for an admin.
    pub fn awaits_approval(&self) -> bool {
        self.status == PostStatus::Draft
            && self
                .approval
                .as_ref()
                .is_some_and(|a| a.stage == ApprovalStage::Submitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_posters_publishing_needs_approval_and_only_when_on() {
        assert!(needs_approval(true, Role::Poster));
        assert!(!needs_approval(true, Role::Admin));
        assert!(!needs_approval(false, Role::Poster));
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(check_comment("  Fix the date "), Ok("Fix the date".into()));
        assert_eq!(check_comment(" \n "), Err(CommentProblem::Empty));
        assert_eq!(
            check_comment(&"é".repeat(COMMENT_MAX + 1)),
            Err(CommentProblem::TooLong)
        );
        assert!(check_comment(&"é".repeat(COMMENT_MAX)).is_ok());
    }

    #[test]
    fn stages_round_trip() {
        for s in ApprovalStage::ALL {
            assert_eq!(ApprovalStage::parse(s.as_str()), Some(s));
        }
        assert_eq!(ApprovalStage::parse("pending"), None);
    }

    #[test]
    fn a_draft_in_review_reads_as_its_stage() {
        let at = DateTime::<Utc>::default();
        let mut post = PostView {
            id: crate::PostId(1),
            draft_id: None,
            title: "T".into(),
            artist: "A".into(),
            channel_name: None,
            status: PostStatus::Draft,
            last_error: None,
            notice: None,
            scheduled_at: None,
            timezone: None,
            updated_at: at,
            approval: None,
        };
        assert_eq!(post.status_label(), "Draft");
        post.approval = Some(Approval {
            stage: ApprovalStage::Submitted,
            by: "Pat".into(),
            at,
            comment: None,
        });
        assert_eq!(post.status_label(), "Awaiting approval");
        assert!(post.awaits_approval());
        post.approval = Some(Approval {
            stage: ApprovalStage::SentBack,
            by: "Ada".into(),
            at,
            comment: Some("Wrong date".into()),
        });
        assert_eq!(post.status_label(), "Sent back");
        assert!(post
            .approval
            .as_ref()
            .is_some_and(|a| a.describe().contains("“Wrong date”")));
        post.status = PostStatus::Scheduled;
        assert_eq!(post.status_label(), "Scheduled");
        assert!(!post.awaits_approval());
    }
}
