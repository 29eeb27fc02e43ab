//! `app::backend::ChannelsBackend`: the channels a post can go to and the roles it can mention.

use super::ServerBackend;
use app::backend::ChannelsBackend;
use app::AppError;
use async_trait::async_trait;
use liner::post::RoleRef;
use liner::views::{ChannelView, Viewer};

#[async_trait]
impl ChannelsBackend for ServerBackend {
    async fn channels_for(&self, _viewer: &Viewer) -> Result<Vec<ChannelView>, AppError> {
        Ok(self.0.channels.views().await?)
    }

    async fn mention_roles(&self) -> Result<Vec<RoleRef>, AppError> {
        Ok(self.0.posts.mention_roles().await?)
    }
}
