//! Publishing: the post is stored as scheduled (for now, or for its resolved "publish at") and
//! queued; the worker (`publishing`) sends it when due. With approvals on, a poster's publish
//! is a submission instead (`approval`): stored, checked the same way, and not queued.

use super::{check, schedule, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::channels::Channel;
use crate::db::{channels, now_ms, posts, settings};
use crate::publishing::PublishPost;
use diesel::prelude::*;
use liner::approval::needs_approval;
use liner::audit::AuditKind;
use liner::views::{PostView, Viewer};
use liner::{Action, ChannelId, Draft, PostStatus, When};

/// When a post goes out: Unix milliseconds, and the zone its time was given in (`None`: now).
pub(super) struct SendTime {
    pub at: i64,
    pub zone: Option<String>,
}

impl SendTime {
    /// Resolves `when` against `now`; a time that has passed is refused.
    pub fn resolve(when: &When, now: i64) -> Result<SendTime, PostError> {
        Ok(match when {
            When::Now => SendTime {
                at: now,
                zone: None,
            },
            When::At { local, timezone } => {
                let now_utc = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
                let resolved = schedule::resolve(local, timezone, now_utc)?;
                SendTime {
                    at: resolved.utc.timestamp_millis(),
                    zone: Some(timezone.trim().to_string()),
                }
            }
        })
    }

    pub fn zone(&self) -> &str {
        self.zone.as_deref().unwrap_or("UTC")
    }

    /// The time a submission asks for (`None`: as soon as it is approved).
    fn asked(&self) -> Option<(i64, &str)> {
        self.zone.as_deref().map(|zone| (self.at, zone))
    }
}

/// How the audit log says when a post goes out.
pub(super) fn when_text(when: &When) -> String {
    match when {
        When::Now => "to go out now".to_string(),
        When::At { local, timezone } => {
            format!("for {} ({})", local.replace('T', " "), timezone.trim())
        }
    }
}

/// The channel, if posts can go there now.
pub(super) fn usable_channel(
    c: &mut SqliteConnection,
    id: ChannelId,
) -> QueryResult<Result<Channel, PostError>> {
    let Some(found) = channels::find(c, id.0)? else {
        return Ok(Err(PostError::NoChannel));
    };
    Ok(if found.broken_reason.is_some() {
        Err(PostError::BrokenChannel(found.name))
    } else if found.is_disabled() {
        Err(PostError::DisabledChannel(found.name))
    } else {
        Ok(found)
    })
}

/// What a publish did.
struct Published {
    view: PostView,
    author: i64,
    /// The job to queue (schedule revision); `None` for a submission.
    queued: Option<i64>,
}

impl Posts {
    /// Stores the post and queues it for its time (now, or the draft's "publish at"); with
    /// approvals on, a poster's post is submitted for review instead.
    pub async fn publish(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, PostError> {
        let now = now_ms();
        let time = SendTime::resolve(&draft.schedule.when, now)?;
        let Some(channel) = draft.schedule.channel_id else {
            return Err(PostError::NoChannel);
        };
        self.check_mentions(&draft).await?;
        let asker = viewer.clone();
        let at = time.at;
        let done = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    if let Err(e) = usable_channel(c, channel)? {
                        return Ok(Err(e));
                    }
                    let by = Actor::Member(asker.id.0);
                    let existing = match posts::find_by_draft(c, &draft.id)? {
                        None if posts::was_deleted(c, &draft.id)? => {
                            return Ok(Err(PostError::Deleted));
                        }
                        None => None,
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
                            Some(existing)
                        }
                    };
                    let submit = needs_approval(settings::load(c)?.approvals, asker.role);
                    let existing = match existing {
                        Some(post) => post,
                        None => {
                            let (status, schedule) = if submit {
                                (PostStatus::Draft, None)
                            } else {
                                (PostStatus::Scheduled, Some((time.at, time.zone())))
                            };
                            let post = posts::insert(c, asker.id.0, &draft, status, schedule, now)?;
                            let about = Subject::Post(&post);
                            audit::record(c, by, AuditKind::PostCreated, about, None, now)?;
                            if !submit {
                                return Ok(Ok(scheduled(
                                    c,
                                    &asker,
                                    post,
                                    &draft.schedule.when,
                                    now,
                                )?));
                            }
                            post
                        }
                    };
                    if submit {
                        let asked = time.asked();
                        let Some(post) =
                            posts::submit(c, &existing, &draft, asked, &asker.name, now)?
                        else {
                            return Ok(Err(PostError::DraftChangedElsewhere));
                        };
                        let when = when_text(&draft.schedule.when);
                        let about = Subject::Post(&post);
                        audit::record(c, by, AuditKind::PostSubmitted, about, Some(&when), now)?;
                        let view = posts::view(c, &post)?;
                        return Ok(Ok(Published {
                            view,
                            author: post.author_id,
                            queued: None,
                        }));
                    }
                    let Some(post) =
                        posts::schedule(c, &existing, &draft, time.at, time.zone(), now)?
                    else {
                        return Ok(Err(PostError::DraftChangedElsewhere));
                    };
                    Ok(Ok(scheduled(c, &asker, post, &draft.schedule.when, now)?))
                })
            })
            .await??;
        self.notify(&done.view, done.author);
        let Some(schedule_rev) = done.queued else {
            tracing::info!(post.id = %done.view.id, user.id = %viewer.id, "post submitted for approval");
            return Ok(done.view);
        };
        // The post is stored as scheduled; if queueing fails, the start-up sweep queues it again.
        self.queue_send(&done.view, schedule_rev, at).await?;
        tracing::info!(post.id = %done.view.id, user.id = %viewer.id, run_at = at, "post queued");
        Ok(done.view)
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

/// Records who queued a just-scheduled post, and the log's entry for it.
fn scheduled(
    c: &mut SqliteConnection,
    asker: &Viewer,
    post: posts::Post,
    when: &When,
    now: i64,
) -> QueryResult<Published> {
    posts::set_queued_by(c, post.id, asker.id.0)?;
    let when = when_text(when);
    let about = Subject::Post(&post);
    let by = Actor::Member(asker.id.0);
    audit::record(c, by, AuditKind::PostScheduled, about, Some(&when), now)?;
    let view = posts::view(c, &post)?;
    Ok(Published {
        view,
        author: post.author_id,
        queued: Some(post.schedule_rev),
    })
}
