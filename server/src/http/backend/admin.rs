//! `app::backend::AdminBackend`: the admin pages, by `admin::Admin`.

use super::ServerBackend;
use app::backend::AdminBackend;
use app::AppError;
use async_trait::async_trait;
use liner::admin::{AdminChannel, MembersPage, Settings, WebhookReplaced};
use liner::approval::{ApprovalItem, ApproveWhen};
use liner::audit::{AuditPage, AuditQuery};
use liner::views::PostView;
use liner::{AdminViewer, ChannelId, PostId, UserId};

#[async_trait]
impl AdminBackend for ServerBackend {
    async fn admin_channels(&self, admin: &AdminViewer) -> Result<Vec<AdminChannel>, AppError> {
        Ok(self.0.admin.channels(admin).await?)
    }

    async fn add_webhook_channel(
        &self,
        admin: &AdminViewer,
        name: String,
        webhook: String,
        forum: bool,
    ) -> Result<AdminChannel, AppError> {
        Ok(self
            .0
            .admin
            .add_webhook(admin, &name, &webhook, forum)
            .await?)
    }

    async fn add_bot_channel(
        &self,
        admin: &AdminViewer,
        name: String,
        channel_id: String,
    ) -> Result<AdminChannel, AppError> {
        Ok(self.0.admin.add_bot(admin, &name, &channel_id).await?)
    }

    async fn replace_webhook(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        webhook: String,
    ) -> Result<WebhookReplaced, AppError> {
        let (channel, kept_old_webhook) = self.0.admin.replace_webhook(admin, id, &webhook).await?;
        Ok(WebhookReplaced {
            channel,
            kept_old_webhook,
        })
    }

    async fn rename_channel(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        name: String,
    ) -> Result<(), AppError> {
        Ok(self.0.admin.rename(admin, id, &name).await?)
    }

    async fn set_channel_enabled(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        enabled: bool,
    ) -> Result<(), AppError> {
        Ok(self.0.admin.set_enabled(admin, id, enabled).await?)
    }

    async fn set_channel_identity(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        identity: liner::post::WebhookIdentity,
    ) -> Result<(), AppError> {
        Ok(self.0.admin.set_identity(admin, id, identity).await?)
    }

    async fn remove_channel(&self, admin: &AdminViewer, id: ChannelId) -> Result<(), AppError> {
        Ok(self.0.admin.remove(admin, id).await?)
    }

    async fn members(&self, admin: &AdminViewer) -> Result<MembersPage, AppError> {
        Ok(self.0.admin.members(admin).await?)
    }

    async fn sign_out_everywhere(
        &self,
        admin: &AdminViewer,
        member: UserId,
    ) -> Result<u32, AppError> {
        let ended = self.0.admin.sign_out_everywhere(admin, member).await?;
        Ok(u32::try_from(ended).unwrap_or(u32::MAX))
    }

    async fn audit_log(
        &self,
        admin: &AdminViewer,
        query: AuditQuery,
    ) -> Result<AuditPage, AppError> {
        Ok(self.0.admin.audit_page(admin, query).await?)
    }

    async fn settings(&self, admin: &AdminViewer) -> Result<Settings, AppError> {
        Ok(self.0.admin.settings(admin).await?)
    }

    async fn set_approvals(&self, admin: &AdminViewer, on: bool) -> Result<Settings, AppError> {
        Ok(self.0.admin.set_approvals(admin, on).await?)
    }

    async fn approval_queue(&self, admin: &AdminViewer) -> Result<Vec<ApprovalItem>, AppError> {
        Ok(self.0.posts.approval_queue(admin).await?)
    }

    async fn approvals_waiting(&self, admin: &AdminViewer) -> Result<u32, AppError> {
        Ok(self.0.posts.approvals_waiting(admin).await?)
    }

    async fn approve_post(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        when: ApproveWhen,
    ) -> Result<PostView, AppError> {
        Ok(self.0.posts.approve(admin, id, revision, when).await?)
    }

    async fn send_back_post(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        comment: String,
    ) -> Result<PostView, AppError> {
        Ok(self
            .0
            .posts
            .send_back(admin, id, revision, &comment)
            .await?)
    }

    async fn system_report(
        &self,
        admin: &AdminViewer,
    ) -> Result<liner::system::SystemReport, AppError> {
        Ok(self.0.admin.system(admin).await?)
    }

    async fn bot_channel_choices(
        &self,
        admin: &AdminViewer,
    ) -> Result<liner::admin::BotChannelChoices, AppError> {
        Ok(self.0.admin.bot_choices(admin).await?)
    }
}
