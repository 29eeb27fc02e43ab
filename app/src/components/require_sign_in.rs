//! Wraps pages that need a signed-in member: anyone else is sent to the sign-in page.

use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::Redirect;

#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || session.get().map(|info| {
                match info.ok().and_then(|i| i.viewer) {
                    Some(_) => children.read_value()().into_any(),
                    None => view! { <Redirect path="/signin"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
