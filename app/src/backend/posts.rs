//! Posts: drafts, publishing, published messages, settling sends, and reading them back.

use crate::AppError;
use async_trait::async_trait;
use liner::views::{
    PostDetail, PostFilter, PostPage, PostView, ResolvedTime, SaveOutcome, StoredDraft, Viewer,
};
use liner::{Draft, PostId};

#[async_trait]
pub trait PostsBackend: Send + Sync + 'static {
    /// Upserts a draft by its UUID, compare-and-set on `base_revision`.
    async fn save_draft(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<SaveOutcome, AppError>;
    /// A post the viewer may edit, as a draft.
    async fn load_draft(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError>;
    /// Stores the post and queues it for its time (now, or the draft's "publish at").
    async fn publish(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError>;
    /// Updates a published post's message in Discord to the draft, then stores the draft
    /// (compare-and-set on `base_revision`). Nothing is stored when Discord refuses.
    async fn update_published(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError>;
    /// Deletes a post from Liner and, when `from_discord`, first its message from Discord.
    async fn delete_post(
        &self,
        viewer: &Viewer,
        id: PostId,
        from_discord: bool,
    ) -> Result<(), AppError>;
    /// A post the viewer may see, with its sends to Discord.
    async fn post_detail(&self, viewer: &Viewer, id: PostId) -> Result<PostDetail, AppError>;
    /// Queues a failed post, or (admins) a doubtful one, to be sent again now.
    async fn retry_post(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError>;
    /// Records that a doubtful post did arrive (admins, who can check the channel).
    async fn confirm_arrived(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError>;
    /// A new draft with the same release and post, to be scheduled anew.
    async fn duplicate_post(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError>;
    /// One page of the viewer's posts (an admin sees everyone's), newest first.
    async fn posts_page(
        &self,
        viewer: &Viewer,
        filter: PostFilter,
        page: u32,
    ) -> Result<PostPage, AppError>;
    /// Resolves a wall-clock time in an IANA time zone.
    fn resolve_time(&self, local: &str, timezone: &str) -> Result<ResolvedTime, AppError>;
    /// Earlier posts of the same release in the last 90 days (not the draft's own).
    async fn earlier_posts(
        &self,
        viewer: &Viewer,
        draft_id: liner::DraftId,
        release: liner::Release,
    ) -> Result<Vec<liner::duplicates::EarlierPost>, AppError>;
}
