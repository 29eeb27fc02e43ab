//! The wizard's autosave: the whole draft in localStorage, keyed per user and per draft, in a
//! versioned format. Data that does not read (corrupt, or written by another format) is set
//! aside under another key and reported, never a crash.
//!
//! The same record is the device's outbox: a draft whose `sync` is `Waiting` is sent to the
//! server (through `save_draft`, with its base revision) when the device is back online.

use crate::browser;
use liner::views::{GoneReason, StoredDraft};
use liner::{Draft, DraftId, PostId, UserId};
use serde::{Deserialize, Serialize};

/// The storage format; bump it when `LocalDraft` changes incompatibly.
pub const FORMAT: u32 = 1;

/// What autosave stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalDraft {
    pub format: u32,
    pub draft: Draft,
    /// The server revision this copy is based on (`None`: never saved on the server).
    pub base_revision: Option<i64>,
    pub post_id: Option<PostId>,
    /// Unix milliseconds.
    pub saved_at: f64,
    /// Changed since the last server save.
    pub dirty: bool,
    /// Where it stands with the server (absent in records from before the outbox: `Local`).
    #[serde(default)]
    pub sync: SyncState,
}

/// Where a device draft stands with the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    /// Autosaved here only; the poster has not asked for it to be saved on the server.
    #[default]
    Local,
    /// "Save draft" was pressed while the server could not be reached: sent when online.
    Waiting,
    /// The server's copy moved on meanwhile; the poster chooses which to keep.
    Conflict { theirs: Box<StoredDraft> },
    /// Deleted or published elsewhere meanwhile; the poster restores or discards it.
    Gone { reason: GoneReason },
}

impl SyncState {
    /// Whether the server has yet to take this draft (it counts as unsynced).
    pub fn unsynced(&self) -> bool {
        !matches!(self, SyncState::Local)
    }

    /// How a list marks it.
    pub fn label(&self) -> &'static str {
        match self {
            SyncState::Local => "Only on this device",
            SyncState::Waiting => "Not synced",
            SyncState::Conflict { .. } => "Changed elsewhere",
            SyncState::Gone { reason } => reason.label(),
        }
    }
}

fn prefix(user: UserId) -> String {
    format!("liner:draft:{user}:")
}

fn key(user: UserId, id: &DraftId) -> String {
    format!("{}{id}", prefix(user))
}

/// A stored draft that exists but does not read (corrupt, or another format).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

/// Reads one stored value.
fn parse(text: &str) -> Result<LocalDraft, Unreadable> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| Unreadable)?;
    if value.get("format").and_then(serde_json::Value::as_u64) != Some(u64::from(FORMAT)) {
        return Err(Unreadable);
    }
    serde_json::from_value(value).map_err(|_| Unreadable)
}

fn set_aside(key: &str, text: &str) {
    browser::storage_set(&key.replacen("liner:draft:", "liner:unreadable:", 1), text);
    browser::storage_remove(key);
}

/// The local copy of one draft; `Err` when one existed but could not be read (it has been set
/// aside).
pub fn load(user: UserId, id: &DraftId) -> Result<Option<LocalDraft>, Unreadable> {
    let key = key(user, id);
    let Some(text) = browser::storage_get(&key) else {
        return Ok(None);
    };
    match parse(&text) {
        Ok(local) => Ok(Some(local)),
        Err(Unreadable) => {
            set_aside(&key, &text);
            Err(Unreadable)
        }
    }
}

/// Stores the local copy; false if the browser refused (storage full or disabled).
pub fn store(user: UserId, local: &LocalDraft) -> bool {
    if super::signed_out(user) {
        return true;
    }
    match serde_json::to_string(local) {
        Ok(text) => browser::storage_set(&key(user, &local.draft.id), &text),
        Err(_) => false,
    }
}

pub fn remove(user: UserId, id: &DraftId) {
    browser::storage_remove(&key(user, id));
}

