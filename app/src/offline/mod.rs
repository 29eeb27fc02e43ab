//! Liner offline: one piece of app state that every page and the composer read to know whether
//! the server can be reached, what waits on this device, and whether a new version is ready.
//!
//! It is fed by the browser's `online`/`offline` events, by a probe of the server (on start,
//! when the page becomes visible, and on a timer with backoff while offline, since
//! `navigator.onLine` lies), and by requests that failed for want of a connection. When the
//! server answers again, the device's outbox is sent (`sync`).

pub mod device_cache;
pub mod local_draft;
pub mod platform;
mod sync;

use crate::AppError;
use leptos::prelude::*;
use liner::views::{GoneReason, StoredDraft};
use liner::{Draft, DraftId, PostId, UserId};
use local_draft::LocalDraft;
use std::time::Duration;

/// The first wait before probing the server again; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A probe slower than this counts as no connection.
const PROBE_TIMEOUT: Duration = Duration::from_secs(4);

/// What a sync did with one draft, for a composer that has it open.
#[derive(Debug, Clone, PartialEq)]
pub enum Ack {
    /// The server stored `sent` as `revision`.
    Saved {
        id: DraftId,
        post_id: PostId,
        revision: i64,
        sent: Box<Draft>,
    },
    Conflict {
        id: DraftId,
        theirs: Box<StoredDraft>,
    },
    Gone {
        id: DraftId,
        reason: GoneReason,
    },
}

impl Ack {
    pub fn id(&self) -> &DraftId {
        match self {
            Ack::Saved { id, .. } | Ack::Conflict { id, .. } | Ack::Gone { id, .. } => id,
        }
    }
}

/// The offline state, shared through context.
#[derive(Clone, Copy)]
pub struct Offline {
    /// Whether Liner's server can be reached (true until shown otherwise, in the server's render
    /// and the first browser render alike).
    pub online: RwSignal<bool>,
    /// The signed-in member's drafts the server has yet to take.
    pub outbox: RwSignal<Vec<LocalDraft>>,
    /// A new version of Liner has installed and waits for the poster's Reload.
    pub update_ready: RwSignal<bool>,
    /// A sync was refused because the session ended: the poster must sign in again.
    pub needs_sign_in: RwSignal<bool>,
    /// The last thing a sync did with a draft.
    pub acked: RwSignal<Option<Ack>>,
    /// Bumped whenever a sync stored something, so lists fetch again.
    pub synced: RwSignal<u32>,
    user: RwSignal<Option<UserId>>,
    backoff: StoredValue<Duration>,
    checking: StoredValue<bool>,
    /// The channel list was fetched for the device this page load.
    kept_channels: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Writes the open composer's draft to the device at once (before an update reloads).
    flush: StoredValue<Option<Callback<()>>>,
}

impl Offline {
    fn new() -> Offline {
        Offline {
            online: RwSignal::new(true),
            outbox: RwSignal::new(Vec::new()),
            update_ready: RwSignal::new(false),
            needs_sign_in: RwSignal::new(false),
            acked: RwSignal::new(None),
            synced: RwSignal::new(0),
            user: RwSignal::new(None),
            backoff: StoredValue::new(FIRST_BACKOFF),
            checking: StoredValue::new(false),
            kept_channels: StoredValue::new(false),
            timer: StoredValue::new(None),
            flush: StoredValue::new(None),
        }
    }

    /// The offline state is known only in the browser, after hydration.
    pub fn is_offline(self) -> bool {
        !self.online.get()
    }

    /// Notes what a failed request says about the connection: a request that never reached
    /// the server means offline (and a check is scheduled).
    pub fn note(self, error: &AppError) {
        if matches!(error, AppError::Transport(_)) {
            self.went_offline();
        }
    }

    fn went_offline(self) {
        if self.online.get_untracked() {
            self.online.set(false);
        }
        self.schedule_check();
    }

    /// Reads the outbox again (after the device changed it).
    pub fn refresh_outbox(self) {
        if let Some(user) = self.user.get_untracked() {
            self.outbox.set(local_draft::outbox(user));
        }
    }

