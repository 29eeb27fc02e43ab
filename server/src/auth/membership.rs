//! A member's role is a fact with a short life: the role sign-in wrote is asked of Discord
//! again at most every [`FRESH`] (on the member's next request after it), and always before a
//! request that changes a Discord message. A member found gone from the guild, or without the
//! poster or admin role, has every session deleted and their open pages' streams closed at
//! once; one whose role changed gets the new one, and their streams close so they reconnect
//! with it.
//!
//! The check is the bot's member lookup when a bot token is configured, else the member's own
//! authorization from sign-in ([`super::member_token`], refreshed as it runs out): a member who
//! withdrew it in Discord is signed out like one who left. Only a member who signed in before
//! Liner kept authorizations, with no bot configured, cannot be asked: their role from sign-in
//! stands until that session ends. When Discord cannot be asked, the last answer stands for
//! [`GRACE`]; after that a request that changes a Discord message is refused until Discord
//! answers again (reading and drafting go on), and so is a post's send (`publishing::sender_check`).

use super::member_token::{MemberTokens, TokenError};
use crate::config::GuildRules;
use crate::db::audit::{self, Actor, Subject};
use crate::db::schema::users as users_table;
use crate::db::users::User;
use crate::db::{now_ms, sessions, Db, DbError};
use crate::discord::{DiscordApi, DiscordError, GuildMember};
use crate::events::PostEvents;
use diesel::prelude::*;
use liner::audit::AuditKind;
use liner::views::Viewer;
use liner::{Role, UserId};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long an answer from Discord is taken as the member's role.
pub const FRESH: Duration = Duration::from_secs(5 * 60);
/// How long the last answer stands while Discord cannot be asked, for what writes to Discord.
pub const GRACE: Duration = Duration::from_secs(60 * 60);

/// Why a request that changes a Discord message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotConfirmed {
    #[error("Your access to {guild} ended in Discord, so Liner signed you out.")]
    Ended { guild: String },
    #[error("Liner could not confirm your role with Discord for over an hour, so it changes no Discord message for now; try again in a few minutes.")]
    Unconfirmed,
}

/// What asking Discord found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Discord says the member holds this role.
    Holds(Role),
    /// Their access ended in Discord (they are signed out everywhere once this is applied).
    Ended(Ended),
    /// Discord could not be asked.
    Unknown,
    /// There is no way to ask: no bot token, and no authorization of the member's kept.
    Unasked,
}

/// How a member's access ended in Discord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Gone from the guild.
    Left,
    /// In the guild without the poster or admin role.
    NoRole,
    /// They withdrew Liner's access to their account in Discord.
    Withdrew,
}

/// The re-check, with what it needs.
pub struct Membership {
    pub db: Db,
    pub discord: Arc<dyn DiscordApi>,
    pub bot_token: Option<SecretString>,
    pub guild: GuildRules,
    pub events: PostEvents,
    /// The members' own authorizations, asked with when there is no bot token.
    pub tokens: MemberTokens,
    /// Members being checked now: their other requests use the last answer meanwhile.
    checking: Mutex<HashSet<i64>>,
}

impl Membership {
    pub fn new(
        db: Db,
        discord: Arc<dyn DiscordApi>,
        bot_token: Option<SecretString>,
        guild: GuildRules,
        events: PostEvents,
        tokens: MemberTokens,
    ) -> Membership {
        Membership {
            db,
            discord,
            bot_token,
            guild,
            events,
            tokens,
            checking: Mutex::default(),
        }
    }

    fn checking(&self) -> std::sync::MutexGuard<'_, HashSet<i64>> {
        self.checking.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The member as they stand now: asked of Discord when the last answer is older than
    /// [`FRESH`]. `None` when their access ended (their sessions are gone then).
    pub async fn current(&self, user: User, checked_at: i64) -> Result<Option<Viewer>, DbError> {
        let age = now_ms().saturating_sub(checked_at);
        if age < FRESH.as_millis() as i64 {
            return Ok(user.viewer());
        }
        if !self.checking().insert(user.id) {
            return Ok(user.viewer());
        }
        let found = self.ask(&user).await;
        self.checking().remove(&user.id);
        self.apply(user, found).await.map(|(viewer, _)| viewer)
    }

    /// Before a request that changes a Discord message: the role asked of Discord now.
    pub async fn confirm(&self, viewer: &Viewer) -> Result<Viewer, ConfirmError> {
        let id = viewer.id.0;
        let row = self
            .db
            .run(move |c| Ok(crate::db::users::find_with_role_check(c, id)?))
            .await?;
        let Some((user, checked_at)) = row else {
            return Err(self.ended());
        };
        let found = self.ask(&user).await;
        let unknown = found == Standing::Unknown;
        let (now, _) = self.apply(user, found).await?;
        match now {
            None => Err(self.ended()),
            Some(_) if unknown && now_ms() - checked_at > GRACE.as_millis() as i64 => {
                Err(ConfirmError::Refused(NotConfirmed::Unconfirmed))
            }
            Some(v) => Ok(v),
        }
    }

