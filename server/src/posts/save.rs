//! Saving a draft (upsert by its UUID, compare-and-set on the revision the client last saw),
//! opening one, and starting a new draft from a post.

use super::{check, visible, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::posts::{self, new_draft_id, Post};
use crate::db::{channels, now_ms};
use liner::audit::AuditKind;
use liner::views::{GoneReason, PostView, SaveOutcome, StoredDraft, Viewer};
use liner::{Action, Draft, PostId, PostStatus};

impl Posts {
    /// Upserts a draft by its UUID. A replayed save is harmless; a save based on an old
    /// revision returns the server's copy as a conflict instead of overwriting it; a draft
    /// deleted or published meanwhile is not brought back.
    pub async fn save_draft(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<SaveOutcome, PostError> {
        let viewer = viewer.clone();
        let saved = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    let mut draft = draft;
                    if let Some(ch) = draft.schedule.channel_id {
                        if channels::find(c, ch.0)?.is_none() {
                            draft.schedule.channel_id = None;
                        }
                    }
                    let Some(existing) = posts::find_by_draft(c, &draft.id)? else {
                        // A device that was offline must not bring a deleted draft back.
                        if posts::was_deleted(c, &draft.id)? {
                            return Ok(Ok(Saved::Gone(GoneReason::Deleted)));
                        }
                        let post =
                            posts::insert(c, viewer.id.0, &draft, PostStatus::Draft, None, now)?;
                        let by = Actor::Member(viewer.id.0);
                        audit::record(
                            c,
                            by,
                            AuditKind::PostCreated,
                            Subject::Post(&post),
                            None,
                            now,
                        )?;
                        let view = posts::view(c, &post)?;
                        return Ok(Ok(Saved::Stored(Box::new(post), Some(Box::new(view)))));
                    };
                    if !visible(&viewer, &existing) {
                        return Ok(Err(PostError::NotFound));
                    }
                    if matches!(
                        existing.status(),
                        PostStatus::Published | PostStatus::Publishing
                    ) {
                        return Ok(Ok(Saved::Gone(GoneReason::Published)));
                    }
                    if existing.status() == PostStatus::Draft
                        && posts::same_content(&existing, &draft)
                    {
                        // A replayed save: already stored, nothing to change.
                        return Ok(Ok(Saved::Stored(Box::new(existing), None)));
                    }
                    if base_revision != Some(existing.revision) {
                        return Ok(Ok(Saved::Conflict(Box::new(existing.stored()))));
                    }
                    if let Err(e) = check(&viewer, &existing, Action::Edit) {
                        return Ok(Err(e));
                    }
                    Ok(match posts::update_draft(c, &existing, &draft, now)? {
                        Some(post) => {
                            let by = Actor::Member(viewer.id.0);
                            let revision = format!("revision {}", post.revision);
                            let about = Subject::Post(&post);
                            audit::record(
                                c,
                                by,
                                AuditKind::PostEdited,
                                about,
                                Some(&revision),
                                now,
                            )?;
                            if existing.status() == PostStatus::Scheduled {
                                audit::record(c, by, AuditKind::PostUnscheduled, about, None, now)?;
                            }
                            let view = posts::view(c, &post)?;
                            Ok(Saved::Stored(Box::new(post), Some(Box::new(view))))
                        }
                        None => Err(PostError::DraftChangedElsewhere),
                    })
                })
            })
            .await??;
        Ok(match saved {
            Saved::Stored(post, view) => {
                if let Some(view) = view {
                    self.notify(&view, post.author_id);
                }
                let stored = post.stored();
                SaveOutcome::Saved {
                    post_id: stored.post_id,
                    revision: stored.revision,
                    updated_at: stored.updated_at,
                }
            }
            Saved::Conflict(server) => SaveOutcome::Conflict(server),
            Saved::Gone(reason) => SaveOutcome::Gone(reason),
        })
    }

    /// A post the viewer may see, as a draft for the composer.
    pub async fn load_draft(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, PostError> {
        Ok(self.visible_post(viewer, id).await?.stored())
    }

    /// A new draft with the same release and post (`Draft::duplicate`), to be scheduled anew.
    pub async fn duplicate(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, PostError> {
        let viewer = viewer.clone();
        let (post, view) = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(source) = posts::find(c, id.0)? else {
                        return Ok(Err(PostError::NotFound));
                    };
                    if let Err(e) = check(&viewer, &source, Action::Duplicate) {
                        return Ok(Err(e));
                    }
                    let draft = source.draft().duplicate(new_draft_id());
                    let now = now_ms();
                    let post = posts::insert(c, viewer.id.0, &draft, PostStatus::Draft, None, now)?;
                    let copy = format!("a copy of post {}", source.id);
                    let (by, about) = (Actor::Member(viewer.id.0), Subject::Post(&post));
                    audit::record(c, by, AuditKind::PostCreated, about, Some(&copy), now)?;
                    let view = posts::view(c, &post)?;
                    Ok(Ok((post, view)))
                })
            })
            .await??;
        self.notify(&view, post.author_id);
        Ok(post.stored())
    }
}

/// What a save decided.
enum Saved {
    /// Stored (or already stored: no view to announce).
    Stored(Box<Post>, Option<Box<PostView>>),
    /// The server's copy changed since the client's base revision.
    Conflict(Box<StoredDraft>),
    /// The draft was deleted or published meanwhile.
    Gone(GoneReason),
}
