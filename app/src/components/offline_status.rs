//! What the header says about the offline app: "Offline", how many drafts wait, the banner of
//! a new version, the request to sign in again, and a sign-out that first syncs (or asks)
//! and then leaves nothing of the member on the device.

use crate::offline::{use_offline, Offline};
use leptos::prelude::*;

/// "Offline" and "2 unsynced", beside the brand.
#[component]
pub fn OfflineBadge() -> impl IntoView {
    let offline = use_offline();
    let waiting = move || offline.outbox.with(Vec::len);
    view! {
        <Show when=move || offline.is_offline()>
            <span role="status" class="rounded bg-zinc-700 px-2 py-0.5 text-xs font-bold text-white">"Offline"</span>
        </Show>
        <Show when=move || { waiting() > 0 }>
            <a href="/posts" class="rounded bg-amber-500 px-2 py-0.5 text-xs font-bold text-black"
                aria-label=move || format!("{} unsynced drafts", waiting())>
                {move || format!("{} unsynced", waiting())}
            </a>
        </Show>
    }
}

/// The banners under the header: a new version is ready; the session ended before a sync.
#[component]
pub fn OfflineBanners() -> impl IntoView {
    let offline = use_offline();
    view! {
        <Show when=move || offline.update_ready.get()>
            <div role="region" aria-label="Update" class="border-b border-indigo-700 bg-indigo-950">
                <p class="mx-auto flex max-w-3xl flex-wrap items-center gap-3 px-4 py-2 text-sm">
                    "A new version of Liner is ready."
                    <button type="button" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                        on:click=move |_| offline.apply_update()>"Reload"</button>
                </p>
            </div>
        </Show>
        <Show when=move || offline.needs_sign_in.get()>
            <div role="alert" class="border-b border-amber-700 bg-amber-950">
                <p class="mx-auto max-w-3xl px-4 py-2 text-sm">
                    "Your session has ended, so drafts on this device cannot sync. "
                    <a href=crate::components::sign_in_link::SIGN_IN_PATH rel="external" class="underline">"Sign in again"</a>
                    " and they will."
                </p>
            </div>
        </Show>
    }
}

/// "Sign out": syncs what waits first; if that fails, asks before discarding it. Then deletes
/// the member's drafts, kept lists and cached pages from this device.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let offline = use_offline();
    let form = NodeRef::<leptos::html::Form>::new();
    let busy = RwSignal::new(false);
    // Drafts that could not be synced, while the poster decides.
    let unsynced = RwSignal::new(None::<usize>);
    let finish = move || {
        leptos::task::spawn_local(async move {
            offline.forget_member().await;
            if let Some(form) = form.get_untracked() {
                let _ = form.submit();
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            if offline.sync_before_sign_out().await {
                finish();
            } else {
                busy.set(false);
                unsynced.set(Some(offline.outbox.with_untracked(Vec::len)));
            }
        });
    };
    view! {
        <form method="post" action="/auth/logout" node_ref=form on:submit=on_submit>
            <button type="submit" class="text-sm hover:underline disabled:opacity-50" disabled=move || busy.get()>
                {move || if busy.get() { "Signing out…" } else { "Sign out" }}
            </button>
        </form>
        {move || unsynced.get().map(|n| view! { <DiscardDialog n offline unsynced finish/> })}
    }
}

#[component]
fn DiscardDialog(
    n: usize,
    offline: Offline,
    unsynced: RwSignal<Option<usize>>,
    finish: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let drafts = if n == 1 {
        "1 draft".to_string()
    } else {
        format!("{n} drafts")
    };
    let why = if offline.online.get_untracked() {
        "the server did not take them"
    } else {
        "this device is offline"
    };
    request_animation_frame(|| crate::browser::focus("sign-out-stay"));
    view! {
        <div role="alertdialog" aria-modal="true" aria-labelledby="sign-out-title" aria-describedby="sign-out-text"
            class="fixed inset-0 z-20 flex items-center justify-center bg-black/60 p-4">
            <div class="max-w-md rounded bg-zinc-900 p-4 shadow-xl">
                <h2 id="sign-out-title" class="text-lg font-bold">"Drafts not synced"</h2>
                <p id="sign-out-text" class="mt-2 text-sm">
                    {format!("{drafts} on this device could not be synced ({why}). Signing out deletes them from this device.")}
                </p>
                <div class="mt-4 flex flex-wrap gap-2">
                    <button type="button" id="sign-out-stay" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                        on:click=move |_| unsynced.set(None)>"Stay signed in"</button>
                    <button type="button" class="rounded border border-red-600 px-3 py-1"
                        on:click=move |_| { unsynced.set(None); finish(); }>"Sign out and discard"</button>
                </div>
            </div>
        </div>
    }
}
