//! The publish job: claims one post at one schedule revision, sends it, records Discord's answer.
//!
//! Idempotent: the claim is a compare-and-set from `scheduled` at the job's revision, so a second
//! run, or a job for an older schedule, finds nothing to claim and does nothing.
//!
//! [`webhook`] and [`bot`] send; [`reconcile`] looks for a bot post an earlier run may have sent;
//! [`attempt_log`] leaves the trace recovery reads; [`outcome`] names how it ended.

mod attempt_log;
mod bot;
mod outcome;
mod reconcile;
mod webhook;

use super::sender_check::{self, Verdict};
use super::{PublishPost, Publisher};
use crate::db::channels::Channel;
use crate::db::posts::{self, Outcome, Post};
use crate::db::{now_ms, DbError};
use crate::discord::SendTarget;
use apalis::prelude::{BoxDynError, Data};
use liner::message::DiscordMessage;
use liner::{Check, Draft, PostId, UserId};
use outcome::{late_by, Failure, Sent};
use std::sync::Arc;
use std::time::Duration;

/// A job whose channel's bucket is exhausted for longer than this steps aside until it refills.
const STEP_ASIDE_AFTER: Duration = Duration::from_millis(500);

/// A post this late when claimed says so once published.
const LATE_NOTICE_MS: i64 = 60_000;

/// How long the post's send would wait for its channel's rate limit now; `None` when the post
/// is not due for this job (it will claim nothing) or its channel cannot be read.
async fn bucket_wait(p: &Publisher, post_id: PostId, schedule_rev: i64) -> Option<Duration> {
    let found =
        p.db.run(move |c| {
            let Some(post) = due_for(c, post_id, schedule_rev)? else {
                return Ok(None);
            };
            Ok(match post.channel_id {
                Some(id) => crate::db::channels::find(c, id)?,
                None => None,
            })
        })
        .await
        .ok()??;
    if found.is_bot() {
        return Some(
            p.discord
                .send_wait(SendTarget::Channel(&found.discord_channel_id)),
        );
    }
    let url = p.channels.webhook_url(&found).ok()?;
    Some(p.discord.send_wait(SendTarget::Webhook(&url)))
}

/// Whether the post is due for this job but its channel is disabled. It then stays scheduled,
/// saying why; enabling the channel queues it again (`admin::channels`).
async fn held_by_disabled_channel(p: &Publisher, post_id: PostId, schedule_rev: i64) -> bool {
    let held =
        p.db.run(move |c| {
            let Some(post) = due_for(c, post_id, schedule_rev)? else {
                return Ok(None);
            };
            let Some(channel) = post
                .channel_id
                .map(|id| crate::db::channels::find(c, id))
                .transpose()?
                .flatten()
            else {
                return Ok(None);
            };
            if !channel.is_disabled() {
                return Ok(None);
            }
            let why = format!(
                "Waiting: #{} is disabled by an admin. It goes out when the channel is enabled.",
                channel.name
            );
            posts::set_notice(c, post.id, Some(&why))?;
            Ok(posts::find(c, post.id)?)
        })
        .await;
    match held {
        Ok(Some(post)) => {
            tracing::info!(post.id = %post_id, "due, but its channel is disabled; waiting");
            notify(p, &post).await;
            true
        }
        Ok(None) => false,
        Err(e) => {
            tracing::warn!(post.id = %post_id, error = %e, "could not check the post's channel");
            false
        }
    }
}

/// The post, when it is scheduled at this job's revision (else the job has nothing to do).
fn due_for(
    c: &mut diesel::SqliteConnection,
    post_id: PostId,
    schedule_rev: i64,
) -> diesel::QueryResult<Option<Post>> {
    Ok(posts::find(c, post_id.0)?.filter(|post| {
        post.status() == liner::PostStatus::Scheduled && post.schedule_rev == schedule_rev
    }))
}

/// The post, when it is due for this job.
async fn due_post(p: &Publisher, post_id: PostId, schedule_rev: i64) -> Option<Post> {
    p.db.run(move |c| Ok(due_for(c, post_id, schedule_rev)?))
        .await
        .ok()
        .flatten()
}

