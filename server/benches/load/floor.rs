//! The floor: the least a server can do to answer the load bench's
//! requests. Plain axum and sqlx over the same SQLite file with the same
//! connection settings as anju (WAL, 32 MB page cache and a 256 MB memory
//! map per connection, a pool of 4), running for each request exactly the
//! statements anju runs for it (captured with `ANJU_LOG_SQL=1`, in the
//! same order, with the same parameters), decoding every row, answering
//! JSON (or, for the member home, a page of the same size). No framework
//! code, no rendering, no middleware: what anju adds over this is its cost.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Html;
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sea_orm::sqlx::{self, Column, Row, TypeInfo, ValueRef};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
struct Floor {
    pool: SqlitePool,
    key: Arc<jsonwebtoken::DecodingKey>,
}

pub async fn serve(db: &str, addr: &str, secret: &str) {
    let options = SqliteConnectOptions::new()
        .filename(db)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(std::time::Duration::from_secs(10))
        // anju's request pool (domain/src/db.rs `REQUESTS`): 8 MB of page
        // cache per connection, no memory map.
        .pragma("cache_size", "-8192")
        .pragma("mmap_size", "0");
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .expect("open the dataset");
    let floor = Floor {
        pool,
        key: Arc::new(jsonwebtoken::DecodingKey::from_secret(secret.as_bytes())),
    };
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(home))
        .route("/api/v1/me/points", get(points))
        .route("/api/v1/me/tickets/{id}", get(ticket))
        .route("/api/v1/customers", get(search))
        .route("/api/v1/units/{id}/actions", post(unit_action))
        .with_state(floor);
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

/// Who is asking: the token's user and session (the signature checked,
/// as anju does).
struct Caller {
    user: i64,
    session: String,
}

fn caller(floor: &Floor, headers: &HeaderMap) -> Result<Caller, StatusCode> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .or_else(|| {
            let cookies = headers.get("cookie")?.to_str().ok()?;
            cookies
                .split(';')
                .find_map(|c| c.trim().strip_prefix("anju_at="))
                .map(str::to_owned)
        })
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_issuer(&["anju"]);
    validation.validate_aud = false;
    let claims = jsonwebtoken::decode::<HashMap<String, Value>>(&token, &floor.key, &validation)
        .map_err(|_| StatusCode::UNAUTHORIZED)?
        .claims;
    let text = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Caller {
        user: text("sub").parse().unwrap_or_default(),
        session: text("sid"),
    })
}

/// A bound parameter.
enum P {
    I(i64),
    T(String),
    At(DateTime<Utc>),
    Null,
}

/// Runs one statement and decodes every row to JSON.
async fn rows<'e, E>(db: E, sql: &str, params: &[P]) -> Vec<Value>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    // The statements are this file's own text, not input.
    let mut query = sqlx::query::<sqlx::Sqlite>(sqlx::AssertSqlSafe(sql.to_owned()));
    for p in params {
        query = match p {
            P::I(v) => query.bind(*v),
            P::T(v) => query.bind(v.clone()),
            P::At(v) => query.bind(*v),
            P::Null => query.bind(None::<String>),
        };
    }
    let found: Vec<SqliteRow> = query.fetch_all(db).await.expect(sql);
    found.iter().map(decode).collect()
}

fn decode(row: &SqliteRow) -> Value {
    let mut out = Map::new();
    for (i, col) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i).expect("column");
        let value = if raw.is_null() {
            Value::Null
        } else {
            match raw.type_info().name() {
                "INTEGER" | "BOOLEAN" => Value::from(row.get::<i64, _>(i)),
                "REAL" => Value::from(row.get::<f64, _>(i)),
                _ => Value::from(row.get::<String, _>(i)),
            }
        };
        out.insert(col.name().to_owned(), value);
    }
    Value::Object(out)
}

