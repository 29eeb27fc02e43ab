//! What every handler shares, built once at start.

use crate::config::Mode;
use crate::crypto::SecretKey;
use crate::db::channels::Channel;
use crate::db::Db;
use crate::discord::DiscordApi;
use crate::events::PostEvents;
use crate::fakes::FakeDiscord;
use crate::jobs::Queue;
use crate::mention_roles::MentionRoles;
use leptos::config::LeptosOptions;
use oauth2::basic::BasicClient;
use oauth2::{EndpointNotSet, EndpointSet};
use secrecy::SecretString;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Who may sign in, and as what.
#[derive(Debug, Clone)]
pub struct GuildRules {
    pub guild_id: String,
    pub guild_name: String,
    pub admin_role_ids: Vec<String>,
    pub poster_role_ids: Vec<String>,
}

#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The service worker and offline page of this build.
    pub pwa: Arc<crate::pwa::Pwa>,
    pub inner: Arc<Shared>,
}

pub struct Shared {
    pub mode: Mode,
    pub db: Db,
    pub discord: Arc<dyn DiscordApi>,
    pub oauth: OAuthClient,
    pub http: reqwest::Client,
    pub guild: GuildRules,
    /// Sends to bot channels and reads channels back; `None` when not configured.
    pub bot_token: Option<SecretString>,
    /// Recent answers to "may this member still post?", asked before each send.
    pub sender_checks: crate::jobs::SenderChecks,
    pub mention_roles: MentionRoles,
    /// How late a scheduled post may still go out.
    pub late_grace: std::time::Duration,
    pub secret_key: SecretKey,
    pub events: PostEvents,
    pub queue: Queue,
    pub fake: Option<Arc<FakeDiscord>>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    pub worker_running: Arc<AtomicBool>,
    /// Whether the session cookie is sent only over https.
    pub secure_cookies: bool,
    pub shutdown: tokio_util::sync::CancellationToken,
    /// Published posts whose message is being changed in Discord right now.
    pub message_changes: crate::published::ChangesInFlight,
    /// Release search and loading.
    pub lookup: crate::lookup::Lookup,
    /// The sandbox's fake music services.
    pub fake_music: Option<Arc<crate::fakes::music::FakeMusic>>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.inner
    }
}

impl Shared {
    /// Records that Discord no longer knows a channel's webhook, so nothing calls it again
    /// until an admin sets it anew (repeated calls get the client blocked).
    pub async fn mark_channel_broken(&self, id: i64, name: &str, reason: &str) {
        let why = reason.to_string();
        if let Err(err) = self
            .db
            .run(move |c| Ok(crate::db::channels::mark_broken(c, id, &why)?))
            .await
        {
            tracing::error!(channel = %name, error = %err, "could not mark a channel broken");
        }
        tracing::warn!(channel = %name, %reason, "the channel's webhook is gone; channel marked broken");
    }

    /// The channel's webhook URL, decrypted; the error is a message for the poster.
    pub fn webhook_url(&self, channel: &Channel) -> Result<SecretString, String> {
        let (Some(blob), Some(key_id)) = (&channel.webhook_ciphertext, &channel.webhook_key_id)
        else {
            return Err(format!("#{} has no webhook configured.", channel.name));
        };
        self.secret_key.open(blob, key_id).map_err(|e| {
            tracing::error!(channel = %channel.name, error = %e, "cannot decrypt the webhook URL");
            format!(
                "The webhook of #{} cannot be read with this server's key; an admin must set it again.",
                channel.name
            )
        })
    }
}
