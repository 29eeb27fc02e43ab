//! The server's side of the app's server functions: permissions, storage and queueing.

use crate::db::message_changes::{self, ChangeOutcome};
use crate::db::{attempts, channels, now_ms, posts, DbError};
use crate::jobs::publish_post::PublishPost;
use crate::lookup::LookupError;
use crate::published::{Change, PublishedMessage};
use crate::schedule::{self, ScheduleError};
use crate::state::Shared;
use app::backend::Backend;
use app::AppError;
use async_trait::async_trait;
use liner::lookup::{FoundRelease, Resolved, SearchResults, SourceRef};
use liner::post::RoleRef;
use liner::views::{
    AttemptView, ChannelView, GoneReason, PostDetail, PostFilter, PostPage, PostView, ResolvedTime,
    SandboxMessage, SaveOutcome, StoredDraft, Viewer,
};
use liner::{Draft, DraftId, Field, FieldError, PostId, PostStatus, Role, When};
use std::sync::Arc;

pub struct ServerBackend(pub Arc<Shared>);

/// Logs the detail; the browser gets the short message.
fn internal(e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "server function failed");
    AppError::Internal
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        match e {
            DbError::Pool(_) => {
                tracing::warn!(error = %e, "database pool exhausted");
                AppError::Unavailable
            }
            other => internal(other),
        }
    }
}

impl From<LookupError> for AppError {
    fn from(e: LookupError) -> AppError {
        match e {
            LookupError::Invalid(why) => AppError::BadRequest(why),
            LookupError::TooMany => AppError::TooManyRequests(e.to_string()),
            // The client asked for a release the source does not have.
            LookupError::NotFound(why) => AppError::BadRequest(why),
            LookupError::Unavailable(why) => AppError::Upstream(why),
        }
    }
}

impl From<ScheduleError> for AppError {
    fn from(e: ScheduleError) -> AppError {
        let field = match e {
            ScheduleError::UnknownZone(_) => Field::Timezone,
            _ => Field::PublishAt,
        };
        AppError::Invalid(vec![FieldError {
            field,
            message: e.to_string(),
        }])
    }
}

/// Whether `viewer` may see and change `post`: their own, or anyone's for an admin.
fn may_edit(viewer: &Viewer, post: &posts::Post) -> bool {
    viewer.role == Role::Admin || post.author_id == viewer.id.0
}

fn not_found() -> AppError {
    AppError::NotFound("That post".into())
}

fn not_editable(status: PostStatus) -> AppError {
    AppError::BadRequest(format!(
        "This post is {}; only drafts and scheduled posts can be changed. Duplicate it to start a new one.",
        status.label().to_lowercase()
    ))
}

fn changed_elsewhere() -> AppError {
    AppError::Conflict(
        "This draft was changed elsewhere since you opened it. Save it to choose which version to keep."
            .into(),
    )
}

fn no_channel() -> AppError {
    AppError::Invalid(vec![FieldError {
        field: Field::Channel,
        message: "That channel does not exist (any more); choose another.".into(),
    }])
}

fn broken_channel(name: &str) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: Field::Channel,
        message: format!(
            "#{name} cannot take posts: its webhook no longer works. Choose another channel, or ask an admin to set it again."
        ),
    }])
}

/// What a save or publish transaction decided.
enum Stored<T> {
    Done(T),
    /// The server's copy changed since the client's base revision.
    Conflict(Box<StoredDraft>),
    /// The draft was deleted or published meanwhile.
    Gone(GoneReason),
    Err(AppError),
}

impl ServerBackend {
    fn notify(&self, view: &PostView, author: i64) {
        self.0.events.send(liner::UserId(author), view.clone());
    }

    /// The post, if the viewer may change it (else "not found", so ids reveal nothing).
    async fn editable_post(&self, viewer: &Viewer, id: PostId) -> Result<posts::Post, AppError> {
        let viewer = viewer.clone();
        self.0
            .db
            .run(move |c| Ok(posts::find(c, id.0)?))
            .await?
            .filter(|p| may_edit(&viewer, p))
            .ok_or_else(not_found)
    }

    /// A post pings only roles Liner offers: a client cannot slip another role id into
    /// `allowed_mentions`.
    async fn check_mentions(&self, draft: &Draft) -> Result<(), AppError> {
        if draft.body.mentions.is_empty() {
            return Ok(());
        }
        let allowed = self.mention_roles().await?;
        match draft
            .body
            .mentions
            .iter()
            .find(|m| !allowed.iter().any(|a| a.id == m.id))
        {
            None => Ok(()),
            Some(m) => Err(AppError::Invalid(vec![FieldError {
                field: Field::Mentions,
                message: format!(
                    "@{} is not a role posts can mention here; pick from the list.",
                    m.name
                ),
            }])),
        }
    }