    fn ended(&self) -> ConfirmError {
        ConfirmError::Refused(NotConfirmed::Ended {
            guild: self.guild.guild_name.clone(),
        })
    }

    /// Asks Discord how the member stands now, and stores the answer (signing them out
    /// everywhere when their access ended). For the publish worker, which checks a post's
    /// sender before sending it.
    pub async fn recheck(&self, user: User) -> Result<Standing, DbError> {
        let found = self.ask(&user).await;
        self.apply(user, found).await?;
        Ok(found)
    }

    async fn ask(&self, user: &User) -> Standing {
        let g = &self.guild;
        let answer = match &self.bot_token {
            Some(token) => {
                self.discord
                    .member_by_id(token, &g.guild_id, &user.discord_id)
                    .await
            }
            None => match self.ask_as_member(user).await {
                Ok(Some(answer)) => answer,
                Ok(None) => return Standing::Unasked,
                Err(TokenError::Revoked) => return Standing::Ended(Ended::Withdrew),
                Err(e) => {
                    tracing::warn!(user.id = user.id, error = %e, "could not use a member's authorization");
                    return Standing::Unknown;
                }
            },
        };
        match answer {
            Ok(None) => Standing::Ended(Ended::Left),
            Ok(Some(m)) => {
                match Role::from_member_roles(&m.roles, &g.admin_role_ids, &g.poster_role_ids) {
                    Some(role) => Standing::Holds(role),
                    None => Standing::Ended(Ended::NoRole),
                }
            }
            Err(e) => {
                tracing::warn!(user.id = user.id, error = %e, "could not re-check a member's role");
                Standing::Unknown
            }
        }
    }

    /// The member's own membership, asked with their authorization (refreshed once when
    /// Discord refuses it); `None` when Liner keeps none of theirs.
    async fn ask_as_member(
        &self,
        user: &User,
    ) -> Result<Option<Result<Option<GuildMember>, DiscordError>>, TokenError> {
        let Some(token) = self.tokens.access(user.id).await? else {
            return Ok(None);
        };
        let guild = &self.guild.guild_id;
        match self.discord.guild_member(&token, guild).await {
            Err(DiscordError::Rejected { status: 401, .. }) => {
                let token = self.tokens.refresh(user.id, token.expose_secret()).await?;
                Ok(Some(self.discord.guild_member(&token, guild).await))
            }
            answer => Ok(Some(answer)),
        }
    }

    /// Stores what was found; returns the member as they stand, and whether that changed.
    async fn apply(&self, user: User, found: Standing) -> Result<(Option<Viewer>, bool), DbError> {
        let now = now_ms();
        let id = user.id;
        match found {
            Standing::Unknown | Standing::Unasked => Ok((user.viewer(), false)),
            Standing::Holds(role) => {
                let changed = user.viewer().map(|v| v.role) != Some(role);
                self.db
                    .run(move |c| {
                        diesel::update(users_table::table.find(id))
                            .set((
                                users_table::role.eq(role.as_str()),
                                users_table::role_checked_at.eq(now),
                            ))
                            .execute(c)?;
                        Ok(())
                    })
                    .await?;
                if changed {
                    // Open streams keep the role they connected with: they reconnect.
                    self.events.end_streams(UserId(id));
                }
                let viewer = user.viewer().map(|v| Viewer { role, ..v });
                Ok((viewer, changed))
            }
            Standing::Ended(how) => {
                let guild = self.guild.guild_name.clone();
                self.db
                    .run(move |c| {
                        c.immediate_transaction(|c| {
                            let ended = sessions::delete_for_user(c, id)?;
                            diesel::update(users_table::table.find(id))
                                .set(users_table::role_checked_at.eq(now))
                                .execute(c)?;
                            let why = match how {
                                Ended::Left => format!("no longer a member of {guild}"),
                                Ended::NoRole => {
                                    format!("no longer holds the poster or admin role in {guild}")
                                }
                                Ended::Withdrew => {
                                    "withdrew Liner's access to their account".into()
                                }
                            };
                            let detail = format!("Discord: {why}; {ended} session(s) ended");
                            audit::record(
                                c,
                                Actor::Liner,
                                AuditKind::MemberSignedOutEverywhere,
                                Subject::Member(id),
                                Some(&detail),
                                now,
                            )?;
                            Ok(())
                        })
                    })
                    .await?;
                self.events.end_streams(UserId(id));
                tracing::info!(
                    user.id = id,
                    "a member's access ended in Discord; signed out"
                );
                Ok((None, true))
            }
        }
    }
}

/// Why [`Membership::confirm`] did not confirm.
#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    #[error(transparent)]
    Refused(NotConfirmed),
    #[error(transparent)]
    Db(#[from] DbError),
}
