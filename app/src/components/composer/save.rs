//! "Save draft" and "Publish": the server calls, what they answer, and the conflict dialog
//! shown when the server's copy changed since this one was loaded.

use super::local_draft::{self, LocalDraft, FORMAT};
use super::Composer;
use crate::browser;
use crate::serverfns::{DraftRequest, PublishPost, SaveDraft, UpdatePublished};
use crate::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use liner::views::{SaveOutcome, StoredDraft};

/// The save and publish actions, shared by the navigation bar and the Review step.
#[derive(Clone, Copy)]
pub struct SaveState {
    pub save: ServerAction<SaveDraft>,
    pub publish: ServerAction<PublishPost>,
    /// Updates a published post's message in Discord.
    pub update: ServerAction<UpdatePublished>,
    /// The server's copy when a save found it changed elsewhere.
    pub conflict: RwSignal<Option<StoredDraft>>,
    pub message: RwSignal<Option<String>>,
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
            message: RwSignal::new(None),
            sent: RwSignal::new(None),
        };
        Effect::new(move || {
            let Some(result) = state.save.value().get() else {
                return;
            };
            // Only the answer is tracked: the draft changing afterwards must not replay it.
            untrack(move || match result {
                Ok(SaveOutcome::Saved {
                    post_id, revision, ..
                }) => {
                    composer.base_revision.set(Some(revision));
                    composer.post_id.set(Some(post_id));
                    // The draft now lives on the server: a reload opens the server's copy (and
                    // offers this browser's copy if it has unsaved changes).
                    browser::replace_url(&format!("/posts/{post_id}/edit"));
                    // The draft as it was sent is what the server has now.
                    if let Some(sent) = state.sent.get_untracked() {
                        composer.synced.set(Some(sent));
                    }
                    store_local(composer);
                    composer.server_errors.set(Vec::new());
                    state.message.set(Some("Draft saved.".into()));
                }
                Ok(SaveOutcome::Conflict(server)) => {
                    state.message.set(None);
                    state.conflict.set(Some(*server));
                }
                Err(e) => {
                    state.message.set(Some(format!("Not saved: {e}")));
                    if let AppError::Invalid(errors) = e {
                        composer.server_errors.set(errors);
                    }
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
                Some(Err(e)) => state.refused(composer, "Not published", e),
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
                Some(Err(e)) => state.refused(composer, "Not updated", e),
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

/// The draft is on the server and in Discord now: the local copy has nothing more to keep.
fn forget_local(composer: Composer) {
    let id = composer.draft.with_untracked(|d| d.id.clone());
    local_draft::remove(composer.user, &id);
}

/// Writes the current state to localStorage at once (after a server save).
fn store_local(composer: Composer) {
    let local = LocalDraft {
        format: FORMAT,
        dirty: composer.dirty(),
        draft: composer.draft.get_untracked(),
        base_revision: composer.base_revision.get_untracked(),
        post_id: composer.post_id.get_untracked(),
        saved_at: browser::now_ms(),
    };
    local_draft::store(composer.user, &local);
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
                            "Which version do you want to keep? The other one is discarded."
                        </p>
                        <div class="mt-4 flex gap-2">
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
                                    state.message.set(Some("Loaded the other version.".into()));
                                }>"Use the other version"</button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
}
