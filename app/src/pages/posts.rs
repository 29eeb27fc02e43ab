//! "Posts": the dashboard of drafts, scheduled, published and failed posts, newest first, with
//! their actions; statuses stay current through server-sent events.

use crate::components::delete_post::DeletePostButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::live_posts::{
    merge_post, news_text, subscribe_to_posts, REFUSED_RETRY_SECS,
};
use crate::components::require_sign_in::RequireSignIn;
use crate::offline::local_draft::LocalDraft;
use crate::offline::{device_cache, platform, use_offline};
use crate::serverfns::{
    list_channels, list_posts, ConfirmArrived, DeletePost, DuplicatePost, RetryPost,
};
use crate::session::{signed_in_user, use_is_admin, use_post_actions};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use liner::views::{PostFilter, PostView};
use liner::{PostId, PostStatus};

#[component]
pub fn PostsPage() -> impl IntoView {
    view! {
        <div class="flex items-center justify-between">
            <h1 class="text-2xl font-bold">"Posts"</h1>
            <A href="/posts/new" attr:class="rounded bg-indigo-500 px-4 py-2 font-medium text-white">"New post"</A>
        </div>
        <RequireSignIn>
            <PostsList/>
        </RequireSignIn>
    }
}

pub(crate) fn status_class(status: PostStatus) -> &'static str {
    match status {
        PostStatus::Published => "bg-emerald-700 text-white",
        PostStatus::Failed | PostStatus::NeedsReview => "bg-red-700 text-white",
        PostStatus::Publishing | PostStatus::Scheduled => "bg-amber-500 text-black",
        PostStatus::Draft => "bg-zinc-600 text-white",
    }
}

