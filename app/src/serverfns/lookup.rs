//! Release lookup: search, load a result, resolve a pasted link.

use crate::AppError;
use leptos::prelude::*;
use liner::lookup::{FoundRelease, Resolved, SearchResults, SourceRef};
use server_fn::codec::Json;

/// Searches Spotify, Last.fm and MusicBrainz at once; a source that is not configured or does
/// not answer is named in the results' notices.
#[server(endpoint = "lookup/search", input = Json)]
pub async fn search_releases(query: String) -> Result<SearchResults, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.search_releases(&viewer, query).await
}

/// A release a search found, with links to it on other platforms where known.
#[server(endpoint = "lookup/release", input = Json)]
pub async fn load_release(from: SourceRef) -> Result<FoundRelease, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.load_release(&viewer, from).await
}

/// The release a pasted link names. The link is read, never fetched as given.
#[server(endpoint = "lookup/link", input = Json)]
pub async fn resolve_link(link: String) -> Result<Resolved, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.resolve_link(&viewer, link).await
}
