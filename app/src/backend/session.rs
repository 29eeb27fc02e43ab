//! How this Liner runs, for every page: sandbox or not, the guild's name, and (sandbox only)
//! what the fake Discord received.

use crate::AppError;
use async_trait::async_trait;
use liner::views::SandboxMessage;

#[async_trait]
pub trait SessionBackend: Send + Sync + 'static {
    /// Whether Liner runs against its built-in fakes.
    fn sandbox(&self) -> bool;
    /// Which hosts a post's image and link URLs may name.
    fn hosts(&self) -> liner::Hosts;
    /// The guild's display name, for messages such as "you are not a member of …".
    fn guild_name(&self) -> String;
    /// Whether posters' posts wait for an admin's approval.
    async fn approvals_on(&self) -> Result<bool, AppError>;
    /// Messages the fake Discord received (sandbox only).
    async fn sandbox_messages(&self) -> Result<Vec<SandboxMessage>, AppError>;
}
