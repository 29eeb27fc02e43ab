use crate::components::sign_in_link::SignInLink;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    view! {
        <h1 class="text-3xl font-bold">"Liner"</h1>
        <p class="mt-2 text-zinc-300">
            "Compose, preview and publish music-release posts to your Discord server."
        </p>
        <Suspense>
            {move || session.get().and_then(Result::ok).map(|info| match info.viewer {
                Some(viewer) => view! {
                    <p class="mt-6">"Welcome, " {viewer.name} "."</p>
                    <p class="mt-4 flex gap-4">
                        <A href="/posts/new" attr:class="rounded bg-indigo-500 px-4 py-2 font-medium text-white">"New post"</A>
                        <A href="/posts" attr:class="rounded border border-zinc-600 px-4 py-2">"Posts"</A>
                    </p>
                }.into_any(),
                None => view! {
                    <p class="mt-6">
                        <SignInLink button=true/>
                    </p>
                }.into_any(),
            })}
        </Suspense>
    }
}
