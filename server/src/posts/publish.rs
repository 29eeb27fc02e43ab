//! Publishing: the post is stored as scheduled (for now, or for its resolved "publish at") and
//! queued; the worker (`publishing`) sends it when due.

use super::{check, schedule, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::{channels, now_ms, posts};
use crate::publishing::PublishPost;
use liner::audit::AuditKind;
use liner::views::{PostView, Viewer};
use liner::{Action, Draft, PostStatus, When};

impl Posts {
    /// Stores the post and queues it for its time (now, or the draft's "publish at").
    pub async fn publish(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, PostError> {
        let now = now_ms();
        let (at, zone) = match &draft.schedule.when {
            When::Now => (now, None),
            When::At { local, timezone } => {
                let now_utc = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
                let resolved = schedule::resolve(local, timezone, now_utc)?;
                (
                    resolved.utc.timestamp_millis(),
                    Some(timezone.trim().to_string()),
                )
            }
        };
        let Some(channel) = draft.schedule.channel_id else {
            return Err(PostError::NoChannel);
        };
        self.check_mentions(&draft).await?;
        let asker = viewer.clone();
        let (view, schedule_rev, author) = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(found) = channels::find(c, channel.0)? else {
                        return Ok(Err(PostError::NoChannel));
                    };
                    if found.broken_reason.is_some() {
                        return Ok(Err(PostError::BrokenChannel(found.name)));
                    }
                    if found.is_disabled() {
                        return Ok(Err(PostError::DisabledChannel(found.name)));
                    }
                    let zone = zone.as_deref().unwrap_or("UTC");
                    let by = Actor::Member(asker.id.0);
                    let post = match posts::find_by_draft(c, &draft.id)? {
                        None if posts::was_deleted(c, &draft.id)? => {
                            return Ok(Err(PostError::Deleted));
                        }
                        None => {
                            let post = posts::insert(
                                c,
                                asker.id.0,
                                &draft,
                                PostStatus::Scheduled,
                                Some((at, zone)),
                                now,
                            )?;
                            let about = Subject::Post(&post);
                            audit::record(c, by, AuditKind::PostCreated, about, None, now)?;
                            post
                        }
                        Some(existing) => {
                            // Someone else's post answers "not found" (`Denied::NotYours`).
                            if let Err(e) = check(&asker, &existing, Action::Edit) {
                                return Ok(Err(e));
                            }
                            if base_revision != Some(existing.revision)
                                && !posts::same_content(&existing, &draft)
                            {
                                return Ok(Err(PostError::DraftChangedElsewhere));
                            }
                            match posts::schedule(c, &existing, &draft, at, zone, now)? {
                                Some(p) => p,
                                None => return Ok(Err(PostError::DraftChangedElsewhere)),
                            }
                        }
                    };
                    posts::set_queued_by(c, post.id, asker.id.0)?;
                    let when = match &draft.schedule.when {
                        When::Now => "to go out now".to_string(),
                        When::At { local, timezone } => {
                            format!("for {} ({})", local.replace('T', " "), timezone.trim())
                        }
                    };
                    let about = Subject::Post(&post);
                    audit::record(c, by, AuditKind::PostScheduled, about, Some(&when), now)?;
                    let view = posts::view(c, &post)?;
                    Ok(Ok((view, post.schedule_rev, post.author_id)))
                })
            })
            .await??;
        self.notify(&view, author);
        // The post is stored as scheduled; if queueing fails, the start-up sweep queues it again.
        self.queue_send(&view, schedule_rev, at).await?;
        tracing::info!(post.id = %view.id, user.id = %viewer.id, run_at = at, "post queued");
        Ok(view)
    }

    /// Queues the post's send at `at` (Unix milliseconds).
    pub(super) async fn queue_send(
        &self,
        view: &PostView,
        schedule_rev: i64,
        at: i64,
    ) -> Result<(), PostError> {
        let job = PublishPost {
            post_id: view.id,
            schedule_rev,
        };
        self.queue.enqueue(job, at).await.map_err(|e| {
            tracing::error!(post.id = %view.id, error = %e, "could not queue the post");
            PostError::Queue(e)
        })
    }
}
