//! The reqwest client of [`DiscordApi`].

use super::rate_limit::RateLimiter;
use super::{
    DiscordApi, DiscordError, DiscordUser, GuildMember, GuildRole, ListedMessage, SendLog,
    SendTarget, SentMessage, Untraced, WebhookInfo, UNKNOWN_MESSAGE,
};
use async_trait::async_trait;
use liner::message::{DiscordMessage, MessageEdit};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::time::Duration;
use url::Url;

pub struct HttpDiscord {
    client: Client,
    api_base: Url,
    limits: RateLimiter,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: i64,
    #[serde(default)]
    retry_after: Option<f64>,
    #[serde(default)]
    global: bool,
}

/// A client with timeouts that never follows redirects (a redirect could carry a token away).
pub fn http_client() -> Result<Client, reqwest::Error> {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .user_agent(concat!(
            "Liner/",
            env!("CARGO_PKG_VERSION"),
            " (self-hosted release poster)"
        ))
        .build()
}

impl HttpDiscord {
    pub fn new(client: Client, api_base: Url) -> HttpDiscord {
        HttpDiscord {
            client,
            api_base,
            limits: RateLimiter::new(),
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
        let mut permit = self.limits.acquire(route).await;
        log.sending().await?;
        let resp = request.send().await.map_err(transport)?;
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

/// Classifies a transport error. The URL is dropped: webhook URLs hold tokens.
fn transport(e: reqwest::Error) -> DiscordError {
    if e.is_connect() || e.is_builder() {
        DiscordError::NotSent
    } else {
        DiscordError::Unknown(e.without_url().to_string())
    }
}

fn invalid_webhook_url() -> DiscordError {
    DiscordError::Rejected {
        status: 0,
        code: 0,
        message: "the channel's webhook URL is not valid".into(),
    }
}

fn webhook(webhook_url: &SecretString) -> Result<Url, DiscordError> {
    Url::parse(webhook_url.expose_secret()).map_err(|_| invalid_webhook_url())
}

/// The rate-limit route of a call on a webhook: its method and the webhook's id (the token stays
/// out: route keys are not secret).
fn webhook_route(method: &str, url: &Url) -> String {
    let id = url
        .path_segments()
        .and_then(|mut s| {
            s.by_ref().find(|p| *p == "webhooks")?;
            s.next()
        })
        .unwrap_or("?");
    format!("{method} webhooks/{id}")
}

/// A header holding seconds, if it is a finite, non-negative number.
fn seconds_header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<f64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// How long a 429 asks to wait: the body's exact `retry_after`, else the header, else a second;
/// never more than an hour.
fn retry_wait(body: Option<f64>, header: Option<f64>) -> Duration {
    let secs = body
        .filter(|v| v.is_finite() && *v >= 0.0)
        .or(header)
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs.min(3600.0))
}

/// `{webhook}/messages/{id}`, the id escaped as a path segment, in `thread_id` if given.
fn webhook_message_url(
    webhook_url: &SecretString,
    message_id: &str,
    thread_id: Option<&str>,
) -> Result<Url, DiscordError> {
    let mut url = webhook(webhook_url)?;
    url.path_segments_mut()
        .map_err(|()| invalid_webhook_url())?
        .pop_if_empty()
        .extend(["messages", message_id]);
    if let Some(thread) = thread_id {
        url.query_pairs_mut().append_pair("thread_id", thread);
    }
    Ok(url)
}

/// A request as the bot.
fn bot(request: RequestBuilder, token: &SecretString) -> RequestBuilder {
    request.header(
        reqwest::header::AUTHORIZATION,
        format!("Bot {}", token.expose_secret()),
    )
}

/// The answer to a delete: a message already gone counts as deleted.
async fn deleted(resp: Response) -> Result<(), DiscordError> {
    if resp.status().is_success() {
        return Ok(());
    }
    match read::<serde::de::IgnoredAny>(resp).await {
        Err(DiscordError::Rejected {
            code: UNKNOWN_MESSAGE,
            ..
        }) => Ok(()),
        Err(e) => Err(e),
        Ok(_) => Ok(()),
    }
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, DiscordError> {
    let status = resp.status();
    if status.is_success() {
        return resp
            .json::<T>()
            .await
            .map_err(|e| DiscordError::Unknown(e.without_url().to_string()));
    }
    let retry_header = seconds_header(resp.headers(), "retry-after");
    let body: Option<ErrorBody> = resp.json().await.ok();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait = retry_wait(body.as_ref().and_then(|b| b.retry_after), retry_header);
        return Err(DiscordError::RateLimited(wait));
    }
    if status.is_server_error() {
        return Err(DiscordError::Unknown(format!("HTTP {}", status.as_u16())));
    }
    let (code, message) = body
        .map(|b| (b.code, b.message))
        .unwrap_or((0, String::new()));
    Err(DiscordError::Rejected {
        status: status.as_u16(),
        code,
        message: if message.is_empty() {
            status.canonical_reason().unwrap_or("error").to_string()
        } else {
            message
        },
    })
}

#[async_trait]
impl DiscordApi for HttpDiscord {
    fn send_wait(&self, target: SendTarget<'_>) -> Duration {
        let route = match target {
            SendTarget::Webhook(url) => match webhook(url) {
                Ok(url) => webhook_route("POST", &url),
                Err(_) => return Duration::ZERO,
            },
            SendTarget::Channel(id) => format!("POST channels/{id}/messages"),
        };
        self.limits.wait_for(&route)
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
        let resp = self
            .client
            .get(self.url(&format!("/users/@me/guilds/{guild_id}/member")))
            .bearer_auth(token.expose_secret())
            .send()
            .await
            .map_err(transport)?;
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
        let mut url = webhook(webhook_url)?;
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
        let url = webhook_message_url(webhook_url, message_id, thread_id)?;
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
        let mut url = webhook_message_url(webhook_url, message_id, thread_id)?;
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
        let resp = self
            .client
            .get(webhook_url.expose_secret())
            .send()
            .await
            .map_err(transport)?;
        read(resp).await
    }
}
