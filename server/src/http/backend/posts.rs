//! `app::backend::PostsBackend`: drafts, publishing, published messages and settling sends, by
//! `posts::Posts`.

use super::ServerBackend;
use crate::posts::schedule;
use app::backend::PostsBackend;
use app::AppError;
use async_trait::async_trait;
use liner::views::{
    PostDetail, PostFilter, PostPage, PostView, ResolvedTime, SaveOutcome, StoredDraft, Viewer,
};
use liner::{Draft, PostId};

#[async_trait]
impl PostsBackend for ServerBackend {
    async fn save_draft(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<SaveOutcome, AppError> {
        Ok(self
            .0
            .posts
            .save_draft(viewer, draft, base_revision)
            .await?)
    }

    async fn load_draft(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError> {
        Ok(self.0.posts.load_draft(viewer, id).await?)
    }

    async fn publish(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError> {
        Ok(self.0.posts.publish(viewer, draft, base_revision).await?)
    }

    async fn update_published(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError> {
        // It changes a message in Discord: the role is asked of Discord first.
        let viewer = self.0.membership.confirm(viewer).await?;
        Ok(self
            .0
            .posts
            .update_published(&viewer, draft, base_revision)
            .await?)
    }

    async fn delete_post(
        &self,
        viewer: &Viewer,
        id: PostId,
        from_discord: bool,
    ) -> Result<(), AppError> {
        if from_discord {
            let viewer = self.0.membership.confirm(viewer).await?;
            return Ok(self.0.posts.delete(&viewer, id, true).await?);
        }
        Ok(self.0.posts.delete(viewer, id, false).await?)
    }

    async fn post_detail(&self, viewer: &Viewer, id: PostId) -> Result<PostDetail, AppError> {
        Ok(self.0.posts.detail(viewer, id).await?)
    }

    async fn retry_post(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError> {
        Ok(self.0.posts.retry(viewer, id).await?)
    }

    async fn confirm_arrived(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError> {
        Ok(self.0.posts.confirm_arrived(viewer, id).await?)
    }

    async fn duplicate_post(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError> {
        Ok(self.0.posts.duplicate(viewer, id).await?)
    }

    async fn posts_page(
        &self,
        viewer: &Viewer,
        filter: PostFilter,
        page: u32,
    ) -> Result<PostPage, AppError> {
        Ok(self.0.posts.page(viewer, filter, page).await?)
    }

    fn resolve_time(&self, local: &str, timezone: &str) -> Result<ResolvedTime, AppError> {
        Ok(schedule::resolve(local, timezone, chrono::Utc::now())?)
    }

    async fn earlier_posts(
        &self,
        viewer: &Viewer,
        draft_id: liner::DraftId,
        release: liner::Release,
    ) -> Result<Vec<liner::duplicates::EarlierPost>, AppError> {
        Ok(self
            .0
            .posts
            .earlier_posts(viewer, draft_id, release)
            .await?)
    }
}
