//! What the server functions need from the server, as object-safe traits, one per domain, so a
//! new server function touches one small trait here and one small file on the server's side.
//!
//! The app crate has no database or HTTP clients of its own: the server binary implements
//! [`Backend`] (every domain's trait) and provides it as context, so server functions stay thin
//! and testable. Input is validated by the server functions before it reaches the backend;
//! permissions are checked by the backend, which knows who owns what.

mod admin;
mod channels;
mod lookup;
mod posts;
mod session;

pub use admin::AdminBackend;
pub use channels::ChannelsBackend;
pub use lookup::LookupBackend;
pub use posts::PostsBackend;
pub use session::SessionBackend;

use std::sync::Arc;

/// Every domain's backend at once: what the server provides.
pub trait Backend:
    PostsBackend + ChannelsBackend + LookupBackend + SessionBackend + AdminBackend
{
}

impl<T> Backend for T where
    T: PostsBackend + ChannelsBackend + LookupBackend + SessionBackend + AdminBackend
{
}

/// The backend as held in Leptos context.
pub type SharedBackend = Arc<dyn Backend>;
