//! Liner's domain core: the release and the post written about it, the limits Discord enforces,
//! the message we send and how Discord renders it, and the life cycle of a post. Plain Rust with
//! no web framework, compiled for the server and for the browser so both validate, build and
//! render with the very same code.

pub mod admin;
pub mod approval;
pub mod audit;
pub mod draft;
pub mod duplicates;
pub mod ids;
pub mod limits;
pub mod lookup;
pub mod markdown;
pub mod marker;
pub mod message;
pub mod permissions;
pub mod post;
pub mod release;
pub mod role;
pub mod status;
pub mod system;
pub mod template;
pub mod validate;
pub mod views;

pub use draft::{Draft, DraftId, Schedule, Step, When};
pub use ids::{ChannelId, PostId, UserId};
pub use permissions::{Action, Actions, AdminViewer, Denied};
pub use post::PostBody;
pub use release::Release;
pub use role::Role;
pub use status::{PostStatus, StatusEvent, TransitionError};
pub use validate::{Check, Field, FieldError, Hosts, Rules};
