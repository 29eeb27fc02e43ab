//! Typed server functions, one per file, each at a fixed endpoint (the default URL hashes the
//! source location and would change between builds, breaking replayed offline saves). Each
//! checks the session itself.

pub mod admin;
mod delete_post;
mod duplicate_post;
mod earlier_posts;
mod list_channels;
mod list_mention_roles;
mod list_posts;
mod load_draft;
mod lookup;
mod post_detail;
mod publish_post;
mod resolve_time;
mod retry_post;
mod sandbox_messages;
mod save_draft;
mod session_info;
mod update_published;

#[cfg(feature = "ssr")]
pub mod edge;

use liner::Draft;
use serde::{Deserialize, Serialize};

/// A draft as the wizard sends it to be saved or published, with the server revision it was
/// last loaded or saved at (`None` if never), for the compare-and-set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRequest {
    pub draft: Draft,
    pub base_revision: Option<i64>,
}

pub use delete_post::*;
pub use duplicate_post::*;
pub use earlier_posts::*;
pub use list_channels::*;
pub use list_mention_roles::*;
pub use list_posts::*;
pub use load_draft::*;
pub use lookup::*;
pub use post_detail::*;
pub use publish_post::*;
pub use resolve_time::*;
pub use retry_post::*;
pub use sandbox_messages::*;
pub use save_draft::*;
pub use session_info::*;
pub use update_published::*;