/// Whether the post's sender may post, asked before the claim: a post that must wait for
/// Discord's answer is not claimed at all. `None` when the post is not due for this job.
async fn sender_verdict(p: &Publisher, post_id: PostId, schedule_rev: i64) -> Option<Verdict> {
    let post = due_post(p, post_id, schedule_rev).await?;
    Some(sender_check::verdict(p, &post).await)
}

/// Leaves the post scheduled, saying why it waits, and looks at it again shortly.
async fn wait_for_sender(
    p: &Publisher,
    post_id: PostId,
    schedule_rev: i64,
    why: String,
) -> Result<(), BoxDynError> {
    let held =
        p.db.run(move |c| {
            let Some(post) = due_for(c, post_id, schedule_rev)? else {
                return Ok(None);
            };
            if post.notice.as_deref() == Some(why.as_str()) {
                return Ok(Some(None));
            }
            posts::set_notice(c, post.id, Some(&why))?;
            Ok(Some(posts::find(c, post.id)?))
        })
        .await?;
    let Some(changed) = held else {
        return Ok(());
    };
    if let Some(post) = changed {
        notify(p, &post).await;
    }
    let until = now_ms() + sender_check::RECHECK.as_millis() as i64;
    let job = PublishPost {
        post_id,
        schedule_rev,
    };
    let key = format!("{}:sender-{until}", job.idempotency_key());
    p.queue.enqueue_keyed(job, until, key).await?;
    Ok(())
}

/// Publishes the post if this run wins the claim; safe to run any number of times.
pub async fn run(job: PublishPost, state: Data<Arc<Publisher>>) -> Result<(), BoxDynError> {
    let p: Arc<Publisher> = (*state).clone();
    let PublishPost {
        post_id,
        schedule_rev,
    } = job;
    if held_by_disabled_channel(&p, post_id, schedule_rev).await {
        return Ok(());
    }
    if let Some(wait) = bucket_wait(&p, post_id, schedule_rev).await {
        if wait > STEP_ASIDE_AFTER {
            // Waiting here would hold a worker that posts to other channels need.
            let until = now_ms() + wait.as_millis() as i64;
            let job = PublishPost {
                post_id,
                schedule_rev,
            };
            let key = format!("{}:after-{until}", job.idempotency_key());
            p.queue.enqueue_keyed(job, until, key).await?;
            metrics::counter!("liner_publish_deferred_total").increment(1);
            tracing::debug!(post.id = %post_id, ?wait, "channel's rate limit exhausted; job deferred");
            return Ok(());
        }
    }
    let sender = match sender_verdict(&p, post_id, schedule_rev).await {
        Some(Verdict::Wait(why)) => {
            return wait_for_sender(&p, post_id, schedule_rev, why).await;
        }
        other => other,
    };
    let now = now_ms();
    let claimed =
        p.db.run(move |c| Ok(posts::claim(c, post_id.0, schedule_rev, now)?))
            .await?;
    let Some(post) = claimed else {
        tracing::info!(post.id = %post_id, schedule_rev, "nothing to publish (stale or already claimed)");
        return Ok(());
    };
    notify(&p, &post).await;
    let due = post.scheduled_at.unwrap_or(now);
    let late_ms = now.saturating_sub(due).max(0);
    let outcome = match load_channel(&p, &post).await {
        Err(why) => Sent::Failed(why),
        Ok(channel) => {
            if let Some(settled) = reconcile::settle_earlier_send(&p, &post, &channel).await {
                settled
            } else if late_ms > p.late_grace.as_millis() as i64 {
                Sent::Failed(Failure::Missed {
                    due_ms: due,
                    grace: p.late_grace,
                })
            } else if let Some(Verdict::Refuse(why)) = sender {
                // Failed, not "needs review": nothing went out, so there is nothing to look for
                // in the channel (and "It arrived" would record a message that does not exist).
                Sent::Failed(Failure::Sender(why))
            } else {
                send(&p, &post, &channel).await
            }
        }
    };
    let label = match &outcome {
        Sent::Published(_) => "published",
        Sent::Failed(_) => "failed",
        Sent::NeedsReview(_) => "needs_review",
    };
    if matches!(outcome, Sent::Published(_)) {
        let latency = (now_ms().saturating_sub(due)).max(0) as f64 / 1000.0;
        metrics::histogram!("liner_publish_latency_seconds").record(latency);
    }
    let notice = (late_ms >= LATE_NOTICE_MS).then(|| {
        format!(
            "Published {} after its time (Liner was busy or not running).",
            late_by(late_ms)
        )
    });
    let record = match &outcome {
        Sent::Published(id) => Record::Published(id.clone(), notice),
        Sent::Failed(why) => Record::Failed(why.to_string()),
        Sent::NeedsReview(why) => Record::NeedsReview(why.to_string()),
    };
    let reason = match &record {
        Record::Published(..) => None,
        Record::Failed(r) | Record::NeedsReview(r) => Some(r.clone()),
    };
    let finished = record_outcome(&p, post_id, record).await?;
    metrics::counter!("liner_posts_total", "outcome" => label).increment(1);
    match &reason {
        None => tracing::info!(post.id = %post_id, "published"),
        Some(r) => {
            tracing::warn!(post.id = %post_id, outcome = label, reason = %r, "not published")
        }
    }
    if let Some(post) = finished {
        notify(&p, &post).await;
    }
    Ok(())
}

