//! The admin pages' server functions, one per file. Each passes the one admin guard
//! (`edge::require_admin`) before anything else.

mod add_bot_channel;
mod add_webhook_channel;
mod admin_channels;
mod approval_queue;
mod approvals_waiting;
mod approve_post;
mod audit_log;
mod bot_channel_choices;
mod list_members;
mod remove_channel;
mod rename_channel;
mod replace_webhook;
mod send_back_post;
mod set_approvals;
mod set_channel_enabled;
mod set_channel_identity;
mod settings;
mod sign_out_everywhere;
mod system_report;

pub use add_bot_channel::*;
pub use add_webhook_channel::*;
pub use admin_channels::*;
pub use approval_queue::*;
pub use approvals_waiting::*;
pub use approve_post::*;
pub use audit_log::*;
pub use bot_channel_choices::*;
pub use list_members::*;
pub use remove_channel::*;
pub use rename_channel::*;
pub use replace_webhook::*;
pub use send_back_post::*;
pub use set_approvals::*;
pub use set_channel_enabled::*;
pub use set_channel_identity::*;
pub use settings::*;
pub use sign_out_everywhere::*;
pub use system_report::*;
