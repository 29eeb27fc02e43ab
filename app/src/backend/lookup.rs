//! Finding a release on the configured music services.

use crate::AppError;
use async_trait::async_trait;
use liner::lookup::{FoundRelease, Resolved, SearchResults, SourceRef};
use liner::views::Viewer;

#[async_trait]
pub trait LookupBackend: Send + Sync + 'static {
    /// Searches every configured release source at once.
    async fn search_releases(
        &self,
        viewer: &Viewer,
        query: String,
    ) -> Result<SearchResults, AppError>;
    /// A release a search found, to fill the draft.
    async fn load_release(
        &self,
        viewer: &Viewer,
        from: SourceRef,
    ) -> Result<FoundRelease, AppError>;
    /// The release a pasted link names.
    async fn resolve_link(&self, viewer: &Viewer, link: String) -> Result<Resolved, AppError>;
}