#[component]
fn PostsList() -> impl IntoView {
    let filter = RwSignal::new(PostFilter::All);
    let page = RwSignal::new(0u32);
    let delete = ServerAction::<DeletePost>::new();
    let duplicate = ServerAction::<DuplicatePost>::new();
    let retry = ServerAction::<RetryPost>::new();
    let confirm = ServerAction::<ConfirmArrived>::new();
    let is_admin = use_is_admin();
    let offline = use_offline();
    let user = signed_in_user();
    // Offline, the last list this device saw stands in (the bool says so).
    let listing = Resource::new(
        move || {
            (
                filter.get(),
                page.get(),
                delete.version().get(),
                offline.synced.get(),
            )
        },
        move |(filter, page, _, _)| {
            let key = posts_key(filter, page);
            async move { device_cache::or_kept(offline, user, &key, list_posts(filter, page)).await }
        },
    );

    // Changes pushed since the page loaded; they are newer than the list, so they win.
    let feed = subscribe_to_posts();
    let live = feed.posts;
    let news = feed.news;
    let connected = feed.connected;
    let refused = feed.refused;
    // Deleted posts leave the page at once, even if the live stream still knows them.
    let deleting = RwSignal::new(None::<PostId>);
    let deleted = RwSignal::new(std::collections::HashSet::<PostId>::new());
    Effect::new(move || {
        if let Some(Ok(())) = delete.value().get() {
            if let Some(id) = deleting.get_untracked() {
                deleted.update(|d| {
                    d.insert(id);
                });
            }
        }
    });
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(stored)) = duplicate.value().get() {
            navigate(
                &format!("/posts/{}/edit", stored.post_id),
                Default::default(),
            );
        }
    });
    let action_error = move || {
        delete
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| duplicate.value().get().and_then(Result::err))
            .or_else(|| retry.value().get().and_then(Result::err))
            .or_else(|| confirm.value().get().and_then(Result::err))
            .map(|e| e.to_string())
    };
    // A failure may have been a channel breaking: look again when one arrives.
    let failures = Signal::derive(move || {
        live.with(|l| l.iter().filter(|p| p.status == PostStatus::Failed).count())
    });
    view! {
        <PostNews news/>
        <Show when=move || is_admin.get()>
            <BrokenChannels failures/>
        </Show>
        <DeviceDrafts/>
        <p class="mt-2 text-sm text-zinc-400" aria-live="polite">
            {move || if offline.is_offline() {
                "Offline: statuses update when you are back online.".to_string()
            } else if connected.get() {
                "● Live: statuses update as they change.".to_string()
            } else if refused.get() {
                format!("Live updates paused: Liner turned this page away (too many of your Liner pages open, or too many in all). It tries again every {REFUSED_RETRY_SECS} seconds; closing another Liner tab helps.")
            } else {
                "Connecting for live updates…".to_string()
            }}
        </p>
        <div role="tablist" aria-label="Show posts" class="mt-4 flex flex-wrap gap-2">
            {PostFilter::ALL.into_iter().map(|f| view! {
                <button type="button" role="tab"
                    aria-selected=move || (filter.get() == f).to_string()
                    class="rounded-full border border-zinc-700 px-3 py-1 text-sm aria-selected:bg-indigo-500 aria-selected:text-white"
                    on:click=move |_| { filter.set(f); page.set(0); }>
                    {f.label()}
                </button>
            }).collect_view()}
        </div>
        <p role="alert" class="mt-2 text-sm text-red-400">{action_error}</p>
        <div role="tabpanel">
            <Transition fallback=|| view! { <p class="mt-6">"Loading…"</p> }>
                {move || listing.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok((listed, kept)) => {
                        // A list the server rendered into the page never went through
                        // `or_kept`: it is kept here (not in an Effect, whose read of the
                        // resource would suspend the whole page on each reload).
                        if let (Some(user), false) = (user, kept) {
                            device_cache::remember(user, &posts_key(filter.get_untracked(), listed.page), &listed);
                        }
                        let fetched = listed.fetched_at.timestamp_millis() as f64;
                        let stale = move || kept || offline.is_offline();
                        let has_more = listed.has_more;
                        let statuses = filter.get_untracked().statuses();
                        let first_page = page.get_untracked() == 0;
                        let newest = listed.posts.first().map(|p| p.updated_at);
                        let posts = Signal::derive(move || {
                            let mut merged = listed.posts.clone();
                            for p in live.get().into_iter().rev() {
                                // Posts on this page take their updates; a post changed after
                                // the page loaded joins the first page.
                                let listed_here = merged.iter().any(|m| m.id == p.id);
                                let newer = newest.is_none_or(|n| p.updated_at > n);
                                if listed_here || (first_page && newer) {
                                    merge_post(&mut merged, p);
                                }
                            }
                            merged.retain(|p| statuses.contains(&p.status) && !deleted.with(|d| d.contains(&p.id)));
                            merged
                        });
                        view! {
                            <Show when=stale>
                                <p role="note" class="mt-4 text-sm text-amber-300">
                                    {move || format!("The last list from the server, fetched {}. It may have changed since.", platform::local_time(fetched))}
                                </p>
                            </Show>
                            <PostTable posts actions=RowActions { delete, duplicate, retry, confirm } deleting/>
                            <nav aria-label="Pages" class="mt-4 flex items-center gap-2">
                                <button type="button" class="rounded border border-zinc-600 px-3 py-1 disabled:opacity-40"
                                    disabled=move || page.get() == 0
                                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Newer"</button>
                                <span class="text-sm text-zinc-400">{move || format!("Page {}", page.get() + 1)}</span>
                                <button type="button" class="rounded border border-zinc-600 px-3 py-1 disabled:opacity-40"
                                    disabled=!has_more
                                    on:click=move |_| page.update(|p| *p += 1)>"Older"</button>
                            </nav>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

/// Where the device keeps a page of the list.
fn posts_key(filter: PostFilter, page: u32) -> String {
    format!("posts:{}:{page}", filter.label())
}

/// The drafts this device holds that the server has not taken yet: waiting to sync, changed
/// elsewhere, or gone from the server. Each opens in the composer from the device's copy.
#[component]
fn DeviceDrafts() -> impl IntoView {
    let offline = use_offline();
    view! {
        <Show when=move || !offline.outbox.with(Vec::is_empty)>
            <section aria-labelledby="device-drafts" class="mt-4 rounded border border-amber-600 p-3">
                <h2 id="device-drafts" class="font-semibold">"On this device"</h2>
                <p class="text-sm text-zinc-400">"Drafts the server has not taken yet. They sync by themselves when Liner is back online."</p>
                <ul class="mt-2 space-y-1">
                    <For each=move || offline.outbox.get() key=|l| (l.draft.id.clone(), l.sync.label(), l.saved_at.to_bits()) let:local>
                        <DeviceDraftRow local/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn DeviceDraftRow(local: LocalDraft) -> impl IntoView {
    let title = local.draft.release.title.trim().to_string();
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    let artist = local.draft.release.artists.clone();
    let href = format!("/posts/new?draft={}", local.draft.id);
    let saved = platform::local_time(local.saved_at);
    view! {
        <li class="flex flex-wrap items-baseline gap-x-2">
            <A href=href attr:class="font-medium underline decoration-zinc-600">{title}</A>
            <span class="text-zinc-400">" — " {artist}</span>
            <span class="rounded bg-amber-500 px-2 py-0.5 text-xs font-bold text-black">{local.sync.label()}</span>
            <span class="text-xs text-zinc-400">{format!("saved {saved}")}</span>
        </li>
    }
}

/// For admins: channels that cannot take posts, and how to mend them.
#[component]
fn BrokenChannels(failures: Signal<usize>) -> impl IntoView {
    let channels = Resource::new(move || failures.get(), |_| list_channels());
    view! {
        <Transition>
            {move || {
                let broken: Vec<_> = channels
                    .get()
                    .and_then(Result::ok)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|c| c.broken.clone().map(|why| (c.name, why)))
                    .collect();
                (!broken.is_empty()).then(|| view! {
                    <section aria-label="Channel problems" class="mt-4 rounded border border-red-700 bg-red-950 p-3 text-sm">
                        <h2 class="font-semibold">"Channels that cannot take posts"</h2>
                        <ul class="mt-1 space-y-1">
                            {broken.into_iter().map(|(name, why)| view! {
                                <li>
                                    "#" {name.clone()} ": " {why} ". Set its webhook again: "
                                    <code>{format!("liner channel add --name {name} --webhook <new webhook URL>")}</code>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            }}
        </Transition>
    }
}

/// Toasts for posts that went out, failed or need review while the page is open.
#[component]
fn PostNews(news: RwSignal<Vec<PostView>>) -> impl IntoView {
    view! {
        <div role="status" aria-label="Post updates"
            class="fixed bottom-4 right-4 z-50 flex max-w-sm flex-col gap-2">
            <For each=move || news.get() key=|p| (p.id, p.updated_at) let:post>
                {
                    let shown = (post.id, post.updated_at);
                    let dismiss = format!("Dismiss {}", if post.title.trim().is_empty() { "Untitled" } else { post.title.as_str() });
                    let tone = match post.status {
                        PostStatus::Published => "border-emerald-600",
                        _ => "border-red-600",
                    };
                    view! {
                        <div class=format!("flex items-start gap-3 rounded border-l-4 bg-zinc-800 px-4 py-3 text-sm text-white shadow-lg {tone}")>
                            <p class="flex-1">{news_text(&post)}</p>
                            <button type="button" class="text-zinc-400 hover:text-white" aria-label=dismiss
                                on:click=move |_| news.update(|n| n.retain(|p| (p.id, p.updated_at) != shown))>
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

pub(crate) fn when(post: &PostView) -> String {
    let zone = || {
        post.timezone
            .as_deref()
            .map(|z| format!(" ({z})"))
            .unwrap_or_default()
    };
    match (post.status, post.scheduled_at) {
        (PostStatus::Scheduled | PostStatus::Publishing, Some(at)) => {
            format!("{} UTC{}", at.format("%Y-%m-%d %H:%M"), zone())
        }
        // A submission keeps the time its poster asked for.
        (PostStatus::Draft, Some(at)) if post.awaits_approval() => {
            format!("Asked for {} UTC{}", at.format("%Y-%m-%d %H:%M"), zone())
        }
        (PostStatus::Draft, None) if post.awaits_approval() => {
            "As soon as an admin approves it".to_string()
        }
        _ => format!("{} UTC", post.updated_at.format("%Y-%m-%d %H:%M")),
    }
}

/// What a row's buttons do.
#[derive(Clone, Copy)]
struct RowActions {
    delete: ServerAction<DeletePost>,
    duplicate: ServerAction<DuplicatePost>,
    retry: ServerAction<RetryPost>,
    confirm: ServerAction<ConfirmArrived>,
}

/// "Retry" for a failed post; for one whose outcome is unknown, an admin's "Send again" / "It
/// arrived" after checking the channel.
#[component]
fn Recovery(post: PostView, title: String, actions: RowActions) -> impl IntoView {
    let id = post.id;
    let RowActions { retry, confirm, .. } = actions;
    let allowed = use_post_actions();
    let doubtful = post.status == PostStatus::NeedsReview;
    move || {
        let may = allowed(post.status);
        let (label, name) = if doubtful {
            ("Send again", format!("Send {title} again"))
        } else {
            ("Retry", format!("Retry {title}"))
        };
        let arrived = format!("{title} arrived");
        view! {
            {may.retry.then(|| view! {
                <button type="button" class="underline" aria-label=name
                    on:click=move |_| { retry.dispatch(RetryPost { id }); }>{label}</button>
            })}
            {may.confirm_arrived.then(|| view! {
                <button type="button" class="underline" aria-label=arrived
                    on:click=move |_| { confirm.dispatch(ConfirmArrived { id }); }>"It arrived"</button>
            })}
            {(doubtful && !may.confirm_arrived).then(|| view! {
                <span class="text-zinc-400">"An admin will check the channel."</span>
            })}
        }
    }
}

#[component]
fn PostTable(
    posts: Signal<Vec<PostView>>,
    actions: RowActions,
    deleting: RwSignal<Option<PostId>>,
) -> impl IntoView {
    let RowActions {
        delete, duplicate, ..
    } = actions;
    let allowed = use_post_actions();
    view! {
        <Show when=move || !posts.with(Vec::is_empty)
            fallback=|| view! { <p class="mt-6">"No posts here yet."</p> }>
            // On a phone each row is a card; from `sm` up, a table. The roles keep it a table for
            // assistive technology whatever the display.
            <table role="table" class="mt-4 block w-full text-left sm:table">
                <thead class="hidden text-sm text-zinc-400 sm:table-header-group">
                    <tr role="row"><th role="columnheader" class="py-2">"Post"</th><th role="columnheader">"Channel"</th><th role="columnheader">"When"</th><th role="columnheader">"Status"</th><th role="columnheader">"Actions"</th></tr>
                </thead>
                <tbody class="block sm:table-row-group">
                    <For each=move || posts.get() key=|p| (p.id, p.status, p.updated_at) let:post>
                        {
                            let id = post.id;
                            let title = if post.title.trim().is_empty() { "Untitled".to_string() } else { post.title.clone() };
                            let status = post.status;
                            let name = title.clone();
                            view! {
                                <tr role="row" class="block space-y-1 border-t border-zinc-800 py-3 align-top sm:table-row sm:space-y-0 sm:py-0">
                                    <td role="cell" class="block sm:table-cell sm:py-2">
                                        {
                                            let shown = title.clone();
                                            view! { <A href=format!("/posts/{id}") attr:class="font-medium underline decoration-zinc-600">{shown}</A> }
                                        }
                                        <span class="text-zinc-400">" — " {post.artist.clone()}</span>
                                    </td>
                                    <td role="cell" class="block text-sm sm:table-cell sm:text-base">{post.channel_name.clone().map(|c| format!("#{c}")).unwrap_or_else(|| "—".into())}</td>
                                    <td role="cell" class="block text-sm sm:table-cell">{when(&post)}</td>
                                    <td role="cell" class="block sm:table-cell">
                                        <span class=format!("rounded px-2 py-0.5 text-sm {}", status_class(post.status))>
                                            {post.status_label()}
                                        </span>
                                        {post.last_error.clone().map(|e| view! { <p class="text-sm text-red-400">{e}</p> })}
                                        {post.notice.clone().map(|n| view! { <p class="text-sm text-zinc-400">{n}</p> })}
                                    </td>
                                    <td role="cell" class="flex flex-wrap gap-x-3 gap-y-1 text-sm sm:table-cell sm:space-x-2 sm:whitespace-nowrap">
                                        {move || allowed(status).opens_in_composer().then(|| view! {
                                            <A href=format!("/posts/{id}/edit") attr:class="underline"
                                                attr:aria-label=format!("Edit {name}")>"Edit"</A>
                                        })}
                                        <Recovery post=post.clone() title=title.clone() actions/>
                                        {allowed(status).duplicate.then(|| view! {
                                            <button type="button" class="underline" aria-label=format!("Duplicate {title}")
                                                on:click=move |_| { duplicate.dispatch(DuplicatePost { id }); }>"Duplicate"</button>
                                        })}
                                        // Not while it is being sent: the send would still arrive.
                                        {allowed(status).delete.then(|| view! {
                                            <DeletePostButton title=title.clone() published=allowed(status).delete_message
                                                on_delete=Callback::new(move |from_discord| {
                                                    deleting.set(Some(id));
                                                    delete.dispatch(DeletePost { id, from_discord });
                                                })/>
                                        })}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
        </Show>
    }
}