    /// The message of a published post the viewer may change, with the post, the change's
    /// turn held.
    async fn published_message(
        &self,
        viewer: &Viewer,
        id: PostId,
        change: Change,
    ) -> Result<(posts::Post, PublishedMessage), AppError> {
        let post = self.editable_post(viewer, id).await?;
        if post.status() != PostStatus::Published {
            return Err(AppError::BadRequest(format!(
                "Only a published post has a message in Discord to {}.",
                change.verb()
            )));
        }
        let channel_id = post.channel_id;
        let channel = match channel_id {
            Some(ch) => self.0.db.run(move |c| Ok(channels::find(c, ch)?)).await?,
            None => None,
        };
        let message = PublishedMessage::locate(&self.0, &post, channel.as_ref())?;
        Ok((post, message))
    }
}

#[async_trait]
impl Backend for ServerBackend {
    fn sandbox(&self) -> bool {
        self.0.mode == crate::config::Mode::Sandbox
    }

    fn guild_name(&self) -> String {
        self.0.guild.guild_name.clone()
    }

    async fn channels_for(&self, _viewer: &Viewer) -> Result<Vec<ChannelView>, AppError> {
        let list = self.0.db.run(|c| Ok(channels::all(c)?)).await?;
        Ok(list.iter().map(channels::Channel::view).collect())
    }

