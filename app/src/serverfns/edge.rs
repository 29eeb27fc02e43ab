//! Server-side helpers every server function uses: the backend, the signed-in viewer, and the
//! HTTP status of an error (server_fn answers 500 for every error unless told otherwise).

use crate::backend::SharedBackend;
use crate::AppError;
use leptos::prelude::*;
use liner::views::Viewer;

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

/// Sets the response status from the outcome, then hands the outcome back.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(err.status_code()) {
                opts.set_status(status);
            }
        }
    }
    result
}
