//! Before a post goes out, the member who asked for it (its author, or the admin who sent it
//! again) must still hold the poster or admin role in Discord: a poster removed from the team
//! does not keep publishing through posts queued earlier. Such a post fails with the reason
//! (and the member is signed out everywhere, as on any request); its poster's Retry checks
//! again, and an admin's Retry vouches for it (the admin becomes the sender).
//!
//! Discord is asked as everywhere else ([`Membership::recheck`]: the bot's member lookup, else
//! the member's own authorization). When it cannot be asked, the last answer stands for
//! [`GRACE`]: past that the post waits, saying why, and is looked at again every [`RECHECK`]
//! until Discord answers (it fails as missed once past the late grace, like any post). A member
//! who cannot be asked at all (no bot token, and signed in before Liner kept authorizations)
//! was allowed when they asked: their post goes out. Answers are remembered for a minute, so a
//! batch of posts costs one lookup per member.

use super::Publisher;
use crate::auth::membership::{Ended, Standing, GRACE};
use crate::db::now_ms;
use crate::db::posts::Post;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an answer is used for the sender's next posts.
const REMEMBER: Duration = Duration::from_secs(60);
/// How often a post waiting for Discord's answer is looked at again.
pub const RECHECK: Duration = Duration::from_secs(10);

/// Why a post's sender may not post any more; the post's reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SenderRefused {
    #[error("{name} is no longer a member of {guild}, so Liner did not send this post. An admin can send it again (Retry) or delete it.")]
    LeftGuild { name: String, guild: String },
    #[error("{name} no longer holds the poster role in Discord, so Liner did not send this post. An admin can send it again (Retry) or delete it.")]
    LostRole { name: String },
    #[error("{name} withdrew Liner's access to their Discord account, so Liner could not confirm they may still post and did not send this post. An admin can send it again (Retry) or delete it.")]
    Withdrew { name: String },
}

/// What the check says of a post due now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Send,
    Refuse(SenderRefused),
    /// Discord could not be asked for longer than the grace: the post's notice says why.
    Wait(String),
}

/// Recent answers: Discord user id → (until when, the verdict).
#[derive(Default)]
pub struct SenderChecks {
    recent: Mutex<HashMap<String, (Instant, Verdict)>>,
}

impl SenderChecks {
    fn remembered(&self, discord_id: &str) -> Option<Verdict> {
        let recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent
            .get(discord_id)
            .filter(|(until, _)| Instant::now() < *until)
            .map(|(_, verdict)| verdict.clone())
    }

    fn remember(&self, discord_id: &str, verdict: Verdict) {
        let life = match verdict {
            Verdict::Wait(_) => RECHECK,
            _ => REMEMBER,
        };
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        recent.retain(|_, (until, _)| now < *until);
        recent.insert(discord_id.to_string(), (now + life, verdict));
    }
}

/// Whether the post may go out now, as far as its sender goes.
pub async fn verdict(state: &Publisher, post: &Post) -> Verdict {
    let user_id = post.queued_by.unwrap_or(post.author_id);
    let found = state
        .db
        .run(move |c| Ok(crate::db::users::find_with_role_check(c, user_id)?))
        .await;
    let (user, checked_at) = match found {
        Ok(Some(row)) => row,
        Ok(None) => return Verdict::Send,
        Err(e) => {
            tracing::error!(post.id = post.id, error = %e, "could not load the post's sender");
            return Verdict::Send;
        }
    };
    if let Some(known) = state.sender_checks.remembered(&user.discord_id) {
        return known;
    }
    let (discord_id, name) = (user.discord_id.clone(), user.name.clone());
    let standing = match state.membership.recheck(user).await {
        Ok(standing) => standing,
        Err(e) => {
            tracing::error!(post.id = post.id, error = %e, "could not store the sender's standing");
            Standing::Unknown
        }
    };
    let verdict = judge(
        standing,
        name,
        &state.guild.guild_name,
        now_ms() - checked_at,
    );
    if let Verdict::Wait(_) = verdict {
        tracing::warn!(
            post.id = post.id,
            "the sender's role could not be confirmed for too long; the post waits"
        );
    }
    state.sender_checks.remember(&discord_id, verdict.clone());
    verdict
}

/// The verdict for a sender who stands so, `since_ms` after Discord's last answer.
fn judge(standing: Standing, name: String, guild: &str, since_ms: i64) -> Verdict {
    match standing {
        Standing::Holds(_) | Standing::Unasked => Verdict::Send,
        Standing::Unknown if since_ms <= GRACE.as_millis() as i64 => Verdict::Send,
        Standing::Unknown => Verdict::Wait(format!(
            "Waiting: Liner could not confirm with Discord for over an hour that {name} may still post. It goes out as soon as Discord answers."
        )),
        Standing::Ended(Ended::Left) => Verdict::Refuse(SenderRefused::LeftGuild {
            name,
            guild: guild.to_string(),
        }),
        Standing::Ended(Ended::NoRole) => Verdict::Refuse(SenderRefused::LostRole { name }),
        Standing::Ended(Ended::Withdrew) => Verdict::Refuse(SenderRefused::Withdrew { name }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liner::Role;

    const HOUR: i64 = 3_600_000;

    fn judged(standing: Standing, since_ms: i64) -> Verdict {
        judge(standing, "Pat".into(), "Liner Sandbox", since_ms)
    }

    #[test]
    fn an_unanswered_check_sends_within_the_grace_and_waits_after_it() {
        assert_eq!(judged(Standing::Unknown, HOUR), Verdict::Send);
        let Verdict::Wait(why) = judged(Standing::Unknown, HOUR + 1) else {
            panic!("past the grace the post waits");
        };
        assert!(why.contains("Pat may still post"), "{why}");
    }

    #[test]
    fn a_member_who_holds_a_role_or_cannot_be_asked_sends() {
        assert_eq!(
            judged(Standing::Holds(Role::Poster), 10 * HOUR),
            Verdict::Send
        );
        assert_eq!(judged(Standing::Unasked, 10 * HOUR), Verdict::Send);
    }

    #[test]
    fn an_ended_access_refuses_with_how_it_ended() {
        assert_eq!(
            judged(Standing::Ended(Ended::Left), 0),
            Verdict::Refuse(SenderRefused::LeftGuild {
                name: "Pat".into(),
                guild: "Liner Sandbox".into()
            })
        );
        assert_eq!(
            judged(Standing::Ended(Ended::NoRole), 0),
            Verdict::Refuse(SenderRefused::LostRole { name: "Pat".into() })
        );
        assert_eq!(
            judged(Standing::Ended(Ended::Withdrew), 0),
            Verdict::Refuse(SenderRefused::Withdrew { name: "Pat".into() })
        );
    }
}
