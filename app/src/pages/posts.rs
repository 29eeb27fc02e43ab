//! "Posts": the member's posts with their status, kept current by server-sent events.

use crate::components::live_posts::{merge_post, subscribe_to_posts};
use crate::components::require_sign_in::RequireSignIn;
use crate::serverfns::list_posts;
use leptos::prelude::*;
use leptos_router::components::A;
use liner::views::PostView;
use liner::PostStatus;

#[component]
pub fn PostsPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <PostsList/>
        </RequireSignIn>
    }
}

fn status_class(status: PostStatus) -> &'static str {
    match status {
        PostStatus::Published => "bg-emerald-700 text-white",
        PostStatus::Failed | PostStatus::NeedsReview => "bg-red-700 text-white",
        PostStatus::Publishing | PostStatus::Scheduled => "bg-amber-500 text-black",
        PostStatus::Draft => "bg-zinc-600 text-white",
    }
}

#[component]
fn PostsList() -> impl IntoView {
    let initial = Resource::new(|| (), |_| list_posts());
    // Changes pushed since the list loaded; they are newer than the list, so they win.
    let live = RwSignal::new(Vec::<PostView>::new());
    subscribe_to_posts(live);
    view! {
        <div class="flex items-center justify-between">
            <h1 class="text-2xl font-bold">"Posts"</h1>
            <A href="/posts/new" attr:class="rounded bg-indigo-500 px-4 py-2 font-medium text-white">"New post"</A>
        </div>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || initial.get().map(|res| match res {
                Err(e) => view! { <p role="alert">{e.to_string()}</p> }.into_any(),
                Ok(list) => {
                    let posts = Signal::derive(move || {
                        let mut merged = list.clone();
                        for p in live.get().into_iter().rev() {
                            merge_post(&mut merged, p);
                        }
                        merged
                    });
                    view! { <PostTable posts/> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostTable(posts: Signal<Vec<PostView>>) -> impl IntoView {
    view! {
        <Show when=move || !posts.with(Vec::is_empty)
            fallback=|| view! { <p class="mt-6">"No posts yet."</p> }>
            <table class="mt-6 w-full text-left">
                <thead class="text-sm text-zinc-400">
                    <tr><th class="py-2">"Post"</th><th>"Channel"</th><th>"Status"</th></tr>
                </thead>
                <tbody>
                    <For each=move || posts.get() key=|p| (p.id, p.status, p.updated_at) let:post>
                        <tr class="border-t border-zinc-800">
                            <td class="py-2">
                                <span class="font-medium">{post.title.clone()}</span>
                                <span class="text-zinc-400">" — " {post.artist.clone()}</span>
                            </td>
                            <td>"#" {post.channel_name.clone()}</td>
                            <td>
                                <span class=format!("rounded px-2 py-0.5 text-sm {}", status_class(post.status))>
                                    {post.status.label()}
                                </span>
                                {post.last_error.clone().map(|e| view! {
                                    <p class="text-sm text-red-400">{e}</p>
                                })}
                            </td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </Show>
    }
}
