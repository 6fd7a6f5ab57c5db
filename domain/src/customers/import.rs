//! CSV import of customers (批量导入). The file is decoded (UTF-8 or GBK)
//! and stored, its columns mapped by the manager, then a background runner
//! works through it in batches. Each batch commits its customers, its
//! report rows and the new resume point together, so a restart continues
//! where it stopped and never imports a row twice.

use super::Scope;
use super::reassign::team_salespeople;
use super::service::{Valid, new_record, validate};
use crate::audit::{self, AuditEntry};
use crate::auth::{self, Actor};
use crate::entity::{customer, customer_import, customer_import_row, customer_tag};
use crate::{DomainError, db::begin_write};
use anju_types::Permission;
use anju_types::customer::CustomerDraft;
use anju_types::customer_import::{
    IMPORT_FIELDS, ImportReportPage, ImportRowReport, ImportStart, ImportStatus, ImportView,
    RowOutcome, RowProblem,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows in one file.
pub const MAX_ROWS: usize = 200_000;
/// Rows per committed batch.
pub const BATCH_ROWS: usize = 2_000;
const SAMPLE_ROWS: usize = 5;

/// Decodes the file: UTF-8 (with or without a BOM), else GBK (GB18030, its
/// superset, as Excel on Chinese Windows saves "CSV").
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), DomainError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_owned(), "utf-8"));
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(DomainError::field("file", "unreadable_encoding"));
    }
    Ok((text.into_owned(), "gbk"))
}

fn reader(content: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(content.as_bytes())
}

/// Non-blank data rows.
fn rows(content: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    reader(content)
        .into_records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
}

/// Stores an uploaded file, ready for mapping.
pub async fn upload(
    db: &DatabaseConnection,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<ImportView, DomainError> {
    auth::require(actor, Permission::ImportCustomers)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DomainError::field("file", "too_large"));
    }
    let (content, encoding) = decode(bytes)?;
    let headers: Vec<String> = match reader(&content).headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(_) => return Err(DomainError::field("file", "not_csv")),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err(DomainError::field("file", "empty"));
    }
    let total = rows(&content).count();
    if total == 0 {
        return Err(DomainError::field("file", "empty"));
    }
    if total > MAX_ROWS {
        return Err(DomainError::field("file", "too_many_rows"));
    }
    let name: String = file_name.trim().chars().take(128).collect();
    let row = customer_import::ActiveModel {
        created_by: Set(actor.user_id),
        file_name: Set(if name.is_empty() {
            "import.csv".to_owned()
        } else {
            name
        }),
        encoding: Set(encoding.to_owned()),
        content: Set(content),
        headers: Set(serde_json::to_string(&headers).unwrap_or_default()),
        mapping: Set(None),
        assign_to: Set(None),
        status: Set(ImportStatus::Mapping.as_str().to_owned()),
        total_rows: Set(total as i32),
        done_rows: Set(0),
        created_count: Set(0),
        duplicate_count: Set(0),
        error_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(view(row))
}

/// Maps the columns and queues the import for the runner.
pub async fn start(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    request: &ImportStart,
    now: DateTime<Utc>,
) -> Result<ImportView, DomainError> {
    let current = own(db, actor, id).await?;
    let headers: Vec<String> = serde_json::from_str(&current.headers).unwrap_or_default();
    let mut errors = Vec::new();
    for (field, column) in &request.mapping {
        if !IMPORT_FIELDS.contains(&field.as_str()) {
            errors.push(crate::error::FieldError {
                field: "mapping",
                code: "unknown_field",
            });
        } else if *column >= headers.len() {
            errors.push(crate::error::FieldError {
                field: "mapping",
                code: "no_such_column",
            });
        }
    }
    for required in ["name", "mobile"] {
        if !request.mapping.contains_key(required) {
            errors.push(crate::error::FieldError {
                field: if required == "name" { "name" } else { "mobile" },
                code: "column_required",
            });
        }
    }
    if let Some(to) = request.assign_to_sales_id {
        let team = team_salespeople(db, actor).await?;
        if !team.iter().any(|s| s.id == to) {
            errors.push(crate::error::FieldError {
                field: "assign_to_sales_id",
                code: "not_in_team",
            });
        }
    }
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    let started = customer_import::Entity::update_many()
        .col_expr(
            customer_import::Column::Mapping,
            Expr::value(serde_json::to_string(&request.mapping).unwrap_or_default()),
        )
        .col_expr(
            customer_import::Column::AssignTo,
            Expr::value(request.assign_to_sales_id),
        )
        .col_expr(
            customer_import::Column::Status,
            Expr::value(ImportStatus::Queued.as_str()),
        )
        .col_expr(customer_import::Column::UpdatedAt, Expr::value(now))
        .filter(customer_import::Column::Id.eq(id))
        .filter(customer_import::Column::Status.eq(ImportStatus::Mapping.as_str()))
        .exec(db)
        .await?;
    if started.rows_affected != 1 {
        return Err(DomainError::Conflict("import_started"));
    }
    get(db, actor, id).await
}