    async fn mention_roles(&self) -> Result<Vec<RoleRef>, AppError> {
        self.0
            .mention_roles
            .list(&*self.0.discord)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "no role list to offer");
                AppError::Upstream(format!("{e}; try again in a moment."))
            })
    }

    async fn save_draft(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<SaveOutcome, AppError> {
        let viewer_c = viewer.clone();
        let result = self
            .0
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
                            return Ok(Stored::Gone(GoneReason::Deleted));
                        }
                        let post =
                            posts::insert(c, viewer_c.id.0, &draft, PostStatus::Draft, None, now)?;
                        let view = posts::view(c, &post)?;
                        return Ok(Stored::Done((post, Some(view))));
                    };
                    if !may_edit(&viewer_c, &existing) {
                        return Ok(Stored::Err(not_found()));
                    }
                    if matches!(
                        existing.status(),
                        PostStatus::Published | PostStatus::Publishing
                    ) {
                        return Ok(Stored::Gone(GoneReason::Published));
                    }
                    if existing.status() == PostStatus::Draft
                        && posts::same_content(&existing, &draft)
                    {
                        // A replayed save: already stored, nothing to change.
                        return Ok(Stored::Done((existing, None)));
                    }
                    if base_revision != Some(existing.revision) {
                        return Ok(Stored::Conflict(Box::new(existing.stored())));
                    }
                    if !matches!(existing.status(), PostStatus::Draft | PostStatus::Scheduled) {
                        return Ok(Stored::Err(not_editable(existing.status())));
                    }
                    match posts::update_draft(c, &existing, &draft, now)? {
                        Some(post) => {
                            let view = posts::view(c, &post)?;
                            Ok(Stored::Done((post, Some(view))))
                        }
                        None => Ok(Stored::Err(changed_elsewhere())),
                    }
                })
            })
            .await?;
        match result {
            Stored::Done((post, view)) => {
                if let Some(view) = view {
                    self.notify(&view, post.author_id);
                }
                let stored = post.stored();
                Ok(SaveOutcome::Saved {
                    post_id: stored.post_id,
                    revision: stored.revision,
                    updated_at: stored.updated_at,
                })
            }
            Stored::Conflict(server) => Ok(SaveOutcome::Conflict(server)),
            Stored::Gone(reason) => Ok(SaveOutcome::Gone(reason)),
            Stored::Err(e) => Err(e),
        }
    }

    async fn load_draft(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError> {
        Ok(self.editable_post(viewer, id).await?.stored())
    }

    async fn publish(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError> {
        let now = now_ms();
        let (at, zone) = match &draft.schedule.when {
            When::Now => (now, None),
            When::At { local, timezone } => {
                let now_utc = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
                let resolved = schedule::resolve(local, timezone, now_utc)?;
                (
                    resolved.utc.timestamp_millis(),
                    Some(timezone.trim().to_string()),
                )
            }
        };
        let Some(channel) = draft.schedule.channel_id else {
            return Err(no_channel());
        };
        self.check_mentions(&draft).await?;
        let viewer_c = viewer.clone();
        let result = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let found = channels::find(c, channel.0)?;
                    let Some(found) = found else {
                        return Ok(Stored::Err(no_channel()));
                    };
                    if found.broken_reason.is_some() {
                        return Ok(Stored::Err(broken_channel(&found.name)));
                    }
                    let zone = zone.as_deref().unwrap_or("UTC");
                    let post = match posts::find_by_draft(c, &draft.id)? {
                        None => posts::insert(
                            c,
                            viewer_c.id.0,
                            &draft,
                            PostStatus::Scheduled,
                            Some((at, zone)),
                            now,
                        )?,
                        Some(existing) => {
                            if !may_edit(&viewer_c, &existing) {
                                return Ok(Stored::Err(not_found()));
                            }
                            if !matches!(
                                existing.status(),
                                PostStatus::Draft | PostStatus::Scheduled
                            ) {
                                return Ok(Stored::Err(not_editable(existing.status())));
                            }
                            if base_revision != Some(existing.revision)
                                && !posts::same_content(&existing, &draft)
                            {
                                return Ok(Stored::Err(changed_elsewhere()));
                            }
                            match posts::schedule(c, &existing, &draft, at, zone, now)? {
                                Some(p) => p,
                                None => return Ok(Stored::Err(changed_elsewhere())),
                            }
                        }
                    };
                    posts::set_queued_by(c, post.id, viewer_c.id.0)?;
                    let view = posts::view(c, &post)?;
                    Ok(Stored::Done((view, post.schedule_rev, post.author_id)))
                })
            })
            .await?;
        let (view, schedule_rev, author) = match result {
            Stored::Done(done) => done,
            Stored::Conflict(_) | Stored::Gone(_) => return Err(changed_elsewhere()),
            Stored::Err(e) => return Err(e),
        };
        self.notify(&view, author);
        // The post is stored as scheduled; if queueing fails, the start-up sweep queues it again.
        let job = PublishPost {
            post_id: view.id,
            schedule_rev,
        };
        if let Err(e) = self.0.queue.enqueue(job, at).await {
            tracing::error!(post.id = %view.id, error = %e, "could not queue the post");
            return Err(AppError::Unavailable);
        }
        tracing::info!(post.id = %view.id, user.id = %viewer.id, run_at = at, "post queued");
        Ok(view)
    }

    async fn delete_post(
        &self,
        viewer: &Viewer,
        id: PostId,
        from_discord: bool,
    ) -> Result<(), AppError> {
        if from_discord {
            let _turn = self.0.message_changes.begin(id.0)?;
            let (_, message) = self.published_message(viewer, id, Change::Delete).await?;
            message.delete(&self.0).await?;
            tracing::info!(post.id = %id, user.id = %viewer.id, "message deleted from Discord");
        }
        let viewer_c = viewer.clone();
        let result = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(post) = posts::find(c, id.0)?.filter(|p| may_edit(&viewer_c, p))
                    else {
                        return Ok(Err(not_found()));
                    };
                    if post.status() == PostStatus::Publishing {
                        return Ok(Err(AppError::BadRequest(
                            "This post is being sent right now; wait until it is done.".into(),
                        )));
                    }
                    posts::delete(c, &post, now_ms())?;
                    Ok(Ok(()))
                })
            })
            .await?;
        if result.is_ok() {
            tracing::info!(post.id = %id, user.id = %viewer.id, "post deleted from Liner");
        }
        result
    }

    async fn update_published(
        &self,
        viewer: &Viewer,
        draft: Draft,
        base_revision: Option<i64>,
    ) -> Result<PostView, AppError> {
        let draft_id = draft.id.clone();
        let id = self
            .0
            .db
            .run(move |c| Ok(posts::find_by_draft(c, &draft_id)?))
            .await?
            .map(|p| PostId(p.id))
            .ok_or_else(not_found)?;
        let _turn = self.0.message_changes.begin(id.0)?;
        let (post, message) = self.published_message(viewer, id, Change::Update).await?;
        if base_revision != Some(post.revision) {
            return Err(AppError::Conflict(
                "This post was changed elsewhere since you opened it. Open it again to see the current version."
                    .into(),
            ));
        }
        let stored = post.draft();
        if draft.schedule.channel_id != stored.schedule.channel_id {
            return Err(AppError::Invalid(vec![FieldError {
                field: Field::Channel,
                message: "A message in Discord cannot move to another channel. Duplicate the post to send it elsewhere.".into(),
            }]));
        }
        self.check_mentions(&draft).await?;
        // Where and when it went out is history now, whatever the browser sent.
        let mut draft = draft;
        draft.schedule = stored.schedule;
        let published_at = post
            .published_at
            .and_then(chrono::DateTime::from_timestamp_millis)
            .unwrap_or_else(chrono::Utc::now);
        let body =
            liner::message::DiscordMessage::for_post(&draft.body, &draft.release, published_at);
        let outcome = message.update(&self.0, &body).await;
        let (post_id, user) = (post.id, viewer.id.0);
        let refused = outcome.as_ref().err().map(ToString::to_string);
        let result = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let now = now_ms();
                    let Some(refused) = refused else {
                        message_changes::record(
                            c,
                            post_id,
                            user,
                            ChangeOutcome::Updated,
                            None,
                            now,
                        )?;
                        return match posts::update_published(c, &post, &draft, now)? {
                            Some(p) => Ok(Some((posts::view(c, &p)?, p.author_id))),
                            None => Ok(None),
                        };
                    };
                    message_changes::record(
                        c,
                        post_id,
                        user,
                        ChangeOutcome::Refused,
                        Some(&refused),
                        now,
                    )?;
                    Ok(None)
                })
            })
            .await?;
        outcome?;
        let Some((view, author)) = result else {
            // Discord took the change; Liner's copy moved on meanwhile (deleted, say).
            return Err(AppError::Conflict(
                "Discord now shows your changes, but this post changed in Liner meanwhile. Open it again to see where it stands."
                    .into(),
            ));
        };
        self.notify(&view, author);
        tracing::info!(post.id = %id, user.id = %viewer.id, "message updated in Discord");
        Ok(view)
    }

    async fn post_detail(&self, viewer: &Viewer, id: PostId) -> Result<PostDetail, AppError> {
        let post = self.editable_post(viewer, id).await?;
        self.0
            .db
            .run(move |c| {
                let view = posts::view(c, &post)?;
                let time = |ms: i64| {
                    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms).unwrap_or_default()
                };
                let sends = attempts::for_post(c, post.id)?
                    .into_iter()
                    .map(|a| AttemptView {
                        at: time(a.started_at),
                        outcome: AttemptView::outcome_label(a.outcome.as_deref()).to_string(),
                        detail: a.detail,
                    });
                let changes =
                    message_changes::for_post(c, post.id)?
                        .into_iter()
                        .map(|a| AttemptView {
                            at: time(a.at),
                            outcome: AttemptView::change_label(&a.outcome).to_string(),
                            detail: a.detail,
                        });
                let mut attempts: Vec<AttemptView> = sends.chain(changes).collect();
                // Stable: sends and changes each keep their order within one instant.
                attempts.sort_by_key(|a| a.at);
                Ok(PostDetail {
                    post: view,
                    attempts,
                })
            })
            .await
            .map_err(AppError::from)
    }

    async fn retry_post(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError> {
        let post = self.editable_post(viewer, id).await?;
        match post.status() {
            PostStatus::Failed => {}
            PostStatus::NeedsReview if viewer.role == Role::Admin => {}
            PostStatus::NeedsReview => return Err(AppError::Forbidden),
            other => {
                return Err(AppError::BadRequest(format!(
                "This post is {}; only a failed post, or one that needs review, can be sent again.",
                other.label().to_lowercase()
            )))
            }
        }
        let draft = post.draft();
        let errors = draft.validate(liner::Check::Publish);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        self.check_mentions(&draft).await?;
        let now = now_ms();
        let asker = viewer.id.0;
        let retried = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| match posts::retry(c, &post, now)? {
                    Some(p) => {
                        posts::set_queued_by(c, p.id, asker)?;
                        Ok(Some((posts::view(c, &p)?, p.schedule_rev, p.author_id)))
                    }
                    None => Ok(None),
                })
            })
            .await?;
        let Some((view, schedule_rev, author)) = retried else {
            return Err(AppError::Conflict(
                "This post changed meanwhile; look at its status again.".into(),
            ));
        };
        self.notify(&view, author);
        let job = PublishPost {
            post_id: view.id,
            schedule_rev,
        };
        if let Err(e) = self.0.queue.enqueue(job, now).await {
            tracing::error!(post.id = %view.id, error = %e, "could not queue the post");
            return Err(AppError::Unavailable);
        }
        tracing::info!(post.id = %id, user.id = %viewer.id, "post sent again");
        Ok(view)
    }

    async fn confirm_arrived(&self, viewer: &Viewer, id: PostId) -> Result<PostView, AppError> {
        if viewer.role != Role::Admin {
            return Err(AppError::Forbidden);
        }
        let post = self.editable_post(viewer, id).await?;
        if post.status() != PostStatus::NeedsReview {
            return Err(AppError::BadRequest(
                "Only a post that needs review can be marked as arrived.".into(),
            ));
        }
        let notice = format!("{} checked the channel: it arrived.", viewer.name);
        let confirmed = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    match posts::confirm_arrived(c, &post, &notice, now_ms())? {
                        Some(p) => Ok(Some((posts::view(c, &p)?, p.author_id))),
                        None => Ok(None),
                    }
                })
            })
            .await?;
        let Some((view, author)) = confirmed else {
            return Err(AppError::Conflict(
                "This post changed meanwhile; look at its status again.".into(),
            ));
        };
        self.notify(&view, author);
        tracing::info!(post.id = %id, user.id = %viewer.id, "post marked as arrived");
        Ok(view)
    }

    async fn duplicate_post(&self, viewer: &Viewer, id: PostId) -> Result<StoredDraft, AppError> {
        let viewer_c = viewer.clone();
        let post = self
            .0
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(source) = posts::find(c, id.0)?.filter(|p| may_edit(&viewer_c, p))
                    else {
                        return Ok(None);
                    };
                    let mut draft = source.draft();
                    draft.id = new_draft_id();
                    draft.schedule.when = When::Now;
                    draft.step = liner::Step::Release;
                    let post =
                        posts::insert(c, viewer_c.id.0, &draft, PostStatus::Draft, None, now_ms())?;
                    Ok(Some((post.clone(), posts::view(c, &post)?)))
                })
            })
            .await?;
        let (post, view) = post.ok_or_else(not_found)?;
        self.notify(&view, post.author_id);
        Ok(post.stored())
    }

    async fn posts_page(
        &self,
        viewer: &Viewer,
        filter: PostFilter,
        page: u32,
    ) -> Result<PostPage, AppError> {
        let author = (viewer.role != Role::Admin).then_some(viewer.id.0);
        let (posts, has_more) = self
            .0
            .db
            .run(move |c| Ok(posts::page(c, author, filter.statuses(), page)?))
            .await?;
        Ok(PostPage {
            posts,
            page,
            has_more,
            fetched_at: chrono::Utc::now(),
        })
    }

    async fn search_releases(
        &self,
        viewer: &Viewer,
        query: String,
    ) -> Result<SearchResults, AppError> {
        Ok(self.0.lookup.search(viewer.id.0, &query).await?)
    }

    async fn load_release(
        &self,
        viewer: &Viewer,
        from: SourceRef,
    ) -> Result<FoundRelease, AppError> {
        Ok(self.0.lookup.load(viewer.id.0, &from).await?)
    }

    async fn resolve_link(&self, viewer: &Viewer, link: String) -> Result<Resolved, AppError> {
        Ok(self.0.lookup.resolve(viewer.id.0, &link).await?)
    }

    fn resolve_time(&self, local: &str, timezone: &str) -> Result<ResolvedTime, AppError> {
        Ok(schedule::resolve(local, timezone, chrono::Utc::now())?)
    }

    async fn sandbox_messages(&self) -> Result<Vec<SandboxMessage>, AppError> {
        let Some(fake) = &self.0.fake else {
            return Err(AppError::NotFound("The sandbox".into()));
        };
        Ok(fake
            .messages()
            .into_iter()
            .rev()
            .filter(|m| !m.deleted)
            .map(|m| SandboxMessage {
                id: m.id,
                channel_name: m.channel_name,
                username: m.username,
                timestamp: m.timestamp,
                message: m.body,
                edited: m.edited.is_some(),
            })
            .collect())
    }
}

/// A fresh random draft id, for drafts the server creates (duplicates).
pub fn new_draft_id() -> DraftId {
    let text = uuid::Uuid::new_v4().to_string();
    DraftId::parse(&text).unwrap_or_else(|| unreachable!("a v4 UUID is a UUID"))
}
