//! The HTML document the server renders around the app (the browser only ever hydrates inside
//! it), sent with a Content-Security-Policy that allows the page's own files and the inline
//! scripts carrying this answer's nonce, and nothing else.

use crate::app::App;
use http::header::CONTENT_SECURITY_POLICY;
use http::HeaderValue;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use leptos_meta::{HashedStylesheet, MetaTags};

/// The policy for a page whose inline scripts carry `nonce`.
///
/// - `script-src`: the build's JS from Liner itself, the hydration and streaming scripts Leptos
///   writes inline (each with the nonce), and `'wasm-unsafe-eval'`, which compiling the app's
///   wasm needs; no `eval`, no other inline script.
/// - `style-src-attr 'unsafe-inline'`: the Discord preview colours an embed's edge and lays out
///   its inline fields with `style=` (values the page computes, never markup a poster writes);
///   stylesheets and `<style>` elements stay limited to Liner's own file.
/// - `img-src https: data:`: covers and avatars come from the music services' and Discord's
///   CDNs, which a post may name freely; images cannot run code.
/// - `connect-src 'self'`: server functions, the event stream and the offline probe are Liner's
///   own; every outside service is called by the server, never by the browser.
/// - `frame-ancestors 'none'`, `base-uri 'none'`, `form-action 'self'`, `object-src 'none'`:
///   no framing (clickjacking), no `<base>` rewriting relative URLs, forms post only to Liner.
pub fn policy(nonce: &str) -> String {
    [
        "default-src 'self'".to_string(),
        format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        "style-src 'self'".into(),
        "style-src-attr 'unsafe-inline'".into(),
        "img-src 'self' https: data:".into(),
        "connect-src 'self'".into(),
        "worker-src 'self'".into(),
        "manifest-src 'self'".into(),
        "object-src 'none'".into(),
        "frame-ancestors 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'self'".into(),
    ]
    .join("; ")
}

/// Sets the policy on this answer. The nonce is made inside the render (leptos_axum provides it
/// per request), which is why this is done here and not in a tower layer.
fn send_policy() {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    send_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#18181b"/>
                <meta
                    name="description"
                    content="Liner: write, preview, schedule and publish your community's music release posts to Discord."
                />
                <link rel="icon" href="/favicon.ico"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                // The build's own stylesheet (its name carries the build's hash), so a page kept
                // offline never loads another build's CSS.
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-zinc-950 text-zinc-100 min-h-screen">
                <App/>
            </body>
        </html>
    }
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn scripts_need_the_nonce_and_nothing_frames_the_page() {
        let p = policy("abc123");
        assert!(p.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        for directive in p.split("; ") {
            // Inline code is never allowed; inline style attributes only.
            if directive.contains("'unsafe-inline'") {
                assert!(directive.starts_with("style-src-attr"), "{directive}");
            }
            assert!(!directive.contains(" 'unsafe-eval'"), "{directive}");
        }
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("connect-src 'self'"));
    }
}
