//! Admin → Channels: every channel with its state and what was sent there; adding one through
//! the very code `liner channel add` uses; renaming, disabling (its scheduled posts wait) and
//! enabling (they go out), and removing one no post is scheduled to.

use super::{Admin, AdminError};
use crate::channels::add::{self, IfNamed, Target};
use crate::crypto::SecretKey;
use crate::db::audit::{self, Actor, Subject};
use crate::db::channels::{self, Channel};
use crate::db::schema::posts;
use crate::db::{now_ms, posts as post_rows};
use crate::publishing::PublishPost;
use diesel::prelude::*;
use liner::admin::{webhook_hint, AdminChannel, ChannelKind, ChannelState};
use liner::audit::AuditKind;
use liner::post::WebhookIdentity;
use liner::{AdminViewer, ChannelId, PostId, PostStatus, UserId};
use secrecy::ExposeSecret;

/// A channel's sending record: how many posts went out there, and when the last did.
fn sent_there(conn: &mut SqliteConnection, channel: i64) -> QueryResult<(i64, Option<i64>)> {
    posts::table
        .filter(posts::channel_id.eq(channel))
        .filter(posts::status.eq(PostStatus::Published.as_str()))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(posts::published_at),
        ))
        .first(conn)
}

/// Posts scheduled to a channel (waiting or being sent), by title.
fn scheduled_there(conn: &mut SqliteConnection, channel: i64) -> QueryResult<Vec<post_rows::Post>> {
    posts::table
        .filter(posts::channel_id.eq(channel))
        .filter(posts::deleted_at.is_null())
        .filter(posts::status.eq_any([
            PostStatus::Scheduled.as_str(),
            PostStatus::Publishing.as_str(),
        ]))
        .order(posts::scheduled_at.asc())
        .select(post_rows::Post::as_select())
        .load(conn)
}

/// The webhook id in a stored webhook URL's path (`…/webhooks/<id>/<token>`), for its hint.
fn webhook_id(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let mut segments = url.path_segments()?;
    segments.by_ref().find(|s| *s == "webhooks")?;
    segments.next().map(str::to_string)
}

fn row(conn: &mut SqliteConnection, key: &SecretKey, c: &Channel) -> QueryResult<AdminChannel> {
    let (posts_sent, last_sent) = sent_there(conn, c.id)?;
    let scheduled = scheduled_there(conn, c.id)?.len() as i64;
    let kind = if c.is_bot() {
        ChannelKind::Bot
    } else if c.forum {
        ChannelKind::Forum
    } else {
        ChannelKind::Webhook
    };
    let webhook_hint = match (&c.webhook_ciphertext, &c.webhook_key_id) {
        (Some(blob), Some(key_id)) => key
            .open(blob, key_id)
            .ok()
            .and_then(|url| webhook_id(url.expose_secret()))
            .map(|id| webhook_hint(&id)),
        _ => None,
    };
    let state = match (&c.broken_reason, c.is_disabled()) {
        (_, true) => ChannelState::Disabled,
        (Some(reason), false) => ChannelState::Broken {
            reason: reason.clone(),
        },
        (None, false) => ChannelState::Working,
    };
    Ok(AdminChannel {
        id: ChannelId(c.id),
        name: c.name.clone(),
        kind,
        discord_channel_id: c.discord_channel_id.clone(),
        discord_name: c.discord_name.clone(),
        webhook_hint,
        state,
        posts_sent,
        last_sent: last_sent.and_then(chrono::DateTime::from_timestamp_millis),
        scheduled,
        identity: c.identity(),
    })
}

impl Admin {
    /// Every channel, as the admins' page lists them; `only` narrows it to one name.
    async fn rows(&self, only: Option<String>) -> Result<Vec<AdminChannel>, AdminError> {
        let key = self.key.clone();
        Ok(self
            .db
            .run(move |c| {
                let mut rows = Vec::new();
                for channel in channels::all(c)? {
                    if only.as_ref().is_none_or(|name| *name == channel.name) {
                        rows.push(row(c, &key, &channel)?);
                    }
                }
                Ok(rows)
            })
            .await?)
    }

    /// Every channel, as the admins' page lists them.
    pub async fn channels(&self, _admin: &AdminViewer) -> Result<Vec<AdminChannel>, AdminError> {
        self.rows(None).await
    }

