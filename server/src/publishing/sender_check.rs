//! Before a post goes out, the member who asked for it (its author, or the admin who sent it
//! again) must still hold the poster or admin role in Discord: a poster removed from the team
//! does not keep publishing through posts queued earlier. Such a post fails with the reason;
//! its poster's Retry checks again, and an admin's Retry vouches for it (the admin becomes the
//! sender).
//!
//! The check needs the bot token (Discord answers a member lookup only to a bot). Without one,
//! or when Discord cannot be asked, the post goes out: the member was allowed when they asked,
//! and a release announcement should not miss its time over a lookup. Answers are remembered
//! for a minute, so a batch of posts costs one lookup per member.

use super::Publisher;
use crate::db::posts::Post;
use crate::db::users;
use liner::Role;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const REMEMBER: Duration = Duration::from_secs(60);

/// Why a post's sender may not post any more; the post's reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SenderRefused {
    #[error("{name} is no longer a member of {guild}, so Liner did not send this post. An admin can send it again (Retry) or delete it.")]
    LeftGuild { name: String, guild: String },
    #[error("{name} no longer holds the poster role in Discord, so Liner did not send this post. An admin can send it again (Retry) or delete it.")]
    LostRole { name: String },
}

/// Recent answers: Discord user id → (when, why they may not post).
#[derive(Default)]
pub struct SenderChecks {
    recent: Mutex<HashMap<String, (Instant, Option<SenderRefused>)>>,
}

impl SenderChecks {
    fn remembered(&self, discord_id: &str) -> Option<Option<SenderRefused>> {
        let recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent
            .get(discord_id)
            .filter(|(at, _)| at.elapsed() < REMEMBER)
            .map(|(_, why)| why.clone())
    }

    fn remember(&self, discord_id: &str, why: Option<SenderRefused>) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent.retain(|_, (at, _)| at.elapsed() < REMEMBER);
        recent.insert(discord_id.to_string(), (Instant::now(), why));
    }
}

/// Why the post must not go out now, if its sender lost the right to post.
pub async fn sender_may_not_post(state: &Publisher, post: &Post) -> Option<SenderRefused> {
    let token = state.bot_token.as_ref()?;
    let user_id = post.queued_by.unwrap_or(post.author_id);
    let user = match state.db.run(move |c| Ok(users::find(c, user_id)?)).await {
        Ok(Some(u)) => u,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!(post.id = post.id, error = %e, "could not load the post's sender");
            return None;
        }
    };
    if let Some(known) = state.sender_checks.remembered(&user.discord_id) {
        return known;
    }
    let guild = &state.guild;
    let why = match state
        .discord
        .member_by_id(token, &guild.guild_id, &user.discord_id)
        .await
    {
        Ok(None) => Some(SenderRefused::LeftGuild {
            name: user.name.clone(),
            guild: guild.guild_name.clone(),
        }),
        Ok(Some(member)) => match Role::from_member_roles(
            &member.roles,
            &guild.admin_role_ids,
            &guild.poster_role_ids,
        ) {
            Some(_) => None,
            None => Some(SenderRefused::LostRole {
                name: user.name.clone(),
            }),
        },
        Err(e) => {
            tracing::warn!(post.id = post.id, error = %e, "could not check the sender's roles; sending");
            return None;
        }
    };
    state.sender_checks.remember(&user.discord_id, why.clone());
    why
}
