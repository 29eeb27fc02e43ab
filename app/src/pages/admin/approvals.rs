//! Admin → Approvals (`/admin/approvals`): the setting, and the posts waiting for review, each
//! with the message it would send, to approve (as asked, now, or at another time) or send back
//! with a comment its poster reads.

use super::{utc, AdminOnly};
use crate::components::error_notice::ErrorNotice;
use crate::components::preview::{Clock, DiscordMessageView, RenderContext};
use crate::pages::posts::when;
use crate::serverfns::admin::{
    admin_settings, approval_queue, ApprovePost, SendBackPost, SetApprovals,
};
use crate::AppError;
use leptos::prelude::*;
use leptos_router::components::A;
use liner::approval::{field, ApprovalItem};
use liner::views::PostView;
use liner::When;

#[component]
pub fn AdminApprovalsPage() -> impl IntoView {
    view! {
        <AdminOnly>
            <Approvals/>
        </AdminOnly>
    }
}

/// The message of an error about `field`.
fn field_error(result: Option<Result<PostView, AppError>>, name: &str) -> Option<String> {
    match result? {
        Err(AppError::FieldInvalid { field, message }) if field == name => Some(message),
        _ => None,
    }
}

/// An error that belongs to no field.
fn other_error(result: Option<Result<PostView, AppError>>) -> Option<String> {
    match result? {
        Err(AppError::FieldInvalid { .. }) | Ok(_) => None,
        Err(e) => Some(e.to_string()),
    }
}

