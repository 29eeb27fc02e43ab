//! Sign-in requests (`/auth/*`) limited per client address. Each callback makes Liner call
//! Discord's token endpoint, and enough refused calls from one address get that address banned
//! by Discord for a while (10,000 invalid requests in 10 minutes), which would stop publishing
//! too. So one address gets a burst and then a steady trickle, well under that.
//!
//! The client's address is the connection's peer, or, when the peer is a proxy the operator
//! named in `LINER_TRUSTED_PROXIES`, the address that proxy says it forwarded for: taken from
//! the right of `X-Forwarded-For`, skipping the trusted proxies, so a client cannot choose it by
//! sending its own header.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;

/// The limiter and whom to believe about addresses.
pub struct SignInLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    trusted_proxies: Vec<IpAddr>,
}

impl SignInLimit {
    /// `per_minute` requests a minute from one address, in bursts of as many.
    pub fn new(per_minute: NonZeroU32, trusted_proxies: Vec<IpAddr>) -> Arc<SignInLimit> {
        Arc::new(SignInLimit {
            limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)),
            trusted_proxies,
        })
    }

    /// Forgets addresses whose allowance is full again, so the table does not grow.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// The address a request comes from (see the module's note).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|hop| hop.trim().parse::<IpAddr>())
        .collect::<Result<_, _>>()
        // A garbled chain says nothing trustworthy: the proxy itself is the client then.
        .unwrap_or_default();
    hops.into_iter()
        .rev()
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

pub async fn guard(State(limit): State<Arc<SignInLimit>>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    let ip = client_ip(peer, req.headers(), &limit.trusted_proxies);
    match limit.limiter.check_key(&ip) {
        Ok(()) => next.run(req).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let secs = wait.as_secs() + 1;
            tracing::warn!(client = %ip, "sign-in requests limited");
            metrics::counter!("liner_sign_in_limited_total").increment(1);
            (
                StatusCode::TOO_MANY_REQUESTS,
                [
                    (header::RETRY_AFTER, secs.to_string()),
                    (
                        header::CONTENT_TYPE,
                        "text/plain; charset=utf-8".to_string(),
                    ),
                ],
                format!(
                    "Too many sign-in attempts from your address. Try again in {secs} seconds."
                ),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    fn forwarded(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = v.parse() {
            h.insert("x-forwarded-for", v);
        }
        h
    }

    #[test]
    fn a_client_cannot_choose_its_address() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy];
        // Not through the proxy: the header is the client's own words.
        assert_eq!(
            client_ip(ip("203.0.113.9"), &forwarded("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Through it: the proxy appended the real peer; what the client sent is further left.
        let h = forwarded("1.2.3.4, 198.51.100.7");
        assert_eq!(client_ip(proxy, &h, &trusted), ip("198.51.100.7"));
        // Two trusted proxies in a row are skipped.
        let two = [proxy, ip("10.0.0.3")];
        let h = forwarded("198.51.100.7, 10.0.0.3");
        assert_eq!(client_ip(proxy, &h, &two), ip("198.51.100.7"));
        // No header, or a garbled one: the proxy is all we know.
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &trusted), proxy);
        assert_eq!(client_ip(proxy, &forwarded("not an ip"), &trusted), proxy);
    }
}