    /// Checks the connection now and, if the server answers, sends what waits.
    pub fn check_now(self) {
        if self.checking.get_value() {
            return;
        }
        self.checking.set_value(true);
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        leptos::task::spawn_local(async move {
            let reachable = platform::probe(PROBE_TIMEOUT).await;
            if reachable {
                self.online.set(true);
                let done = match self.user.get_untracked() {
                    Some(user) => {
                        self.keep_channels(user).await;
                        sync::drain(self, user).await
                    }
                    None => true,
                };
                if done {
                    self.backoff.set_value(FIRST_BACKOFF);
                } else {
                    self.schedule_check();
                }
            } else {
                self.online.set(false);
                self.schedule_check();
            }
            self.checking.set_value(false);
        });
    }

    /// The server failed (not the connection): try the outbox again after a while.
    pub fn retry_later(self) {
        self.schedule_check();
    }

    /// Keeps the channel list on the device once per page load, so the Schedule step works
    /// offline even on a device that never opened it online.
    async fn keep_channels(self, user: UserId) {
        if self.kept_channels.get_value() {
            return;
        }
        if let Ok(list) = crate::serverfns::list_channels().await {
            device_cache::remember(user, device_cache::CHANNELS, &list);
            self.kept_channels.set_value(true);
        }
    }

    /// Checks again after the current backoff, which then doubles.
    fn schedule_check(self) {
        let wait = self.backoff.get_value();
        self.backoff.set_value((wait * 2).min(MAX_BACKOFF));
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.check_now(), wait).ok();
        self.timer.set_value(handle);
    }

    /// Lets the composer register how to write its draft out at once.
    pub fn set_flush(self, flush: Option<Callback<()>>) {
        self.flush.set_value(flush);
    }

    /// "Reload" on the update banner: the draft in hand is written first.
    pub fn apply_update(self) {
        if let Some(flush) = self.flush.get_value() {
            flush.run(());
        }
        leptos::task::spawn_local(platform::apply_update());
    }

    /// Before signing out: sends what waits; true when nothing is left unsynced.
    pub async fn sync_before_sign_out(self) -> bool {
        let Some(user) = self.user.get_untracked() else {
            return true;
        };
        if platform::probe(PROBE_TIMEOUT).await {
            sync::drain(self, user).await;
        }
        local_draft::outbox(user).is_empty()
    }

    /// Deletes everything this member left on the device: drafts, kept lists, cached pages.
    pub async fn forget_member(self) {
        if let Some(user) = self.user.get_untracked() {
            SIGNED_OUT.with(|s| s.set(Some(user)));
            local_draft::remove_all(user);
            device_cache::forget(user);
        }
        self.outbox.set(Vec::new());
        platform::forget_cached_pages().await;
    }
}

thread_local! {
    /// The member who signed out on this page. A write still under way for them (a debounced
    /// autosave, a sync's answer, a list refetched) must not put their data back after
    /// `forget_member`; the sign-out form navigates right after, so this lasts as long as it must.
    static SIGNED_OUT: std::cell::Cell<Option<UserId>> = const { std::cell::Cell::new(None) };
}

/// Whether `user` signed out on this page (their data on the device is no longer written).
fn signed_out(user: UserId) -> bool {
    SIGNED_OUT.with(|s| s.get()) == Some(user)
}

/// Starts the offline state for the page (browser only: every Effect here runs after
/// hydration).
pub fn provide_offline_context() {
    let offline = Offline::new();
    provide_context(offline);
    let session = crate::session::use_session();
    Effect::new(move |started: Option<()>| {
        let user = session
            .get()
            .and_then(Result::ok)
            .and_then(|s| s.viewer)
            .map(|v| v.id);
        offline.user.set(user);
        offline.refresh_outbox();
        if started.is_some() {
            return;
        }
        if !platform::navigator_online() {
            offline.online.set(false);
        }
        platform::on_window_event("offline", move || offline.went_offline());
        platform::on_window_event("online", move || offline.check_now());
        platform::on_visible(move || offline.check_now());
        leptos::task::spawn_local(platform::register_worker(move || {
            offline.update_ready.set(true)
        }));
        offline.check_now();
    });
}

pub fn use_offline() -> Offline {
    expect_context::<Offline>()
}