/// A send's outcome as stored: the message id and any notice, or the reason.
enum Record {
    Published(String, Option<String>),
    Failed(String),
    NeedsReview(String),
}

/// Records how the send ended. A busy database is waited out a few times: until this lands,
/// the post stays "publishing" (recovery at the next start settles it from its attempts).
async fn record_outcome(
    p: &Publisher,
    post_id: PostId,
    record: Record,
) -> Result<Option<Post>, DbError> {
    let record = Arc::new(record);
    let mut tries = 0;
    loop {
        let record = record.clone();
        let written =
            p.db.run(move |c| {
                let outcome = match &*record {
                    Record::Published(id, notice) => Outcome::Published {
                        message_id: id,
                        notice: notice.as_deref(),
                    },
                    Record::Failed(reason) => Outcome::Failed { reason },
                    Record::NeedsReview(reason) => Outcome::NeedsReview { reason },
                };
                Ok(posts::finish(c, post_id.0, outcome, now_ms())?)
            })
            .await;
        tries += 1;
        match written {
            Err(e) if tries < 5 => {
                tracing::warn!(post.id = %post_id, error = %e, "could not record a send's outcome; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            done => return done,
        }
    }
}

/// The claimed post's channel, read once for the whole run.
async fn load_channel(p: &Publisher, post: &Post) -> Result<Channel, Failure> {
    let channel_id = post.channel_id.ok_or(Failure::NoChannel)?;
    match p.channels.find(channel_id).await {
        Ok(Some(ch)) => Ok(ch),
        Ok(None) => Err(Failure::ChannelRemoved),
        Err(e) => {
            tracing::error!(error = %e, "could not load the channel");
            Err(Failure::ChannelUnreadable)
        }
    }
}

/// Validates the post once more and sends it the channel's way.
async fn send(p: &Publisher, post: &Post, channel: &Channel) -> Sent {
    let draft = post.draft();
    // What Discord takes; which hosts its URLs name was checked when it was saved (Discord,
    // not a member's browser, fetches them from here on).
    let rules = Check::Publish.with_hosts(liner::Hosts::Any);
    if let Some(err) = draft.validate(rules).into_iter().next() {
        return Sent::Failed(Failure::Invalid(err));
    }
    let message = outgoing(&draft, channel, chrono::Utc::now());
    if channel.is_bot() {
        return bot::send(p, post, channel, &message).await;
    }
    webhook::send(p, post, channel, message, &draft.release).await
}

/// The message a post sends to `channel`: a webhook's carries the sender's name and avatar
/// (the post's own, else the channel's); a bot's is the bot's. The admins' approval queue
/// previews this very message.
pub fn outgoing(
    draft: &Draft,
    channel: &Channel,
    at: chrono::DateTime<chrono::Utc>,
) -> DiscordMessage {
    let message = DiscordMessage::for_post(&draft.body, &draft.release, at);
    if channel.is_bot() {
        return message;
    }
    message.with_identity(&draft.body.identity.or(&channel.identity()))
}

/// Tells the author's open pages (and admins') how the post stands now.
async fn notify(p: &Publisher, post: &Post) {
    let row = post.clone();
    match p.db.run(move |c| Ok(posts::view(c, &row)?)).await {
        Ok(view) => p.events.send(UserId(post.author_id), view),
        Err(e) => tracing::error!(error = %e, "could not load a post for its live update"),
    }
}