#[component]
fn Approvals() -> impl IntoView {
    let set = ServerAction::<SetApprovals>::new();
    let approve = ServerAction::<ApprovePost>::new();
    let send_back = ServerAction::<SendBackPost>::new();
    let settings = Resource::new(|| (), |_| admin_settings());
    // The setting as the last change answered it, else as loaded.
    let current = move || match set.value().get() {
        Some(Ok(changed)) => Some(Ok(changed)),
        _ => settings.get(),
    };
    let queue = Resource::new(
        move || (approve.version().get(), send_back.version().get()),
        |_| approval_queue(),
    );
    // The post last acted on: its form shows the answer's field errors, the others do not.
    let acting = RwSignal::new(None::<liner::PostId>);
    let clock = RwSignal::new(Clock::default());
    Effect::new(move || clock.set(Clock::browser()));
    let ctx = Signal::derive(move || RenderContext {
        clock: clock.get(),
        ..RenderContext::default()
    });
    let done = move || {
        let approved = approve
            .value()
            .get()
            .and_then(Result::ok)
            .map(|p| format!("Approved “{}”: {}.", title(&p), when(&p)));
        let sent_back = send_back
            .value()
            .get()
            .and_then(Result::ok)
            .map(|p| format!("Sent “{}” back to its poster.", title(&p)));
        approved.or(sent_back)
    };
    view! {
        <h1 class="text-2xl font-bold">"Approvals"</h1>
        <section aria-labelledby="approvals-setting" class="mt-4">
            <h2 id="approvals-setting" class="text-lg font-semibold">"Setting"</h2>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || current().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(s) => view! {
                        <label class="mt-2 flex items-center gap-2">
                            <input type="checkbox" prop:checked=s.approvals
                                disabled=move || set.pending().get()
                                on:change=move |ev| { set.dispatch(SetApprovals { on: event_target_checked(&ev) }); }/>
                            "Posters' posts need an admin's approval"
                        </label>
                        <p class="mt-1 text-sm text-zinc-400">
                            {if s.approvals {
                                "On: a poster's Publish now and Schedule become Submit for approval. Admins' own posts go out as before; an edit to a submitted or approved post needs approval again."
                            } else {
                                "Off: posters publish and schedule themselves. Posts already submitted stay below until an admin decides."
                            }}
                        </p>
                    }.into_any(),
                })}
            </Transition>
            <p role="alert" class="text-sm text-red-400">
                {move || set.value().get().and_then(Result::err).map(|e| e.to_string())}
            </p>
        </section>
        <section aria-labelledby="approvals-waiting" class="mt-6">
            <h2 id="approvals-waiting" class="text-lg font-semibold">"Waiting for review"</h2>
            <p role="status" class="mt-1 text-sm text-emerald-300">{done}</p>
            <p role="alert" class="text-sm text-red-400">
                {move || other_error(approve.value().get()).or_else(|| other_error(send_back.value().get()))}
            </p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || queue.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(items) if items.is_empty() => view! {
                        <p class="mt-2 text-zinc-400">"Nothing is waiting for review."</p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="mt-2 space-y-6">
                            {items.into_iter().map(|item| view! {
                                <li><Waiting item approve send_back acting ctx/></li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

fn title(post: &PostView) -> String {
    if post.title.trim().is_empty() {
        "Untitled".to_string()
    } else {
        post.title.clone()
    }
}

/// How the admin's approval sets the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    AsAsked,
    Now,
    Other,
}

/// One post waiting: who asked for what, its message, and the two decisions.
#[component]
fn Waiting(
    item: ApprovalItem,
    approve: ServerAction<ApprovePost>,
    send_back: ServerAction<SendBackPost>,
    acting: RwSignal<Option<liner::PostId>>,
    ctx: Signal<RenderContext>,
) -> impl IntoView {
    let id = item.post.id;
    let revision = item.revision;
    let name = title(&item.post);
    let heading = format!("approval-{id}");
    let labelled_by = heading.clone();
    let passed = item.asked_time_passed;
    let choice = RwSignal::new(if passed { Choice::Now } else { Choice::AsAsked });
    let other_time = RwSignal::new(String::new());
    let zone = item
        .post
        .timezone
        .clone()
        .or_else(crate::browser::time_zone)
        .unwrap_or_else(|| "UTC".into());
    let comment = RwSignal::new(String::new());
    let asked = when(&item.post);
    let channel = item
        .post
        .channel_name
        .clone()
        .map(|c| format!("#{c}"))
        .unwrap_or_else(|| "no channel".into());
    let mine = move || acting.get() == Some(id);
    let when_error = move || {
        mine()
            .then(|| field_error(approve.value().get(), field::WHEN))
            .flatten()
    };
    let comment_error = move || {
        mine()
            .then(|| field_error(send_back.value().get(), field::COMMENT))
            .flatten()
    };
    let zone_for_submit = zone.clone();
    let on_approve = move |_| {
        let when = match choice.get_untracked() {
            Choice::AsAsked => None,
            Choice::Now => Some(When::Now),
            Choice::Other => Some(When::At {
                local: other_time.get_untracked(),
                timezone: zone_for_submit.clone(),
            }),
        };
        acting.set(Some(id));
        approve.dispatch(ApprovePost { id, revision, when });
    };
    let radio = move |value: Choice, label: String, disabled: bool| {
        view! {
            <label class="flex items-center gap-2" class:opacity-50=disabled>
                <input type="radio" name=format!("when-{id}") disabled=disabled
                    prop:checked=move || choice.get() == value
                    on:change=move |_| choice.set(value)/>
                {label}
            </label>
        }
    };
    let message = item.message.clone();
    view! {
        <article aria-labelledby=labelled_by class="rounded border border-zinc-800 p-4">
            <h3 id=heading class="text-lg font-semibold">{name.clone()}</h3>
            <p class="text-sm text-zinc-400">
                {format!("By {} · {} · {} · submitted {}", item.author, channel, asked, utc(item.submitted_at))}
                " · "
                <A href=format!("/posts/{id}") attr:class="underline">"Open post"</A>
            </p>
            <div class="mt-3" role="region" aria-label=format!("Preview of “{name}”")>
                <DiscordMessageView username=item.username.clone() timestamp="Today at 12:00" message ctx/>
            </div>
            <div class="mt-4 grid gap-4 md:grid-cols-2">
                <fieldset class="space-y-1">
                    <legend class="font-medium">"Approve"</legend>
                    {radio(Choice::AsAsked, if passed { format!("As asked ({asked}: passed)") } else { format!("As asked ({asked})") }, passed)}
                    {radio(Choice::Now, "Send now".into(), false)}
                    {radio(Choice::Other, "At another time".into(), false)}
                    <label class="block text-sm" hidden=move || choice.get() != Choice::Other>
                        {format!("New time ({zone})")}
                        <input type="datetime-local" class="ml-2 rounded border border-zinc-700 bg-zinc-900 px-2 py-1"
                            prop:value=move || other_time.get()
                            on:input=move |ev| other_time.set(event_target_value(&ev))/>
                    </label>
                    <p class="text-sm text-red-400" role="alert">{when_error}</p>
                    <button type="button" class="mt-2 rounded bg-emerald-700 px-4 py-1.5 font-semibold text-white disabled:opacity-50"
                        aria-label=format!("Approve “{name}”")
                        disabled=move || approve.pending().get()
                        on:click=on_approve>"Approve"</button>
                </fieldset>
                <div>
                    <label for=format!("comment-{id}") class="font-medium">{format!("Comment for {}", item.author)}</label>
                    <textarea id=format!("comment-{id}") rows="3"
                        class="mt-1 w-full rounded border border-zinc-700 bg-zinc-900 px-3 py-2"
                        aria-describedby=format!("comment-{id}-error")
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    <p id=format!("comment-{id}-error") class="text-sm text-red-400" role="alert">{comment_error}</p>
                    <button type="button" class="mt-2 rounded border border-zinc-600 px-4 py-1.5 disabled:opacity-50"
                        aria-label=format!("Send “{name}” back")
                        disabled=move || send_back.pending().get()
                        on:click=move |_| {
                            acting.set(Some(id));
                            send_back.dispatch(SendBackPost { id, revision, comment: comment.get_untracked() });
                        }>"Send back"</button>
                </div>
            </div>
        </article>
    }
}
