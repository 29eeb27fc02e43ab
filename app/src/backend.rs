//! What the server functions need from the server, as one object-safe trait.
//!
//! The app crate has no database or HTTP clients of its own: the server binary implements
//! [`Backend`] and provides it as context, so server functions stay thin and testable.

use crate::AppError;
use async_trait::async_trait;
use liner::views::{ChannelView, PostView, SandboxMessage, Viewer};
use liner::{ChannelId, PostContent};
use std::sync::Arc;

#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Whether Liner runs against its built-in fakes.
    fn sandbox(&self) -> bool;
    /// The guild's display name, for messages such as "you are not a member of …".
    fn guild_name(&self) -> String;
    /// Channels the viewer may post to.
    async fn channels_for(&self, viewer: &Viewer) -> Result<Vec<ChannelView>, AppError>;
    /// Stores a post and queues it for publishing now. `content` is already validated.
    async fn publish_now(
        &self,
        viewer: &Viewer,
        channel: ChannelId,
        content: PostContent,
    ) -> Result<PostView, AppError>;
    /// The viewer's posts, newest first (an admin sees everyone's).
    async fn posts_for(&self, viewer: &Viewer) -> Result<Vec<PostView>, AppError>;
    /// Messages the fake Discord received (sandbox only).
    async fn sandbox_messages(&self) -> Result<Vec<SandboxMessage>, AppError>;
}

/// The backend as held in Leptos context.
pub type SharedBackend = Arc<dyn Backend>;
