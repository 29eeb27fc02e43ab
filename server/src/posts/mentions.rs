//! The roles a post may mention: the guild's own roles when a bot token can list them, else the
//! list an admin configured (`MENTION_ROLES`).
//!
//! Discord's list is cached for a minute, so opening the composer costs no call each time, and a
//! stale copy is still used when Discord does not answer: a missing role list should not stop a
//! post that names only roles Liner knew a moment ago.

use super::{PostError, Posts};
use crate::discord::{DiscordApi, DiscordError, GuildRole};
use liner::post::RoleRef;
use liner::Draft;
use secrecy::SecretString;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const FRESH_FOR: Duration = Duration::from_secs(60);

pub struct MentionRoles {
    guild_id: String,
    bot_token: Option<SecretString>,
    configured: Vec<RoleRef>,
    cache: Mutex<Option<(Instant, Vec<RoleRef>)>>,
}

#[derive(Debug, thiserror::Error)]
#[error("Discord did not list the server's roles ({0})")]
pub struct RolesUnavailable(pub DiscordError);

impl MentionRoles {
    pub fn new(
        guild_id: String,
        bot_token: Option<SecretString>,
        configured: Vec<RoleRef>,
    ) -> MentionRoles {
        MentionRoles {
            guild_id,
            bot_token,
            configured,
            cache: Mutex::new(None),
        }
    }

    /// The roles, highest first as Discord shows them.
    pub async fn list(&self, discord: &dyn DiscordApi) -> Result<Vec<RoleRef>, RolesUnavailable> {
        let Some(token) = &self.bot_token else {
            return Ok(self.configured.clone());
        };
        let cached = self.lock().clone();
        if let Some((at, roles)) = &cached {
            if at.elapsed() < FRESH_FOR {
                return Ok(roles.clone());
            }
        }
        match discord.guild_roles(token, &self.guild_id).await {
            Ok(roles) => {
                let roles = mentionable(&self.guild_id, roles);
                *self.lock() = Some((Instant::now(), roles.clone()));
                Ok(roles)
            }
            Err(e) => match cached {
                Some((_, roles)) => {
                    tracing::warn!(error = %e, "listing the guild's roles failed; using the last list");
                    Ok(roles)
                }
                None => Err(RolesUnavailable(e)),
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(Instant, Vec<RoleRef>)>> {
        // The cache is replaced whole, so a poisoned lock still holds a consistent value.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The roles a post can announce to: not `@everyone` (its id is the guild's; Liner never pings
/// everyone) and not the roles integrations own.
fn mentionable(guild_id: &str, mut roles: Vec<GuildRole>) -> Vec<RoleRef> {
    roles.retain(|r| r.id != guild_id && !r.managed);
    roles.sort_by(|a, b| b.position.cmp(&a.position).then(a.id.cmp(&b.id)));
    roles
        .into_iter()
        .map(|r| RoleRef {
            id: r.id,
            name: r.name,
        })
        .collect()
}

impl Posts {
    /// The roles a post may mention now.
    pub async fn mention_roles(&self) -> Result<Vec<RoleRef>, PostError> {
        self.mention_roles.list(&*self.discord).await.map_err(|e| {
            tracing::warn!(error = %e, "no role list to offer");
            PostError::from(e)
        })
    }

    /// A post pings only roles Liner offers: a client cannot slip another role id into
    /// `allowed_mentions`.
    pub(super) async fn check_mentions(&self, draft: &Draft) -> Result<(), PostError> {
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
            Some(m) => Err(PostError::UnknownMention(m.name.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::double::DiscordDouble;

    fn configured() -> Vec<RoleRef> {
        vec![RoleRef {
            id: "9".into(),
            name: "Configured".into(),
        }]
    }

    #[tokio::test]
    async fn without_a_bot_token_the_configured_list_is_offered() {
        let roles = MentionRoles::new("1".into(), None, configured());
        let discord = DiscordDouble::new();
        assert_eq!(roles.list(&discord).await.ok(), Some(configured()));
    }

    #[tokio::test]
    async fn a_failing_discord_falls_back_to_the_last_list_and_else_says_so() {
        let roles = MentionRoles::new("1".into(), Some("t".into()), configured());
        let discord = DiscordDouble::new()
            .then_roles(Err(DiscordError::Unknown("HTTP 500".into())))
            .then_roles(Ok(vec![role("5", "New Music", 1, false)]))
            .then_roles(Err(DiscordError::Unknown("HTTP 500".into())));
        let first = roles.list(&discord).await.err().map(|e| e.to_string());
        assert_eq!(
            first.as_deref(),
            Some("Discord did not list the server's roles (Discord's answer was lost (HTTP 500))")
        );
        let names = |l: Vec<RoleRef>| l.into_iter().map(|r| r.name).collect::<Vec<_>>();
        assert_eq!(
            roles.list(&discord).await.ok().map(names),
            Some(vec!["New Music".to_string()])
        );
        // Expire the cache: Discord fails, the last list stands in.
        if let Ok(mut c) = roles.cache.lock() {
            if let Some((at, _)) = c.as_mut() {
                *at = at.checked_sub(FRESH_FOR * 2).unwrap_or(*at);
            }
        }
        assert_eq!(
            roles.list(&discord).await.ok().map(names),
            Some(vec!["New Music".to_string()])
        );
    }

    fn role(id: &str, name: &str, position: i64, managed: bool) -> GuildRole {
        GuildRole {
            id: id.into(),
            name: name.into(),
            position,
            managed,
            permissions: "0".into(),
        }
    }

    #[test]
    fn everyone_and_integration_roles_are_left_out_and_the_rest_ordered_highest_first() {
        let list = mentionable(
            "1",
            vec![
                role("1", "@everyone", 0, false),
                role("5", "New Music", 1, false),
                role("6", "Liner", 4, true),
                role("7", "Admins", 3, false),
            ],
        );
        let names: Vec<_> = list.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Admins", "New Music"]);
    }
}
