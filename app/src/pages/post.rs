//! A post's own page (`/posts/{id}`): where and when it goes, its status as it changes, why it
//! failed or needs review, every send to Discord, and what can be done about it.

use crate::components::delete_post::DeletePostButton;
use crate::components::error_notice::ErrorNotice;
use crate::components::live_posts::{merge_post, subscribe_to_posts};
use crate::components::require_sign_in::RequireSignIn;
use crate::pages::admin::audit::AuditTable;
use crate::pages::posts::{status_class, when};
use crate::serverfns::{load_post, ConfirmArrived, DeletePost, RetryPost};
use crate::session::use_post_actions;
use crate::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use liner::views::{AttemptView, PostView};
use liner::{PostId, PostStatus};

#[component]
pub fn PostPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <PostDetails/>
        </RequireSignIn>
    }
}

#[component]
fn PostDetails() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).map(PostId));
    let feed = subscribe_to_posts();
    // The stream's latest copy of this post; the sends are fetched again when it changes.
    let live = Memo::new(move |_| {
        let id = id();
        feed.posts
            .with(|l| l.iter().find(|p| Some(p.id) == id).cloned())
    });
    // When the copy on the page was last changed. The stream opens by sending every post as it
    // is, this one included: only a copy newer than the page's fetches the page again, as a
    // fetch rebuilds it (and would close a confirmation the member just opened).
    let loaded_at = RwSignal::new(None::<DateTime<Utc>>);
    let changed_at = Memo::new(move |_| {
        live.with(|p| p.as_ref().map(|p| p.updated_at))
            .filter(|at| loaded_at.with_untracked(|l| l.is_none_or(|l| *at > l)))
    });
    let detail = Resource::new(
        move || (id(), changed_at.get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_post(id).await,
                None => Err(AppError::NotFound("That post".into())),
            }
        },
    );
    Effect::new(move || {
        let at = detail.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|found| found.post.updated_at)
        });
        if at.is_some() {
            loaded_at.set(at);
        }
    });
    let retry = ServerAction::<RetryPost>::new();
    let confirm = ServerAction::<ConfirmArrived>::new();
    let delete = ServerAction::<DeletePost>::new();
    let navigate = use_navigate();
    Effect::new(move || {
        if let Some(Ok(())) = delete.value().get() {
            navigate("/posts", Default::default());
        }
    });
    let action_error = move || {
        retry
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| confirm.value().get().and_then(Result::err))
            .or_else(|| delete.value().get().and_then(Result::err))
            .map(|e| e.to_string())
    };
    view! {
        <p><A href="/posts" attr:class="text-sm underline">"← All posts"</A></p>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || detail.get().map(|res| match res {
                Err(e) => {
                    crate::components::page_status::set_page_status(e.status_code());
                    view! { <ErrorNotice error=e/> }.into_any()
                }
                Ok(found) => {
                    // Whichever copy is newer: the page's or the stream's.
                    let post = Signal::derive(move || {
                        let mut list = vec![found.post.clone()];
                        if let Some(p) = live.get() {
                            merge_post(&mut list, p);
                        }
                        list.remove(0)
                    });
                    view! {
                        {found.deleted.clone().map(|d| view! {
                            <p role="status" class="mt-2 rounded bg-red-950 px-3 py-2 text-red-200">
                                {format!("This post was deleted from Liner by {} on {}. Only admins see it; its history is kept.", d.by, d.at.format("%Y-%m-%d %H:%M UTC"))}
                            </p>
                        })}
                        <Post post attempts=found.attempts.clone() deleted=found.deleted.is_some() actions=Actions { retry, confirm, delete }/>
                        <section aria-labelledby="history" class="mt-6">
                            <h2 id="history" class="text-lg font-semibold">"History"</h2>
                            <AuditTable entries=found.history.clone()/>
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
        <p role="alert" class="mt-2 text-sm text-red-400">{action_error}</p>
    }
}

/// What the page's buttons do.
#[derive(Clone, Copy)]
struct Actions {
    retry: ServerAction<RetryPost>,
    confirm: ServerAction<ConfirmArrived>,
    delete: ServerAction<DeletePost>,
}

#[component]
fn Post(
    post: Signal<PostView>,
    attempts: Vec<AttemptView>,
    deleted: bool,
    actions: Actions,
) -> impl IntoView {
    let allowed = use_post_actions();
    let Actions {
        retry,
        confirm,
        delete,
    } = actions;
    let title = move || {
        post.with(|p| {
            if p.title.trim().is_empty() {
                "Untitled".to_string()
            } else {
                p.title.clone()
            }
        })
    };
    let id = post.with_untracked(|p| p.id);
    let status = Memo::new(move |_| post.with(|p| p.status));
    view! {
        <h1 class="mt-2 text-2xl font-bold">{title}</h1>
        <p class="text-zinc-400">{move || post.with(|p| p.artist.clone())}</p>
        <dl class="mt-4 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
            <dt class="text-zinc-400">"Status"</dt>
            <dd aria-live="polite">
                <span class=move || format!("rounded px-2 py-0.5 text-sm {}", status_class(post.with(|p| p.status)))>
                    {move || post.with(|p| p.status_label())}
                </span>
                {move || post.with(|p| p.last_error.clone()).map(|e| view! { <p class="mt-1 text-sm text-red-400">{e}</p> })}
                {move || post.with(|p| p.notice.clone()).map(|n| view! { <p class="mt-1 text-sm text-zinc-400">{n}</p> })}
                {move || post.with(|p| p.approval.as_ref().map(|a| a.describe())).map(|a| view! { <p class="mt-1 text-sm text-amber-200">{a}</p> })}
            </dd>
            <dt class="text-zinc-400">"Channel"</dt>
            <dd>{move || post.with(|p| p.channel_name.clone().map(|c| format!("#{c}")).unwrap_or_else(|| "—".into()))}</dd>
            <dt class="text-zinc-400">"When"</dt>
            <dd>{move || post.with(when)}</dd>
        </dl>
        <div class="mt-4 flex gap-3 text-sm" hidden=deleted>
            {move || {
                let status = post.with(|p| p.status);
                let may = allowed(status);
                let doubtful = status == PostStatus::NeedsReview;
                view! {
                    {may.opens_in_composer().then(|| view! {
                        <A href=format!("/posts/{id}/edit") attr:class="underline">"Edit"</A>
                    })}
                    {may.retry.then(|| view! {
                        <button type="button" class="underline"
                            on:click=move |_| { retry.dispatch(RetryPost { id }); }>
                            {if doubtful { "Send again" } else { "Retry" }}
                        </button>
                    })}
                    {may.confirm_arrived.then(|| view! {
                        <button type="button" class="underline"
                            on:click=move |_| { confirm.dispatch(ConfirmArrived { id }); }>"It arrived"</button>
                    })}
                    {(doubtful && !may.confirm_arrived).then(|| view! {
                        <span class="text-zinc-400">"An admin will check the channel."</span>
                    })}
                }
            }}
            // Not while it is being sent: the send would still arrive. Rebuilt only when the
            // status changes, so a live update does not close an open confirmation.
            {move || {
                let status = status.get();
                let may = allowed(status);
                may.delete.then(|| view! {
                    <DeletePostButton title=untrack(title) published=may.delete_message
                        busy=delete.pending()
                        on_delete=Callback::new(move |from_discord| {
                            delete.dispatch(DeletePost { id, from_discord });
                        })/>
                })
            }}
        </div>
        <section aria-labelledby="sends" class="mt-6">
            <h2 id="sends" class="text-lg font-semibold">"Sends to Discord"</h2>
            {if attempts.is_empty() {
                view! { <p class="mt-2 text-sm text-zinc-400">"Nothing has been sent yet."</p> }.into_any()
            } else {
                view! {
                    <table class="mt-2 w-full text-left text-sm">
                        <thead class="text-zinc-400">
                            <tr><th class="py-1">"When (UTC)"</th><th>"Outcome"</th><th>"Details"</th></tr>
                        </thead>
                        <tbody>
                            {attempts.into_iter().map(|a| view! {
                                <tr class="border-t border-zinc-800">
                                    <td class="py-1">{a.at.format("%Y-%m-%d %H:%M:%S").to_string()}</td>
                                    <td>{a.outcome}</td>
                                    <td class="text-zinc-400">{a.detail.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
