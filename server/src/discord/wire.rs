//! Liner's requests and Discord's answers as they look on the wire: webhook URLs and their
//! rate-limit routes, the bot's authorization, how long a 429 asks to wait, and what an error
//! answer proves about the call.

use super::{DiscordError, UNKNOWN_MESSAGE};
use reqwest::{RequestBuilder, Response, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::time::Duration;
use url::Url;

#[derive(Deserialize)]
pub(super) struct ErrorBody {
    #[serde(default)]
    pub(super) message: String,
    #[serde(default)]
    pub(super) code: i64,
    #[serde(default)]
    pub(super) retry_after: Option<f64>,
    #[serde(default)]
    pub(super) global: bool,
}

/// Classifies a transport error. The URL is dropped: webhook URLs hold tokens.
pub(super) fn transport(e: reqwest::Error) -> DiscordError {
    if e.is_connect() || e.is_builder() {
        DiscordError::NotSent
    } else {
        DiscordError::Unknown(e.without_url().to_string())
    }
}

pub(super) fn invalid_webhook_url() -> DiscordError {
    DiscordError::Rejected {
        status: 0,
        code: 0,
        message: "the channel's webhook URL is not valid".into(),
    }
}

/// The webhook's address on `api_base`: rebuilt from the stored URL's id and token, so a URL
/// copied from Discord (`discord.com/api/webhooks/…`, with no API version, or an older host)
/// is called on the configured API, at its version, and the sandbox's fake answers for a
/// pasted `discord.com` URL.
pub(super) fn webhook(api_base: &Url, webhook_url: &SecretString) -> Result<Url, DiscordError> {
    let stored = Url::parse(webhook_url.expose_secret()).map_err(|_| invalid_webhook_url())?;
    let mut segments = stored.path_segments().ok_or_else(invalid_webhook_url)?;
    segments
        .by_ref()
        .find(|s| *s == "webhooks")
        .ok_or_else(invalid_webhook_url)?;
    let (Some(id), Some(token)) = (segments.next(), segments.next()) else {
        return Err(invalid_webhook_url());
    };
    if id.is_empty() || token.is_empty() {
        return Err(invalid_webhook_url());
    }
    let mut url = api_base.clone();
    url.path_segments_mut()
        .map_err(|()| invalid_webhook_url())?
        .pop_if_empty()
        .extend(["webhooks", id, token]);
    Ok(url)
}

/// The rate-limit route of a call on a webhook: its method and the webhook's id (the token stays
/// out: route keys are not secret).
pub(super) fn webhook_route(method: &str, url: &Url) -> String {
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
pub(super) fn seconds_header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<f64> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// How long a 429 asks to wait: the body's exact `retry_after`, else the header, else a second;
/// never more than an hour.
pub(super) fn retry_wait(body: Option<f64>, header: Option<f64>) -> Duration {
    let secs = body
        .filter(|v| v.is_finite() && *v >= 0.0)
        .or(header)
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs.min(3600.0))
}

/// `{webhook}/messages/{id}`, the id escaped as a path segment, in `thread_id` if given.
pub(super) fn webhook_message_url(
    api_base: &Url,
    webhook_url: &SecretString,
    message_id: &str,
    thread_id: Option<&str>,
) -> Result<Url, DiscordError> {
    let mut url = webhook(api_base, webhook_url)?;
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
pub(super) fn bot(request: RequestBuilder, token: &SecretString) -> RequestBuilder {
    request.header(
        reqwest::header::AUTHORIZATION,
        format!("Bot {}", token.expose_secret()),
    )
}

/// The answer to a delete: a message already gone counts as deleted.
pub(super) async fn deleted(resp: Response) -> Result<(), DiscordError> {
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

pub(super) async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, DiscordError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_is_called_on_the_configured_api_whatever_url_was_pasted() {
        let base = Url::parse("https://discord.com/api/v10").unwrap_or_else(|e| panic!("{e}"));
        for pasted in [
            "https://discord.com/api/webhooks/123/tok-EN",
            "https://discordapp.com/api/webhooks/123/tok-EN",
            "https://ptb.discord.com/api/v9/webhooks/123/tok-EN",
        ] {
            let url = webhook(&base, &SecretString::from(pasted.to_string()))
                .map(|u| u.to_string())
                .unwrap_or_default();
            assert_eq!(
                url, "https://discord.com/api/v10/webhooks/123/tok-EN",
                "{pasted}"
            );
        }
        let fake = Url::parse("http://127.0.0.1:9/sandbox/discord/api/v10/")
            .unwrap_or_else(|e| panic!("{e}"));
        let url = webhook(
            &fake,
            &SecretString::from("https://discord.com/api/webhooks/1/t".to_string()),
        );
        assert_eq!(
            url.map(|u| u.to_string()).unwrap_or_default(),
            "http://127.0.0.1:9/sandbox/discord/api/v10/webhooks/1/t"
        );
        let broken = webhook(
            &base,
            &SecretString::from("https://discord.com/api/webhooks/1".to_string()),
        );
        assert!(broken.is_err());
    }
}