const AUTH: &str = r#"SELECT "users"."id" AS "A_id", "users"."kind" AS "A_kind", "users"."login" AS "A_login", "users"."display_name" AS "A_display_name", "users"."password_hash" AS "A_password_hash", "users"."active" AS "A_active", "users"."lang" AS "A_lang", "users"."department_id" AS "A_department_id", "users"."customer_id" AS "A_customer_id", "users"."merchant_id" AS "A_merchant_id", "users"."created_at" AS "A_created_at", "users"."updated_at" AS "A_updated_at", "user_roles"."user_id" AS "B_user_id", "user_roles"."role" AS "B_role" FROM "users" LEFT JOIN "user_roles" ON "users"."id" = "user_roles"."user_id" WHERE "users"."id" = ? AND "users"."active" = ? AND "users"."id" IN (SELECT "user_id" FROM "auth_sessions" WHERE "auth_sessions"."id" = ? AND "auth_sessions"."revoked_at" IS NULL AND "auth_sessions"."expires_at" > ?) ORDER BY "users"."id" ASC"#;
/// A page's sign-in: the same, with the header's unread count.
const PAGE_AUTH: &str = r#"SELECT "users"."id" AS "A_id", "users"."kind" AS "A_kind", "users"."login" AS "A_login", "users"."display_name" AS "A_display_name", "users"."password_hash" AS "A_password_hash", "users"."active" AS "A_active", "users"."lang" AS "A_lang", "users"."department_id" AS "A_department_id", "users"."customer_id" AS "A_customer_id", "users"."merchant_id" AS "A_merchant_id", "users"."created_at" AS "A_created_at", "users"."updated_at" AS "A_updated_at", "user_roles"."user_id" AS "B_user_id", "user_roles"."role" AS "B_role", (SELECT CAST(COUNT(*) AS BIGINT) FROM "notifications" WHERE "notifications"."user_id" = "users"."id" AND "notifications"."read_at" IS NULL) AS "unread_notifications" FROM "users" LEFT JOIN "user_roles" ON "users"."id" = "user_roles"."user_id" WHERE "users"."id" = ? AND "users"."active" = ? AND "users"."id" IN (SELECT "user_id" FROM "auth_sessions" WHERE "auth_sessions"."id" = ? AND "auth_sessions"."revoked_at" IS NULL AND "auth_sessions"."expires_at" > ?) ORDER BY "users"."id" ASC"#;

/// The signed-in user's row (with their roles): the customer id for
/// member requests, the user id for staff ones.
async fn authenticate(floor: &Floor, headers: &HeaderMap) -> Result<Value, StatusCode> {
    sign_in(floor, headers, AUTH).await
}

async fn sign_in(floor: &Floor, headers: &HeaderMap, sql: &str) -> Result<Value, StatusCode> {
    let who = caller(floor, headers)?;
    let found = rows(
        &floor.pool,
        sql,
        &[
            P::I(who.user),
            P::I(1),
            P::T(who.session),
            P::At(Utc::now()),
        ],
    )
    .await;
    found.into_iter().next().ok_or(StatusCode::UNAUTHORIZED)
}

fn int(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_default()
}

const POINTS: &str = r#"SELECT "members"."member_no", "members"."tier", "members"."points_balance", "members"."points_earned", (SELECT CAST(SUM(remaining) AS BIGINT) FROM "points_lots" WHERE "points_lots"."member_id" = "members"."id" AND "points_lots"."expires_at" < ?) AS "expiring_soon", (SELECT "value" FROM "settings" WHERE "settings"."key" = ?) AS "silver_from", (SELECT "value" FROM "settings" WHERE "settings"."key" = ?) AS "gold_from", (SELECT "value" FROM "settings" WHERE "settings"."key" = ?) AS "diamond_from" FROM "members" WHERE "members"."customer_id" = ? LIMIT ?"#;

async fn points_row(floor: &Floor, customer: i64) -> Value {
    let params = [
        P::At(Utc::now() + Duration::days(90)),
        P::T("club.tier_silver_from".into()),
        P::T("club.tier_gold_from".into()),
        P::T("club.tier_diamond_from".into()),
        P::I(customer),
        P::I(1),
    ];
    rows(&floor.pool, POINTS, &params)
        .await
        .pop()
        .unwrap_or_default()
}

async fn points(State(floor): State<Floor>, headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
    let user = authenticate(&floor, &headers).await?;
    Ok(Json(points_row(&floor, int(&user, "A_customer_id")).await))
}

