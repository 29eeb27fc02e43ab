//! Sends the device's waiting drafts to the server through the one `save_draft` (fixed
//! endpoint, upsert by UUID, compare-and-set on the base revision, a replay a no-op), so a
//! draft sent twice is stored once. Nothing is ever dropped here: a draft leaves the outbox only
//! when the server took it, and a conflict or a "gone" waits for the poster's choice.

use super::{Ack, Offline};
use crate::offline::local_draft::{self, SyncState};
use crate::serverfns::{save_draft, DraftRequest};
use crate::AppError;
use leptos::prelude::*;
use liner::views::SaveOutcome;
use liner::UserId;

/// Sends every waiting draft, oldest first. False when it stopped early (offline, a server
/// error, the session gone) and should be tried again later.
pub async fn drain(offline: Offline, user: UserId) -> bool {
    let waiting: Vec<_> = local_draft::outbox(user)
        .into_iter()
        .filter(|l| l.sync == SyncState::Waiting)
        .collect();
    let mut stored_any = false;
    let mut done = true;
    for local in waiting {
        let id = local.draft.id.clone();
        let sent = local.draft.clone();
        let answer = save_draft(DraftRequest {
            draft: local.draft,
            base_revision: local.base_revision,
        })
        .await;
        let ack = match answer {
            Ok(SaveOutcome::Saved {
                post_id, revision, ..
            }) => {
                local_draft::update(user, &id, |l| {
                    l.base_revision = l.base_revision.max(Some(revision));
                    l.post_id = Some(post_id);
                    // Typing since the send is still to go.
                    if l.draft == sent {
                        l.sync = SyncState::Local;
                        l.dirty = false;
                    }
                });
                stored_any = true;
                Ack::Saved {
                    id,
                    post_id,
                    revision,
                    sent: Box::new(sent),
                }
            }
            Ok(SaveOutcome::Conflict(theirs)) => {
                local_draft::update(user, &id, |l| {
                    l.sync = SyncState::Conflict {
                        theirs: theirs.clone(),
                    }
                });
                Ack::Conflict { id, theirs }
            }
            Ok(SaveOutcome::Gone(reason)) => {
                local_draft::update(user, &id, |l| l.sync = SyncState::Gone { reason });
                Ack::Gone { id, reason }
            }
            // This draft is refused as it is; the others may go.
            Err(AppError::Invalid(_) | AppError::BadRequest(_)) => continue,
            Err(AppError::Unauthenticated) => {
                offline.needs_sign_in.set(true);
                done = false;
                break;
            }
            Err(e) => {
                offline.note(&e);
                done = false;
                break;
            }
        };
        offline.acked.set(Some(ack));
        offline.refresh_outbox();
    }
    if stored_any {
        offline.needs_sign_in.set(false);
        offline.synced.update(|n| *n += 1);
    }
    offline.refresh_outbox();
    done
}
