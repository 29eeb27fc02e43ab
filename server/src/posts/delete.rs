//! Deleting a post from Liner and, when asked, first its message from Discord. The post is
//! marked deleted, keeping its history, so a device that was offline cannot bring it back.

use super::{check, PostError, Posts};
use crate::db::audit::{self, Actor, Subject};
use crate::db::{now_ms, posts};
use liner::audit::AuditKind;
use liner::views::Viewer;
use liner::{Action, PostId};

impl Posts {
    pub async fn delete(
        &self,
        viewer: &Viewer,
        id: PostId,
        from_discord: bool,
    ) -> Result<(), PostError> {
        if from_discord {
            let _turn = self.changes.begin(id.0)?;
            let (_, message) = self
                .published_message(viewer, id, Action::DeleteMessage)
                .await?;
            message.delete(self).await?;
            tracing::info!(post.id = %id, user.id = %viewer.id, "message deleted from Discord");
        }
        let asker = viewer.clone();
        self.db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(post) = posts::find(c, id.0)? else {
                        return Ok(Err(PostError::NotFound));
                    };
                    if let Err(e) = check(&asker, &post, Action::Delete) {
                        return Ok(Err(e));
                    }
                    let now = now_ms();
                    let (by, about) = (Actor::Member(asker.id.0), Subject::Post(&post));
                    if from_discord {
                        let kind = AuditKind::PostDeletedFromDiscord;
                        audit::record(c, by, kind, about, None, now)?;
                    }
                    if !posts::delete(c, &post, asker.id.0, now)? {
                        return Ok(Err(PostError::NotFound));
                    }
                    audit::record(c, by, AuditKind::PostDeleted, about, None, now)?;
                    Ok(Ok(()))
                })
            })
            .await??;
        tracing::info!(post.id = %id, user.id = %viewer.id, "post deleted from Liner");
        Ok(())
    }
}
