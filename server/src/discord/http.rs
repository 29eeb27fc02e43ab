//! The reqwest client of [`DiscordApi`].

use super::rate_limit::RateLimiter;
use super::refusals::Refusals;
use super::wire::{
    bot, deleted, read, retry_wait, seconds_header, transport, webhook, webhook_message_url,
    webhook_route, ErrorBody,
};
use super::{
    DiscordApi, DiscordError, DiscordUser, GuildChannel, GuildMember, GuildRole, ListedMessage,
    SendLog, SendTarget, SentMessage, Untraced, WebhookInfo,
};
use async_trait::async_trait;
use liner::message::{DiscordMessage, MessageEdit};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

pub struct HttpDiscord {
    client: Client,
    api_base: Url,
    shared: Shared,
}

/// What every request to Discord shares, the sign-in's token exchange included: the rate
/// limits, and the count of Discord's refusals that could get this address banned.
#[derive(Clone, Default)]
pub struct Shared {
    pub limits: Arc<RateLimiter>,
    pub refusals: Arc<Refusals>,
}

/// How Liner names itself to Discord, in the form Discord asks of every client
/// (`DiscordBot ($url, $versionNumber)`): the URL is this Liner's own address.
pub fn user_agent(site: &str) -> String {
    format!(
        "DiscordBot ({site}, {}) Liner (self-hosted release poster)",
        env!("CARGO_PKG_VERSION")
    )
}

/// A client with timeouts that never follows redirects (a redirect could carry a token away).
/// `site` is this Liner's address, for the User-Agent.
pub fn http_client(site: &str) -> Result<Client, reqwest::Error> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .user_agent(user_agent(site))
        .build()
}

#[derive(Debug, thiserror::Error)]
pub enum TokenRequestError {
    #[error("token request: {0}")]
    Http(#[from] reqwest::Error),
    #[error("token answer: {0}")]
    Answer(#[from] http::Error),
}

/// The OAuth token exchange as the oauth2 crate hands it over, sent through Discord's limits
/// (its own route) and counted with the other refusals: a flood of junk codes must neither
/// outrun the limiter nor go unnoticed.
pub async fn token_request(
    shared: &Shared,
    client: &Client,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, TokenRequestError> {
    let mut permit = shared.limits.acquire("oauth2/token").await;
    let resp = client.execute(reqwest::Request::try_from(request)?).await?;
    let status = resp.status();
    shared.refusals.note(status);
    permit.update(resp.headers());
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait = retry_wait(None, seconds_header(resp.headers(), "retry-after"));
        permit.limited(wait, false);
    }
    let mut answer = http::Response::builder().status(status);
    for (name, value) in resp.headers() {
        answer = answer.header(name, value);
    }
    let body = resp.bytes().await?.to_vec();
    Ok(answer.body(body)?)
}

/// A short, one-way tag of a member's token: tells their rate-limit buckets apart without
/// keeping the token in the limiter's keys.
fn token_tag(token: &SecretString) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.expose_secret().as_bytes());
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

impl HttpDiscord {
    pub fn new(client: Client, api_base: Url) -> HttpDiscord {
        HttpDiscord::sharing(client, api_base, Shared::default())
    }

    /// A client whose limits and refusal count are also the sign-in's.
    pub fn sharing(client: Client, api_base: Url, shared: Shared) -> HttpDiscord {
        HttpDiscord {
            client,
            api_base,
            shared,
        }
    }

    /// Sends once the route's bucket allows, and reads the route's limits from the answer.
    /// A 429 comes back as [`DiscordError::RateLimited`] after the bucket learnt of it.
    async fn send(
        &self,
        route: &str,
        request: RequestBuilder,
        log: &dyn SendLog,
    ) -> Result<Response, DiscordError> {
        let mut permit = self.shared.limits.acquire(route).await;
        log.sending().await?;
        let resp = request.send().await.map_err(transport)?;
        self.shared.refusals.note(resp.status());
        permit.update(resp.headers());
        if resp.status() != StatusCode::TOO_MANY_REQUESTS {
            return Ok(resp);
        }
        metrics::counter!("liner_discord_rate_limited_total").increment(1);
        let headers = resp.headers();
        let header_global = headers.contains_key("x-ratelimit-global")
            || headers
                .get("x-ratelimit-scope")
                .is_some_and(|v| v.as_bytes() == b"global");
        let retry_header = seconds_header(headers, "retry-after");
        let body: Option<ErrorBody> = resp.json().await.ok();
        let global = header_global || body.as_ref().is_some_and(|b| b.global);
        let wait = retry_wait(body.as_ref().and_then(|b| b.retry_after), retry_header);
        permit.limited(wait, global);
        Err(DiscordError::RateLimited(wait))
    }

