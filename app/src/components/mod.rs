//! Components shared by several pages.

pub mod discord_message;
pub mod header;
pub mod live_posts;
pub mod page_status;
pub mod require_sign_in;
pub mod session;
pub mod sign_in_link;
pub mod text_field;
