//! Why a request about a post was refused or failed. Every sentence a poster reads about their
//! posts is written here (or in the core's `Denied`, which the pages share); `http::errors` only
//! decides how each kind answers, and logs what is internal.

use super::mentions::RolesUnavailable;
use super::message::MessageError;
use super::schedule::ScheduleError;
use crate::db::DbError;
use crate::publishing::QueueError;
use liner::{Denied, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    /// No such post, or not one the viewer may see (the same answer, so ids reveal nothing).
    #[error("That post")]
    NotFound,
    #[error("{0}")]
    Denied(Denied),
    #[error("This draft was changed elsewhere since you opened it. Save it to choose which version to keep.")]
    DraftChangedElsewhere,
    #[error("This post was changed elsewhere since you opened it. Open it again to see the current version.")]
    PublishedChangedElsewhere,
    #[error("This post changed meanwhile; look at its status again.")]
    ChangedMeanwhile,
    #[error("Discord now shows your changes, but this post changed in Liner meanwhile. Open it again to see where it stands.")]
    DiscordAheadOfLiner,
    #[error("That channel does not exist (any more); choose another.")]
    NoChannel,
    #[error("#{0} cannot take posts: its webhook no longer works. Choose another channel, or ask an admin to set it again.")]
    BrokenChannel(String),
    #[error("#{0} is disabled by an admin; choose another channel.")]
    DisabledChannel(String),
    #[error("This post was deleted. Duplicate it, or save it as a new draft, to post it again.")]
    Deleted,
    #[error("A message in Discord cannot move to another channel. Duplicate the post to send it elsewhere.")]
    ChannelMove,
    #[error("@{0} is not a role posts can mention here; pick from the list.")]
    UnknownMention(String),
    #[error("This post is no longer waiting for approval: it was edited, withdrawn or reviewed meanwhile.")]
    NotAwaitingApproval,
    #[error("Its poster changed this post since you opened it; look at it again before deciding.")]
    ChangedSinceReview,
    #[error(
        "The poster asked for {0}, and that time has passed: send it now or choose a new time."
    )]
    AskedTimePassed(String),
    #[error("{0}")]
    Comment(#[from] liner::approval::CommentProblem),
    #[error("Approvals are on, so what goes out is what an admin approved: ask an admin to update this message, or delete it and submit a new post.")]
    UpdateNeedsApproval,
    #[error("The post is not valid.")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    #[error("{0}; try again in a moment.")]
    RolesUnavailable(#[from] RolesUnavailable),
    #[error(transparent)]
    Message(#[from] MessageError),
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<Denied> for PostError {
    fn from(d: Denied) -> PostError {
        match d {
            Denied::NotYours => PostError::NotFound,
            other => PostError::Denied(other),
        }
    }
}
