//! The one place internal errors become answers.
//!
//! Error policy:
//! - Each layer has its own `thiserror` type: `DbError` (database), `DiscordError` (the Discord
//!   client), `LookupError` and `SourceError` (release lookup), `QueueError` (the job queue),
//!   `ChannelError` and `AddChannelError` (channels), `MessageError` and `PostError` (what members
//!   do with posts), `ScheduleError` (publish times), the sender check's `SenderRefused` and the
//!   worker's outcome reasons. No `String` is an error type.
//! - A service's error says what went wrong in the words its reader needs (its `Display`); the
//!   sentences a poster reads live with the service's error type, or in the core's `Denied`,
//!   which the pages share.
//! - Only here, at the edge, do they become the app's `AppError`: these `From` conversions pick
//!   the kind (and so the HTTP status); a client's mistake is a 4xx with its sentence, anything
//!   internal is logged with its detail and answers only "something went wrong" (500) or "busy"
//!   (503). Internal detail is never sent to the browser.

use crate::admin::AdminError;
use crate::auth::membership::{ConfirmError, NotConfirmed};
use crate::channels::add::AddChannelError;
use crate::db::DbError;
use crate::lookup::LookupError;
use crate::posts::message::MessageError;
use crate::posts::schedule::ScheduleError;
use crate::posts::PostError;
use app::AppError;
use liner::{Denied, Field, FieldError};

/// Logs the detail; the browser gets the short message.
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "server function failed");
    AppError::Internal
}

fn invalid(field: Field, message: String) -> AppError {
    AppError::Invalid(vec![FieldError { field, message }])
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        match e {
            DbError::Pool(_) => {
                tracing::warn!(error = %e, "database pool exhausted");
                AppError::Unavailable
            }
            other => internal(other),
        }
    }
}

impl From<ConfirmError> for AppError {
    fn from(e: ConfirmError) -> AppError {
        match e {
            // Their sessions are gone: the page sends them to sign in, which says why not.
            ConfirmError::Refused(NotConfirmed::Ended { .. }) => AppError::Unauthenticated,
            ConfirmError::Refused(why @ NotConfirmed::Unconfirmed) => {
                AppError::Upstream(why.to_string())
            }
            ConfirmError::Db(e) => e.into(),
        }
    }
}

impl From<LookupError> for AppError {
    fn from(e: LookupError) -> AppError {
        match e {
            LookupError::Invalid(why) => AppError::BadRequest(why),
            LookupError::TooMany => AppError::TooManyRequests(e.to_string()),
            // The client asked for a release the source does not have.
            LookupError::NotFound(why) => AppError::BadRequest(why),
            LookupError::Unavailable(why) => AppError::Upstream(why),
        }
    }
}

impl From<ScheduleError> for AppError {
    fn from(e: ScheduleError) -> AppError {
        let field = match e {
            ScheduleError::UnknownZone(_) => Field::Timezone,
            _ => Field::PublishAt,
        };
        invalid(field, e.to_string())
    }
}

impl From<MessageError> for AppError {
    fn from(e: MessageError) -> AppError {
        match e {
            MessageError::Busy => AppError::Conflict(e.to_string()),
            MessageError::Refused(_) => AppError::Upstream(e.to_string()),
            MessageError::NotKnown
            | MessageError::ChannelRemoved
            | MessageError::NoBotToken(_)
            | MessageError::Broken { .. }
            | MessageError::Webhook(_) => AppError::BadRequest(e.to_string()),
        }
    }
}

impl From<PostError> for AppError {
    fn from(e: PostError) -> AppError {
        match e {
            PostError::NotFound | PostError::Denied(Denied::NotYours) => {
                AppError::NotFound("That post".into())
            }
            PostError::Denied(Denied::AdminsOnly) => AppError::Forbidden,
            PostError::Denied(Denied::NotAnAdmin) => AppError::AdminsOnly,
            PostError::Deleted => AppError::Conflict(e.to_string()),
            PostError::Denied(Denied::Status(..)) => AppError::BadRequest(e.to_string()),
            PostError::DraftChangedElsewhere
            | PostError::PublishedChangedElsewhere
            | PostError::ChangedMeanwhile
            | PostError::DiscordAheadOfLiner => AppError::Conflict(e.to_string()),
            PostError::NoChannel
            | PostError::BrokenChannel(_)
            | PostError::DisabledChannel(_)
            | PostError::ChannelMove => invalid(Field::Channel, e.to_string()),
            PostError::UnknownMention(_) => invalid(Field::Mentions, e.to_string()),
            PostError::Invalid(errors) => AppError::Invalid(errors),
            PostError::NotAwaitingApproval | PostError::ChangedSinceReview => {
                AppError::Conflict(e.to_string())
            }
            PostError::AskedTimePassed(_) => AppError::FieldInvalid {
                field: liner::approval::field::WHEN.into(),
                message: e.to_string(),
            },
            PostError::Comment(_) => AppError::FieldInvalid {
                field: liner::approval::field::COMMENT.into(),
                message: e.to_string(),
            },
            PostError::UpdateNeedsApproval => AppError::BadRequest(e.to_string()),
            PostError::Schedule(e) => e.into(),
            PostError::RolesUnavailable(_) => AppError::Upstream(e.to_string()),
            PostError::Message(e) => e.into(),
            PostError::Queue(e) => {
                tracing::error!(error = %e, "could not queue a post");
                AppError::Unavailable
            }
            PostError::Db(e) => e.into(),
        }
    }
}

impl From<AdminError> for AppError {
    fn from(e: AdminError) -> AppError {
        if let Some(field) = e.field() {
            // Sealing a URL or storing it is internal, even on a field's behalf.
            return AppError::FieldInvalid {
                field: field.to_string(),
                message: e.to_string(),
            };
        }
        match e {
            AdminError::NoSuchChannel
            | AdminError::NoSuchMember
            | AdminError::Add(AddChannelError::NoSuchChannel)
            | AdminError::BotIdentity(_)
            | AdminError::Add(AddChannelError::BotHasNoWebhook(_)) => {
                AppError::BadRequest(e.to_string())
            }
            AdminError::HasScheduled { .. } => AppError::Conflict(e.to_string()),
            AdminError::Add(AddChannelError::Db(e)) | AdminError::Db(e) => e.into(),
            AdminError::Queue(e) => {
                tracing::error!(error = %e, "could not queue the posts of an enabled channel");
                AppError::Unavailable
            }
            other => internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liner::{Action, PostStatus};

    #[test]
    fn refusals_answer_with_their_kind_and_sentence() {
        assert_eq!(
            AppError::from(PostError::Denied(Denied::NotYours)),
            AppError::NotFound("That post".into())
        );
        assert_eq!(
            AppError::from(PostError::from(Denied::AdminsOnly)),
            AppError::Forbidden
        );
        assert_eq!(
            AppError::from(PostError::from(Denied::Status(
                Action::Delete,
                PostStatus::Publishing
            ))),
            AppError::BadRequest(
                "This post is being sent right now; wait until it is done.".into()
            )
        );
        assert_eq!(
            AppError::from(PostError::UnknownMention("Everyone".into())),
            invalid(
                Field::Mentions,
                "@Everyone is not a role posts can mention here; pick from the list.".into()
            )
        );
    }
}
