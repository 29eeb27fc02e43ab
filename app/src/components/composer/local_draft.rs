//! The wizard's autosave: the whole draft in localStorage, keyed per user and per draft, in a
//! versioned format. Data that does not read (corrupt, or written by another format) is set
//! aside under another key and reported, never a crash.

use crate::browser;
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
    match serde_json::to_string(local) {
        Ok(text) => browser::storage_set(&key(user, &local.draft.id), &text),
        Err(_) => false,
    }
}

pub fn remove(user: UserId, id: &DraftId) {
    browser::storage_remove(&key(user, id));
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
        };
        let text = serde_json::to_string(&local).unwrap_or_default();
        assert_eq!(parse(&text), Ok(local));
    }
}
