//! Components shared by several pages.

pub mod composer;
pub mod delete_post;
pub mod error_notice;
pub mod header;
pub mod input;
pub mod live_posts;
pub mod offline_status;
pub mod page_status;
pub mod preview;
pub mod require_sign_in;
pub mod sign_in_link;
