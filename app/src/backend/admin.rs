//! What the admin pages ask of the server. Every method takes an [`AdminViewer`], which only
//! the core's admin check makes (`serverfns::edge::require_admin`).

use crate::AppError;
use async_trait::async_trait;
use liner::admin::{AdminChannel, MembersPage, Settings, WebhookReplaced};
use liner::approval::{ApprovalItem, ApproveWhen};
use liner::audit::{AuditPage, AuditQuery};
use liner::views::PostView;
use liner::{AdminViewer, ChannelId, PostId, UserId};

#[async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    async fn admin_channels(&self, admin: &AdminViewer) -> Result<Vec<AdminChannel>, AppError>;
    async fn add_webhook_channel(
        &self,
        admin: &AdminViewer,
        name: String,
        webhook: String,
        forum: bool,
    ) -> Result<AdminChannel, AppError>;
    async fn add_bot_channel(
        &self,
        admin: &AdminViewer,
        name: String,
        channel_id: String,
    ) -> Result<AdminChannel, AppError>;
    async fn replace_webhook(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        webhook: String,
    ) -> Result<WebhookReplaced, AppError>;
    async fn rename_channel(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        name: String,
    ) -> Result<(), AppError>;
    async fn set_channel_enabled(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        enabled: bool,
    ) -> Result<(), AppError>;
    async fn set_channel_identity(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        identity: liner::post::WebhookIdentity,
    ) -> Result<(), AppError>;
    async fn remove_channel(&self, admin: &AdminViewer, id: ChannelId) -> Result<(), AppError>;
    async fn members(&self, admin: &AdminViewer) -> Result<MembersPage, AppError>;
    /// Ends all of the member's sessions; returns how many.
    async fn sign_out_everywhere(
        &self,
        admin: &AdminViewer,
        member: UserId,
    ) -> Result<u32, AppError>;
    async fn audit_log(
        &self,
        admin: &AdminViewer,
        query: AuditQuery,
    ) -> Result<AuditPage, AppError>;
    async fn settings(&self, admin: &AdminViewer) -> Result<Settings, AppError>;
    async fn set_approvals(&self, admin: &AdminViewer, on: bool) -> Result<Settings, AppError>;
    /// Posts waiting for review, the longest-waiting first.
    async fn approval_queue(&self, admin: &AdminViewer) -> Result<Vec<ApprovalItem>, AppError>;
    async fn approvals_waiting(&self, admin: &AdminViewer) -> Result<u32, AppError>;
    /// Approves the post as reviewed at `revision`, to go out as asked or at `when`.
    async fn approve_post(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        when: ApproveWhen,
    ) -> Result<PostView, AppError>;
    /// Sends the post, as reviewed at `revision`, back to its poster with `comment`.
    async fn send_back_post(
        &self,
        admin: &AdminViewer,
        id: PostId,
        revision: i64,
        comment: String,
    ) -> Result<PostView, AppError>;
    /// Admin → System's figures.
    async fn system_report(
        &self,
        admin: &AdminViewer,
    ) -> Result<liner::system::SystemReport, AppError>;
    /// The guild's channels the bot can post in.
    async fn bot_channel_choices(
        &self,
        admin: &AdminViewer,
    ) -> Result<liner::admin::BotChannelChoices, AppError>;
}