const HOME_TILES: &str = r#"SELECT (SELECT "points_balance" FROM "members" WHERE "customer_id" = ?) AS "points_balance", (SELECT CAST(COUNT(*) AS BIGINT) FROM "tickets" WHERE "customer_id" = ? AND "tickets"."status" NOT IN (?, ?)) AS "open_tickets", (SELECT CAST(COUNT(*) AS BIGINT) FROM "survey_invitations" INNER JOIN "surveys" ON "surveys"."id" = "survey_invitations"."survey_id" WHERE "survey_invitations"."customer_id" = ? AND "survey_invitations"."answered_at" IS NULL AND "surveys"."status" = ?) AS "surveys_to_answer""#;
const SETTING: &str = r#"SELECT "settings"."key", "settings"."value", "settings"."updated_by", "settings"."updated_at" FROM "settings" WHERE "settings"."key" = ? LIMIT ?"#;

/// The member home: each statement anju's page runs (the sign-in with the
/// header's unread count, the tiles in one read), into a page of about the
/// same size.
async fn home(State(floor): State<Floor>, headers: HeaderMap) -> Result<Html<String>, StatusCode> {
    let user = sign_in(&floor, &headers, PAGE_AUTH).await?;
    let customer = int(&user, "A_customer_id");
    let db = &floor.pool;
    let tiles = rows(
        db,
        HOME_TILES,
        &[
            P::I(customer),
            P::I(customer),
            P::T("closed".into()),
            P::T("revisited".into()),
            P::I(customer),
            P::T("open".into()),
        ],
    )
    .await;
    let data = json!([user, tiles]);
    Ok(Html(format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>首页</title></head><body>{}<pre>{data}</pre></body></html>",
        "<a class=\"tile\" href=\"/\"><span class=\"tile-label\">积分</span><span class=\"tile-value\">›</span></a>".repeat(36)
    )))
}

const TICKET: &str = r#"SELECT "tickets"."id", "tickets"."customer_id", "tickets"."unit_id", "tickets"."kind", "tickets"."category", "tickets"."title", "tickets"."description", "tickets"."channel", "tickets"."priority", "tickets"."status", "tickets"."agent_user_id", "tickets"."created_by", "tickets"."defect_tag", "tickets"."first_response_warn_at", "tickets"."first_response_due_at", "tickets"."resolution_warn_at", "tickets"."resolution_due_at", "tickets"."business_hours", "tickets"."first_responded_at", "tickets"."resolved_at", "tickets"."closed_at", "tickets"."paused_at", "tickets"."paused_minutes", "tickets"."rating", "tickets"."revisit_comment", "tickets"."revisited_at", "tickets"."reopen_count", "tickets"."created_at", "tickets"."updated_at" FROM "tickets" WHERE "tickets"."id" = ? LIMIT ?"#;
const TIMELINE: &str = r#"SELECT "ticket_events"."id", "ticket_events"."ticket_id", "ticket_events"."kind", "ticket_events"."public", "ticket_events"."note", "ticket_events"."department_id", "ticket_events"."actor_user_id", "ticket_events"."at" FROM "ticket_events" WHERE "ticket_events"."ticket_id" = ? AND "ticket_events"."public" = ? ORDER BY "ticket_events"."id" ASC"#;
const CUSTOMER: &str = r#"SELECT "customers"."id", "customers"."name", "customers"."mobile", "customers"."gender", "customers"."created_at", "customers"."updated_at", "customers"."birthday", "customers"."id_number", "customers"."employer", "customers"."education", "customers"."city", "customers"."district", "customers"."source_channel", "customers"."consent_marketing", "customers"."assigned_sales_id", "customers"."mobile_last4", "customers"."notes", "customers"."merged_into_id", "customers"."name_initials" FROM "customers" WHERE "customers"."id" = ? LIMIT ?"#;
const PHOTOS: &str = r#"SELECT "ticket_photos"."id", "ticket_photos"."content_type", "ticket_photos"."size_bytes", "ticket_photos"."created_at" FROM "ticket_photos" WHERE "ticket_photos"."ticket_id" = ? ORDER BY "ticket_photos"."id" ASC"#;

/// `IN (?, ?, …)` for `n` values, the way sea-query writes it.
fn in_list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