/// Stores an autosave without undoing what happened to the stored record meanwhile: it stays in
/// the outbox if it was there, and keeps the newest base revision a sync acknowledged.
pub fn store_autosave(user: UserId, mut local: LocalDraft) -> bool {
    if let Ok(Some(stored)) = load(user, &local.draft.id) {
        if local.sync == SyncState::Local {
            local.sync = stored.sync;
        }
        local.base_revision = local.base_revision.max(stored.base_revision);
        local.post_id = local.post_id.or(stored.post_id);
    }
    store(user, &local)
}

/// Changes the stored record of `id`, if there is one that reads.
pub fn update(user: UserId, id: &DraftId, f: impl FnOnce(&mut LocalDraft)) {
    if let Ok(Some(mut local)) = load(user, id) {
        f(&mut local);
        store(user, &local);
    }
}

/// Every readable draft of `user` on this device.
fn all(user: UserId) -> Vec<LocalDraft> {
    browser::storage_keys(&prefix(user))
        .into_iter()
        .filter_map(|k| browser::storage_get(&k))
        .filter_map(|text| parse(&text).ok())
        .collect()
}

/// The drafts the server has yet to take (waiting, in conflict or gone), oldest first.
pub fn outbox(user: UserId) -> Vec<LocalDraft> {
    let mut list: Vec<LocalDraft> = all(user)
        .into_iter()
        .filter(|l| l.sync.unsynced())
        .collect();
    list.sort_by(|a, b| a.saved_at.total_cmp(&b.saved_at));
    list
}

/// Deletes every draft `user` has on this device (signing out on a shared device).
pub fn remove_all(user: UserId) {
    for key in browser::storage_keys(&prefix(user)) {
        browser::storage_remove(&key);
    }
}

/// The most recently changed local draft not yet saved on the server (other than `except`),
/// and how many stored drafts could not be read.
pub fn latest_unsaved(user: UserId, except: Option<&DraftId>) -> (Option<LocalDraft>, usize) {
    let mut unreadable = 0;
    let mut best: Option<LocalDraft> = None;
    for key in browser::storage_keys(&prefix(user)) {
        let Some(text) = browser::storage_get(&key) else {
            continue;
        };
        match parse(&text) {
            Ok(local) => {
                let skip = !local.dirty || Some(&local.draft.id) == except;
                if !skip && best.as_ref().is_none_or(|b| b.saved_at < local.saved_at) {
                    best = Some(local);
                }
            }
            Err(Unreadable) => {
                unreadable += 1;
                set_aside(&key, &text);
            }
        }
    }
    (best, unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_formats_and_garbage_do_not_read() {
        assert!(parse("not json").is_err());
        assert!(parse(r#"{"format": 0, "draft": {}}"#).is_err());
        assert!(parse(r#"{"format": 1, "draft": {"id": "nope"}}"#).is_err());
        let id = DraftId::parse("0b6c3f0e-8a4b-4c47-9d0e-2f8f7f1f2a3b");
        let Some(id) = id else { panic!("valid id") };
        let local = LocalDraft {
            format: FORMAT,
            draft: Draft::new(id),
            base_revision: Some(2),
            post_id: None,
            saved_at: 1.0,
            dirty: true,
            sync: SyncState::Waiting,
        };
        let text = serde_json::to_string(&local).unwrap_or_default();
        assert_eq!(parse(&text), Ok(local));
    }

    #[test]
    fn records_from_before_the_outbox_read_as_local() {
        let text = r#"{"format": 1, "draft": {"id": "0b6c3f0e-8a4b-4c47-9d0e-2f8f7f1f2a3b"},
            "base_revision": null, "post_id": null, "saved_at": 5.0, "dirty": true}"#;
        let local = parse(text).unwrap_or_else(|_| panic!("reads"));
        assert_eq!(local.sync, SyncState::Local);
        assert!(!local.sync.unsynced());
        assert!(SyncState::Waiting.unsynced());
        assert_eq!(SyncState::Waiting.label(), "Not synced");
        let gone = SyncState::Gone {
            reason: GoneReason::Deleted,
        };
        assert_eq!(gone.label(), "Deleted elsewhere");
    }
}
