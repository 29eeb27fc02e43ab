//! "Save draft" and "Publish": the server calls, what they answer, and the dialogs shown when
//! the server's copy changed since this one was loaded, or the draft is gone from the server.
//! Offline (or when the server cannot be reached), "Save draft" keeps the draft in the
//! device's outbox, and the sync reports back here when it went through.

use super::Composer;
use crate::browser;
use crate::offline::local_draft::{self, SyncState};
use crate::offline::{platform, use_offline, Ack, Offline};
use crate::serverfns::{DraftRequest, PublishPost, SaveDraft, UpdatePublished};
use crate::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use liner::views::{GoneReason, SaveOutcome, StoredDraft};
use liner::{Draft, DraftId, PostId};

/// What "Save draft" says when the draft stays on the device.
pub const KEPT_ON_DEVICE: &str = "Saved on this device — will sync when online.";

/// The save and publish actions, shared by the navigation bar and the Review step.
#[derive(Clone, Copy)]
pub struct SaveState {
    pub save: ServerAction<SaveDraft>,
    pub publish: ServerAction<PublishPost>,
    /// Updates a published post's message in Discord.
    pub update: ServerAction<UpdatePublished>,
    /// The server's copy when a save found it changed elsewhere.
    pub conflict: RwSignal<Option<StoredDraft>>,
    /// Set when a save found the draft deleted or published elsewhere.
    pub gone: RwSignal<Option<GoneReason>>,
    pub message: RwSignal<Option<String>>,
    pub offline: Offline,
    /// The draft as the last save sent it (an action forgets its input once it resolves).
    sent: RwSignal<Option<liner::Draft>>,
}

impl SaveState {
    pub fn new(composer: Composer) -> SaveState {
        let state = SaveState {
            save: ServerAction::new(),
            publish: ServerAction::new(),
            update: ServerAction::new(),
            conflict: RwSignal::new(None),
            gone: RwSignal::new(None),
            message: RwSignal::new(None),
            offline: use_offline(),
            sent: RwSignal::new(None),
        };
        let offline = state.offline;
        Effect::new(move || {
            let Some(result) = state.save.value().get() else {
                return;
            };
            // Only the answer is tracked: the draft changing afterwards must not replay it.
            untrack(move || match result {
                Ok(SaveOutcome::Saved {
                    post_id, revision, ..
                }) => {
                    state.on_server(composer, post_id, revision, state.sent.get_untracked());
                    local_draft::store(
                        composer.user,
                        &composer.local_record(composer.dirty(), SyncState::Local),
                    );
                    offline.refresh_outbox();
                    composer.server_errors.set(Vec::new());
                    state.message.set(Some("Draft saved.".into()));
                }
                Ok(SaveOutcome::Conflict(server)) => state.ask_conflict(*server),
                Ok(SaveOutcome::Gone(reason)) => {
                    state.ask_gone(reason);
                    let id = composer.draft.with_untracked(|d| d.id.clone());
                    local_draft::update(composer.user, &id, |l| {
                        l.sync = SyncState::Gone { reason }
                    });
                    offline.refresh_outbox();
                }
                // The server could not be reached, or failed: the draft waits on the device.
                Err(e @ AppError::Transport(_)) => {
                    offline.note(&e);
                    state.keep_on_device(composer, KEPT_ON_DEVICE.into());
                }
                Err(e @ (AppError::Internal | AppError::Unavailable)) => {
                    state.keep_on_device(
                        composer,
                        format!("Not saved on the server: {e} Kept on this device; Liner will try again."),
                    );
                    offline.retry_later();
                }
                Err(e) => {
                    state.message.set(Some(format!("Not saved: {e}")));
                    if let AppError::Invalid(errors) = e {
                        composer.server_errors.set(errors);
                    }
                }
            })
        });
        // What a sync did with this draft while it is open.
        Effect::new(move || {
            let Some(ack) = offline.acked.get() else {
                return;
            };
            untrack(move || {
                if !composer.draft.with(|d| &d.id == ack.id()) {
                    return;
                }
                // The sync has already updated the device's record.
                match ack {
                    Ack::Saved {
                        post_id,
                        revision,
                        sent,
                        ..
                    } => {
                        state.on_server(composer, post_id, revision, Some(*sent));
                        state
                            .message
                            .set(Some("Synced: the draft is saved on the server.".into()));
                    }
                    Ack::Conflict { theirs, .. } => state.ask_conflict(*theirs),
                    Ack::Gone { reason, .. } => state.ask_gone(reason),
                }
            })
        });
        let navigate = use_navigate();
        let to_posts = navigate.clone();
        Effect::new(move || {
            let result = state.publish.value().get();
            untrack(|| match result {
                Some(Ok(_)) => {
                    forget_local(composer);
                    to_posts("/posts", Default::default());
                }
                Some(Err(e)) => {
                    offline.note(&e);
                    state.refused(composer, "Not published", e)
                }
                None => {}
            })
        });
        Effect::new(move || {
            let result = state.update.value().get();
            untrack(|| match result {
                Some(Ok(post)) => {
                    forget_local(composer);
                    navigate(&format!("/posts/{}", post.id), Default::default());
                }
                Some(Err(e)) => {
                    offline.note(&e);
                    state.refused(composer, "Not updated", e)
                }
                None => {}
            })
        });
        state
    }

