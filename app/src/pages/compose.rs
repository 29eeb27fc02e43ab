//! "New post" (`/posts/new`) and "Edit post" (`/posts/{id}/edit`): the composer wizard.

use crate::components::composer::Wizard;
use crate::components::require_sign_in::RequireSignIn;
use crate::serverfns::load_draft;
use crate::session::signed_in_user;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use liner::PostId;

#[component]
pub fn NewPostPage() -> impl IntoView {
    let query = use_query_map();
    view! {
        <h1 class="mb-4 text-2xl font-bold">"New post"</h1>
        <RequireSignIn>
            {move || signed_in_user().map(|user| {
                let reopen = query.with_untracked(|q| q.get("draft"));
                view! { <Wizard user initial=None reopen/> }
            })}
        </RequireSignIn>
    }
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).map(PostId));
    let stored = Resource::new(id, |id| async move {
        match id {
            Some(id) => load_draft(id).await,
            None => Err(crate::AppError::NotFound("That post".into())),
        }
    });
    view! {
        <h1 class="mb-4 text-2xl font-bold">"Edit post"</h1>
        <RequireSignIn>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || stored.get().map(|res| match (res, signed_in_user()) {
                    (Ok(stored), Some(user)) => view! { <Wizard user initial=Some(stored) reopen=None/> }.into_any(),
                    (Err(crate::AppError::Transport(_)), _) => view! {
                        <p role="alert">"You are offline: this post opens when Liner is back online. Drafts saved on this device open from Posts."</p>
                    }.into_any(),
                    (Err(e), _) => {
                        crate::components::page_status::set_page_status(e.status_code());
                        view! { <p role="alert">{e.to_string()}</p> }.into_any()
                    }
                    (_, None) => ().into_any(),
                })}
            </Suspense>
        </RequireSignIn>
    }
}
