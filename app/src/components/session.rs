//! The session (who is signed in, sandbox or not) as one resource shared through context.

use crate::serverfns::{get_session_info, SessionInfo};
use crate::AppError;
use leptos::prelude::*;

/// The session resource, loaded once per page load.
#[derive(Clone, Copy)]
pub struct SessionContext(pub Resource<Result<SessionInfo, AppError>>);

pub fn provide_session_context() {
    provide_context(SessionContext(Resource::new(|| (), |_| get_session_info())));
}

pub fn use_session() -> Resource<Result<SessionInfo, AppError>> {
    expect_context::<SessionContext>().0
}

/// Whether the signed-in member is an admin (false while the session loads).
pub fn use_is_admin() -> Signal<bool> {
    let session = use_session();
    Signal::derive(move || {
        session
            .get()
            .and_then(Result::ok)
            .and_then(|s| s.viewer)
            .is_some_and(|v| v.role == liner::Role::Admin)
    })
}

/// The signed-in member's id (`None` while the session loads, or when signed out).
pub fn signed_in_user() -> Option<liner::UserId> {
    use_session()
        .get()
        .and_then(Result::ok)
        .and_then(|s| s.viewer)
        .map(|v| v.id)
}
