//! The composer: a four-step wizard (Release → Post → Schedule → Review) over one `Draft`
//! signal, with a live preview, autosave to localStorage and "Save draft" to the server.

mod find_release;
mod post_step;
mod preview_panel;
mod release_step;
mod review_step;
mod save;
mod schedule_step;
mod stepper;
mod wizard;

pub use wizard::Wizard;

use leptos::prelude::*;
use liner::post::PostBody;
use liner::release::Release;
use liner::template::Part;
use liner::views::{ChannelView, StoredDraft};
use liner::{Check, Draft, DraftId, Field, FieldError, PostId, PostStatus, Step, UserId};
use std::collections::BTreeSet;

/// A stand-in id until the browser generates the real one (the server render has no
/// randomness the browser's first render could agree with).
const PLACEHOLDER_ID: &str = "00000000-0000-4000-8000-000000000000";

/// The wizard's shared state, handed to every step through context.
#[derive(Clone, Copy)]
pub struct Composer {
    pub user: UserId,
    pub draft: RwSignal<Draft>,
    /// The server revision the draft is based on.
    pub base_revision: RwSignal<Option<i64>>,
    pub post_id: RwSignal<Option<PostId>>,
    /// The draft as last saved on the server, to know whether there are unsaved changes.
    pub synced: RwSignal<Option<Draft>>,
    /// Steps whose "Next" was pressed: their missing fields are now errors.
    pub attempted: RwSignal<BTreeSet<Step>>,
    /// Errors the server reported for the last save or publish.
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// The draft has its real id and autosave runs.
    pub ready: RwSignal<bool>,
    /// The post is already in Discord: finishing updates its message there instead of
    /// publishing, and where and when it went out are fixed.
    pub published: bool,
    /// The channels the poster may choose, fetched once for every step that shows them.
    pub(super) channels: Resource<Result<Vec<ChannelView>, crate::AppError>>,
    /// The current step alone, so views of it do not rerun on every keystroke.
    step: Memo<Step>,
    publish_errors: Memo<Vec<FieldError>>,
    limit_errors: Memo<Vec<FieldError>>,
    /// Which hosts the draft's URLs may name (and the preview loads images from).
    pub hosts: Signal<liner::Hosts>,
}

impl Composer {
    pub fn new(user: UserId, initial: Option<StoredDraft>) -> Composer {
        let (draft, revision, post_id, published) = match initial {
            Some(s) => (
                s.draft,
                Some(s.revision),
                Some(s.post_id),
                s.status == PostStatus::Published,
            ),
            None => {
                let id = DraftId::parse(PLACEHOLDER_ID).unwrap_or_else(|| unreachable!());
                (Draft::new(id), None, None, false)
            }
        };
        let synced = post_id.map(|_| draft.clone());
        let draft = RwSignal::new(draft);
        let hosts = crate::session::use_url_hosts();
        Composer {
            user,
            draft,
            base_revision: RwSignal::new(revision),
            post_id: RwSignal::new(post_id),
            synced: RwSignal::new(synced),
            attempted: RwSignal::new(BTreeSet::new()),
            server_errors: RwSignal::new(Vec::new()),
            ready: RwSignal::new(false),
            published,
            channels: channel_list(user),
            step: Memo::new(move |_| draft.with(|d| d.step)),
            publish_errors: Memo::new(move |_| {
                let rules = Check::Publish.with_hosts(hosts.get());
                draft.with(|d| d.validate(rules))
            }),
            limit_errors: Memo::new(move |_| {
                let rules = Check::Draft.with_hosts(hosts.get());
                draft.with(|d| d.validate(rules))
            }),
            hosts,
        }
    }

    pub fn step(self) -> Step {
        self.step.get()
    }

    /// A release text field as a signal.
    pub fn release_text(self, get: fn(&Release) -> &String) -> Signal<String> {
        let draft = self.draft;
        // A memo, so only the input whose text changed is touched on a keystroke.
        Memo::new(move |_| draft.with(|d| get(&d.release).clone())).into()
    }

    /// Sets a release field; the template then refills what the poster has not edited.
    pub fn set_release(self, set: fn(&mut Release, String)) -> Callback<String> {
        let draft = self.draft;
        Callback::new(move |v| {
            draft.update(|d| {
                set(&mut d.release, v);
                d.apply_template();
            })
        })
    }

    /// A message text field as a signal.
    pub fn body_text(self, get: fn(&PostBody) -> &String) -> Signal<String> {
        let draft = self.draft;
        Memo::new(move |_| draft.with(|d| get(&d.body).clone())).into()
    }