    fn target(&self, admin: &AdminViewer) -> Target<'_> {
        Target {
            db: &self.db,
            key: &self.key,
            guild_id: &self.guild_id,
            discord: self.discord.as_ref(),
            actor: Actor::Member(admin.viewer().id.0),
            if_named: IfNamed::Refuse,
        }
    }

    async fn by_name(&self, name: &str) -> Result<AdminChannel, AdminError> {
        let name = liner::admin::channel_name(name)?.to_string();
        self.rows(Some(name))
            .await?
            .pop()
            .ok_or(AdminError::NoSuchChannel)
    }

    /// Adds a webhook (or forum) channel after Discord confirms the webhook is the guild's.
    pub async fn add_webhook(
        &self,
        admin: &AdminViewer,
        name: &str,
        webhook: &str,
        forum: bool,
    ) -> Result<AdminChannel, AdminError> {
        add::add_webhook(&self.target(admin), name, webhook, forum).await?;
        self.by_name(name).await
    }

    /// Adds a channel the bot posts to, after checking the bot can read it.
    pub async fn add_bot(
        &self,
        admin: &AdminViewer,
        name: &str,
        channel_id: &str,
    ) -> Result<AdminChannel, AdminError> {
        add::add_bot(
            &self.target(admin),
            self.bot_token.as_ref(),
            name,
            channel_id,
        )
        .await?;
        self.by_name(name).await
    }

    /// The guild's channels the bot can post in, marked when already added.
    pub async fn bot_choices(
        &self,
        admin: &AdminViewer,
    ) -> Result<liner::admin::BotChannelChoices, AdminError> {
        let Some(token) = &self.bot_token else {
            return Ok(liner::admin::BotChannelChoices::default());
        };
        let choices = add::bot_choices(&self.target(admin), token).await?;
        let added: Vec<String> = self
            .rows(None)
            .await?
            .into_iter()
            .filter(|c| c.kind == liner::admin::ChannelKind::Bot)
            .map(|c| c.discord_channel_id)
            .collect();
        Ok(liner::admin::BotChannelChoices {
            bot_configured: true,
            channels: choices
                .into_iter()
                .map(|c| liner::admin::BotChannelChoice {
                    added: added.contains(&c.id),
                    id: c.id,
                    name: c.name,
                })
                .collect(),
        })
    }

    /// Gives a webhook channel a new webhook (mending a broken one); returns the channel and
    /// the titles of the published posts that keep the old webhook for their messages.
    pub async fn replace_webhook(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        webhook: &str,
    ) -> Result<(AdminChannel, Vec<String>), AdminError> {
        let replaced = add::replace_webhook(&self.target(admin), id.0, webhook).await?;
        let channel = self
            .rows(None)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(AdminError::NoSuchChannel)?;
        Ok((channel, replaced.kept_old_webhook))
    }

    /// Sets the name and avatar a webhook channel's messages show by default, checked as Discord
    /// checks them.
    pub async fn set_identity(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        identity: WebhookIdentity,
    ) -> Result<(), AdminError> {
        if let Some(problem) = liner::validate::check_identity(&identity, self.hosts)
            .into_iter()
            .next()
        {
            return Err(AdminError::Identity(problem));
        }
        let by = Actor::Member(admin.viewer().id.0);
        self.db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(channel) = channels::find(c, id.0)? else {
                        return Ok(Err(AdminError::NoSuchChannel));
                    };
                    if channel.is_bot() {
                        return Ok(Err(AdminError::BotIdentity(channel.name)));
                    }
                    channels::set_identity(c, channel.id, &identity)?;
                    let shown = identity.or(&WebhookIdentity::default());
                    let detail = match (shown.username.as_str(), shown.avatar_url.is_empty()) {
                        ("", true) => "messages show the webhook's own name and avatar".to_string(),
                        ("", false) => "messages show a new avatar".to_string(),
                        (name, true) => format!("messages appear as “{name}”"),
                        (name, false) => format!("messages appear as “{name}”, with a new avatar"),
                    };
                    let kind = AuditKind::ChannelChanged;
                    audit::record(
                        c,
                        by,
                        kind,
                        Subject::Channel(&channel),
                        Some(&detail),
                        now_ms(),
                    )?;
                    Ok(Ok(()))
                })
            })
            .await?
    }

    /// Renames a channel (Liner's name; Discord's stays).
    pub async fn rename(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        name: &str,
    ) -> Result<(), AdminError> {
        let name = liner::admin::channel_name(name)?.to_string();
        let by = Actor::Member(admin.viewer().id.0);
        self.db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(channel) = channels::find(c, id.0)? else {
                        return Ok(Err(AdminError::NoSuchChannel));
                    };
                    if channel.name == name {
                        return Ok(Ok(()));
                    }
                    if channels::name_taken(c, &name)? {
                        return Ok(Err(AdminError::NameTaken(name)));
                    }
                    channels::rename(c, channel.id, &name)?;
                    let detail = format!("renamed #{} to #{name}", channel.name);
                    let renamed = Channel { name, ..channel };
                    let kind = AuditKind::ChannelChanged;
                    audit::record(
                        c,
                        by,
                        kind,
                        Subject::Channel(&renamed),
                        Some(&detail),
                        now_ms(),
                    )?;
                    Ok(Ok(()))
                })
            })
            .await?
    }

    /// Disables a channel (pickers hide it; its scheduled posts wait with the reason) or
    /// enables it again (its waiting posts go out, the overdue ones now).
    pub async fn set_enabled(
        &self,
        admin: &AdminViewer,
        id: ChannelId,
        enabled: bool,
    ) -> Result<(), AdminError> {
        let by = Actor::Member(admin.viewer().id.0);
        let waiting = self
            .db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(channel) = channels::find(c, id.0)? else {
                        return Ok(Err(AdminError::NoSuchChannel));
                    };
                    if channel.is_disabled() != enabled {
                        return Ok(Ok(Vec::new()));
                    }
                    let now = now_ms();
                    let (at, kind) = if enabled {
                        (None, AuditKind::ChannelEnabled)
                    } else {
                        (Some(now), AuditKind::ChannelDisabled)
                    };
                    channels::set_disabled(c, channel.id, at)?;
                    audit::record(c, by, kind, Subject::Channel(&channel), None, now)?;
                    let mut waiting = Vec::new();
                    for post in scheduled_there(c, channel.id)? {
                        if enabled {
                            post_rows::set_notice(c, post.id, None)?;
                        }
                        let view = post_rows::view(c, &post)?;
                        waiting.push((post, view));
                    }
                    Ok(Ok(waiting))
                })
            })
            .await??;
        if enabled {
            // Their jobs ran while the channel was disabled and left them scheduled.
            let now = now_ms();
            for (post, mut view) in waiting {
                if post.status() != PostStatus::Scheduled {
                    continue;
                }
                view.notice = None;
                self.events.send(UserId(post.author_id), view);
                let job = PublishPost {
                    post_id: PostId(post.id),
                    schedule_rev: post.schedule_rev,
                };
                let at = post.scheduled_at.unwrap_or(now).max(now);
                let key = format!("{}:enabled-{now}", job.idempotency_key());
                self.queue.enqueue_keyed(job, at, key).await?;
            }
        }
        Ok(())
    }

    /// Removes a channel no post is scheduled to. Posts sent there keep its name.
    pub async fn remove(&self, admin: &AdminViewer, id: ChannelId) -> Result<(), AdminError> {
        let by = Actor::Member(admin.viewer().id.0);
        self.db
            .run(move |c| {
                c.immediate_transaction(|c| {
                    let Some(channel) = channels::find(c, id.0)? else {
                        return Ok(Err(AdminError::NoSuchChannel));
                    };
                    let scheduled = scheduled_there(c, channel.id)?;
                    if !scheduled.is_empty() {
                        let posts = scheduled
                            .iter()
                            .map(|p| format!("“{}”", audit::post_title(p)))
                            .collect();
                        return Ok(Err(AdminError::HasScheduled {
                            name: channel.name,
                            posts,
                        }));
                    }
                    let now = now_ms();
                    audit::record(
                        c,
                        by,
                        AuditKind::ChannelRemoved,
                        Subject::Channel(&channel),
                        None,
                        now,
                    )?;
                    channels::remove(c, &channel, now)?;
                    Ok(Ok(()))
                })
            })
            .await?
    }
}
