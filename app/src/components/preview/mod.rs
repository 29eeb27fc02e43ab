//! Messages drawn the way Discord draws them, from the very `DiscordMessage` Liner sends. Text
//! is always inserted as text nodes, never as HTML: Discord markdown is parsed by the domain
//! core into a typed tree, and this module turns each node into an element.

mod embed;
mod markdown;
mod message;

pub use markdown::{Clock, MarkdownView, RenderContext};
pub use message::DiscordMessageView;
