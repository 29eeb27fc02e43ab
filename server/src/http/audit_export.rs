//! `GET /admin/audit.csv`: the audit log as a CSV download, with the page's filters. Admins
//! only, through the same check as every admin server function.

use crate::admin::Admin;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use liner::audit::{AuditGroup, AuditQuery};
use liner::views::Viewer;
use liner::{AdminViewer, ChannelId, PostId, UserId};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
pub struct Filters {
    member: Option<i64>,
    post: Option<i64>,
    channel: Option<i64>,
    group: Option<String>,
    since: Option<String>,
    until: Option<String>,
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, why.to_string()).into_response()
}

pub async fn csv(
    State(admin): State<Arc<Admin>>,
    viewer: Option<Extension<Viewer>>,
    Query(filters): Query<Filters>,
) -> Response {
    let Some(Extension(viewer)) = viewer else {
        return refuse(StatusCode::UNAUTHORIZED, "Please sign in to continue.");
    };
    let Ok(checked) = AdminViewer::check(viewer) else {
        return refuse(
            StatusCode::FORBIDDEN,
            "The audit log is for Liner's admins.",
        );
    };
    let group = match filters.group.as_deref().filter(|g| !g.is_empty()) {
        None => None,
        Some(g) => match AuditGroup::parse(g) {
            Some(g) => Some(g),
            None => return refuse(StatusCode::BAD_REQUEST, "Unknown kind of entry."),
        },
    };
    let query = AuditQuery {
        member: filters.member.map(UserId),
        post: filters.post.map(PostId),
        channel: filters.channel.map(ChannelId),
        group,
        ..AuditQuery::default()
    };
    let Some(query) = query.with_days(filters.since.as_deref(), filters.until.as_deref()) else {
        return refuse(StatusCode::BAD_REQUEST, "Dates are written YYYY-MM-DD.");
    };
    match admin.audit_csv(&checked, query).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"liner-audit.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "could not export the audit log");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. It has been logged; please try again.",
            )
        }
    }
}