/// An import of the actor's, with its progress.
pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<ImportView, DomainError> {
    own(db, actor, id).await.map(view)
}

/// The actor's imports, newest first.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<ImportView>, DomainError> {
    auth::require(actor, Permission::ImportCustomers)?;
    let rows = customer_import::Entity::find()
        .filter(customer_import::Column::CreatedBy.eq(actor.user_id))
        .order_by_desc(customer_import::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(view).collect())
}

/// The duplicates and errors of an import, by row. A duplicate names the
/// existing customer only when the actor may see that customer.
pub async fn report(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    after: Option<i32>,
    limit: u64,
) -> Result<ImportReportPage, DomainError> {
    own(db, actor, id).await?;
    let limit = limit.clamp(1, 500);
    let mut q = customer_import_row::Entity::find()
        .filter(customer_import_row::Column::ImportId.eq(id))
        .order_by_asc(customer_import_row::Column::RowNo)
        .limit(limit);
    if let Some(after) = after {
        q = q.filter(customer_import_row::Column::RowNo.gt(after));
    }
    let rows = q.all(db).await?;
    let mentioned: Vec<i64> = rows.iter().filter_map(|r| r.customer_id).collect();
    let visible: HashSet<i64> = if mentioned.is_empty() {
        HashSet::new()
    } else {
        customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Id.is_in(mentioned))
            .filter(Scope::of(actor).condition())
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let next_after = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|r| r.row_no))
        .flatten();
    Ok(ImportReportPage {
        items: rows
            .into_iter()
            .map(|r| ImportRowReport {
                row_no: r.row_no,
                outcome: RowOutcome::parse(&r.outcome).unwrap_or(RowOutcome::Error),
                customer_id: r.customer_id.filter(|c| visible.contains(c)),
                problems: r
                    .problems
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|p| p.split_once(':'))
                    .map(|(field, code)| RowProblem {
                        field: field.to_owned(),
                        code: code.to_owned(),
                    })
                    .collect(),
            })
            .collect(),
        next_after,
    })
}

