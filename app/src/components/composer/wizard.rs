//! The wizard page body: stepper, the current step, navigation, save status and the preview.

use super::post_step::PostStep;
use super::preview_panel::PreviewPanel;
use super::release_step::ReleaseStep;
use super::review_step::ReviewStep;
use super::save::{SaveBar, SaveState};
use super::schedule_step::ScheduleStep;
use super::stepper::Stepper;
use super::Composer;
use crate::browser;
use crate::offline::local_draft::{self, LocalDraft, SyncState};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use liner::views::StoredDraft;
use liner::{DraftId, Step, UserId};

/// How long typing must pause before the draft is written to localStorage.
const AUTOSAVE_DEBOUNCE_MS: u64 = 300;

#[component]
pub fn Wizard(
    user: UserId,
    /// The stored post being edited; `None` for a new post.
    initial: Option<StoredDraft>,
    /// `?draft=` of a new post's URL: the local draft to reopen after a reload.
    reopen: Option<String>,
) -> impl IntoView {
    let editing = initial.is_some();
    let composer = Composer::new(user, initial);
    provide_context(composer);
    let save = SaveState::new(composer);
    provide_context(save);
    let offer = RwSignal::new(None::<LocalDraft>);
    let navigate = use_navigate();
    let notice = RwSignal::new(None::<String>);

    // Browser only: pick the draft's id and look for local work (never during render, so the
    // server's HTML and the first browser render agree).
    Effect::new(move |done: Option<()>| {
        if done.is_some() {
            return;
        }
        let draft_id = composer.draft.with_untracked(|d| d.id.clone());
        let mut unreadable = 0;
        let reopened = reopen
            .as_deref()
            .and_then(DraftId::parse)
            .filter(|_| !editing)
            .and_then(|id| match local_draft::load(user, &id) {
                Ok(found) => found,
                Err(_) => {
                    unreadable += 1;
                    None
                }
            });
        if let Some(local) = reopened {
            match local.post_id {
                // Saved on the server since: its copy there may be newer than this one (offline,
                // this copy is all there is).
                Some(id) if !local.dirty && save.offline.online.get_untracked() => {
                    navigate(
                        &format!("/posts/{id}/edit"),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                _ => restore(composer, save, local),
            }
        } else if editing {
            match local_draft::load(user, &draft_id) {
                Ok(Some(local)) if local.dirty => offer.set(Some(local)),
                Ok(_) => {}
                Err(_) => unreadable += 1,
            }
        } else {
            if let Some(id) = browser::random_uuid().as_deref().and_then(DraftId::parse) {
                composer.draft.update(|d| d.id = id);
            }
            let id = composer.draft.with_untracked(|d| d.id.clone());
            let (latest, bad) = local_draft::latest_unsaved(user, Some(&id));
            unreadable += bad;
            offer.set(latest);
            browser::replace_url(&format!("/posts/new?draft={id}"));
        }
        if unreadable > 0 {
            notice.set(Some(
                "A draft saved in this browser could not be read (it may be from an older version of Liner) and was set aside.".into(),
            ));
        }
        composer.ready.set(true);
    });

    // Autosave: the whole draft, debounced, on every change.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // Writes the draft as it is now (a pending write is the latest: each change restarts it).
    let write = move |dirty: bool| {
        if !local_draft::store_autosave(user, composer.local_record(dirty, SyncState::Local)) {
            notice.set(Some(
                "This browser would not store the draft locally (storage full or disabled); use Save draft.".into(),
            ));
        }
    };
    // An update's Reload writes the draft in hand first.
    save.offline.set_flush(Some(Callback::new(move |_| {
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        if composer.ready.get_untracked() && composer.draft.with_untracked(|d| d.has_content()) {
            write(composer.dirty());
        }
    })));
    // A save still pending when the wizard closes (after publishing, say) must not resurrect
    // the local copy.
    on_cleanup(move || {
        save.offline.set_flush(None);
        if let Some(handle) = pending.try_get_value().flatten() {
            handle.clear();
        }
    });
    Effect::new(move || {
        let draft = composer.draft.get();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        // While the poster decides about a local copy of this very draft, it must not be
        // overwritten.
        let deciding = offer.with(|o| o.as_ref().is_some_and(|o| o.draft.id == draft.id));
        if !composer.ready.get() || !draft.has_content() || deciding {
            return;
        }
        let dirty = composer
            .synced
            .with_untracked(|s| s.as_ref() != Some(&draft));
        let handle = set_timeout_with_handle(
            move || write(dirty),
            std::time::Duration::from_millis(AUTOSAVE_DEBOUNCE_MS),
        )
        .ok();
        pending.set_value(handle);
    });

    let show_preview = RwSignal::new(false);
    view! {
        <div class="lg:grid lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)] lg:gap-8">
            <section aria-labelledby="step-heading" class="space-y-4">
                <Stepper/>
                {move || notice.get().map(|n| view! {
                    <p role="status" class="rounded border border-amber-600 bg-amber-950 p-3 text-sm">{n}</p>
                })}
                {move || offer.get().map(|local| {
                    let title = local.draft.release.title.clone();
                    let label = if title.trim().is_empty() { "an untitled post".to_string() } else { format!("“{}”", title.trim()) };
                    let keep = local.clone();
                    view! {
                        <div role="region" aria-label="Unsaved draft" class="rounded border border-indigo-500 bg-indigo-950 p-3">
                            <p>"You have an unsaved draft of " {label} " in this browser."</p>
                            <div class="mt-2 flex gap-2">
                                <button type="button" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                                    on:click=move |_| {
                                        restore(composer, save, keep.clone());
                                        offer.set(None);
                                    }>"Resume draft"</button>
                                <button type="button" class="rounded border border-zinc-600 px-3 py-1"
                                    on:click=move |_| {
                                        local_draft::remove(user, &local.draft.id);
                                        offer.set(None);
                                    }>"Discard"</button>
                            </div>
                        </div>
                    }
                })}
                <h2 id="step-heading" tabindex="-1" class="text-xl font-bold focus:outline-none">
                    {move || composer.step().title()}
                </h2>
                // Tracks the step only: typing must not rebuild the step (and refetch what it
                // loads).
                {move || match composer.step() {
                    Step::Release => view! { <ReleaseStep/> }.into_any(),
                    Step::Post => view! { <PostStep/> }.into_any(),
                    Step::Schedule => view! { <ScheduleStep/> }.into_any(),
                    Step::Review => view! { <ReviewStep/> }.into_any(),
                }}
                <div class="flex flex-wrap items-center gap-2 border-t border-zinc-800 pt-4">
                    <button type="button" class="rounded border border-zinc-600 px-4 py-2 disabled:opacity-40"
                        disabled=move || composer.step() == Step::Release
                        on:click=move |_| {
                            if let Some(prev) = composer.step().previous() {
                                composer.go(prev);
                            }
                        }>"Back"</button>
                    <Show when=move || composer.step() != Step::Review>
                        <button type="button" class="rounded bg-indigo-500 px-4 py-2 font-medium text-white"
                            on:click=move |_| {
                                if let Some(next) = composer.step().next() {
                                    composer.go(next);
                                }
                            }>"Next"</button>
                    </Show>
                    <SaveBar/>
                </div>
            </section>
            <aside aria-label="Preview" class="mt-8 lg:mt-0">
                <button type="button" class="mb-2 rounded border border-zinc-600 px-3 py-1 lg:hidden"
                    aria-expanded=move || show_preview.get().to_string()
                    aria-controls="preview-panel"
                    on:click=move |_| show_preview.update(|s| *s = !*s)>"Preview"</button>
                <div id="preview-panel" class="lg:sticky lg:top-4 lg:block" class:hidden=move || !show_preview.get()>
                    <PreviewPanel/>
                </div>
            </aside>
        </div>
    }
}

/// Puts a local copy back into the wizard, exactly as it was (step included), with the question
/// a sync left for it (a conflict, or the draft gone from the server).
fn restore(composer: Composer, save: SaveState, local: LocalDraft) {
    match &local.sync {
        SyncState::Conflict { theirs } => save.conflict.set(Some((**theirs).clone())),
        SyncState::Gone { reason } => save.gone.set(Some(*reason)),
        SyncState::Local | SyncState::Waiting => {}
    }
    composer.base_revision.set(local.base_revision);
    composer.post_id.set(local.post_id);
    if !local.dirty {
        composer.synced.set(Some(local.draft.clone()));
    }
    let id = local.draft.id.clone();
    composer.draft.set(local.draft);
    if local.post_id.is_none() {
        browser::replace_url(&format!("/posts/new?draft={id}"));
    }
}
