//! Reading posts back: one post with its sends to Discord and the changes to its message, and
//! the dashboard's pages (a poster's own posts; an admin's, everyone's).

use super::{PostError, Posts};
use crate::db::{attempts, audit, message_changes, posts, users};
use liner::views::{AttemptView, Deleted, PostDetail, PostFilter, PostPage, Viewer};
use liner::{PostId, Role};

impl Posts {
    /// A post the viewer may see, with its history, oldest first. An admin also sees a deleted
    /// post, marked so.
    pub async fn detail(&self, viewer: &Viewer, id: PostId) -> Result<PostDetail, PostError> {
        let post = match self.visible_post(viewer, id).await {
            Err(PostError::NotFound) if viewer.role == Role::Admin => self
                .db
                .run(move |c| Ok(posts::find_with_deleted(c, id.0)?))
                .await?
                .ok_or(PostError::NotFound)?,
            other => other?,
        };
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
                let deleted = match post.deleted_at {
                    Some(at) => Some(Deleted {
                        at: time(at),
                        by: match post.deleted_by {
                            Some(by) => users::find(c, by)?.map(|u| u.name),
                            None => None,
                        }
                        .unwrap_or_else(|| "someone".to_string()),
                    }),
                    None => None,
                };
                Ok(PostDetail {
                    post: view,
                    attempts,
                    history: audit::for_post(c, post.id)?,
                    deleted,
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
