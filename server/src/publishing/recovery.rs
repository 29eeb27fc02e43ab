//! At start, the posts table is the truth. A post left mid-send by a crash goes back to the queue
//! when its attempt records prove no request went out, or when it goes to a bot channel (its job
//! first looks for the message in the channel, then sends with a nonce); a webhook send that may
//! have gone out goes to review, since it cannot be safely repeated. A send Discord confirmed
//! whose post had not recorded it yet is marked published from its attempt. Scheduled posts get
//! a job of this boot.

use super::{PublishPost, Publisher, QueueError};
use crate::db::{attempts, channels, now_ms, posts, DbError};
use liner::{PostId, PostStatus};

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("recovering posts: {0}")]
    Db(#[from] DbError),
    #[error("queueing scheduled posts again: {0}")]
    Queue(#[from] QueueError),
}

pub async fn recover(shared: &Publisher) -> Result<(), RecoveryError> {
    let can_check = shared.bot_token.is_some();
    let (requeued, doubtful, confirmed) = shared
        .db
        .run(move |c| {
            c.immediate_transaction(|c| {
                let stuck = posts::with_status(c, PostStatus::Publishing)?;
                let reason = "Liner stopped while this post was being sent, so it may or may not \
                              have arrived. Check the channel before sending it again.";
                let (mut requeued, mut doubtful, mut confirmed) = (0, 0, 0);
                for p in &stuck {
                    // Discord confirmed it; only the post's own record was missing.
                    if let Some(id) = attempts::sent_message(c, p.id, p.schedule_rev)? {
                        let outcome = posts::Outcome::Published {
                            message_id: &id,
                            notice: None,
                        };
                        posts::finish(c, p.id, outcome, now_ms())?;
                        confirmed += 1;
                        continue;
                    }
                    let bot = match p.channel_id {
                        Some(id) => channels::find(c, id)?.is_some_and(|ch| ch.is_bot()),
                        None => false,
                    };
                    if attempts::may_have_arrived(c, p.id, p.schedule_rev)? && !(bot && can_check) {
                        posts::finish(c, p.id, posts::Outcome::NeedsReview { reason }, now_ms())?;
                        doubtful += 1;
                    } else {
                        posts::requeue_interrupted(c, p.id, now_ms())?;
                        requeued += 1;
                    }
                }
                Ok((requeued, doubtful, confirmed))
            })
        })
        .await?;
    if requeued + doubtful + confirmed > 0 {
        tracing::warn!(
            requeued,
            doubtful,
            confirmed,
            "posts interrupted mid-send: those never sent are queued again, the others marked for review"
        );
    }
    // Each scheduled post gets a job of this boot. A job the dead process had already fetched
    // stays locked by it until apalis declares it orphaned (a minute), so an ordinary push,
    // ignored as a duplicate of that job, would leave the post waiting. The revision stays, and
    // with it a bot send's nonce; whichever job runs first claims the post, the other nothing.
    let boot = now_ms();
    let scheduled = shared
        .db
        .run(|c| Ok(posts::with_status(c, PostStatus::Scheduled)?))
        .await?;
    for p in scheduled {
        let job = PublishPost {
            post_id: PostId(p.id),
            schedule_rev: p.schedule_rev,
        };
        let key = job.restart_key(boot);
        shared
            .queue
            .enqueue_keyed(job, p.scheduled_at.unwrap_or(0), key)
            .await?;
    }
    Ok(())
}
