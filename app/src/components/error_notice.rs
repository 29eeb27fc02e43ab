//! How a page shows the error a server function answered: a session that ended meanwhile (an
//! admin signed the member out everywhere, say) goes to sign in; anything else is said.

use crate::AppError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => view! { <Redirect path="/signin"/> }.into_any(),
        other => view! { <p role="alert" class="mt-4">{other.to_string()}</p> }.into_any(),
    }
}
