//! "Already posted": the Review step warns when the post's release was published or scheduled
//! in the last 90 days (`liner::duplicates`); the poster may go on.

use super::{visible, PostError, Posts};
use crate::db::{now_ms, posts};
use liner::duplicates::{same_release, EarlierPost, WINDOW_DAYS};
use liner::release::Release;
use liner::views::Viewer;
use liner::{DraftId, PostId, PostStatus};

/// At most this many earlier posts are named.
const MAX_NAMED: usize = 5;

impl Posts {
    /// Earlier posts of `release` (other than the draft's own), newest first.
    pub async fn earlier_posts(
        &self,
        viewer: &Viewer,
        draft_id: DraftId,
        release: Release,
    ) -> Result<Vec<EarlierPost>, PostError> {
        let since = now_ms() - WINDOW_DAYS * 24 * 60 * 60 * 1000;
        let viewer = viewer.clone();
        Ok(self
            .db
            .run(move |c| {
                let found = posts::sent_or_scheduled_since(c, since)?
                    .into_iter()
                    .filter(|(p, _, _)| p.draft_id.as_deref() != Some(draft_id.as_str()))
                    .filter(|(p, _, _)| same_release(&p.draft().release, &release))
                    .take(MAX_NAMED)
                    .map(|(post, channel_name, author)| {
                        let at = post
                            .published_at
                            .filter(|_| post.status() == PostStatus::Published)
                            .or(post.scheduled_at)
                            .unwrap_or(post.updated_at);
                        EarlierPost {
                            post_id: PostId(post.id),
                            status: post.status(),
                            channel_name,
                            at: chrono::DateTime::from_timestamp_millis(at).unwrap_or_default(),
                            author,
                            link: visible(&viewer, &post).then(|| format!("/posts/{}", post.id)),
                        }
                    })
                    .collect();
                Ok(found)
            })
            .await?)
    }
}
