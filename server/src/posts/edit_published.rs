//! Changing a published post: its message in Discord is updated in place first, then Liner's
//! copy (compare-and-set on the revision the editor opened). Nothing is stored when Discord
//! refuses; every change, done or refused, is recorded.

use super::message::PublishedMessage;
use super::{check, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::message_changes::{self, ChangeOutcome};
use crate::db::now_ms;
use crate::db::posts::{self, Post};
use liner::audit::AuditKind;
use liner::views::{PostView, Viewer};
use liner::{Action, Draft, PostId};

impl Posts {
    /// Updates a published post's message in Discord to the draft, then stores the draft.
    pub async fn update_published(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, PostError> {
        let draft_id = draft.id.clone();
        let id = self
            .db
            .run(move |c| Ok(posts::find_by_draft(c, &draft_id)?))
            .await?
            .map(|p| PostId(p.id))
            .ok_or(PostError::NotFound)?;
        let _turn = self.changes.begin(id.0)?;
        let (post, message) = self
            .published_message(viewer, id, Action::EditPublished)
            .await?;
        if base_revision != Some(post.revision) {
            return Err(PostError::PublishedChangedElsewhere);
        }
        if self.needs_approval(viewer).await? {
            return Err(PostError::UpdateNeedsApproval);
        }
        let stored = post.draft();
        if draft.schedule.channel_id != stored.schedule.channel_id {
            return Err(PostError::ChannelMove);
        }
        self.check_mentions(&draft).await?;
        // Where and when it went out is history now, whatever the browser sent.
        let mut draft = draft;
        draft.schedule = stored.schedule;
        let published_at = post
            .published_at
            .and_then(chrono::DateTime::from_timestamp_millis)
            .unwrap_or_else(chrono::Utc::now);
        let body =
            liner::message::DiscordMessage::for_post(&draft.body, &draft.release, published_at);
        let outcome = message.update(self, &body).await;
        let (post_id, user) = (post.id, viewer.id.0);
        let refused = outcome.as_ref().err().map(ToString::to_string);
        let result = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    let Some(refused) = refused else {
                        message_changes::record(
                            c,
                            post_id,
                            user,
                            ChangeOutcome::Updated,
                            None,
                            now,
                        )?;
                        return match posts::update_published(c, &post, &draft, now)? {
                            Some(p) => {
                                let (by, about) = (Actor::Member(user), Subject::Post(&p));
                                let kind = AuditKind::PostUpdatedInDiscord;
                                audit::record(c, by, kind, about, None, now)?;
                                Ok(Some((posts::view(c, &p)?, p.author_id)))
                            }
                            None => Ok(None),
                        };
                    };
                    message_changes::record(
                        c,
                        post_id,
                        user,
                        ChangeOutcome::Refused,
                        Some(&refused),
                        now,
                    )?;
                    Ok(None)
                })
            })
            .await?;
        outcome?;
        // Discord took the change; Liner's copy moved on meanwhile (deleted, say).
        let (view, author) = result.ok_or(PostError::DiscordAheadOfLiner)?;
        self.notify(&view, author);
        tracing::info!(post.id = %id, user.id = %viewer.id, "message updated in Discord");
        Ok(view)
    }

    /// The message of a published post the viewer may take `action` on (update it, or delete
    /// it), with the post. The caller holds the change's turn.
    pub(super) async fn published_message(
        &self,
        viewer: &Viewer,
        id: PostId,
        action: Action,
    ) -> Result<(Post, PublishedMessage), PostError> {
        let post = self.visible_post(viewer, id).await?;
        check(viewer, &post, action)?;
        let channel = match post.channel_id {
            Some(ch) => self.channels.find(ch).await?,
            None => None,
        };
        let message = PublishedMessage::locate(self, &post, channel.as_ref())?;
        Ok((post, message))
    }
}
