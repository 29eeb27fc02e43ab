//! Settling a post whose send did not go well: sending a failed one again (its poster or an
//! admin), and, for one whose outcome is unknown, an admin's "send again" or "it arrived" after
//! checking the channel.

use super::{check, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::{now_ms, posts};
use liner::audit::AuditKind;
use liner::views::{PostView, Viewer};
use liner::{Action, PostId};

impl Posts {
    /// Queues a failed post, or (admins) a doubtful one, to be sent again now.
    pub async fn retry(&self, viewer: &Viewer, id: PostId) -> Result<PostView, PostError> {
        let post = self.visible_post(viewer, id).await?;
        check(viewer, &post, Action::Retry)?;
        let draft = post.draft();
        // What Discord takes; which hosts its URLs name was checked when it was saved.
        let errors = draft.validate(liner::Check::Publish.with_hosts(liner::Hosts::Any));
        if !errors.is_empty() {
            return Err(PostError::Invalid(errors));
        }
        self.check_mentions(&draft).await?;
        let now = now_ms();
        let asker = viewer.id.0;
        let retried = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| match posts::retry(c, &post, now)? {
                    Some(p) => {
                        posts::set_queued_by(c, p.id, asker)?;
                        let was = match post.status() {
                            liner::PostStatus::NeedsReview => "after review",
                            _ => "after it failed",
                        };
                        let (by, about) = (Actor::Member(asker), Subject::Post(&p));
                        audit::record(c, by, AuditKind::PostSentAgain, about, Some(was), now)?;
                        Ok(Some((posts::view(c, &p)?, p.schedule_rev, p.author_id)))
                    }
                    None => Ok(None),
                })
            })
            .await?;
        let (view, schedule_rev, author) = retried.ok_or(PostError::ChangedMeanwhile)?;
        self.notify(&view, author);
        self.queue_send(&view, schedule_rev, now).await?;
        tracing::info!(post.id = %id, user.id = %viewer.id, "post sent again");
        Ok(view)
    }

    /// Records that a doubtful post did arrive (admins, who can check the channel).
    pub async fn confirm_arrived(
        &self,
        viewer: &Viewer,
        id: PostId,
    ) -> Result<PostView, PostError> {
        let post = self.visible_post(viewer, id).await?;
        check(viewer, &post, Action::ConfirmArrived)?;
        let notice = format!("{} checked the channel: it arrived.", viewer.name);
        let asker = viewer.id.0;
        let confirmed = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    match posts::confirm_arrived(c, &post, &notice, now)? {
                        Some(p) => {
                            let (by, about) = (Actor::Member(asker), Subject::Post(&p));
                            audit::record(c, by, AuditKind::PostArrived, about, None, now)?;
                            Ok(Some((posts::view(c, &p)?, p.author_id)))
                        }
                        None => Ok(None),
                    }
                })
            })
            .await?;
        let (view, author) = confirmed.ok_or(PostError::ChangedMeanwhile)?;
        self.notify(&view, author);
        tracing::info!(post.id = %id, user.id = %viewer.id, "post marked as arrived");
        Ok(view)
    }
}