/// Imports waiting for the runner (queued, or interrupted while running).
pub async fn pending(db: &DatabaseConnection) -> Result<Vec<i64>, DomainError> {
    Ok(customer_import::Entity::find()
        .select_only()
        .column(customer_import::Column::Id)
        .filter(customer_import::Column::Status.is_in([
            ImportStatus::Queued.as_str(),
            ImportStatus::Running.as_str(),
        ]))
        .order_by_asc(customer_import::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

/// Works through an import from its resume point to the end, or until
/// `max_batches` batches are committed (tests use it to stop half-way as a
/// crash would). Returns whether the import is finished. Another runner
/// committing the same batch first makes this one stop without writing.
pub async fn run(
    db: &DatabaseConnection,
    id: i64,
    max_batches: Option<usize>,
    now: impl Fn() -> DateTime<Utc>,
) -> Result<bool, DomainError> {
    let Some(job) = customer_import::Entity::find_by_id(id).one(db).await? else {
        return Ok(true);
    };
    let status = ImportStatus::parse(&job.status);
    if !matches!(status, Some(ImportStatus::Queued | ImportStatus::Running)) {
        return Ok(status == Some(ImportStatus::Done));
    }
    let mapping: BTreeMap<String, usize> =
        serde_json::from_str(job.mapping.as_deref().unwrap_or("{}")).unwrap_or_default();
    let mut done = job.done_rows as usize;
    let mut counts = (job.created_count, job.duplicate_count, job.error_count);
    let mut remaining = rows(&job.content).skip(done);
    let mut batches = 0;
    loop {
        let batch: Vec<Vec<String>> = remaining.by_ref().take(BATCH_ROWS).collect();
        let at = now();
        let finished = done + batch.len() >= job.total_rows as usize || batch.is_empty();
        let tx = begin_write(db).await?;
        // Claim the batch first: the resume point is the lock, so a batch
        // counts once even with several runners (a second one waits for the
        // row, then finds it moved on and stops).
        let claimed = customer_import::Entity::update_many()
            .col_expr(
                customer_import::Column::DoneRows,
                Expr::value((done + batch.len()) as i32),
            )
            .filter(customer_import::Column::Id.eq(id))
            .filter(customer_import::Column::DoneRows.eq(done as i32))
            .exec(&tx)
            .await?;
        if claimed.rows_affected != 1 {
            return Ok(false);
        }
        let outcome = import_batch(&tx, id, &mapping, job.assign_to, done, &batch, at).await?;
        counts.0 += outcome.created;
        counts.1 += outcome.duplicates;
        counts.2 += outcome.errors;
        let status = if finished {
            ImportStatus::Done
        } else {
            ImportStatus::Running
        };
        customer_import::Entity::update_many()
            .col_expr(customer_import::Column::CreatedCount, Expr::value(counts.0))
            .col_expr(
                customer_import::Column::DuplicateCount,
                Expr::value(counts.1),
            )
            .col_expr(customer_import::Column::ErrorCount, Expr::value(counts.2))
            .col_expr(
                customer_import::Column::Status,
                Expr::value(status.as_str()),
            )
            .col_expr(customer_import::Column::UpdatedAt, Expr::value(at))
            .col_expr(
                customer_import::Column::FinishedAt,
                Expr::value(finished.then_some(at)),
            )
            .filter(customer_import::Column::Id.eq(id))
            .exec(&tx)
            .await?;
        if finished {
            audit::record(
                &tx,
                at,
                AuditEntry {
                    actor_user_id: Some(job.created_by),
                    action: "customer.import",
                    entity: "customer_import",
                    entity_id: id.to_string(),
                    before: None,
                    after: Some(serde_json::json!({
                        "file": job.file_name, "created": counts.0,
                        "duplicates": counts.1, "errors": counts.2,
                    })),
                },
            )
            .await?;
        }
        tx.commit().await?;
        done += batch.len();
        batches += 1;
        if finished {
            return Ok(true);
        }
        if max_batches.is_some_and(|m| batches >= m) {
            return Ok(false);
        }
    }
}

#[derive(Default)]
struct BatchOutcome {
    created: i32,
    duplicates: i32,
    errors: i32,
}

async fn import_batch(
    tx: &sea_orm::DatabaseTransaction,
    import_id: i64,
    mapping: &BTreeMap<String, usize>,
    assign_to: Option<i64>,
    first_row: usize,
    batch: &[Vec<String>],
    now: DateTime<Utc>,
) -> Result<BatchOutcome, DomainError> {
    let today = crate::business_date(now);
    let mut reports: Vec<customer_import_row::ActiveModel> = Vec::new();
    let mut out = BatchOutcome::default();
    let report = |row_no: i32, outcome: RowOutcome, customer_id, problems: Option<String>| {
        customer_import_row::ActiveModel {
            import_id: Set(import_id),
            row_no: Set(row_no),
            outcome: Set(outcome.as_str().to_owned()),
            customer_id: Set(customer_id),
            problems: Set(problems),
        }
    };

    let mut valid: Vec<(i32, Valid)> = Vec::with_capacity(batch.len());
    for (i, cells) in batch.iter().enumerate() {
        let row_no = (first_row + i + 1) as i32;
        match draft(mapping, cells).and_then(|d| validate(&d, today)) {
            Ok(v) => valid.push((row_no, v)),
            Err(DomainError::Validation(errs)) => {
                let problems = errs
                    .iter()
                    .map(|e| format!("{}:{}", e.field, e.code))
                    .collect::<Vec<_>>()
                    .join(",");
                reports.push(report(row_no, RowOutcome::Error, None, Some(problems)));
                out.errors += 1;
            }
            Err(e) => return Err(e),
        }
    }

    // Dedupe against the ledger (tombstones stand for their survivor) and
    // against earlier rows of the same file, by mobile and ID number.
    let mobiles: Vec<String> = valid.iter().map(|(_, v)| v.mobile.to_string()).collect();
    let id_numbers: Vec<String> = valid
        .iter()
        .filter_map(|(_, v)| v.id_number.as_ref().map(|i| i.to_string()))
        .collect();
    let mut existing: HashMap<String, i64> = HashMap::new();
    for chunk in mobiles.chunks(500) {
        for c in customer::Entity::find()
            .filter(customer::Column::Mobile.is_in(chunk.iter().cloned()))
            .all(tx)
            .await?
        {
            existing.insert(c.mobile, c.merged_into_id.unwrap_or(c.id));
        }
    }
    for chunk in id_numbers.chunks(500) {
        for c in customer::Entity::find()
            .filter(customer::Column::IdNumber.is_in(chunk.iter().cloned()))
            .all(tx)
            .await?
        {
            if let Some(n) = c.id_number {
                existing.insert(n, c.merged_into_id.unwrap_or(c.id));
            }
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut fresh: Vec<(i32, Valid)> = Vec::new();
    for (row_no, v) in valid {
        let keys: Vec<(&str, String)> = std::iter::once(("mobile", v.mobile.to_string()))
            .chain(v.id_number.as_ref().map(|i| ("id_number", i.to_string())))
            .collect();
        let clash = keys
            .iter()
            .find(|(_, k)| existing.contains_key(k) || seen.contains(k));
        if let Some((field, key)) = clash {
            reports.push(report(
                row_no,
                RowOutcome::Duplicate,
                existing.get(key).copied(),
                Some(format!("{field}:duplicate")),
            ));
            out.duplicates += 1;
            continue;
        }
        seen.extend(keys.into_iter().map(|(_, k)| k));
        fresh.push((row_no, v));
    }

    if !fresh.is_empty() {
        for chunk in fresh.chunks(200) {
            let inserted = customer::Entity::insert_many(
                chunk.iter().map(|(_, v)| new_record(v, assign_to, now)),
            )
            .exec_with_returning_keys(tx)
            .await?;
            let tags: Vec<customer_tag::ActiveModel> = chunk
                .iter()
                .zip(inserted)
                .flat_map(|((_, v), id)| {
                    v.tags.iter().map(move |t| customer_tag::ActiveModel {
                        customer_id: Set(id),
                        tag: Set(t.clone()),
                    })
                })
                .collect();
            if !tags.is_empty() {
                customer_tag::Entity::insert_many(tags).exec(tx).await?;
            }
        }
        out.created = fresh.len() as i32;
    }
    for chunk in reports.chunks(500) {
        customer_import_row::Entity::insert_many(chunk.iter().cloned())
            .exec(tx)
            .await?;
    }
    Ok(out)
}

/// A row's cells as a customer draft, through the mapping. Common spellings
/// in Chinese spreadsheets are accepted: 男/女, 是/否, 2024/1/5, 20240105.
fn draft(
    mapping: &BTreeMap<String, usize>,
    cells: &[String],
) -> Result<CustomerDraft, DomainError> {
    let cell = |field: &str| {
        mapping
            .get(field)
            .and_then(|i| cells.get(*i))
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
    };
    let mut errors = Vec::new();
    let gender = cell("gender").map(|g| match g.to_lowercase().as_str() {
        "男" | "male" | "m" => "male".to_owned(),
        "女" | "female" | "f" => "female".to_owned(),
        _ => g,
    });
    let birthday = cell("birthday").map(|b| normalise_date(&b).unwrap_or(b));
    let consent = match cell("consent_marketing").map(|c| c.to_lowercase()) {
        None => false,
        Some(c) => match c.as_str() {
            "是" | "同意" | "y" | "yes" | "true" | "1" => true,
            "否" | "不同意" | "n" | "no" | "false" | "0" => false,
            _ => {
                errors.push(crate::error::FieldError {
                    field: "consent_marketing",
                    code: "invalid_choice",
                });
                false
            }
        },
    };
    let tags = cell("tags")
        .map(|t| {
            t.split([',', ';', '|', '，', '；', '、'])
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if !errors.is_empty() {
        return Err(DomainError::Validation(errors));
    }
    Ok(CustomerDraft {
        name: cell("name").unwrap_or_default(),
        mobile: cell("mobile").unwrap_or_default(),
        gender,
        birthday,
        id_number: cell("id_number"),
        employer: cell("employer"),
        education: cell("education"),
        city: cell("city"),
        district: cell("district"),
        source_channel: cell("source_channel"),
        consent_marketing: consent,
        notes: cell("notes"),
        tags,
    })
}

fn normalise_date(s: &str) -> Option<String> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .into_iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// What the importer would make of a file, without a database: its data
/// rows, and how many of them are valid customers (before de-duplication)
/// or errors, through the guessed mapping. The fuzz target `csv_import`
/// drives it with arbitrary bytes: any file is refused or classified, never
/// a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DryRun {
    pub rows: usize,
    pub valid: usize,
    pub errors: usize,
}

pub fn dry_run(bytes: &[u8], today: NaiveDate) -> Result<DryRun, DomainError> {
    let (content, _) = decode(bytes)?;
    let headers: Vec<String> = reader(&content)
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let mapping = guess_mapping(&headers);
    let mut out = DryRun {
        rows: 0,
        valid: 0,
        errors: 0,
    };
    for cells in rows(&content) {
        out.rows += 1;
        match draft(&mapping, &cells).and_then(|d| validate(&d, today)) {
            Ok(_) => out.valid += 1,
            Err(DomainError::Validation(_)) => out.errors += 1,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Field → column, guessed from the header names people use.
pub fn guess_mapping(headers: &[String]) -> BTreeMap<String, usize> {
    const ALIASES: [(&str, &[&str]); 13] = [
        ("name", &["姓名", "客户姓名", "名字", "客户名称", "name"]),
        (
            "mobile",
            &[
                "手机",
                "手机号",
                "手机号码",
                "电话",
                "联系电话",
                "mobile",
                "phone",
            ],
        ),
        ("gender", &["性别", "gender", "sex"]),
        ("birthday", &["生日", "出生日期", "birthday", "birth date"]),
        (
            "id_number",
            &[
                "身份证",
                "身份证号",
                "身份证号码",
                "证件号码",
                "id number",
                "id_number",
            ],
        ),
        (
            "employer",
            &["工作单位", "单位", "公司", "employer", "company"],
        ),
        ("education", &["学历", "education"]),
        ("city", &["城市", "city"]),
        ("district", &["区县", "区域", "district"]),
        (
            "source_channel",
            &[
                "来源",
                "来源渠道",
                "渠道",
                "source",
                "source channel",
                "source_channel",
            ],
        ),
        ("tags", &["标签", "tags", "tag"]),
        ("notes", &["备注", "notes", "note", "remark"]),
        (
            "consent_marketing",
            &[
                "营销同意",
                "同意营销",
                "接受营销",
                "consent",
                "consent_marketing",
            ],
        ),
    ];
    let mut out = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if let Some((field, _)) = ALIASES
            .iter()
            .find(|(_, names)| names.contains(&h.as_str()))
        {
            out.entry((*field).to_owned()).or_insert(i);
        }
    }
    out
}

async fn own(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<customer_import::Model, DomainError> {
    auth::require(actor, Permission::ImportCustomers)?;
    customer_import::Entity::find_by_id(id)
        .filter(customer_import::Column::CreatedBy.eq(actor.user_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)
}

fn view(row: customer_import::Model) -> ImportView {
    let headers: Vec<String> = serde_json::from_str(&row.headers).unwrap_or_default();
    let status = ImportStatus::parse(&row.status).unwrap_or(ImportStatus::Done);
    let mapping = match &row.mapping {
        Some(m) => serde_json::from_str(m).unwrap_or_default(),
        None => guess_mapping(&headers),
    };
    let sample = if status == ImportStatus::Mapping {
        rows(&row.content).take(SAMPLE_ROWS).collect()
    } else {
        Vec::new()
    };
    ImportView {
        id: row.id,
        file_name: row.file_name,
        encoding: row.encoding,
        headers,
        sample,
        mapping,
        status,
        total_rows: row.total_rows,
        done_rows: row.done_rows,
        created: row.created_count,
        duplicates: row.duplicate_count,
        errors: row.error_count,
        created_at: row.created_at,
        finished_at: row.finished_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf8_with_bom_decode() {
        let (text, enc) = decode("\u{feff}姓名,手机\n张三,13800000000\n".as_bytes()).expect("utf8");
        assert_eq!(enc, "utf-8");
        assert!(text.starts_with("姓名"));
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机\n李四,13900000000\n");
        let (text, enc) = decode(&gbk).expect("gbk");
        assert_eq!(enc, "gbk");
        assert!(text.contains("李四"));
    }

    #[test]
    fn a_dry_run_classifies_each_data_row() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let file = "姓名,手机\n张三,13800000000\n,\n李四,12345\n王五,+86 139-0000-0000\n";
        let run = dry_run(file.as_bytes(), today).expect("dry run");
        assert_eq!(
            run,
            DryRun {
                rows: 3,
                valid: 2,
                errors: 1
            }
        );
        assert!(dry_run(b"\xff\xfe\xfd", today).is_err());
    }

    #[test]
    fn headers_map_to_fields_and_cells_normalise() {
        let headers: Vec<String> = ["客户姓名", "手机号码", "性别", "出生日期", "标签"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let m = guess_mapping(&headers);
        assert_eq!(m.get("name"), Some(&0));
        assert_eq!(m.get("mobile"), Some(&1));
        assert_eq!(m.get("tags"), Some(&4));
        let cells: Vec<String> = ["王五", "13700000000", "男", "1990/3/7", "VIP、学区"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let d = draft(&m, &cells).expect("draft");
        assert_eq!(d.gender.as_deref(), Some("male"));
        assert_eq!(d.birthday.as_deref(), Some("1990-03-07"));
        assert_eq!(d.tags, vec!["VIP".to_owned(), "学区".to_owned()]);
    }
}
