//! The admins' side of approvals: the queue of submitted posts with the messages they would
//! send, approving one (it goes out now or at its time, through the same scheduling as a
//! publish), and sending one back with a comment its poster reads. Each names the revision the
//! admin reviewed, so an edit made meanwhile is never approved unseen.

use super::publish::{usable_channel, when_text, SendTime};
use super::{PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::{channels, now_ms, posts, users};
use crate::publishing::send::outgoing;
use liner::approval::{check_comment, ApprovalItem, ApproveWhen};
use liner::audit::AuditKind;
use liner::views::PostView;
use liner::{AdminViewer, PostId, When};

/// The name a message shows when neither the post nor its channel sets one (the composer's
/// preview uses the same).
const DEFAULT_NAME: &str = "Liner";

impl Posts {
    /// Posts waiting for review, the longest-waiting first, each with its preview.
    pub async fn approval_queue(
        &self,
        _admin: &AdminViewer,
    ) -> Result<Vec<ApprovalItem>, PostError> {
        Ok(self
            .db
            .run(move |c| {
                let now = chrono::Utc::now();
                let mut items = Vec::new();
                for post in posts::awaiting_approval(c)? {
                    let draft = post.draft();
                    let channel = match post.channel_id {
                        Some(id) => channels::find(c, id)?,
                        None => None,
                    };
                    let (message, username) = match &channel {
                        Some(ch) => {
                            let message = outgoing(&draft, ch, now);
                            let name = message.username.clone();
                            (message, name)
                        }
                        None => (
                            liner::message::DiscordMessage::for_post(
                                &draft.body,
                                &draft.release,
                                now,
                            ),
                            None,
                        ),
                    };
                    let author = users::find(c, post.author_id)?
                        .map(|u| u.name)
                        .unwrap_or_else(|| format!("member {}", post.author_id));
                    let view = posts::view(c, &post)?;
                    let submitted_at = view
                        .approval
                        .as_ref()
                        .map(|a| a.at)
                        .unwrap_or(view.updated_at);
                    let asked_time_passed = post
                        .scheduled_at
                        .is_some_and(|at| at <= now.timestamp_millis());
                    items.push(ApprovalItem {
                        asked_time_passed,
                        post: view,
                        author,
                        revision: post.revision,
                        submitted_at,
                        message,
                        username: username
                            .filter(|n| !n.is_empty())
                            .unwrap_or_else(|| DEFAULT_NAME.to_string()),
                    });
                }
                Ok(items)
            })
            .await?)
    }

    /// How many posts wait for review (the header's count).
    pub async fn approvals_waiting(&self, _admin: &AdminViewer) -> Result<u32, PostError> {
        let n = self
            .db
            .run(|c| Ok(posts::count_awaiting_approval(c)?))
            .await?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Approves the post as reviewed at `revision`: it is scheduled for the time its poster
    /// asked for, or `when` when the admin chooses (needed when that time has passed).
    pub async fn approve(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        when: ApproveWhen,
    ) -> Result<PostView, PostError> {
        let reviewed = self.reviewed(id, revision).await?;
        let mut draft = reviewed.draft();
        let chosen = when.is_some();
        if let Some(when) = when {
            draft.schedule.when = when;
        }
        let now = now_ms();
        let time = match SendTime::resolve(&draft.schedule.when, now) {
            Err(PostError::Schedule(super::schedule::ScheduleError::Past)) if !chosen => {
                let asked = match &draft.schedule.when {
                    When::At { local, timezone } => {
                        format!("{} ({})", local.replace('T', " "), timezone.trim())
                    }
                    When::Now => "now".to_string(),
                };
                return Err(PostError::AskedTimePassed(asked));
            }
            other => other?,
        };
        let Some(channel) = draft.schedule.channel_id else {
            return Err(PostError::NoChannel);
        };
        self.check_mentions(&draft).await?;
        let admin = admin.viewer().clone();
        let at = time.at;
        let (view, schedule_rev, author) = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(post) = posts::find(c, id.0)? else {
                        return Ok(Err(PostError::NotFound));
                    };
                    if !post.awaits_approval() {
                        return Ok(Err(PostError::NotAwaitingApproval));
                    }
                    if post.revision != revision {
                        return Ok(Err(PostError::ChangedSinceReview));
                    }
                    if let Err(e) = usable_channel(c, channel)? {
                        return Ok(Err(e));
                    }
                    let Some(post) = posts::schedule(c, &post, &draft, time.at, time.zone(), now)?
                    else {
                        return Ok(Err(PostError::ChangedSinceReview));
                    };
                    let post = posts::mark_approved(c, post.id, &admin.name, now)?;
                    posts::set_queued_by(c, post.id, admin.id.0)?;
                    let when = when_text(&draft.schedule.when);
                    let (by, about) = (Actor::Member(admin.id.0), Subject::Post(&post));
                    audit::record(c, by, AuditKind::PostApproved, about, Some(&when), now)?;
                    audit::record(c, by, AuditKind::PostScheduled, about, Some(&when), now)?;
                    Ok(Ok((
                        posts::view(c, &post)?,
                        post.schedule_rev,
                        post.author_id,
                    )))
                })
            })
            .await??;
        self.notify(&view, author);
        self.queue_send(&view, schedule_rev, at).await?;
        tracing::info!(post.id = %id, run_at = at, "post approved and queued");
        Ok(view)
    }

    /// Sends the post, as reviewed at `revision`, back to its poster with `comment`.
    pub async fn send_back(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        comment: &str,
    ) -> Result<PostView, PostError> {
        let comment = check_comment(comment)?;
        self.reviewed(id, revision).await?;
        let admin = admin.viewer().clone();
        let (view, author) = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    let Some(post) =
                        posts::send_back(c, id.0, revision, &admin.name, &comment, now)?
                    else {
                        return Ok(Err(PostError::ChangedSinceReview));
                    };
                    let (by, about) = (Actor::Member(admin.id.0), Subject::Post(&post));
                    audit::record(c, by, AuditKind::PostSentBack, about, Some(&comment), now)?;
                    Ok(Ok((posts::view(c, &post)?, post.author_id)))
                })
            })
            .await??;
        self.notify(&view, author);
        Ok(view)
    }

    /// The post, if it still waits for review at `revision`.
    async fn reviewed(&self, id: PostId, revision: i64) -> Result<posts::Post, PostError> {
        let post = self
            .db
            .run(move |c| Ok(posts::find(c, id.0)?))
            .await?
            .ok_or(PostError::NotFound)?;
        if !post.awaits_approval() {
            return Err(PostError::NotAwaitingApproval);
        }
        if post.revision != revision {
            return Err(PostError::ChangedSinceReview);
        }
        Ok(post)
    }
}
