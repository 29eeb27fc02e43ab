use crate::AppError;
use leptos::prelude::*;
use liner::duplicates::EarlierPost;
use liner::{DraftId, Release};

/// Earlier posts of this release in the last 90 days, published or scheduled (not the draft's
/// own), for the Review step's "already posted" warning.
#[server(endpoint = "posts/earlier", input = server_fn::codec::Json)]
pub async fn earlier_posts(
    draft_id: DraftId,
    release: Release,
) -> Result<Vec<EarlierPost>, AppError> {
    use crate::serverfns::edge::*;
    let viewer = require_viewer()?;
    backend()?.earlier_posts(&viewer, draft_id, release).await
}