    /// `/channels/{id}/messages`, the id escaped as a path segment.
    fn channel_messages_url(&self, channel_id: &str) -> Result<Url, DiscordError> {
        let mut url = Url::parse(&self.url("/channels")).map_err(|_| DiscordError::NotSent)?;
        url.path_segments_mut()
            .map_err(|()| DiscordError::NotSent)?
            .extend([channel_id, "messages"]);
        Ok(url)
    }

    /// `/channels/{id}/messages/{message}`, both escaped as path segments.
    fn channel_message_url(&self, channel_id: &str, message_id: &str) -> Result<Url, DiscordError> {
        let mut url = self.channel_messages_url(channel_id)?;
        url.path_segments_mut()
            .map_err(|()| DiscordError::NotSent)?
            .push(message_id);
        Ok(url)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api_base.as_str().trim_end_matches('/'))
    }
}

#[async_trait]
impl DiscordApi for HttpDiscord {
    fn send_wait(&self, target: SendTarget<'_>) -> Duration {
        let route = match target {
            SendTarget::Webhook(url) => match webhook(&self.api_base, url) {
                Ok(url) => webhook_route("POST", &url),
                Err(_) => return Duration::ZERO,
            },
            SendTarget::Channel(id) => format!("POST channels/{id}/messages"),
        };
        self.shared.limits.wait_for(&route)
    }

    async fn current_user(&self, token: &SecretString) -> Result<DiscordUser, DiscordError> {
        let resp = self
            .client
            .get(self.url("/users/@me"))
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .map_err(transport)?;
        read(resp).await
    }

    async fn guild_member(
        &self,
        token: &SecretString,
        guild_id: &str,
    ) -> Result<Option<GuildMember>, DiscordError> {
        let request = self
            .client
            .get(self.url(&format!("/users/@me/guilds/{guild_id}/member")))
            .bearer_auth(token.expose_secret());
        // Discord keeps this route's limit per member: a bucket each, named without the token.
        let route = format!(
            "GET users/@me/guilds/{guild_id}/member {}",
            token_tag(token)
        );
        let resp = self.send(&route, request, &Untraced).await?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        read(resp).await.map(Some)
    }

    async fn execute_webhook(
        &self,
        webhook_url: &SecretString,
        message: &DiscordMessage,
        log: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError> {
        let mut url = webhook(&self.api_base, webhook_url)?;
        url.query_pairs_mut()
            .append_pair("wait", "true")
            .append_pair("with_components", "true");
        let route = webhook_route("POST", &url);
        let resp = self
            .send(&route, self.client.post(url).json(message), log)
            .await?;
        read(resp).await
    }

    async fn delete_webhook_message(
        &self,
        webhook_url: &SecretString,
        message_id: &str,
        thread_id: Option<&str>,
    ) -> Result<(), DiscordError> {
        let url = webhook_message_url(&self.api_base, webhook_url, message_id, thread_id)?;
        let route = webhook_route("DELETE", &url);
        let resp = self
            .send(&route, self.client.delete(url), &Untraced)
            .await?;
        deleted(resp).await
    }

    async fn edit_webhook_message(
        &self,
        webhook_url: &SecretString,
        message_id: &str,
        thread_id: Option<&str>,
        edit: &MessageEdit,
    ) -> Result<SentMessage, DiscordError> {
        let mut url = webhook_message_url(&self.api_base, webhook_url, message_id, thread_id)?;
        url.query_pairs_mut().append_pair("with_components", "true");
        let route = webhook_route("PATCH", &url);
        let resp = self
            .send(&route, self.client.patch(url).json(edit), &Untraced)
            .await?;
        read(resp).await
    }

    async fn edit_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message_id: &str,
        edit: &MessageEdit,
    ) -> Result<SentMessage, DiscordError> {
        let url = self.channel_message_url(channel_id, message_id)?;
        let request = bot(self.client.patch(url).json(edit), bot_token);
        let route = format!("PATCH channels/{channel_id}/messages");
        let resp = self.send(&route, request, &Untraced).await?;
        read(resp).await
    }