async fn ticket(
    State(floor): State<Floor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Json<Value>, StatusCode> {
    let user = authenticate(&floor, &headers).await?;
    let db = &floor.pool;
    let Some(ticket) = rows(db, TICKET, &[P::I(id), P::I(1)]).await.pop() else {
        return Err(StatusCode::NOT_FOUND);
    };
    if int(&ticket, "customer_id") != int(&user, "A_customer_id") {
        return Err(StatusCode::NOT_FOUND);
    }
    let events = rows(db, TIMELINE, &[P::I(id), P::I(1)]).await;
    let mut departments: Vec<i64> = events
        .iter()
        .filter_map(|e| e["department_id"].as_i64())
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let departments = if departments.is_empty() {
        Vec::new()
    } else {
        let sql = format!(
            r#"SELECT "departments"."id", "departments"."name" FROM "departments" WHERE "departments"."id" IN ({})"#,
            in_list(departments.len())
        );
        rows(
            db,
            &sql,
            &departments.into_iter().map(P::I).collect::<Vec<_>>(),
        )
        .await
    };
    let customer = rows(db, CUSTOMER, &[P::I(int(&ticket, "customer_id")), P::I(1)]).await;
    let unit = match ticket["unit_id"].as_i64() {
        Some(unit) => rows(db, r#"SELECT "units"."id", "units"."number", "units"."building_id", "buildings"."name" AS "building", "projects"."name" AS "project" FROM "units" INNER JOIN "buildings" ON "buildings"."id" = "units"."building_id" INNER JOIN "projects" ON "projects"."id" = "buildings"."project_id" WHERE "units"."id" IN (?)"#, &[P::I(unit)]).await,
        None => Vec::new(),
    };
    let photos = rows(db, PHOTOS, &[P::I(id)]).await;
    Ok(Json(json!({
        "ticket": ticket, "timeline": events, "departments": departments,
        "customer": customer, "unit": unit, "photos": photos,
    })))
}

#[derive(serde::Deserialize)]
struct SearchQuery {
    q: String,
}

const OWN_BY_TAIL: &str = r#"SELECT "customers"."id", "customers"."name", "customers"."mobile", "customers"."source_channel", "customers"."created_at", "customers"."assigned_sales_id", "users"."display_name" AS "assigned_sales_name", EXISTS(SELECT 1 FROM "members" WHERE "members"."customer_id" = "customers"."id") AS "member", EXISTS(SELECT 1 FROM "units" WHERE "units"."status" IN (?, ?) AND "units"."customer_id" = "customers"."id") AS "owner" FROM "customers" LEFT JOIN "users" ON "users"."id" = "customers"."assigned_sales_id" WHERE "customers"."id" IN (SELECT "id" FROM "customers" WHERE "customers"."merged_into_id" IS NULL AND "customers"."assigned_sales_id" = ? AND "customers"."mobile_last4" = ? ORDER BY "id" DESC LIMIT ?) ORDER BY "customers"."id" DESC"#;

/// A salesperson's search by a mobile's last four digits (their own
/// customers): one page of rows with their salesperson's name and kinds.
async fn search(
    State(floor): State<Floor>,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Value>, StatusCode> {
    let user = authenticate(&floor, &headers).await?;
    let items = rows(
        &floor.pool,
        OWN_BY_TAIL,
        &[
            P::T("contracted".into()),
            P::T("delivered".into()),
            P::I(int(&user, "A_id")),
            P::T(q.q),
            P::I(50),
        ],
    )
    .await;
    Ok(Json(json!({ "items": items })))
}

#[derive(serde::Deserialize)]
struct UnitAction {
    action: String,
    customer_id: Option<i64>,
}

const UNIT: &str = r#"SELECT "units"."id", "units"."building_id", "units"."floor", "units"."number", "units"."layout", "units"."area_centi_m2", "units"."list_price_fen", "units"."status", "units"."updated_at", "units"."customer_id", "units"."hold_expires_at", "units"."status_by" FROM "units" WHERE "units"."id" = ? LIMIT ?"#;
const OWN_CUSTOMER: &str = r#"SELECT "customers"."id", "customers"."name", "customers"."mobile", "customers"."gender", "customers"."created_at", "customers"."updated_at", "customers"."birthday", "customers"."id_number", "customers"."employer", "customers"."education", "customers"."city", "customers"."district", "customers"."source_channel", "customers"."consent_marketing", "customers"."assigned_sales_id", "customers"."mobile_last4", "customers"."notes", "customers"."merged_into_id", "customers"."name_initials" FROM "customers" WHERE "customers"."id" = ? AND "customers"."merged_into_id" IS NULL AND "customers"."assigned_sales_id" = ? LIMIT ?"#;
const HOLD: &str = r#"UPDATE "units" SET "status" = ?, "status_by" = ?, "updated_at" = ?, "customer_id" = ?, "hold_expires_at" = ? WHERE "units"."id" = ? AND ("units"."status" = ? OR ("units"."status" = ? AND "units"."hold_expires_at" <= ?))"#;
const RELEASE: &str = r#"UPDATE "units" SET "status" = ?, "status_by" = ?, "updated_at" = ?, "customer_id" = ?, "hold_expires_at" = ? WHERE "units"."id" = ? AND "units"."status" = ?"#;
const AUDIT: &str = r#"INSERT INTO "audit_log" ("at", "actor_user_id", "action", "entity", "entity_id", "before", "after", "request_id") VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id", "at", "actor_user_id", "action", "entity", "entity_id", "before", "after", "request_id""#;

/// Hold a unit for a customer, or release it: one `BEGIN IMMEDIATE`
/// transaction with the unit read, the customer's scope check, the hold
/// length setting, the guarded update and the audit row, as anju does.
async fn unit_action(
    State(floor): State<Floor>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    axum::Json(req): axum::Json<UnitAction>,
) -> Result<Json<Value>, StatusCode> {
    let user = authenticate(&floor, &headers).await?;
    let user_id = int(&user, "A_id");
    let now = Utc::now();
    let mut tx = floor
        .pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .expect("begin");
    let Some(unit) = rows(&mut *tx, UNIT, &[P::I(id), P::I(1)]).await.pop() else {
        return Err(StatusCode::NOT_FOUND);
    };
    let hold = req.action == "hold";
    let customer = match req.customer_id.filter(|_| hold) {
        Some(c) => rows(&mut *tx, OWN_CUSTOMER, &[P::I(c), P::I(user_id), P::I(1)])
            .await
            .pop(),
        None => None,
    };
    if hold && customer.is_none() {
        return Err(StatusCode::UNPROCESSABLE_ENTITY);
    }
    let minutes = rows(
        &mut *tx,
        SETTING,
        &[P::T("units.hold_minutes".into()), P::I(1)],
    )
    .await
    .pop()
    .and_then(|s| s["value"].as_str().and_then(|v| v.parse().ok()))
    .unwrap_or(30);
    let mut query = sqlx::query::<sqlx::Sqlite>(if hold { HOLD } else { RELEASE })
        .bind(if hold { "held" } else { "available" })
        .bind(user_id)
        .bind(now);
    query = if hold {
        query
            .bind(req.customer_id)
            .bind(Some(now + Duration::minutes(minutes)))
            .bind(id)
            .bind("available")
            .bind("held")
            .bind(now)
    } else {
        query
            .bind(None::<i64>)
            .bind(None::<DateTime<Utc>>)
            .bind(id)
            .bind("held")
    };
    if query
        .execute(&mut *tx)
        .await
        .expect("update")
        .rows_affected()
        != 1
    {
        return Err(StatusCode::CONFLICT);
    }
    let to = if hold { "held" } else { "available" };
    let before = json!({ "status": unit["status"], "customer_id": unit["customer_id"] });
    let after = json!({ "status": to, "customer_id": req.customer_id.filter(|_| hold) });
    rows(
        &mut *tx,
        AUDIT,
        &[
            P::At(now),
            P::I(user_id),
            P::T("unit.status".into()),
            P::T("unit".into()),
            P::T(id.to_string()),
            P::T(before.to_string()),
            P::T(after.to_string()),
            P::Null,
        ],
    )
    .await;
    tx.commit().await.expect("commit");
    Ok(Json(json!({ "status": to })))
}
