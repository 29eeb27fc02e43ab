//! Where a post can go and whom it can mention.

use crate::AppError;
use async_trait::async_trait;
use liner::post::RoleRef;
use liner::views::{ChannelView, Viewer};

#[async_trait]
pub trait ChannelsBackend: Send + Sync + 'static {
    /// Channels the viewer may post to.
    async fn channels_for(&self, viewer: &Viewer) -> Result<Vec<ChannelView>, AppError>;
    /// Roles a post may mention.
    async fn mention_roles(&self) -> Result<Vec<RoleRef>, AppError>;
}
