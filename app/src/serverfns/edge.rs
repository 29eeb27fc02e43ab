//! Server-side helpers every server function uses: the backend and the signed-in viewer.
//! (An error's HTTP status is set in one place for all of them, by the server's
//! `server_fn_status` middleware.)

// The domains' traits, in scope for every server function that `use`s this module.
pub use crate::backend::{
    AdminBackend, ChannelsBackend, LookupBackend, PostsBackend, SessionBackend,
};

use crate::backend::SharedBackend;
use crate::AppError;
use leptos::prelude::*;
use liner::views::Viewer;
use liner::AdminViewer;

/// The backend the server provided as context.
pub fn backend() -> Result<SharedBackend, AppError> {
    use_context::<SharedBackend>().ok_or_else(|| {
        tracing::error!("Backend missing from the Leptos context");
        AppError::Internal
    })
}

/// The viewer the session middleware put on this request, if any.
pub fn viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
}

/// The viewer, or `Unauthenticated`.
pub fn require_viewer() -> Result<Viewer, AppError> {
    viewer().ok_or(AppError::Unauthenticated)
}

/// The viewer, checked to be an admin: the one guard of every admin server function.
pub fn require_admin() -> Result<AdminViewer, AppError> {
    AdminViewer::check(require_viewer()?).map_err(|_| AppError::AdminsOnly)
}
