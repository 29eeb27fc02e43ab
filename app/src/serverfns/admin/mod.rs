//! The admin pages' server functions, one per file. Each passes the one admin guard
//! (`edge::require_admin`) before anything else.

mod add_bot_channel;
mod add_webhook_channel;
mod admin_channels;
mod audit_log;
mod list_members;
mod remove_channel;
mod rename_channel;
mod replace_webhook;
mod set_channel_enabled;
mod set_channel_identity;
mod sign_out_everywhere;

pub use add_bot_channel::*;
pub use add_webhook_channel::*;
pub use admin_channels::*;
pub use audit_log::*;
pub use list_members::*;
pub use remove_channel::*;
pub use rename_channel::*;
pub use replace_webhook::*;
pub use set_channel_enabled::*;
pub use set_channel_identity::*;
pub use sign_out_everywhere::*;
