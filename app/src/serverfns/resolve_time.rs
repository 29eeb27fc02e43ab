use crate::AppError;
use leptos::prelude::*;
use liner::views::ResolvedTime;

/// Resolves "publish at" (`YYYY-MM-DDTHH:MM` in an IANA zone) to an instant, so the Schedule
/// step can show the UTC offset and refuse past or non-existent times as the poster types.
#[server(endpoint = "schedule/resolve", input = server_fn::codec::Json)]
pub async fn resolve_time(local: String, timezone: String) -> Result<ResolvedTime, AppError> {
    use crate::serverfns::edge::*;
    require_viewer()?;
    if local.len() > 32 || timezone.len() > 64 {
        return Err(AppError::BadRequest(
            "That time or time zone is too long.".into(),
        ));
    }
    backend()?.resolve_time(&local, &timezone)
}
