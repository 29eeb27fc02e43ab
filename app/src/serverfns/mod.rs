//! Typed server functions, one per file. Each checks the session itself.

mod list_channels;
mod list_posts;
mod publish_post;
mod sandbox_messages;
mod session_info;

#[cfg(feature = "ssr")]
pub mod edge;

pub use list_channels::*;
pub use list_posts::*;
pub use publish_post::*;
pub use sandbox_messages::*;
pub use session_info::*;