    async fn delete_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message_id: &str,
    ) -> Result<(), DiscordError> {
        let url = self.channel_message_url(channel_id, message_id)?;
        let request = bot(self.client.delete(url), bot_token);
        let route = format!("DELETE channels/{channel_id}/messages");
        let resp = self.send(&route, request, &Untraced).await?;
        deleted(resp).await
    }

    async fn create_message(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        message: &DiscordMessage,
        nonce: &str,
        log: &dyn SendLog,
    ) -> Result<SentMessage, DiscordError> {
        #[derive(serde::Serialize)]
        struct WithNonce<'a> {
            #[serde(flatten)]
            message: &'a DiscordMessage,
            nonce: &'a str,
            enforce_nonce: bool,
        }
        let url = self.channel_messages_url(channel_id)?;
        let body = WithNonce {
            message,
            nonce,
            enforce_nonce: true,
        };
        let request = bot(self.client.post(url).json(&body), bot_token);
        let route = format!("POST channels/{channel_id}/messages");
        let resp = self.send(&route, request, log).await?;
        read(resp).await
    }

    async fn recent_messages(
        &self,
        bot_token: &SecretString,
        channel_id: &str,
        limit: u8,
    ) -> Result<Vec<ListedMessage>, DiscordError> {
        let mut url = self.channel_messages_url(channel_id)?;
        url.query_pairs_mut()
            .append_pair("limit", &limit.clamp(1, 100).to_string());
        let request = bot(self.client.get(url), bot_token);
        let route = format!("GET channels/{channel_id}/messages");
        let resp = self.send(&route, request, &Untraced).await?;
        read(resp).await
    }

    async fn member_by_id(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
        user_id: &str,
    ) -> Result<Option<GuildMember>, DiscordError> {
        let mut url = Url::parse(&self.url("/guilds")).map_err(|_| DiscordError::NotSent)?;
        url.path_segments_mut()
            .map_err(|()| DiscordError::NotSent)?
            .extend([guild_id, "members", user_id]);
        let request = bot(self.client.get(url), bot_token);
        let route = format!("GET guilds/{guild_id}/members");
        let resp = self.send(&route, request, &Untraced).await?;
        match read(resp).await {
            Ok(member) => Ok(Some(member)),
            // Unknown Member, Unknown User: not (any more) in the guild. Any other 404 (a wrong
            // guild, the bot removed) says nothing about the member.
            Err(DiscordError::Rejected {
                status: 404,
                code: 10007 | 10013,
                ..
            }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn guild_channels(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
    ) -> Result<Vec<GuildChannel>, DiscordError> {
        let mut url = Url::parse(&self.url("/guilds")).map_err(|_| DiscordError::NotSent)?;
        url.path_segments_mut()
            .map_err(|()| DiscordError::NotSent)?
            .extend([guild_id, "channels"]);
        let route = format!("GET guilds/{guild_id}/channels");
        let request = bot(self.client.get(url), bot_token);
        let resp = self.send(&route, request, &Untraced).await?;
        read(resp).await
    }

    async fn bot_user(&self, bot_token: &SecretString) -> Result<DiscordUser, DiscordError> {
        let request = bot(self.client.get(self.url("/users/@me")), bot_token);
        let resp = self.send("GET users/@me", request, &Untraced).await?;
        read(resp).await
    }

    async fn guild_roles(
        &self,
        bot_token: &SecretString,
        guild_id: &str,
    ) -> Result<Vec<GuildRole>, DiscordError> {
        let mut url = Url::parse(&self.url("/guilds")).map_err(|_| DiscordError::NotSent)?;
        url.path_segments_mut()
            .map_err(|()| DiscordError::NotSent)?
            .extend([guild_id, "roles"]);
        let route = format!("GET guilds/{guild_id}/roles");
        let request = bot(self.client.get(url), bot_token);
        let resp = self.send(&route, request, &Untraced).await?;
        read(resp).await
    }

    async fn get_webhook(&self, webhook_url: &SecretString) -> Result<WebhookInfo, DiscordError> {
        let url = webhook(&self.api_base, webhook_url)?;
        let resp = self.client.get(url).send().await.map_err(transport)?;
        read(resp).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_has_discords_form() {
        let agent = user_agent("https://liner.example.org/");
        assert!(
            agent.starts_with(&format!(
                "DiscordBot (https://liner.example.org/, {})",
                env!("CARGO_PKG_VERSION")
            )),
            "{agent}"
        );
    }
}