    /// Whether a publish or an update is under way.
    pub fn busy(self) -> bool {
        self.publish.pending().get() || self.update.pending().get()
    }

    /// Shows why the server refused to publish or update, and the first problem where it is.
    fn refused(self, composer: Composer, what: &str, e: AppError) {
        self.message.set(Some(format!("{what}: {e}")));
        if let AppError::Invalid(errors) = e {
            if let Some(first) = errors.first() {
                let step = first.field.step();
                composer.attempted.update(|a| {
                    a.insert(step);
                });
                composer.draft.update(|d| d.step = step);
            }
            composer.server_errors.set(errors);
        }
    }

    pub fn update_now(self, composer: Composer) {
        self.message
            .set(Some("Updating the message in Discord…".into()));
        self.update.dispatch(UpdatePublished {
            request: DraftRequest {
                draft: composer.draft.get_untracked(),
                base_revision: composer.base_revision.get_untracked(),
            },
        });
    }

    pub fn save_now(self, composer: Composer) {
        if !self.offline.online.get_untracked() {
            self.keep_on_device(composer, KEPT_ON_DEVICE.into());
            return;
        }
        self.message.set(Some("Saving…".into()));
        let draft = composer.draft.get_untracked();
        self.sent.set(Some(draft.clone()));
        self.save.dispatch(SaveDraft {
            request: DraftRequest {
                draft,
                base_revision: composer.base_revision.get_untracked(),
            },
        });
    }

    pub fn publish_now(self, composer: Composer) {
        self.message.set(None);
        self.publish.dispatch(PublishPost {
            request: DraftRequest {
                draft: composer.draft.get_untracked(),
                base_revision: composer.base_revision.get_untracked(),
            },
        });
    }
}

impl SaveState {
    /// The server stored `sent` as `revision` (from "Save draft" or from a sync): the draft
    /// now lives there, so a reload opens the server's copy (and offers this browser's copy if
    /// it has unsaved changes).
    fn on_server(self, composer: Composer, post_id: PostId, revision: i64, sent: Option<Draft>) {
        // Revisions only grow; a later answer may already have raised it.
        composer
            .base_revision
            .update(|b| *b = (*b).max(Some(revision)));
        composer.post_id.set(Some(post_id));
        browser::replace_url(&format!("/posts/{post_id}/edit"));
        if let Some(sent) = sent {
            composer.synced.set(Some(sent));
        }
    }

    /// The server's copy moved on: the poster chooses.
    fn ask_conflict(self, theirs: StoredDraft) {
        self.message.set(None);
        self.conflict.set(Some(theirs));
    }

    /// The draft was deleted or published elsewhere: the poster restores or discards it.
    fn ask_gone(self, reason: GoneReason) {
        self.message.set(None);
        self.gone.set(Some(reason));
    }

    /// Puts the draft in the device's outbox, to be sent when the server answers again.
    fn keep_on_device(self, composer: Composer, said: String) {
        let local = composer.local_record(true, SyncState::Waiting);
        if local_draft::store(composer.user, &local) {
            self.message.set(Some(said));
            // The outbox is the draft's only copy until it syncs.
            platform::persist_storage();
        } else {
            self.message.set(Some(
                "Not saved: this browser would not store the draft (storage full or disabled)."
                    .into(),
            ));
        }
        self.offline.refresh_outbox();
    }

    /// Makes the draft a new one (new UUID, never saved) and saves it: "Keep both" after a
    /// conflict, "Restore" after it was deleted or published elsewhere.
    fn save_as_new(self, composer: Composer) {
        let Some(id) = browser::random_uuid().as_deref().and_then(DraftId::parse) else {
            return;
        };
        let old = composer.draft.with_untracked(|d| d.id.clone());
        local_draft::remove(composer.user, &old);
        composer.base_revision.set(None);
        composer.post_id.set(None);
        composer.synced.set(None);
        composer.draft.update(|d| d.id = id.clone());
        browser::replace_url(&format!("/posts/new?draft={id}"));
        self.save_now(composer);
        self.offline.refresh_outbox();
    }

