//! `app::backend::SessionBackend`: how this Liner runs, and the sandbox's received messages.

use super::ServerBackend;
use crate::config::Mode;
use app::backend::SessionBackend;
use app::AppError;
use async_trait::async_trait;
use liner::views::SandboxMessage;

#[async_trait]
impl SessionBackend for ServerBackend {
    fn sandbox(&self) -> bool {
        self.0.site.mode == Mode::Sandbox
    }

    fn hosts(&self) -> liner::Hosts {
        self.0.site.hosts
    }

    fn guild_name(&self) -> String {
        self.0.site.guild_name.clone()
    }

    async fn approvals_on(&self) -> Result<bool, AppError> {
        let db = &self.0.db;
        Ok(db
            .run(|c| Ok(crate::db::settings::load(c)?.approvals))
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
            .filter(|m| !m.deleted)
            .map(|m| SandboxMessage {
                id: m.id,
                channel_name: m.channel_name,
                username: m.username,
                timestamp: m.timestamp,
                message: m.body,
                edited: m.edited.is_some(),
            })
            .collect())
    }
}
