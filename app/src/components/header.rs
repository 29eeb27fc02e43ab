//! The top bar: brand, offline and sandbox badges, navigation and the account menu, with the
//! offline app's banners under it.

use crate::components::offline_status::{OfflineBadge, OfflineBanners, SignOutButton};
use crate::components::sign_in_link::SignInLink;
use crate::serverfns::admin::approvals_waiting;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="border-b border-zinc-800 bg-zinc-900">
            <nav class="mx-auto flex max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3" aria-label="Main">
                <A href="/" attr:class="text-lg font-bold text-indigo-300">"Liner"</A>
                <OfflineBadge/>
                <Suspense>
                    {move || session.get().and_then(Result::ok).map(|info| {
                        let signed_in = info.viewer.is_some();
                        let admin = info.viewer.as_ref().is_some_and(|v| v.role == liner::Role::Admin);
                        view! {
                            <Show when=move || info.sandbox>
                                <span class="rounded bg-amber-400 px-2 py-0.5 text-xs font-bold text-black">
                                    "Sandbox"
                                </span>
                            </Show>
                            <Show when=move || signed_in>
                                <A href="/posts/new" attr:class="hover:underline">"New post"</A>
                                <A href="/posts" attr:class="hover:underline">"Posts"</A>
                            </Show>
                            <Show when=move || admin>
                                <A href="/admin/channels" attr:class="hover:underline">"Admin"</A>
                            </Show>
                            <Show when=move || admin && info.approvals>
                                <ApprovalsLink/>
                            </Show>
                            <Show when=move || info.sandbox>
                                <A href="/sandbox" attr:class="hover:underline">"Sandbox Discord"</A>
                            </Show>
                            <span class="ml-auto"></span>
                            {match info.viewer {
                                Some(viewer) => view! {
                                    <span class="text-sm text-zinc-400">{viewer.name}</span>
                                    <SignOutButton/>
                                }.into_any(),
                                None => view! {
                                    <SignInLink/>
                                }.into_any(),
                            }}
                        }
                    })}
                </Suspense>
            </nav>
            <OfflineBanners/>
        </header>
    }
}

/// The admins' way to the approval queue, with how many posts wait (counted again on every
/// navigation, so an approval made elsewhere shows on the next page). The count is fetched in
/// the browser only: a resource here would be created in a different order on the server (after
/// the session resolves) than while hydrating, and shift the ids of the page's own resources.
#[component]
fn ApprovalsLink() -> impl IntoView {
    let location = use_location();
    let count = RwSignal::new(None::<u32>);
    Effect::new(move || {
        location.pathname.track();
        leptos::task::spawn_local(async move {
            if let Ok(n) = approvals_waiting().await {
                count.set(Some(n));
            }
        });
    });
    view! {
        <A href="/admin/approvals" attr:class="hover:underline">
            {move || match count.get() {
                Some(n) if n > 0 => format!("Approvals ({n})"),
                _ => "Approvals".to_string(),
            }}
        </A>
    }
}
