//! Reading posts back: one post with its sends to Discord and the changes to its message, and
//! the dashboard's pages (a poster's own posts; an admin's, everyone's).

use super::{PostError, Posts};
use crate::db::{attempts, message_changes, posts};
use liner::views::{AttemptView, PostDetail, PostFilter, PostPage, Viewer};
use liner::{PostId, Role};

impl Posts {
    /// A post the viewer may see, with its history, oldest first.
    pub async fn detail(&self, viewer: &Viewer, id: PostId) -> Result<PostDetail, PostError> {
        let post = self.visible_post(viewer, id).await?;
        Ok(self
            .db
            .run(move |c| {
                let view = posts::view(c, &post)?;
                let time = |ms: i64| {
                    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms).unwrap_or_default()
                };
                let sends = attempts::for_post(c, post.id)?
                    .into_iter()
                    .map(|a| AttemptView {
                        at: time(a.started_at),
                        outcome: AttemptView::outcome_label(a.outcome.as_deref()).to_string(),
                        detail: a.detail,
                    });
                let changes =
                    message_changes::for_post(c, post.id)?
                        .into_iter()
                        .map(|a| AttemptView {
                            at: time(a.at),
                            outcome: AttemptView::change_label(&a.outcome).to_string(),
                            detail: a.detail,
                        });
                let mut attempts: Vec<AttemptView> = sends.chain(changes).collect();
                // Stable: sends and changes each keep their order within one instant.
                attempts.sort_by_key(|a| a.at);
                Ok(PostDetail {
                    post: view,
                    attempts,
                })
            })
            .await?)
    }

    /// One page of the viewer's posts (an admin sees everyone's), newest first.
    pub async fn page(
        &self,
        viewer: &Viewer,
        filter: PostFilter,
        page: u32,
    ) -> Result<PostPage, PostError> {
        let author = (viewer.role != Role::Admin).then_some(viewer.id.0);
        let (posts, has_more) = self
            .db
            .run(move |c| Ok(posts::page(c, author, filter.statuses(), page)?))
            .await?;
        Ok(PostPage {
            posts,
            page,
            has_more,
            fetched_at: chrono::Utc::now(),
        })
    }
}
