//! Posts as members work on them: saving drafts, publishing now or at a time, changing or
//! deleting a published post's message, settling failed and doubtful sends, and reading them
//! back. Who may do what is the core's `liner::permissions`; this room enforces it.
//!
//! One file per operation (`save`, `publish`, `edit_published`, `delete`, `review`, `read`),
//! each adding to [`Posts`]; [`PostError`] says what went wrong in the poster's words.

mod approval;
mod delete;
mod duplicates;
mod edit_published;
mod error;
pub mod mentions;
pub mod message;
mod publish;
mod read;
mod review;
mod save;
pub mod schedule;

pub use error::PostError;

use crate::channels::Channels;
use crate::db::posts::{self, Post};
use crate::db::Db;
use crate::discord::DiscordApi;
use crate::events::PostEvents;
use crate::publishing::Queue;
use liner::views::{PostView, Viewer};
use liner::{Action, PostId, UserId};
use mentions::MentionRoles;
use message::ChangesInFlight;
use secrecy::SecretString;
use std::sync::Arc;

/// What the post operations need, and nothing more.
pub struct Posts {
    pub(crate) db: Db,
    pub(crate) channels: Channels,
    pub(crate) events: PostEvents,
    pub(crate) queue: Queue,
    pub(crate) discord: Arc<dyn DiscordApi>,
    /// Changes the bot's messages; `None` when not configured.
    pub(crate) bot_token: Option<SecretString>,
    pub(crate) mention_roles: MentionRoles,
    /// Published posts whose message is being changed in Discord right now.
    pub(crate) changes: ChangesInFlight,
}

/// Whether the viewer may take `action` on `post`.
fn check(viewer: &Viewer, post: &Post, action: Action) -> Result<(), PostError> {
    let is_author = post.author_id == viewer.id.0;
    Ok(liner::permissions::check(
        action,
        post.status(),
        viewer.role,
        is_author,
    )?)
}

/// Whether the viewer may see the post at all: their own, or anyone's for an admin.
fn visible(viewer: &Viewer, post: &Post) -> bool {
    liner::permissions::may_see(viewer.role, post.author_id == viewer.id.0)
}

impl Posts {
    /// Tells the author's open pages (and admins') how the post stands now.
    fn notify(&self, view: &PostView, author: i64) {
        self.events.send(UserId(author), view.clone());
    }

    /// Whether the viewer's publishing needs an admin's approval now.
    async fn needs_approval(&self, viewer: &Viewer) -> Result<bool, PostError> {
        let on = self
            .db
            .run(|c| Ok(crate::db::settings::load(c)?.approvals))
            .await?;
        Ok(liner::approval::needs_approval(on, viewer.role))
    }

    /// The post, if the viewer may see it (else "not found", so ids reveal nothing).
    async fn visible_post(&self, viewer: &Viewer, id: PostId) -> Result<Post, PostError> {
        let viewer = viewer.clone();
        self.db
            .run(move |c| Ok(posts::find(c, id.0)?))
            .await?
            .filter(|p| visible(&viewer, p))
            .ok_or(PostError::NotFound)
    }
}
