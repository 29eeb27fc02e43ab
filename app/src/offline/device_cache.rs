//! The last answers of the server functions a page needs offline (the posts list, the channel
//! list), kept in localStorage per member. Server functions are POSTs no worker caches, so a
//! client-side navigation offline reads them from here.

use super::Offline;
use crate::browser;
use crate::AppError;
use liner::UserId;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

/// Where the channel list is kept.
pub const CHANNELS: &str = "channels";

fn prefix(user: UserId) -> String {
    format!("liner:cache:{user}:")
}

/// Keeps `value` as the last answer to `key`.
pub fn remember<T: Serialize>(user: UserId, key: &str, value: &T) {
    if super::signed_out(user) {
        return;
    }
    if let Ok(text) = serde_json::to_string(value) {
        browser::storage_set(&format!("{}{key}", prefix(user)), &text);
    }
}

/// The last answer kept for `key`.
pub fn recall<T: DeserializeOwned>(user: UserId, key: &str) -> Option<T> {
    let text = browser::storage_get(&format!("{}{key}", prefix(user)))?;
    serde_json::from_str(&text).ok()
}

/// Deletes everything kept for `user`.
pub fn forget(user: UserId) {
    for key in browser::storage_keys(&prefix(user)) {
        browser::storage_remove(&key);
    }
}

/// Calls the server; keeps a good answer, and answers with the kept one when the server cannot
/// be reached (`Err` only when there is none). The bool says the answer came from the device.
/// An answer the server rendered into the page reaches the browser without this call: pages
/// keep those with [`remember`].
pub async fn or_kept<T, F>(
    offline: Offline,
    user: Option<UserId>,
    key: &str,
    call: F,
) -> Result<(T, bool), AppError>
where
    T: Serialize + DeserializeOwned,
    F: Future<Output = Result<T, AppError>>,
{
    match call.await {
        Ok(value) => {
            if let Some(user) = user {
                remember(user, key, &value);
            }
            Ok((value, false))
        }
        Err(e) => {
            offline.note(&e);
            let kept = matches!(e, AppError::Transport(_))
                .then(|| user.and_then(|u| recall(u, key)))
                .flatten();
            kept.map(|v| (v, true)).ok_or(e)
        }
    }
}
