//! The "Sign in with Discord" link. A plain link with `rel="external"`: the sign-in is an axum
//! route, and the client router must not swallow the navigation.

use leptos::prelude::*;

/// Where sign-in starts.
pub const SIGN_IN_PATH: &str = "/auth/discord/login";

#[component]
pub fn SignInLink(
    /// A prominent button rather than a plain link.
    #[prop(optional)]
    button: bool,
) -> impl IntoView {
    let class = if button {
        "inline-block rounded bg-indigo-500 px-4 py-2 font-medium text-white"
    } else {
        "text-sm hover:underline"
    };
    view! {
        <a href=SIGN_IN_PATH rel="external" class=class>"Sign in with Discord"</a>
    }
}
