//! The server's side of the app's server functions.

use crate::db::{channels, now_ms, posts, DbError};
use crate::jobs::publish_post::PublishPost;
use crate::state::Shared;
use app::backend::Backend;
use app::AppError;
use async_trait::async_trait;
use liner::views::{ChannelView, PostView, SandboxMessage, Viewer};
use liner::{ChannelId, PostContent, Role};
use std::sync::Arc;

pub struct ServerBackend(pub Arc<Shared>);

/// Logs the detail; the browser gets the short message.
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "server function failed");
    AppError::Internal
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        match e {
            DbError::Pool(_) => {
                tracing::warn!(error = %e, "database pool exhausted");
                AppError::Unavailable
            }
            other => internal(other),
        }
    }
}

#[async_trait]
impl Backend for ServerBackend {
    fn sandbox(&self) -> bool {
        self.0.mode == crate::config::Mode::Sandbox
    }

    fn guild_name(&self) -> String {
        self.0.guild.guild_name.clone()
    }

    async fn channels_for(&self, _viewer: &Viewer) -> Result<Vec<ChannelView>, AppError> {
        let list = self.0.db.run(|c| Ok(channels::all(c)?)).await?;
        Ok(list.iter().map(channels::Channel::view).collect())
    }

    async fn publish_now(
        &self,
        viewer: &Viewer,
        channel: ChannelId,
        content: PostContent,
    ) -> Result<PostView, AppError> {
        let author = viewer.id;
        let stored = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    if channels::find(c, channel.0)?.is_none() {
                        return Ok(None);
                    }
                    let now = now_ms();
                    let post = posts::insert_scheduled(c, author.0, channel.0, &content, now, now)?;
                    Ok(Some((posts::view(c, &post)?, post.schedule_rev)))
                })
            })
            .await?;
        let Some((view, schedule_rev)) = stored else {
            return Err(AppError::Invalid(vec![liner::FieldError {
                field: liner::Field::Channel,
                message: "That channel does not exist (any more); choose another.".into(),
            }]));
        };
        self.0.events.send(author, view.clone());
        // The post is stored as scheduled; if queueing fails, the start-up sweep queues it again.
        let job = PublishPost {
            post_id: view.id,
            schedule_rev,
        };
        if let Err(e) = self.0.queue.enqueue(job).await {
            tracing::error!(post.id = %view.id, error = %e, "could not queue the post");
            return Err(AppError::Unavailable);
        }
        tracing::info!(post.id = %view.id, user.id = %author, "post queued for publishing");
        Ok(view)
    }

    async fn posts_for(&self, viewer: &Viewer) -> Result<Vec<PostView>, AppError> {
        let author = (viewer.role != Role::Admin).then_some(viewer.id.0);
        Ok(self
            .0
            .db
            .run(move |c| Ok(posts::list(c, author, posts::LIST_LIMIT)?))
            .await?)
    }

    async fn sandbox_messages(&self) -> Result<Vec<SandboxMessage>, AppError> {
        let Some(fake) = &self.0.fake else {
            return Err(AppError::NotFound("The sandbox".into()));
        };
        Ok(fake
            .messages()
            .into_iter()
            .rev()
            .map(|m| SandboxMessage {
                id: m.id,
                channel_name: m.channel_name,
                username: m.username,
                timestamp: m.timestamp,
                message: m.body,
            })
            .collect())
    }
}
