//! At start, the posts table is the truth: posts left mid-send by a crash go to review (a webhook
//! send cannot be safely repeated), and scheduled posts get their job queued again (a duplicate
//! push is ignored by its idempotency key).

use crate::db::{now_ms, posts};
use crate::jobs::publish_post::PublishPost;
use crate::state::Shared;
use liner::{PostId, PostStatus};

pub async fn recover(shared: &Shared) -> anyhow::Result<()> {
    let interrupted = shared
        .db
        .run(|c| {
            c.immediate_transaction(|c| {
                let stuck = posts::with_status(c, PostStatus::Publishing)?;
                let reason = "Liner stopped while this post was being sent, so it may or may not \
                              have arrived. Check the channel before sending it again.";
                for p in &stuck {
                    posts::finish(c, p.id, posts::Outcome::NeedsReview { reason }, now_ms())?;
                }
                Ok(stuck.len())
            })
        })
        .await?;
    if interrupted > 0 {
        tracing::warn!(
            count = interrupted,
            "posts interrupted mid-send marked for review"
        );
    }
    let scheduled = shared
        .db
        .run(|c| Ok(posts::with_status(c, PostStatus::Scheduled)?))
        .await?;
    for p in scheduled {
        shared
            .queue
            .enqueue(
                PublishPost {
                    post_id: PostId(p.id),
                    schedule_rev: p.schedule_rev,
                },
                p.scheduled_at.unwrap_or(0),
            )
            .await?;
    }
    Ok(())
}
