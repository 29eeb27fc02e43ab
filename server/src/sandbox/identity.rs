//! Who and what the sandbox's Discord holds: its members (one per role, a non-member and a
//! member without a role), its webhook, forum and bot channels. Fixed ids, so tests and the
//! seeded database agree.

use crate::config::sandbox;

/// A sandbox member on the fake authorize page.
pub struct FakeUser {
    pub key: &'static str,
    pub button: &'static str,
    pub id: &'static str,
    pub username: &'static str,
    pub global_name: &'static str,
    /// `None`: not a member of the guild.
    pub roles: Option<&'static [&'static str]>,
}

pub const USERS: [FakeUser; 5] = [
    FakeUser {
        key: "ada",
        button: "Ada (admin)",
        id: "300000000000000001",
        username: "ada",
        global_name: "Ada",
        roles: Some(&[sandbox::ADMIN_ROLE_ID]),
    },
    FakeUser {
        key: "pat",
        button: "Pat (poster)",
        id: "300000000000000002",
        username: "pat",
        global_name: "Pat",
        roles: Some(&[sandbox::POSTER_ROLE_ID]),
    },
    FakeUser {
        key: "sam",
        button: "Sam (poster)",
        id: "300000000000000005",
        username: "sam",
        global_name: "Sam",
        roles: Some(&[sandbox::POSTER_ROLE_ID]),
    },
    FakeUser {
        key: "nico",
        button: "Nico (not a member)",
        id: "300000000000000003",
        username: "nico",
        global_name: "Nico",
        roles: None,
    },
    FakeUser {
        key: "max",
        button: "Max (member without a role)",
        id: "300000000000000004",
        username: "max",
        global_name: "Max",
        roles: Some(&[]),
    },
];

/// A sandbox channel and its webhook.
pub struct FakeChannel {
    pub name: &'static str,
    /// A forum channel: its webhook only starts threads (`thread_name`).
    pub forum: bool,
    pub channel_id: &'static str,
    pub webhook_id: &'static str,
    pub webhook_token: &'static str,
}

pub const CHANNELS: [FakeChannel; 3] = [
    FakeChannel {
        name: "releases",
        forum: false,
        channel_id: "400000000000000001",
        webhook_id: "500000000000000001",
        webhook_token: "sandbox-releases-webhook-token",
    },
    FakeChannel {
        name: "announcements",
        forum: false,
        channel_id: "400000000000000002",
        webhook_id: "500000000000000002",
        webhook_token: "sandbox-announcements-webhook-token",
    },
    FakeChannel {
        name: "singles",
        forum: false,
        channel_id: "400000000000000003",
        webhook_id: "500000000000000003",
        webhook_token: "sandbox-singles-webhook-token",
    },
];

/// The sandbox's forum channel, seeded after the others.
pub const FORUM_CHANNELS: [FakeChannel; 1] = [FakeChannel {
    name: "release-threads",
    forum: true,
    channel_id: "400000000000000005",
    webhook_id: "500000000000000005",
    webhook_token: "sandbox-release-threads-webhook-token",
}];

/// A channel of the sandbox's Discord whose webhook Liner is not given at start: an admin adds
/// it from Admin → Channels by pasting [`SPARE_WEBHOOK_URL`].
pub const SPARE_CHANNELS: [FakeChannel; 1] = [FakeChannel {
    name: "new-releases",
    forum: false,
    channel_id: "400000000000000006",
    webhook_id: "500000000000000006",
    webhook_token: "sandbox-new-releases-webhook-token",
}];

/// The spare channel's webhook URL, as Discord's "Copy Webhook URL" gives it (Liner calls it
/// on the sandbox's Discord).
pub const SPARE_WEBHOOK_URL: &str = app::pages::admin::channels::SANDBOX_WEBHOOK_URL;

/// A webhook of another Discord server: adding it must be refused.
pub const OTHER_GUILD_WEBHOOK: FakeChannel = FakeChannel {
    name: "elsewhere",
    forum: false,
    channel_id: "400000000000000009",
    webhook_id: "500000000000000009",
    webhook_token: "sandbox-other-guild-webhook-token",
};
pub const OTHER_GUILD_ID: &str = "900000000000000009";

/// Every sandbox webhook channel, forum and spare ones included.
pub fn webhook_channels() -> impl Iterator<Item = &'static FakeChannel> {
    CHANNELS
        .iter()
        .chain(FORUM_CHANNELS.iter())
        .chain(SPARE_CHANNELS.iter())
}

/// A sandbox channel the bot posts to itself, without a webhook.
pub struct FakeBotChannel {
    pub name: &'static str,
    pub channel_id: &'static str,
}

pub const BOT_CHANNELS: [FakeBotChannel; 1] = [FakeBotChannel {
    name: "news",
    channel_id: "400000000000000004",
}];

/// The sandbox bot's user id (the author of its messages).
pub const BOT_USER_ID: &str = "200000000000000100";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spare_webhook_url_the_page_offers_is_the_spare_channels() {
        let spare = &SPARE_CHANNELS[0];
        let expected = format!(
            "https://discord.com/api/webhooks/{}/{}",
            spare.webhook_id, spare.webhook_token
        );
        assert_eq!(SPARE_WEBHOOK_URL, expected);
    }
}
