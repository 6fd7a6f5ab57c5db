//! Server functions over `anju_domain::notifications` (the signed-in
//! user's own notifications only).

use crate::error::AppError;
use anju_types::notification::NotificationPage;
use leptos::prelude::*;

#[server(endpoint = "notifications/list")]
pub async fn load_notifications(cursor: Option<i64>) -> Result<NotificationPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let lang = crate::session::current_request_session().lang;
    Ok(anju_domain::notifications::list(&svc.db, &actor, cursor, lang).await?)
}

#[server(endpoint = "notifications/read_all")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    anju_domain::notifications::mark_read(&svc.db, &actor, None, svc.clock.now()).await?;
    Ok(())
}
