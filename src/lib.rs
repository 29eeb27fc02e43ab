//! Liner's domain core: the release post, the limits Discord enforces, the message we send, and the
//! life cycle of a post. Plain Rust with no web framework, compiled for the server and for the
//! browser so both validate with the very same code.

pub mod ids;
pub mod limits;
pub mod markdown;
pub mod message;
pub mod post;
pub mod role;
pub mod status;
pub mod views;

pub use ids::{ChannelId, PostId, UserId};
pub use post::{Field, FieldError, PostContent};
pub use role::Role;
pub use status::{PostStatus, StatusEvent, TransitionError};
