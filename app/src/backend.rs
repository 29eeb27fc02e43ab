//! What the server functions need from the server, as one object-safe trait.
//!
//! The app crate has no database or HTTP clients of its own: the server binary implements
//! [`Backend`] and provides it as context, so server functions stay thin and testable. Input is
//! validated by the server functions before it reaches the backend; permissions are checked by
//! the backend, which knows who owns what.

use crate::AppError;
use async_trait::async_trait;
use liner::lookup::{FoundRelease, Resolved, SearchResults, SourceRef};
use liner::post::RoleRef;
use liner::views::{
    ChannelView, PostDetail, PostFilter, PostPage, PostView, ResolvedTime, SandboxMessage,
    SaveOutcome, StoredDraft, Viewer,
};
use liner::{Draft, PostId};
use std::sync::Arc;

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Whether Liner runs against its built-in fakes.
    fn sandbox(&self) -> bool;
    /// The guild's display name, for messages such as "you are not a member of …".
    fn guild_name(&self) -> String;
    /// Channels the viewer may post to.
    async fn channels_for(&self, viewer: &Viewer) -> Result<Vec<ChannelView>, AppError>;
    /// Roles a post may mention.
    async fn mention_roles(&self) -> Result<Vec<RoleRef>, AppError>;
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
    /// Searches every configured release source at once.
    async fn search_releases(
        &self,
        viewer: &Viewer,
        query: String,
    ) -> Result<SearchResults, AppError>;
    /// A release a search found, to fill the draft.
    async fn load_release(
        &self,
        viewer: &Viewer,
        from: SourceRef,
    ) -> Result<FoundRelease, AppError>;
    /// The release a pasted link names.
    async fn resolve_link(&self, viewer: &Viewer, link: String) -> Result<Resolved, AppError>;
    /// Resolves a wall-clock time in an IANA time zone.
    fn resolve_time(&self, local: &str, timezone: &str) -> Result<ResolvedTime, AppError>;
    /// Messages the fake Discord received (sandbox only).
    async fn sandbox_messages(&self) -> Result<Vec<SandboxMessage>, AppError>;
}

/// The backend as held in Leptos context.
pub type SharedBackend = Arc<dyn Backend>;
