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