    /// Sets a message field and marks its part as the poster's own.
    pub fn set_body(self, part: Option<Part>, set: fn(&mut PostBody, String)) -> Callback<String> {
        let draft = self.draft;
        Callback::new(move |v| self::edit_body(draft, part, |b| set(b, v)))
    }

    /// Changes the message through `f`, marking `part` as edited.
    pub fn edit(self, part: Option<Part>, f: impl FnOnce(&mut PostBody)) {
        edit_body(self.draft, part, f);
    }

    /// The error to show beside `field`: limit errors at once, missing or malformed values
    /// once the step's "Next" was pressed, and whatever the server said.
    pub fn error(self, field: Field) -> Signal<Option<String>> {
        Memo::new(move |_| {
            let server = self
                .server_errors
                .with(|e| liner::validate::error_for(e, field).map(|e| e.message.clone()));
            if server.is_some() {
                return server;
            }
            let list = if self.attempted.with(|a| a.contains(&field.step())) {
                self.publish_errors
            } else {
                self.limit_errors
            };
            list.with(|e| liner::validate::error_for(e, field).map(|e| e.message.clone()))
        })
        .into()
    }

    /// What stops `step` from being complete.
    pub fn step_errors(self, step: Step) -> Vec<FieldError> {
        self.publish_errors.with(|e| {
            e.iter()
                .filter(|e| e.field.step() == step)
                .cloned()
                .collect()
        })
    }

    /// Goes to `target`, refusing to pass an incomplete step: the first incomplete one on the
    /// way is shown with its errors and its first bad field focused.
    pub fn go(self, target: Step) {
        let current = self.step();
        if target > current {
            for step in Step::ALL
                .into_iter()
                .filter(|s| *s >= current && *s < target)
            {
                let errors = self.step_errors(step);
                if let Some(first) = errors.first() {
                    self.attempted.update(|a| {
                        a.insert(step);
                    });
                    if step != current {
                        self.draft.update(|d| d.step = step);
                    }
                    let id = first.field.dom_id();
                    request_focus(id);
                    return;
                }
            }
        }
        self.server_errors.set(Vec::new());
        self.draft.update(|d| d.step = target);
        request_focus("step-heading".into());
    }

    /// The device's record of the draft as it is now.
    pub fn local_record(
        self,
        dirty: bool,
        sync: crate::offline::local_draft::SyncState,
    ) -> crate::offline::local_draft::LocalDraft {
        crate::offline::local_draft::LocalDraft {
            format: crate::offline::local_draft::FORMAT,
            dirty,
            draft: self.draft.get_untracked(),
            base_revision: self.base_revision.get_untracked(),
            post_id: self.post_id.get_untracked(),
            saved_at: crate::browser::now_ms(),
            sync,
        }
    }

    /// Whether the draft differs from what the server has.
    pub fn dirty(self) -> bool {
        self.draft
            .with(|d| self.synced.with(|s| s.as_ref() != Some(d)) && d.has_content())
    }
}

fn edit_body(draft: RwSignal<Draft>, part: Option<Part>, f: impl FnOnce(&mut PostBody)) {
    draft.update(|d| {
        f(&mut d.body);
        if let Some(part) = part {
            d.edited.insert(part);
        }
    });
}

/// Focuses an element once the view has updated.
fn request_focus(id: String) {
    request_animation_frame(move || crate::browser::focus(&id));
}

/// The name of the draft's channel, as "#name", once the channel list has loaded (`None` until
/// then, or when none is chosen).
pub(super) fn channel_label(c: Composer) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let channels = c.channels;
    move || {
        let id = c.draft.with(|d| d.schedule.channel_id)?;
        channels
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().find(|ch| ch.id == id))
            .map(|ch| format!("#{}", ch.name))
    }
}

/// The channels the poster may choose, or offline the list this device saw last.
fn channel_list(user: UserId) -> Resource<Result<Vec<ChannelView>, crate::AppError>> {
    use crate::offline::device_cache;
    let offline = crate::offline::use_offline();
    // The list rendered by the server is kept too: the offline state keeps it at each start.
    Resource::new(
        || (),
        move |_| async move {
            let call = crate::serverfns::list_channels();
            device_cache::or_kept(offline, Some(user), device_cache::CHANNELS, call)
                .await
                .map(|(list, _)| list)
        },
    )
}

pub fn use_composer() -> Composer {
    expect_context::<Composer>()
}
