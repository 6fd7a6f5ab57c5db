//! The authorization matrix (SPEC §2): every documented API operation, called
//! by every role and by nobody, is answered exactly as the role allows; and a
//! member never reaches another member's records through `/api/v1/me/…`,
//! whatever ids it sends. The operations come from `/api/openapi.json`, so a
//! new operation without a row in `GATES` fails here until someone decides
//! who may call it.

use crate::authz::ACCOUNTS;
use crate::helpers::{TestApp, error_code, spawn_app};
use anju_domain::auth::policy::role_grants;
use anju_types::Permission;
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

use Permission as P;

/// Who may call an operation.
#[derive(Clone, Copy, Debug)]
enum Gate {
    /// Anyone, signed in or not.
    Public,
    /// Anyone signed in, whatever the role.
    SignedIn,
    /// A signed-in user holding at least one of these permissions.
    Any(&'static [Permission]),
}

const PORTAL: Gate = Gate::Any(&[P::UsePortal]);
const READ_MARKETING: Gate = Gate::Any(&[P::ManageMarketing, P::ViewAnalytics]);

/// Every operation of the API and who may call it.
#[rustfmt::skip]
const GATES: &[(&str, &str, Gate)] = &[
    ("post", "/api/v1/auth/login", Gate::Public),
    ("post", "/api/v1/auth/refresh", Gate::Public),
    ("post", "/api/v1/auth/logout", Gate::Public),
    ("get", "/api/v1/me", Gate::SignedIn),
    // Customers and their history: sales, managers (scope is per record).
    ("get", "/api/v1/customers", Gate::Any(&[P::ViewCustomers])),
    ("post", "/api/v1/customers", Gate::Any(&[P::EditCustomers])),
    ("get", "/api/v1/customers/{id}", Gate::Any(&[P::ViewCustomers])),
    ("put", "/api/v1/customers/{id}", Gate::Any(&[P::EditCustomers])),
    ("get", "/api/v1/customers/{id}/history", Gate::Any(&[P::ViewCustomers])),
    ("get", "/api/v1/customers/{id}/interactions", Gate::Any(&[P::ViewCustomers])),
    ("post", "/api/v1/customers/{id}/interactions", Gate::Any(&[P::EditCustomers])),
    ("get", "/api/v1/customers/{id}/opportunities", Gate::Any(&[P::ViewPipeline])),
    ("get", "/api/v1/customers/{id}/deals", Gate::Any(&[P::ViewPipeline])),
    // A salesperson sees the duplicates and merges of their own customers.
    ("get", "/api/v1/customers/{id}/duplicates", Gate::Any(&[P::ViewCustomers])),
    ("get", "/api/v1/customers/{id}/merges", Gate::Any(&[P::ViewCustomers])),
    ("post", "/api/v1/customers/merges", Gate::Any(&[P::MergeCustomers])),
    ("post", "/api/v1/customers/merges/{id}/undo", Gate::Any(&[P::MergeCustomers])),
    ("post", "/api/v1/customers/reassignments", Gate::Any(&[P::ReassignCustomers])),
    ("get", "/api/v1/customers/export", Gate::Any(&[P::ViewCustomers])),
    ("get", "/api/v1/customer-imports", Gate::Any(&[P::ImportCustomers])),
    ("post", "/api/v1/customer-imports", Gate::Any(&[P::ImportCustomers])),
    ("get", "/api/v1/customer-imports/{id}", Gate::Any(&[P::ImportCustomers])),
    ("post", "/api/v1/customer-imports/{id}/start", Gate::Any(&[P::ImportCustomers])),
    ("get", "/api/v1/customer-imports/{id}/report", Gate::Any(&[P::ImportCustomers])),
    ("get", "/api/v1/work-queue", Gate::Any(&[P::ViewConsole])),
    // Pipeline and deals.
    ("get", "/api/v1/projects", Gate::Any(&[P::ViewPipeline, P::ViewUnits, P::ViewAnalytics])),
    ("post", "/api/v1/projects", Gate::Any(&[P::ManageUnits])),
    ("put", "/api/v1/projects/{id}/status", Gate::Any(&[P::ManageUnits])),
    ("get", "/api/v1/opportunities", Gate::Any(&[P::ViewPipeline])),
    ("post", "/api/v1/opportunities", Gate::Any(&[P::ViewPipeline])),
    ("post", "/api/v1/opportunities/{id}/stage", Gate::Any(&[P::ViewPipeline])),
    ("get", "/api/v1/opportunities/export", Gate::Any(&[P::ViewPipeline])),
    ("get", "/api/v1/pipeline/summary", Gate::Any(&[P::ViewPipeline])),
    // A manager's requests to decide; a salesperson's own still open.
    ("get", "/api/v1/approvals", Gate::Any(&[P::ViewPipeline])),
    ("get", "/api/v1/deals/export", Gate::Any(&[P::ViewPipeline])),
    ("get", "/api/v1/deals/{id}", Gate::Any(&[P::ViewPipeline])),
    ("post", "/api/v1/deals/{id}/discount-decision", Gate::Any(&[P::ApproveDiscounts])),
    ("put", "/api/v1/deals/{id}/terms", Gate::Any(&[P::SellUnits])),
    ("post", "/api/v1/deals/{id}/payments", Gate::Any(&[P::SellUnits])),
    // Units.
    ("get", "/api/v1/buildings", Gate::Any(&[P::ViewUnits])),
    ("post", "/api/v1/buildings", Gate::Any(&[P::ManageUnits])),
    ("get", "/api/v1/buildings/{id}/grid", Gate::Any(&[P::ViewUnits])),
    ("get", "/api/v1/buildings/{id}/export", Gate::Any(&[P::ViewUnits])),
    ("post", "/api/v1/units/{id}/actions", Gate::Any(&[P::SellUnits])),
    ("get", "/api/v1/listings", PORTAL),
    ("get", "/api/v1/listings/buildings/{id}", PORTAL),
    // Service desk.
    ("get", "/api/v1/me/tickets", PORTAL),
    ("post", "/api/v1/me/tickets", PORTAL),
    ("get", "/api/v1/me/tickets/{id}", PORTAL),
    ("post", "/api/v1/me/tickets/{id}/actions", PORTAL),
    // The same call as `/tickets/{id}/revisit`, the agent's.
    ("post", "/api/v1/me/tickets/{id}/revisit", Gate::Any(&[P::UsePortal, P::HandleTickets])),
    ("get", "/api/v1/tickets", Gate::Any(&[P::HandleTickets])),
    ("post", "/api/v1/tickets", Gate::Any(&[P::HandleTickets])),
    ("get", "/api/v1/tickets/{id}", Gate::Any(&[P::HandleTickets, P::WorkDepartmentTasks])),
    ("post", "/api/v1/tickets/{id}/dispatch", Gate::Any(&[P::HandleTickets])),
    ("post", "/api/v1/tickets/{id}/actions", Gate::Any(&[P::HandleTickets])),
    ("post", "/api/v1/tickets/{id}/notes", Gate::Any(&[P::HandleTickets, P::WorkDepartmentTasks])),
    ("put", "/api/v1/tickets/{id}/defect", Gate::Any(&[P::HandleTickets])),
    ("put", "/api/v1/tickets/{id}/classification", Gate::Any(&[P::HandleTickets])),
    ("post", "/api/v1/tickets/{id}/photos", Gate::Any(&[P::UsePortal, P::HandleTickets, P::WorkDepartmentTasks])),
    ("get", "/api/v1/tickets/{id}/photos/{photo_id}", Gate::Any(&[P::UsePortal, P::HandleTickets, P::WorkDepartmentTasks])),
    ("get", "/api/v1/tickets/{id}/kb-draft", Gate::Any(&[P::HandleTickets])),
    ("get", "/api/v1/ticket-tasks", Gate::Any(&[P::WorkDepartmentTasks])),
    ("post", "/api/v1/ticket-tasks/{id}/accept", Gate::Any(&[P::WorkDepartmentTasks])),
    ("post", "/api/v1/ticket-tasks/{id}/finish", Gate::Any(&[P::WorkDepartmentTasks])),
    ("get", "/api/v1/ticket-categories", Gate::Public),
    ("get", "/api/v1/sla-policies", Gate::Any(&[P::ManageUsers])),
    ("put", "/api/v1/sla-policies/{kind}/{priority}", Gate::Any(&[P::ManageUsers])),
    ("get", "/api/v1/kb/articles", Gate::Public),
    ("post", "/api/v1/kb/articles", Gate::Any(&[P::HandleTickets])),
    ("get", "/api/v1/kb/articles/{id}", Gate::Public),
    ("put", "/api/v1/kb/articles/{id}", Gate::Any(&[P::HandleTickets])),
    ("get", "/api/v1/kb/suggestions", Gate::Public),
    ("get", "/api/v1/me/notifications", Gate::SignedIn),
    ("post", "/api/v1/me/notifications/read", Gate::SignedIn),
    ("post", "/api/v1/me/notifications/{id}/read", Gate::SignedIn),
    // The club.
    ("post", "/api/v1/club/enrolments", Gate::Public),
    ("get", "/api/v1/me/points", PORTAL),
    ("get", "/api/v1/me/points/entries", PORTAL),
    ("get", "/api/v1/me/redemptions", PORTAL),
    ("get", "/api/v1/rewards", Gate::Any(&[P::UsePortal, P::ManageClub])),
    ("post", "/api/v1/rewards", Gate::Any(&[P::ManageClub])),
    ("put", "/api/v1/rewards/{id}", Gate::Any(&[P::ManageClub])),
    ("post", "/api/v1/rewards/{id}/redemptions", PORTAL),
    ("post", "/api/v1/reward-redemptions/{id}/status", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/club/members", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/club/members/{id}", Gate::Any(&[P::ManageClub])),
    ("post", "/api/v1/club/members/{id}/adjustments", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/club/rules", Gate::Any(&[P::ManageClub])),
    ("put", "/api/v1/club/rules/{key}", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/offers", Gate::Any(&[P::UsePortal, P::ManageClub])),
    ("post", "/api/v1/offers", Gate::Any(&[P::ManageClub])),
    ("put", "/api/v1/offers/{id}", Gate::Any(&[P::ManageClub])),
    ("post", "/api/v1/offers/{id}/coupons", PORTAL),
    ("get", "/api/v1/me/coupons", PORTAL),
    ("post", "/api/v1/merchant/verifications", Gate::Any(&[P::RedeemCoupons])),
    ("get", "/api/v1/merchant/redemptions", Gate::Any(&[P::RedeemCoupons])),
    ("post", "/api/v1/merchant/redemptions", Gate::Any(&[P::RedeemCoupons])),
    ("get", "/api/v1/merchants", Gate::Any(&[P::ManageClub])),
    ("post", "/api/v1/merchants", Gate::Any(&[P::ManageClub])),
    ("put", "/api/v1/merchants/{id}", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/events", Gate::Any(&[P::UsePortal, P::ManageClub])),
    ("post", "/api/v1/events", Gate::Any(&[P::ManageClub])),
    ("put", "/api/v1/events/{id}", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/events/{id}/registrations", Gate::Any(&[P::ManageClub])),
    ("post", "/api/v1/events/{id}/registrations", PORTAL),
    ("delete", "/api/v1/events/{id}/registrations/mine", PORTAL),
    ("post", "/api/v1/events/{id}/check-ins", Gate::Any(&[P::ManageClub])),
    ("get", "/api/v1/me/referrals", PORTAL),
    ("post", "/api/v1/me/referrals", PORTAL),
    ("get", "/api/v1/me/referrals/{id}", PORTAL),
    // Visitors and other staff read what is public.
    ("get", "/api/v1/news", Gate::Public),
    ("post", "/api/v1/news", Gate::Any(&[P::ManageClub, P::ManageMarketing])),
    ("put", "/api/v1/news/{id}", Gate::Any(&[P::ManageClub, P::ManageMarketing])),
    // Marketing; what it measures is open to the analytics readers.
    ("get", "/api/v1/campaigns", READ_MARKETING),
    ("post", "/api/v1/campaigns", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/campaigns/{id}", READ_MARKETING),
    ("put", "/api/v1/campaigns/{id}", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/segments", READ_MARKETING),
    ("post", "/api/v1/segments/recompute", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/segments/{segment}/customers", READ_MARKETING),
    ("get", "/api/v1/broadcasts", Gate::Any(&[P::ManageMarketing])),
    ("post", "/api/v1/broadcasts", Gate::Any(&[P::ManageMarketing])),
    ("post", "/api/v1/broadcasts/preview", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/surveys", READ_MARKETING),
    ("post", "/api/v1/surveys", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/surveys/{id}", READ_MARKETING),
    ("post", "/api/v1/surveys/{id}/questions", Gate::Any(&[P::ManageMarketing])),
    ("delete", "/api/v1/surveys/{id}/questions/{question_id}", Gate::Any(&[P::ManageMarketing])),
    ("post", "/api/v1/surveys/{id}/send", Gate::Any(&[P::ManageMarketing])),
    ("post", "/api/v1/surveys/{id}/close", Gate::Any(&[P::ManageMarketing])),
    ("get", "/api/v1/surveys/{id}/results", READ_MARKETING),
    ("get", "/api/v1/me/surveys", PORTAL),
    ("get", "/api/v1/me/surveys/{invitation_id}", PORTAL),
    ("post", "/api/v1/me/surveys/{invitation_id}/answers", PORTAL),
    ("get", "/api/v1/analytics/dashboard", Gate::Any(&[P::ViewAnalytics])),
    // Administration.
    ("get", "/api/v1/settings", Gate::Any(&[P::ManageUsers])),
    ("put", "/api/v1/settings/{key}", Gate::Any(&[P::ManageUsers])),
    ("get", "/api/v1/users", Gate::Any(&[P::ManageUsers])),
    ("post", "/api/v1/users/{id}/disable", Gate::Any(&[P::ManageUsers])),
    ("post", "/api/v1/users/{id}/enable", Gate::Any(&[P::ManageUsers])),
    ("get", "/api/v1/audit", Gate::Any(&[P::ViewAudit])),
    ("get", "/api/v1/webhooks", Gate::Any(&[P::ManageUsers])),
    ("post", "/api/v1/webhooks", Gate::Any(&[P::ManageUsers])),
    ("put", "/api/v1/webhooks/{id}", Gate::Any(&[P::ManageUsers])),
    ("get", "/api/v1/webhooks/{id}/deliveries", Gate::Any(&[P::ManageUsers])),
    ("post", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/resend", Gate::Any(&[P::ManageUsers])),
];

/// Path ids no record has: the gate must answer before any lookup, so a
/// refused role learns nothing, and nothing is changed by the allowed ones.
const ABSENT_ID: i64 = 987_654_321;

/// A documented operation, ready to call.
struct Operation {
    method: Method,
    template: String,
    spec: Value,
}

fn documented_operations(doc: &Value) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (template, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, spec) in item.as_object().into_iter().flatten() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            ops.push(Operation {
                method,
                template: template.clone(),
                spec: spec.clone(),
            });
        }
    }
    ops
}

fn gate_of(op: &Operation) -> Option<Gate> {
    GATES
        .iter()
        .find(|(m, t, _)| m.eq_ignore_ascii_case(op.method.as_str()) && *t == op.template)
        .map(|(_, _, g)| *g)
}

/// A value that satisfies `schema` (required fields only): enough for the
/// body to deserialize, so the request reaches the permission check.
fn example(schema: &Value, doc: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Null;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return example(&doc["components"]["schemas"][name], doc, depth + 1);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(parts) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = example(part, doc, depth + 1) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = schema[key].as_array() {
            let chosen = variants
                .iter()
                .find(|v| v["type"] != "null")
                .unwrap_or(&Value::Null);
            return example(chosen, doc, depth + 1);
        }
    }
    let kind = match &schema["type"] {
        Value::String(s) => s.as_str(),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        _ if schema["properties"].is_object() => "object",
        _ => "null",
    };
    match kind {
        "object" => {
            let mut out = Map::new();
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap_or_default();
                out.insert(
                    name.to_owned(),
                    example(&schema["properties"][name], doc, depth + 1),
                );
            }
            Value::Object(out)
        }
        "array" => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            Value::Array(
                (0..min)
                    .map(|_| example(&schema["items"], doc, depth + 1))
                    .collect(),
            )
        }
        "string" => match schema["format"].as_str() {
            Some("date") => json!("2026-12-01"),
            Some("date-time") => json!("2026-12-01T10:00:00Z"),
            _ => json!("1"),
        },
        "integer" | "number" => json!(schema["minimum"].as_i64().unwrap_or(1).max(1)),
        "boolean" => json!(false),
        _ => Value::Null,
    }
}

/// The operation's URL with every path parameter filled: ids from `ids`
/// (by parameter name), else a value of the parameter's schema.
fn url_of(op: &Operation, doc: &Value, ids: &dyn Fn(&str) -> Option<i64>) -> String {
    let mut path = op.template.clone();
    let mut query = Vec::new();
    for param in op.spec["parameters"].as_array().into_iter().flatten() {
        let name = param["name"].as_str().unwrap_or_default();
        let value = match ids(name) {
            Some(id) => json!(id),
            None => example(&param["schema"], doc, 0),
        };
        let text = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match param["in"].as_str() {
            Some("path") => path = path.replace(&format!("{{{name}}}"), &text),
            Some("query") if param["required"] == true => query.push(format!("{name}={text}")),
            _ => {}
        }
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

async fn call(
    app: &TestApp,
    op: &Operation,
    url: &str,
    doc: &Value,
    token: Option<&str>,
) -> (StatusCode, String) {
    let mut req = app.client.request(op.method.clone(), app.url(url));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let content = &op.spec["requestBody"]["content"];
    if let Some(schema) = content.get("application/json").map(|c| &c["schema"]) {
        req = req.json(&example(schema, doc, 0));
    } else if content.get("text/csv").is_some() {
        req = req
            .header("content-type", "text/csv")
            .body("姓名,手机\n张三,13900000000\n");
    } else if let Some((kind, _)) = content.as_object().and_then(|c| c.iter().next()) {
        req = req
            .header("content-type", kind.as_str())
            .body(vec![0xFF, 0xD8, 0xFF, 0xD9]);
    }
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{} {url}: {e}", op.method));
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    (status, error_code(&body).to_owned())
}

/// Refused for want of a login or of a permission (not for bad input).
fn refused(status: StatusCode, code: &str) -> bool {
    matches!(
        (status, code),
        (StatusCode::UNAUTHORIZED, "unauthenticated") | (StatusCode::FORBIDDEN, "forbidden")
    )
}

#[tokio::test]
async fn every_operation_answers_every_role_as_spec_allows() {
    let app = spawn_app().await;
    let doc = app.get_json("", "/api/openapi.json").await;
    let ops = documented_operations(&doc);
    assert!(ops.len() > 100, "the document lists the operations");

    let documented: BTreeSet<(String, String)> = ops
        .iter()
        .map(|o| (o.method.as_str().to_lowercase(), o.template.clone()))
        .collect();
    let gated: BTreeSet<(String, String)> = GATES
        .iter()
        .map(|(m, t, _)| ((*m).to_owned(), (*t).to_owned()))
        .collect();
    let ungated: Vec<_> = documented.difference(&gated).collect();
    let stale: Vec<_> = gated.difference(&documented).collect();
    assert!(ungated.is_empty(), "operations without a gate: {ungated:?}");
    assert!(
        stale.is_empty(),
        "gates of no documented operation: {stale:?}"
    );

    let mut tokens = Vec::new();
    for (login, role) in ACCOUNTS {
        tokens.push((login, Some(role), Some(app.tokens(login).await.0)));
    }
    tokens.push(("(nobody)", None, None));

    // Logging out closes the caller's session: last.
    let mut ops = ops;
    ops.sort_by_key(|o| o.template == "/api/v1/auth/logout");
    let mut wrong = Vec::new();
    // Every answer is one the document lists for the operation (what a
    // generated client or schemathesis relies on).
    let mut undocumented = Vec::new();
    for op in &ops {
        let gate = gate_of(op).unwrap_or(Gate::Public);
        let url = url_of(op, &doc, &|name| {
            (name == "id" || name.ends_with("_id")).then_some(ABSENT_ID)
        });
        for (login, role, token) in &tokens {
            let allowed = match (gate, role) {
                (Gate::Public, _) => true,
                (_, None) => false,
                (Gate::SignedIn, Some(_)) => true,
                (Gate::Any(needs), Some(role)) => needs.iter().any(|p| role_grants(*role, *p)),
            };
            let (status, code) = call(&app, op, &url, &doc, token.as_deref()).await;
            let ok = if allowed {
                !refused(status, &code) && status != StatusCode::INTERNAL_SERVER_ERROR
            } else if role.is_none() {
                status == StatusCode::UNAUTHORIZED && code == "unauthenticated"
            } else {
                status == StatusCode::FORBIDDEN && code == "forbidden"
            };
            if !ok {
                wrong.push(format!(
                    "{} {url} as {login}: {status} {code} (allowed: {allowed})",
                    op.method
                ));
            }
            if op.spec["responses"].get(status.as_str()).is_none() {
                undocumented.push(format!("{} {url} as {login}: {status}", op.method));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} answers break the matrix:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(
        undocumented.is_empty(),
        "{} answers the document does not list:\n{}",
        undocumented.len(),
        undocumented.join("\n")
    );
    app.cleanup().await;
}

/// Records that belong to members other than 李娜 (13800000002), by the
/// portal operation that names them: each query's columns are the path
/// parameters it fills.
const OTHERS_RECORDS: &[(&str, &str)] = &[
    (
        "/api/v1/me/tickets/{id}",
        "SELECT id FROM tickets WHERE customer_id <> (SELECT customer_id FROM users WHERE login = '13800000002')",
    ),
    (
        "/api/v1/tickets/{id}/photos",
        "SELECT id FROM tickets WHERE customer_id <> (SELECT customer_id FROM users WHERE login = '13800000002')",
    ),
    (
        "/api/v1/tickets/{id}/photos/{photo_id}",
        "SELECT t.id AS id, p.id AS photo_id FROM ticket_photos p JOIN tickets t ON t.id = p.ticket_id WHERE t.customer_id <> (SELECT customer_id FROM users WHERE login = '13800000002')",
    ),
    (
        "/api/v1/me/notifications/{id}",
        "SELECT id FROM notifications WHERE user_id <> (SELECT id FROM users WHERE login = '13800000002')",
    ),
    (
        "/api/v1/me/referrals/{id}",
        "SELECT id FROM referrals WHERE referrer_member_id NOT IN (SELECT m.id FROM members m JOIN users u ON u.customer_id = m.customer_id WHERE u.login = '13800000002')",
    ),
    (
        "/api/v1/me/surveys/{invitation_id}",
        "SELECT id AS invitation_id FROM survey_invitations WHERE customer_id <> (SELECT customer_id FROM users WHERE login = '13800000002')",
    ),
];

/// Up to three rows of `sql`, each as (column, value) pairs.
async fn rows(app: &TestApp, sql: &str) -> Vec<Vec<(String, i64)>> {
    let db = &app.state.svc.db;
    let found = db
        .query_all_raw(anju_domain::db::statement(
            db.get_database_backend(),
            sql,
            vec![],
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    found
        .iter()
        .take(3)
        .map(|row| {
            row.column_names()
                .into_iter()
                .map(|c| {
                    let v: i64 = row.try_get("", &c).unwrap_or_default();
                    (c, v)
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn a_member_never_reaches_another_members_records() {
    let app = spawn_app().await;
    let doc = app.get_json("", "/api/openapi.json").await;
    let (owner, _) = app.tokens("13800000001").await;
    let (li, _) = app.tokens("13800000002").await;
    // Give 张伟 one of everything a portal path can name.
    let ticket: Value = app
        .post_json(&owner, "/api/v1/me/tickets", json!({"kind": "repair", "category": "repair.doors_windows", "title": "入户门关不严", "description": "门锁卡顿"}))
        .await
        .expect("ticket")
        .json()
        .await
        .expect("ticket json");
    let ticket_id = ticket["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("ticket: {ticket}"));
    let photo = app
        .client
        .post(app.url(&format!("/api/v1/me/tickets/{ticket_id}/photos")))
        .bearer_auth(&owner)
        .header("content-type", "image/png")
        .body(crate::service_desk::TINY_PNG.to_vec())
        .send()
        .await
        .expect("photo");
    assert_eq!(photo.status(), StatusCode::CREATED, "photo");
    let referral = app
        .post_json(
            &owner,
            "/api/v1/me/referrals",
            json!({"name": "赵六", "mobile": "13912345678"}),
        )
        .await
        .expect("referral");
    assert_eq!(referral.status(), StatusCode::CREATED, "referral");
    // A dispatch tells him (a notification); a survey reaches everyone.
    let (agent, _) = app.tokens("service1").await;
    let dispatched = app
        .post_json(
            &agent,
            &format!("/api/v1/tickets/{ticket_id}/dispatch"),
            json!({"department": "engineering"}),
        )
        .await
        .expect("dispatch");
    assert_eq!(dispatched.status(), StatusCode::OK, "dispatch");
    let (mkt, _) = app.tokens("mkt1").await;
    app.post_json(&mkt, "/api/v1/segments/recompute", json!({}))
        .await
        .expect("recompute");
    let survey: Value = app
        .post_json(
            &mkt,
            "/api/v1/surveys",
            json!({"title": "满意度", "intro": "一分钟"}),
        )
        .await
        .expect("survey")
        .json()
        .await
        .expect("survey json");
    let survey_id = survey["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("survey: {survey}"));
    app.post_json(
        &mkt,
        &format!("/api/v1/surveys/{survey_id}/questions"),
        json!({"prompt": "总体满意度", "kind": "scale", "required": true, "measure": "satisfaction"}),
    )
    .await
    .expect("question");
    let everyone =
        json!({"segments": ["top", "high", "middle", "low", "potential", "watching", "inactive"]});
    let sent = app
        .post_json(&mkt, &format!("/api/v1/surveys/{survey_id}/send"), everyone)
        .await
        .expect("send");
    assert_eq!(sent.status(), StatusCode::OK, "send");

    let ops = documented_operations(&doc);
    let portal_paths_with_ids: BTreeSet<&str> = ops
        .iter()
        .filter(|o| o.template.starts_with("/api/v1/me/") && o.template.contains('{'))
        .map(|o| o.template.as_str())
        .collect();
    let mut wrong = Vec::new();
    let mut tried = 0;
    for template in portal_paths_with_ids {
        assert!(
            OTHERS_RECORDS
                .iter()
                .any(|(prefix, _)| template.starts_with(prefix)),
            "{template}: whose records does it name? Add it to OTHERS_RECORDS"
        );
    }
    for (prefix, sql) in OTHERS_RECORDS {
        let records = rows(&app, sql).await;
        assert!(
            !records.is_empty(),
            "no record of another member for {prefix}"
        );
        for op in ops.iter().filter(|o| o.template.starts_with(prefix)) {
            for record in &records {
                let url = url_of(op, &doc, &|name| {
                    record.iter().find(|(c, _)| c == name).map(|(_, v)| *v)
                });
                let (status, code) = call(&app, op, &url, &doc, Some(&li)).await;
                tried += 1;
                if status != StatusCode::NOT_FOUND || code != "not_found" {
                    wrong.push(format!("{} {url}: {status} {code}", op.method));
                }
            }
        }
    }
    assert!(tried >= 10, "only {tried} calls were made");
    assert!(
        wrong.is_empty(),
        "李娜 reached another member's records:\n{}",
        wrong.join("\n")
    );

    // And 张伟's own records still answer him, unchanged.
    let mine = app
        .get_json(&owner, &format!("/api/v1/me/tickets/{ticket_id}"))
        .await;
    assert_eq!(mine["id"], ticket_id, "{mine}");
    app.cleanup().await;
}
