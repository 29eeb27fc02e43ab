//! `app::backend::LookupBackend`: release search, loading and pasted links, by `lookup::Lookup`.

use super::ServerBackend;
use app::backend::LookupBackend;
use app::AppError;
use async_trait::async_trait;
use liner::lookup::{FoundRelease, Resolved, SearchResults, SourceRef};
use liner::views::Viewer;

#[async_trait]
impl LookupBackend for ServerBackend {
    async fn search_releases(
        &self,
        viewer: &Viewer,
        query: String,
    ) -> Result<SearchResults, AppError> {
        Ok(self.0.lookup.search(viewer.id.0, &query).await?)
    }

    async fn load_release(
        &self,
        viewer: &Viewer,
        from: SourceRef,
    ) -> Result<FoundRelease, AppError> {
        Ok(self.0.lookup.load(viewer.id.0, &from).await?)
    }

    async fn resolve_link(&self, viewer: &Viewer, link: String) -> Result<Resolved, AppError> {
        Ok(self.0.lookup.resolve(viewer.id.0, &link).await?)
    }
}
