//! Discord's permission arithmetic, as its documentation gives it: a member's base permissions
//! are `@everyone`'s and their roles' together (everything for an administrator); a channel then
//! applies `@everyone`'s overwrite, its roles' overwrites together, and the member's own, each
//! denying before allowing. Liner needs it to offer only the channels the bot can post in.

use super::{GuildChannel, GuildRole};

pub const ADMINISTRATOR: u64 = 1 << 3;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;

/// What a bot channel needs: to see it, post in it, and read it back after a crash.
pub const BOT_CHANNEL: u64 = VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY;

/// Channel types posts can go to as plain messages: text and announcement channels.
pub fn takes_messages(channel: &GuildChannel) -> bool {
    matches!(channel.kind, 0 | 5)
}

fn bits(text: &str) -> u64 {
    text.trim().parse().unwrap_or(0)
}

/// The member's permissions in `channel`. `guild_id` is also `@everyone`'s role id.
pub fn in_channel(
    guild_id: &str,
    roles: &[GuildRole],
    member_id: &str,
    member_roles: &[String],
    channel: &GuildChannel,
) -> u64 {
    let everyone = roles
        .iter()
        .find(|r| r.id == guild_id)
        .map_or(0, |r| bits(&r.permissions));
    let base = roles
        .iter()
        .filter(|r| member_roles.contains(&r.id))
        .fold(everyone, |acc, r| acc | bits(&r.permissions));
    if base & ADMINISTRATOR != 0 {
        return u64::MAX;
    }
    let overwrite = |pred: &dyn Fn(&super::PermissionOverwrite) -> bool| {
        channel
            .permission_overwrites
            .iter()
            .filter(|o| pred(o))
            .fold((0u64, 0u64), |(allow, deny), o| {
                (allow | bits(&o.allow), deny | bits(&o.deny))
            })
    };
    let mut perms = base;
    for (allow, deny) in [
        overwrite(&|o| o.kind == 0 && o.id == guild_id),
        overwrite(&|o| o.kind == 0 && o.id != guild_id && member_roles.contains(&o.id)),
        overwrite(&|o| o.kind == 1 && o.id == member_id),
    ] {
        perms = (perms & !deny) | allow;
    }
    perms
}

#[cfg(test)]
mod tests {
    use super::super::PermissionOverwrite;
    use super::*;

    const GUILD: &str = "1";

    fn role(id: &str, perms: u64) -> GuildRole {
        GuildRole {
            id: id.into(),
            name: id.into(),
            position: 0,
            managed: false,
            permissions: perms.to_string(),
        }
    }

    fn channel(overwrites: Vec<(&str, u8, u64, u64)>) -> GuildChannel {
        GuildChannel {
            id: "9".into(),
            name: "releases".into(),
            kind: 0,
            position: 0,
            permission_overwrites: overwrites
                .into_iter()
                .map(|(id, kind, allow, deny)| PermissionOverwrite {
                    id: id.into(),
                    kind,
                    allow: allow.to_string(),
                    deny: deny.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn base_permissions_come_from_everyone_and_the_members_roles() {
        let roles = [
            role(GUILD, VIEW_CHANNEL),
            role("7", SEND_MESSAGES | READ_MESSAGE_HISTORY),
        ];
        let open = channel(vec![]);
        assert_eq!(
            in_channel(GUILD, &roles, "5", &["7".into()], &open) & BOT_CHANNEL,
            BOT_CHANNEL
        );
        assert_eq!(in_channel(GUILD, &roles, "5", &[], &open), VIEW_CHANNEL);
    }

    #[test]
    fn overwrites_apply_everyone_then_roles_then_the_member() {
        let roles = [role(GUILD, BOT_CHANNEL), role("7", 0)];
        let roles_member = ["7".to_string()];
        // @everyone may not post; the bot's role may again.
        let announce = channel(vec![
            (GUILD, 0, 0, SEND_MESSAGES),
            ("7", 0, SEND_MESSAGES, 0),
        ]);
        assert_ne!(
            in_channel(GUILD, &roles, "5", &roles_member, &announce) & SEND_MESSAGES,
            0
        );
        // The member's own deny wins over their role's allow.
        let muted = channel(vec![("7", 0, SEND_MESSAGES, 0), ("5", 1, 0, SEND_MESSAGES)]);
        assert_eq!(
            in_channel(GUILD, &roles, "5", &roles_member, &muted) & SEND_MESSAGES,
            0
        );
        // A hidden channel.
        let hidden = channel(vec![(GUILD, 0, 0, VIEW_CHANNEL)]);
        assert_eq!(
            in_channel(GUILD, &roles, "5", &[], &hidden) & VIEW_CHANNEL,
            0
        );
    }

    #[test]
    fn an_administrator_may_do_anything_anywhere() {
        let roles = [role(GUILD, 0), role("7", ADMINISTRATOR)];
        let hidden = channel(vec![(GUILD, 0, 0, BOT_CHANNEL)]);
        assert_eq!(
            in_channel(GUILD, &roles, "5", &["7".into()], &hidden),
            u64::MAX
        );
    }
}
