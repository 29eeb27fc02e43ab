//! Writes a publish attempt just before each request goes out, and closes it with what the
//! answer proved; recovery after a crash reads them (see `db::attempts`).

use crate::db::attempts::{self, AttemptOutcome};
use crate::db::now_ms;
use crate::db::posts::Post;
use crate::discord::{DiscordError, SendLog, SentMessage};
use crate::publishing::Publisher;
use std::sync::Mutex;

pub(super) struct AttemptLog<'a> {
    p: &'a Publisher,
    post_id: i64,
    schedule_rev: i64,
    opened: Mutex<Option<i64>>,
}

impl<'a> AttemptLog<'a> {
    pub(super) fn new(p: &'a Publisher, post: &Post) -> AttemptLog<'a> {
        AttemptLog {
            p,
            post_id: post.id,
            schedule_rev: post.schedule_rev,
            opened: Mutex::new(None),
        }
    }

    pub(super) async fn close(&self, result: &Result<SentMessage, DiscordError>) {
        let Some(id) = *self.opened.lock().unwrap_or_else(|p| p.into_inner()) else {
            return;
        };
        let message_id = result.as_ref().ok().map(|m| m.id.clone());
        let (outcome, detail) = match result {
            Ok(_) => (AttemptOutcome::Sent, None),
            Err(e @ DiscordError::NotSent) => (AttemptOutcome::NotSent, Some(e.to_string())),
            Err(e @ DiscordError::RateLimited(_)) => {
                (AttemptOutcome::RateLimited, Some(e.to_string()))
            }
            Err(e @ DiscordError::Rejected { .. }) => {
                (AttemptOutcome::Rejected, Some(e.to_string()))
            }
            Err(e @ DiscordError::Unknown(_)) => (AttemptOutcome::Unknown, Some(e.to_string())),
        };
        let closed = self
            .p
            .db
            .run(move |c| {
                Ok(attempts::finish(
                    c,
                    id,
                    outcome,
                    detail.as_deref(),
                    message_id.as_deref(),
                    now_ms(),
                )?)
            })
            .await;
        if let Err(e) = closed {
            // The post's own status is still recorded; only the trail has a gap.
            tracing::error!(post.id = self.post_id, error = %e, "could not close a publish attempt");
        }
    }
}

#[async_trait::async_trait]
impl SendLog for AttemptLog<'_> {
    async fn sending(&self) -> Result<(), DiscordError> {
        let (post_id, rev) = (self.post_id, self.schedule_rev);
        match self
            .p
            .db
            .run(move |c| Ok(attempts::start(c, post_id, rev, now_ms())?))
            .await
        {
            Ok(id) => {
                *self.opened.lock().unwrap_or_else(|p| p.into_inner()) = Some(id);
                Ok(())
            }
            Err(e) => {
                // Without the trace a crash could not be told apart from "never sent": don't send.
                tracing::error!(post.id = post_id, error = %e, "could not record a publish attempt");
                Err(DiscordError::NotSent)
            }
        }
    }
}
