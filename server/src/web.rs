//! Plain HTML form endpoints for the browser: log in, log out, switch
//! language. They work with JavaScript off (post, then 303 redirect) and are
//! what the hydrated UI submits too, so there is one login path. Every post
//! here must come from anju's own pages (`crate::same_origin`, for the whole
//! router).

use crate::client_addr::ClientIp;
use crate::session::{self, REFRESH_COOKIE};
use crate::state::AppState;
use anju_app::RequestSession;
use anju_domain::DomainError;
use anju_domain::auth::session as auth_session;
use anju_domain::customers;
use anju_types::{AccountKind, Lang};
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/join", post(join))
        .route("/me/coupons/{code}/qr.svg", get(coupon_qr))
        .route("/lang/{code}", get(switch_lang))
        .route(
            "/console/customers/import/upload",
            post(upload_import).layer(DefaultBodyLimit::max(crate::api::UPLOAD_BODY_BYTES)),
        )
        .route(
            "/tickets/{id}/photos",
            post(upload_photos).layer(DefaultBodyLimit::max(PHOTO_FORM_BYTES)),
        )
        .route("/tickets/{id}/photos/{photo_id}", get(photo))
        .route("/console/customers/export.csv", get(export_customers))
        .route("/console/pipeline/export.csv", get(export_opportunities))
        .route("/console/deals/export.csv", get(export_deals))
        .route("/console/units/{building}/export.csv", get(export_grid))
}

/// The import page's file form (multipart, works without JavaScript): on
/// success to the mapping step, else back with the error code.
async fn upload_import(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    mut form: Multipart,
) -> Response {
    let Some(actor) = current.actor else {
        return see_other("/login?next=/console/customers/import", Vec::new());
    };
    let back = |code: &str| {
        see_other(
            &format!("/console/customers/import?error={code}"),
            Vec::new(),
        )
    };
    let mut file = None;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            match field.bytes().await {
                Ok(bytes) => file = Some((name, bytes)),
                Err(_) => return back("too_large"),
            }
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return back("empty");
    };
    match customers::import::upload(&state.svc.db, &actor, &name, &bytes, state.svc.clock.now())
        .await
    {
        Ok(view) => see_other(
            &format!("/console/customers/import/{}", view.id),
            Vec::new(),
        ),
        Err(DomainError::Validation(errors)) => back(errors.first().map_or("invalid", |e| e.code)),
        Err(DomainError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "import upload failed");
            back("internal")
        }
    }
}

/// Up to three photos in one form post.
const PHOTO_FORM_BYTES: usize = 3 * anju_domain::tickets::photos::MAX_PHOTO_BYTES + 64 * 1024;

#[derive(Deserialize)]
struct PhotoBack {
    /// `console` when posted from the staff ticket page.
    from: Option<String>,
}

/// The ticket pages' photo form (multipart, works without JavaScript):
/// adds each chosen photo, then back to the page, with the first error.
async fn upload_photos(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Path(id): Path<i64>,
    Query(back): Query<PhotoBack>,
    mut form: Multipart,
) -> Response {
    let page = if back.from.as_deref() == Some("console") {
        format!("/console/tickets/{id}")
    } else {
        format!("/tickets/{id}")
    };
    let Some(actor) = current.actor else {
        return see_other(&format!("/login?next={page}"), Vec::new());
    };
    let mut error = None;
    let mut added = 0;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("photo") {
            continue;
        }
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(_) => {
                error.get_or_insert("too_large");
                continue;
            }
        };
        // A file input left empty posts an empty part.
        if bytes.is_empty() {
            continue;
        }
        match anju_domain::tickets::photos::add(
            &state.svc.db,
            &actor,
            id,
            &bytes,
            state.svc.clock.now(),
        )
        .await
        {
            Ok(_) => added += 1,
            Err(DomainError::Validation(errors)) => {
                error.get_or_insert(errors.first().map_or("invalid", |e| e.code));
            }
            Err(DomainError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
            Err(DomainError::Conflict(_)) => {
                error.get_or_insert("closed");
            }
            Err(e) => {
                tracing::error!(error = %e, "photo upload failed");
                error.get_or_insert("internal");
            }
        }
    }
    if added == 0 && error.is_none() {
        error = Some("required");
    }
    match error {
        Some(code) => see_other(&format!("{page}?photo_error={code}"), Vec::new()),
        None => see_other(&page, Vec::new()),
    }
}