    /// The device's record of this draft leaves the outbox (the poster chose).
    fn settle_local(self, composer: Composer) {
        let id = composer.draft.with_untracked(|d| d.id.clone());
        let base = composer.base_revision.get_untracked();
        local_draft::update(composer.user, &id, |l| {
            l.sync = SyncState::Local;
            l.base_revision = base;
        });
        self.offline.refresh_outbox();
    }
}

/// The draft is on the server and in Discord now: the local copy has nothing more to keep.
fn forget_local(composer: Composer) {
    let id = composer.draft.with_untracked(|d| d.id.clone());
    local_draft::remove(composer.user, &id);
}

/// "Save draft", its status, and the conflict dialog.
#[component]
pub fn SaveBar() -> impl IntoView {
    let composer = super::use_composer();
    let state = expect_context::<SaveState>();
    view! {
        // A published post has no draft on the server: its changes go to Discord or nowhere
        // (the browser keeps them meanwhile).
        <Show when=move || !composer.published
            fallback=|| view! { <p class="text-sm text-zinc-400">"Changes reach Discord when you press Update in Discord."</p> }>
            <button type="button" class="rounded border border-zinc-600 px-4 py-2 disabled:opacity-40"
                disabled=move || state.save.pending().get()
                on:click=move |_| state.save_now(composer)>"Save draft"</button>
        </Show>
        <p role="status" class="text-sm text-zinc-300">{move || state.message.get()}</p>
        {move || state.conflict.get().map(|server| {
            let theirs = server.clone();
            view! {
                <div role="dialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-text"
                    class="fixed inset-0 z-10 flex items-center justify-center bg-black/60 p-4">
                    <div class="max-w-md rounded bg-zinc-900 p-4 shadow-xl">
                        <h2 id="conflict-title" class="text-lg font-bold">"This draft changed elsewhere"</h2>
                        <p id="conflict-text" class="mt-2 text-sm">
                            "Someone (or you, on another device) saved this draft after you opened it. "
                            "Keep one version (the other is discarded), or keep both as two drafts."
                        </p>
                        <div class="mt-4 flex flex-wrap gap-2">
                            <button type="button" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                                on:click=move |_| {
                                    composer.base_revision.set(Some(server.revision));
                                    state.conflict.set(None);
                                    state.save_now(composer);
                                }>"Keep mine"</button>
                            <button type="button" class="rounded border border-zinc-600 px-3 py-1"
                                on:click=move |_| {
                                    composer.base_revision.set(Some(theirs.revision));
                                    composer.post_id.set(Some(theirs.post_id));
                                    composer.synced.set(Some(theirs.draft.clone()));
                                    composer.draft.set(theirs.draft.clone());
                                    state.conflict.set(None);
                                    state.settle_local(composer);
                                    state.message.set(Some("Loaded the other version.".into()));
                                }>"Use the other version"</button>
                            <button type="button" class="rounded border border-zinc-600 px-3 py-1"
                                on:click=move |_| {
                                    state.conflict.set(None);
                                    state.save_as_new(composer);
                                }>"Keep both as two drafts"</button>
                        </div>
                    </div>
                </div>
            }
        })}
        {move || state.gone.get().map(|reason| view! { <GoneDialog reason/> })}
    }
}

/// The draft was deleted or published elsewhere while this copy was away.
#[component]
fn GoneDialog(reason: GoneReason) -> impl IntoView {
    let composer = super::use_composer();
    let state = expect_context::<SaveState>();
    let navigate = use_navigate();
    let text = match reason {
        GoneReason::Deleted => "This draft was deleted on the server (from another device, or by an admin) while this copy was away. Restore it as a new draft, or discard this copy.",
        GoneReason::Published => "This post was published from elsewhere while this copy was away. Save this copy as a new draft, or discard it.",
    };
    view! {
        <div role="alertdialog" aria-modal="true" aria-labelledby="gone-title" aria-describedby="gone-text"
            class="fixed inset-0 z-10 flex items-center justify-center bg-black/60 p-4">
            <div class="max-w-md rounded bg-zinc-900 p-4 shadow-xl">
                <h2 id="gone-title" class="text-lg font-bold">{reason.label()}</h2>
                <p id="gone-text" class="mt-2 text-sm">{text}</p>
                <div class="mt-4 flex flex-wrap gap-2">
                    <button type="button" class="rounded bg-indigo-500 px-3 py-1 font-medium text-white"
                        on:click=move |_| {
                            state.gone.set(None);
                            state.save_as_new(composer);
                        }>"Restore"</button>
                    <button type="button" class="rounded border border-zinc-600 px-3 py-1"
                        on:click=move |_| {
                            state.gone.set(None);
                            forget_local(composer);
                            state.offline.refresh_outbox();
                            navigate("/posts", Default::default());
                        }>"Discard"</button>
                </div>
            </div>
        </div>
    }
}