/// A ticket photo for `<img>` on the ticket pages (cookie session).
async fn photo(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Path((id, photo_id)): Path<(i64, i64)>,
) -> Response {
    let Some(actor) = current.actor else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match anju_domain::tickets::photos::get(&state.svc.db, &actor, id, photo_id).await {
        Ok((content_type, bytes)) => crate::api::tickets::photo_response(content_type, bytes),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
struct ExportQuery {
    q: Option<String>,
    tag: Option<String>,
}

/// The customer list's 导出 link (cookie session).
async fn export_customers(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let Some(actor) = current.actor else {
        return see_other("/login?next=/console/customers", Vec::new());
    };
    match crate::api::customer_tools::export_response(&state, &actor, q.q, q.tag, current.lang)
        .await
    {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct PipelineExportQuery {
    project: Option<i64>,
}

/// The pipeline page's 导出商机 link.
async fn export_opportunities(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Query(q): Query<PipelineExportQuery>,
) -> Response {
    let Some(actor) = current.actor else {
        return see_other("/login?next=/console/pipeline", Vec::new());
    };
    crate::api::exports::opportunities_response(&state, &actor, q.project, None, current.lang)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// The pipeline page's 导出交易 link.
async fn export_deals(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
) -> Response {
    let Some(actor) = current.actor else {
        return see_other("/login?next=/console/pipeline", Vec::new());
    };
    crate::api::exports::deals_response(&state, &actor, current.lang)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

/// The 销控表 page's 导出 link.
async fn export_grid(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Path(building): Path<i64>,
) -> Response {
    let Some(actor) = current.actor else {
        return see_other(
            &format!("/login?next=/console/units/{building}"),
            Vec::new(),
        );
    };
    crate::api::exports::grid_response(&state, &actor, building, current.lang)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = form.next.as_deref().and_then(safe_next);
    let back_to_login = |error: &str, extra: Option<(&str, String)>| {
        let mut params = vec![
            ("error", error.to_owned()),
            ("identifier", form.identifier.clone()),
        ];
        if let Some(next) = &next {
            params.push(("next", next.clone()));
        }
        if let Some(kv) = extra {
            params.push(kv);
        }
        let query = serde_urlencoded::to_string(&params).unwrap_or_default();
        see_other(&format!("/login?{query}"), Vec::new())
    };
    if form.identifier.trim().is_empty() {
        return back_to_login("identifier_required", None);
    }
    if form.password.is_empty() {
        return back_to_login("password_required", None);
    }
    let result = auth_session::login(
        &state.svc,
        auth_session::LoginInput {
            identifier: form.identifier.clone(),
            password: form.password.clone(),
            ip: Some(client.to_string()),
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            device_token: session::cookie(&headers, session::DEVICE_COOKIE),
        },
    )
    .await;
    match result {
        Ok(issued) => {
            let home = next.clone().unwrap_or_else(|| {
                match issued.actor.kind {
                    AccountKind::Member => "/",
                    AccountKind::Staff => "/console",
                    AccountKind::Merchant => "/merchant",
                }
                .to_owned()
            });
            see_other(
                &home,
                session::session_cookies(&issued, state.cookie_secure),
            )
        }
        Err(DomainError::Throttled { retry_after_secs }) => back_to_login(
            "too_many_requests",
            Some(("retry_minutes", ((retry_after_secs + 59) / 60).to_string())),
        ),
        Err(DomainError::InvalidCredentials) => back_to_login("invalid_credentials", None),
        Err(e) => {
            tracing::error!(error = %e, "login failed");
            back_to_login("internal", None)
        }
    }
}

/// The QR code of one of the signed-in member's coupons, for the counter's
/// scanner; anyone else's code is 404.
async fn coupon_qr(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Path(code): Path<String>,
) -> Response {
    let Some(actor) = current.actor else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let code = match anju_domain::club::coupons::own_code(&state.svc.db, &actor, &code).await {
        Ok(code) => code,
        Err(DomainError::NotFound | DomainError::Forbidden) => {
            return StatusCode::NOT_FOUND.into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "coupon QR failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match qrcode::QrCode::new(code.as_bytes()) {
        Ok(qr) => {
            let svg = qr
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(180, 180)
                .build();
            ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize)]
pub struct JoinForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    password: String,
    gender: Option<String>,
    birth_year: Option<String>,
    employer: Option<String>,
    education: Option<String>,
    consent_marketing: Option<String>,
}

/// The enrolment form (入会), posted without JavaScript too: on success the
/// new member is signed in and lands on their points; otherwise back to
/// `/join` with the field errors and what they typed (never the password).
/// A double submit, or someone re-joining with their own password, is
/// simply signed in.
async fn join(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<JoinForm>,
) -> Response {
    let blank = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let birth_year = blank(&form.birth_year).map(|y| y.parse::<i32>().unwrap_or(-1));
    let enrolment = anju_types::club::Enrolment {
        name: form.name.clone(),
        mobile: form.mobile.clone(),
        password: form.password.clone(),
        gender: blank(&form.gender),
        birth_year,
        employer: blank(&form.employer),
        education: blank(&form.education),
        consent_marketing: form.consent_marketing.is_some(),
    };
    let back = |error: &str, fields: &[anju_domain::error::FieldError]| {
        let errors: Vec<String> = fields
            .iter()
            .map(|f| format!("{}:{}", f.field, f.code))
            .collect();
        let mut params = vec![
            ("error", error.to_owned()),
            ("errors", errors.join(",")),
            ("name", form.name.clone()),
            ("mobile", form.mobile.clone()),
        ];
        for (k, v) in [
            ("gender", &form.gender),
            ("birth_year", &form.birth_year),
            ("employer", &form.employer),
            ("education", &form.education),
        ] {
            if let Some(v) = v {
                params.push((k, v.clone()));
            }
        }
        if enrolment.consent_marketing {
            params.push(("consent_marketing", "on".to_owned()));
        }
        let query = serde_urlencoded::to_string(&params).unwrap_or_default();
        see_other(&format!("/join?{query}"), Vec::new())
    };
    let now = state.svc.clock.now();
    let address = client.to_string();
    match anju_domain::club::membership::enrol_from(&state.svc.db, &enrolment, None, &address, now)
        .await
    {
        Ok(_) | Err(DomainError::Conflict("mobile_registered")) => {}
        Err(DomainError::Validation(fields)) => return back("invalid", &fields),
        Err(DomainError::Throttled { .. }) => return back("throttled", &[]),
        Err(DomainError::Conflict(reason)) => return back(reason, &[]),
        Err(e) => {
            tracing::error!(error = %e, "enrolment failed");
            return back("internal", &[]);
        }
    }
    let signed_in = auth_session::login(
        &state.svc,
        auth_session::LoginInput {
            identifier: enrolment.mobile.clone(),
            password: enrolment.password.clone(),
            ip: Some(client.to_string()),
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            device_token: None,
        },
    )
    .await;
    match signed_in {
        Ok(issued) => see_other(
            "/points?welcome=1",
            session::session_cookies(&issued, state.cookie_secure),
        ),
        // The number belongs to someone with another password.
        Err(_) => back("mobile_registered", &[]),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session::cookie(&headers, REFRESH_COOKIE)
        && let Err(e) = auth_session::logout_by_refresh_token(&state.svc, &token).await
    {
        tracing::warn!(error = %e, "logout failed");
    }
    see_other(
        "/login",
        session::clear_session_cookies(state.cookie_secure),
    )
}

#[derive(Deserialize)]
struct LangQuery {
    next: Option<String>,
}

async fn switch_lang(
    State(state): State<AppState>,
    Extension(current): Extension<RequestSession>,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::from_code(&code);
    // A link on another site may lead here too (a GET, so not refused by
    // `same_origin`): it may switch this page's language, but only anju's
    // own pages change the account's.
    let from_here = !matches!(
        headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
        Some("cross-site" | "same-site")
    );
    if let Some(actor) = current.actor.as_ref().filter(|_| from_here)
        && let Err(e) = anju_domain::users::set_lang(&state.svc.db, actor.user_id, lang).await
    {
        tracing::warn!(error = %e, "saving language failed");
    }
    let next = q
        .next
        .as_deref()
        .and_then(safe_next)
        .unwrap_or_else(|| "/".to_owned());
    see_other(
        &next,
        session::lang_cookie(lang, state.cookie_secure)
            .into_iter()
            .collect(),
    )
}

fn see_other(location: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// Where to go next: a path of this site only (`anju_types::redirect`).
pub fn safe_next(next: &str) -> Option<String> {
    anju_types::redirect::local_path(next).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next("/console").as_deref(), Some("/console"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next("/\t/evil.example"), None);
    }
}
