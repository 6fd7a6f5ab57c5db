//! `anju gen`: a developer group's worth of data on top of the demo, for
//! benchmarks and load tests — customers, projects and units, sales with
//! their opportunities and deals, members with their points ledgers,
//! interactions and service tickets, spread over three years.
//!
//! Every row comes from a reproducible stream per row ([`Rng::row`]), so a
//! pass can recompute what an earlier pass decided (a customer's creation
//! time, a member's balance) instead of holding it in memory. Rows are
//! written with explicit ids in multi-row `INSERT`s, table after table in
//! foreign-key order; each statement runs while the next batch is built.
//!
//! The data keeps the invariants the application keeps: a member's balance
//! equals the sum of their ledger entries and of their unspent lots, a sold
//! unit has exactly one live deal, an opportunity is unique per customer and
//! project, a ticket's deadlines follow its SLA policy.

use super::service::{PROBLEMS, kind_of};
use super::{DEMO_PASSWORD, GIVEN, SURNAMES};
use crate::auth::password;
use crate::customers::initials::name_initials;
use crate::entity::{customer, department};
use crate::tickets::sla;
use crate::{DomainError, bulk_load, marketing};
use anju_types::customer::SOURCE_CHANNELS;
use anju_types::money::grouped;
use anju_types::pipeline::LOST_REASONS;
use anju_types::{TicketChannel, TicketKind, TicketPriority};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, Statement, Value,
};
use std::collections::HashMap;

/// How much to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub name: &'static str,
    pub customers: u64,
    pub units: u64,
    pub interactions: u64,
    pub ledger_entries: u64,
    pub tickets: u64,
}

impl Scale {
    /// A developer group: 1M customers, 200k units, 10M interactions, 10M
    /// ledger entries, 1M tickets.
    pub const GROUP: Scale = Scale {
        name: "group",
        customers: 1_000_000,
        units: 200_000,
        interactions: 10_000_000,
        ledger_entries: 10_000_000,
        tickets: 1_000_000,
    };
    /// A hundredth of a group, for trying things out.
    pub const SMALL: Scale = Scale {
        name: "small",
        customers: 10_000,
        units: 2_000,
        interactions: 100_000,
        ledger_entries: 100_000,
        tickets: 10_000,
    };

    pub fn named(name: &str) -> Option<Scale> {
        [Scale::GROUP, Scale::SMALL]
            .into_iter()
            .find(|s| s.name == name)
    }
}

/// Where generation is, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub table: &'static str,
    pub done: u64,
    pub total: u64,
}

/// Where [`generate`] reports its progress.
pub type OnProgress<'a> = &'a mut (dyn FnMut(Progress) + Send);

/// Reports every 10,000th row of a table's loop (row `i`).
fn tick(progress: OnProgress<'_>, i: u64, table: &'static str, done: u64, total: u64) {
    if i.is_multiple_of(10_000) {
        progress(Progress { table, done, total });
    }
}

/// Rows written per table.
#[derive(Clone, Debug, Default)]
pub struct Generated {
    pub rows: Vec<(&'static str, u64)>,
}

/// Marks generated customers: their mobiles are `190` + 8 digits.
const MOBILE_PREFIX: &str = "190";
/// Units per building: 25 floors of 8.
const FLOORS: u64 = 25;
const PER_FLOOR: u64 = 8;
const UNITS_PER_BUILDING: u64 = FLOORS * PER_FLOOR;
/// How far back the history goes.
const HISTORY_DAYS: i64 = 3 * 365;
const EXPIRY_DAYS: i64 = 730;

const CITIES: [(&str, &str, i64); 6] = [
    ("深圳", "南山区", 68_000),
    ("杭州", "西湖区", 42_000),
    ("广州", "天河区", 55_000),
    ("成都", "高新区", 21_000),
    ("武汉", "江汉区", 19_000),
    ("南京", "建邺区", 38_000),
];
const PROJECT_NAMES: [&str; 10] = [
    "锦绣", "翠湖", "云璟", "江山", "星河", "御景", "澜庭", "天悦", "琴台", "观澜",
];
const LAYOUTS: [(&str, i64); 4] = [
    ("三室两厅", 8950),
    ("两室两厅", 7820),
    ("四室两厅", 12860),
    ("三室两厅", 9630),
];
const NOTES: [&str; 6] = [
    "了解户型和价格",
    "约看样板间",
    "咨询贷款政策",
    "回访交房进度",
    "邀约参加业主活动",
    "确认付款计划",
];

/// Refuses when the database already holds generated customers.
pub async fn already_generated(db: &impl ConnectionTrait) -> Result<bool, DomainError> {
    Ok(customer::Entity::find()
        .filter(customer::Column::Mobile.starts_with(MOBILE_PREFIX))
        .count(db)
        .await?
        > 0)
}

/// Writes `scale`'s dataset into a database that holds the demo data (and
/// no generated data yet), then computes the customer pyramid.
pub async fn generate(
    db: &DatabaseConnection,
    scale: &Scale,
    now: DateTime<Utc>,
    progress: OnProgress<'_>,
) -> Result<Generated, DomainError> {
    if already_generated(db).await? {
        return Err(DomainError::Conflict("already_generated"));
    }
    let departments: HashMap<String, i64> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code, d.id))
        .collect();
    if departments.is_empty() {
        return Err(DomainError::Internal(
            "the demo data must be seeded first".to_owned(),
        ));
    }
    let mut g = Gen {
        db: db.clone(),
        now,
        start: now - Duration::days(HISTORY_DAYS),
        scale: scale.clone(),
        ids: Ids::read(db).await?,
        staff: Staff::default(),
        sales: Vec::new(),
        unit_sale: Vec::new(),
        departments,
        out: Generated::default(),
        names: name_table(),
        password_hash: tokio::task::spawn_blocking(|| password::hash(DEMO_PASSWORD))
            .await
            .map_err(|e| DomainError::Internal(format!("hash task: {e}")))??,
    };
    // Indexes and rollups are built once at the end, not row by row.
    let suspended = bulk_load::suspend(db, &TABLES).await?;
    let loaded = g.load(progress).await;
    let resumed = suspended
        .resume(db, &mut |done, total| {
            progress(Progress {
                table: "indexes, rollups",
                done,
                total,
            })
        })
        .await;
    loaded?;
    resumed?;
    g.ids.bump_sequences(db).await?;
    // Fresh statistics, so the planners see the new sizes.
    db.execute_unprepared("ANALYZE").await?;
    progress(Progress {
        table: "customer_segments",
        done: 0,
        total: scale.customers,
    });
    let segmented = marketing::segments::recompute_if_due(db, now)
        .await?
        .unwrap_or(0);
    g.out.rows.push(("customer_segments", segmented as u64));
    Ok(g.out)
}

/// [`generate`] with a progress bar on stderr, then the rows written per
/// table on stdout (`anju gen`, the dashboard benchmark).
pub async fn generate_with_progress(
    db: &DatabaseConnection,
    scale: &Scale,
    now: DateTime<Utc>,
) -> Result<Generated, DomainError> {
    let mut bar = ProgressBar::default();
    let generated = generate(db, scale, now, &mut |p| bar.update(p)).await?;
    bar.finish();
    println!(
        "generated the {} dataset in {:.0} s:",
        scale.name,
        bar.elapsed().as_secs_f64()
    );
    for (table, rows) in &generated.rows {
        println!("  {table:<20} {:>12}", grouped(*rows));
    }
    Ok(generated)
}

/// A reproducible stream of numbers (splitmix64).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    /// The stream of row `i` of a table (`salt`), the same on every pass.
    pub fn row(salt: u64, i: u64) -> Rng {
        let mut r = Rng(salt
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(i.wrapping_mul(0xD1B5_4A32_D192_ED03)));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    /// A moment in `[from, to)` (or `from` when the range is empty).
    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let secs = (to - from).num_seconds();
        if secs <= 0 {
            return from;
        }
        from + Duration::seconds(self.below(secs as u64) as i64)
    }
}

/// Table salts for [`Rng::row`].
mod salt {
    pub const CUSTOMER: u64 = 1;
    pub const PURCHASE: u64 = 2;
    pub const OPPORTUNITY: u64 = 3;
    pub const MEMBER: u64 = 4;
    pub const INTERACTION: u64 = 5;
    pub const LEDGER: u64 = 6;
    pub const TICKET: u64 = 7;
    pub const WEIGHT: u64 = 8;
    pub const NAME: u64 = 9;
}

/// `total` rows shared among `weights.len()` owners in proportion to their
/// weights; exact in sum. Returns each owner's first row and count.
fn spread(total: u64, weights: &[u64]) -> Vec<(u64, u64)> {
    let sum: u128 = weights.iter().map(|w| *w as u128).sum::<u128>().max(1);
    let mut acc: u128 = 0;
    let mut prev = 0u64;
    weights
        .iter()
        .map(|w| {
            acc += *w as u128;
            let upto = (acc * total as u128 / sum) as u64;
            let share = (prev, upto - prev);
            prev = upto;
            share
        })
        .collect()
}

/// Per table: the first id generated (the table's max id + 1 before
/// generation) and the next free one.
struct Ids {
    start: HashMap<&'static str, i64>,
    next: HashMap<&'static str, i64>,
}

const TABLES: [&str; 15] = [
    "users",
    "projects",
    "buildings",
    "units",
    "customers",
    "opportunities",
    "deals",
    "members",
    "interactions",
    "points_entries",
    "points_lots",
    "tickets",
    "ticket_tasks",
    "ticket_events",
    "user_roles",
];

impl Ids {
    async fn read(db: &impl ConnectionTrait) -> Result<Ids, DomainError> {
        let mut ids = HashMap::new();
        for table in TABLES {
            if table == "user_roles" {
                continue;
            }
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) AS m FROM {table}"),
                ))
                .await?;
            let max: i64 = row.map(|r| r.try_get("", "m")).transpose()?.unwrap_or(0);
            ids.insert(table, max + 1);
        }
        Ok(Ids {
            start: ids.clone(),
            next: ids,
        })
    }

    fn start(&self, table: &str) -> i64 {
        self.start.get(table).copied().unwrap_or(1)
    }

    fn next(&self, table: &str) -> i64 {
        self.next.get(table).copied().unwrap_or(1)
    }

    /// Reserves `n` ids; returns the first.
    fn take(&mut self, table: &'static str, n: u64) -> i64 {
        let first = self.next(table);
        self.next.insert(table, first + n as i64);
        first
    }

    /// PostgreSQL's serial sequences do not see explicit ids: move them on.
    async fn bump_sequences(&self, db: &impl ConnectionTrait) -> Result<(), DomainError> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for table in self.next.keys() {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .await?;
        }
        Ok(())
    }
}

/// Multi-row inserts into one table. A full statement runs in the
/// background while the caller builds the next one. Rows that reference
/// another table's rows are written by a *held* writer, flushed only after
/// its parent's rows are in ([`Bulk::flush_family`]).
struct Bulk {
    db: DatabaseConnection,
    table: &'static str,
    columns: &'static [&'static str],
    rows_per_statement: usize,
    values: Vec<Value>,
    full_sql: std::sync::Arc<String>,
    auto_flush: bool,
    pending: Option<tokio::task::JoinHandle<Result<(), sea_orm::DbErr>>>,
    written: u64,
}

impl Bulk {
    fn new(db: &DatabaseConnection, table: &'static str, columns: &'static [&'static str]) -> Bulk {
        // Under SQLite's and PostgreSQL's limits on bound values.
        let rows_per_statement = (30_000 / columns.len()).min(1_000);
        Bulk {
            db: db.clone(),
            table,
            columns,
            rows_per_statement,
            values: Vec::with_capacity(rows_per_statement * columns.len()),
            full_sql: std::sync::Arc::new(insert_sql(
                db.get_database_backend(),
                table,
                columns,
                rows_per_statement,
            )),
            auto_flush: true,
            pending: None,
            written: 0,
        }
    }

    /// A writer that flushes only when told to.
    fn held(mut self) -> Bulk {
        self.auto_flush = false;
        self
    }

    fn is_full(&self) -> bool {
        self.values.len() >= self.rows_per_statement * self.columns.len()
    }

    async fn push<const N: usize>(&mut self, row: [Value; N]) -> Result<(), DomainError> {
        debug_assert_eq!(N, self.columns.len(), "{}", self.table);
        self.values.extend(row);
        if self.auto_flush && self.is_full() {
            self.flush().await?;
        }
        Ok(())
    }

    async fn wait(&mut self) -> Result<(), DomainError> {
        if let Some(job) = self.pending.take() {
            job.await
                .map_err(|e| DomainError::Internal(format!("insert task: {e}")))??;
        }
        Ok(())
    }

    /// Starts writing what is buffered (in statements of at most
    /// `rows_per_statement` rows).
    async fn flush(&mut self) -> Result<(), DomainError> {
        self.wait().await?;
        if self.values.is_empty() {
            return Ok(());
        }
        let width = self.columns.len();
        let per = self.rows_per_statement;
        let backend = self.db.get_database_backend();
        let (table, columns) = (self.table, self.columns);
        let full_sql = self.full_sql.clone();
        let values = std::mem::replace(&mut self.values, Vec::with_capacity(per * width));
        self.written += (values.len() / width) as u64;
        let db = self.db.clone();
        self.pending = Some(tokio::spawn(async move {
            let mut values = values.into_iter();
            loop {
                let chunk: Vec<Value> = values.by_ref().take(per * width).collect();
                if chunk.is_empty() {
                    return Ok(());
                }
                let rows = chunk.len() / width;
                let sql = if rows == per {
                    String::clone(&full_sql)
                } else {
                    insert_sql(backend, table, columns, rows)
                };
                db.execute_raw(Statement::from_sql_and_values(backend, sql, chunk))
                    .await?;
            }
        }));
        Ok(())
    }

    /// Writes the parent's buffered rows, then (once they are in) starts
    /// the children's.
    async fn flush_family(
        parent: &mut Bulk,
        children: &mut [&mut Bulk],
    ) -> Result<(), DomainError> {
        parent.flush().await?;
        parent.wait().await?;
        for child in children {
            child.flush().await?;
        }
        Ok(())
    }

    async fn finish(mut self, out: &mut Generated) -> Result<u64, DomainError> {
        self.flush().await?;
        self.wait().await?;
        out.rows.push((self.table, self.written));
        Ok(self.written)
    }
}

fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            match backend {
                DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

fn v<T: Into<Value>>(x: T) -> Value {
    x.into()
}

/// Generated staff: (user id, project index) for sales; ids otherwise.
#[derive(Default)]
struct Staff {
    sales: Vec<(i64, usize)>,
    /// Sales staff per project index.
    by_project: Vec<Vec<i64>>,
    agents: Vec<i64>,
    /// Handlers by department code.
    handlers: HashMap<&'static str, Vec<i64>>,
}

/// A unit sold to a generated customer.
#[derive(Clone, Copy)]
struct Sale {
    customer: u64,
    unit: u64,
    contracted_at: DateTime<Utc>,
    delivered: bool,
}

struct Gen {
    db: DatabaseConnection,
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    scale: Scale,
    ids: Ids,
    staff: Staff,
    /// Sorted by customer.
    sales: Vec<Sale>,
    /// Per unit: the index into `sales`, if sold.
    unit_sale: Vec<Option<u32>>,
    departments: HashMap<String, i64>,
    out: Generated,
    /// (name, initials) of every surname × given name.
    names: Vec<(String, String)>,
    password_hash: String,
}

fn name_table() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for g in GIVEN {
        for s in SURNAMES {
            let name = format!("{s}{g}");
            let initials = name_initials(&name);
            out.push((name, initials));
        }
    }
    out
}

/// Facts about customer `i` every pass agrees on.
struct CustomerFacts {
    created_at: DateTime<Utc>,
    sales: Option<i64>,
}

impl Gen {
    /// Every generated table, parents before children.
    async fn load(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        self.staff(progress).await?;
        self.projects(progress).await?;
        self.plan_sales();
        self.units(progress).await?;
        self.customers(progress).await?;
        self.opportunities(progress).await?;
        self.deals(progress).await?;
        let members = self.members(progress).await?;
        self.interactions(progress).await?;
        self.ledgers(&members, progress).await?;
        self.tickets(progress).await
    }

    fn projects_count(&self) -> u64 {
        (self.scale.units / 5_000).max(4)
    }

    fn buildings_count(&self) -> u64 {
        self.scale.units.div_ceil(UNITS_PER_BUILDING)
    }

    fn project_of_unit(&self, k: u64) -> u64 {
        (k / UNITS_PER_BUILDING) * self.projects_count() / self.buildings_count()
    }

    fn customer(&self, i: u64) -> CustomerFacts {
        let mut r = Rng::row(salt::CUSTOMER, i);
        // Older ids are older customers, spread over the history.
        let span = (self.now - self.start).num_seconds() - 3_600;
        let at = self.start
            + Duration::seconds((i as i128 * span as i128 / self.scale.customers as i128) as i64);
        let sales = if r.percent(70) && !self.staff.sales.is_empty() {
            Some(r.pick(&self.staff.sales).0)
        } else {
            None
        };
        CustomerFacts {
            created_at: at,
            sales,
        }
    }

    fn name_of(&self, i: u64) -> &(String, String) {
        let k = Rng::row(salt::NAME, i).below(self.names.len() as u64);
        &self.names[k as usize]
    }

    fn customer_id(&self, i: u64) -> i64 {
        self.ids.start("customers") + i as i64
    }

    async fn staff(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let n_sales = (self.scale.customers / 5_000).max(4);
        let n_agents = (self.scale.customers / 20_000).max(2);
        let n_handlers = (self.scale.customers / 10_000).max(3);
        let total = n_sales + n_agents + n_handlers;
        progress(Progress {
            table: "users",
            done: 0,
            total,
        });
        let first = self.ids.take("users", total);
        let projects = self.projects_count() as usize;
        let mut users = Bulk::new(&self.db, "users", USER_COLUMNS);
        let mut roles = Bulk::new(&self.db, "user_roles", &["user_id", "role"]);
        let handler_depts = ["engineering", "property", "design"];
        let mut role_of = Vec::new();
        for k in 0..total {
            let id = first + k as i64;
            let (login, role, dept) = if k < n_sales {
                self.staff.sales.push((id, k as usize % projects));
                (format!("gs{k:04}"), "sales", "sales")
            } else if k < n_sales + n_agents {
                self.staff.agents.push(id);
                (format!("ga{:04}", k - n_sales), "service_agent", "service")
            } else {
                let dept = handler_depts[k as usize % handler_depts.len()];
                self.staff.handlers.entry(dept).or_default().push(id);
                (
                    format!("gh{:04}", k - n_sales - n_agents),
                    "service_handler",
                    dept,
                )
            };
            role_of.push(role);
            let name = &self.names[(k as usize * 7) % self.names.len()].0;
            users
                .push([
                    v(id),
                    v("staff"),
                    v(login),
                    v(name.clone()),
                    v(self.password_hash.clone()),
                    v(true),
                    v("zh"),
                    v(self.departments.get(dept).copied()),
                    v(None::<i64>),
                    v(self.start),
                    v(self.start),
                ])
                .await?;
        }
        users.finish(&mut self.out).await?;
        for (k, role) in role_of.into_iter().enumerate() {
            roles.push([v(first + k as i64), v(role)]).await?;
        }
        self.staff.by_project = vec![Vec::new(); projects];
        for (id, p) in &self.staff.sales {
            self.staff.by_project[*p].push(*id);
        }
        roles.finish(&mut self.out).await?;
        Ok(())
    }

    async fn projects(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let n = self.projects_count();
        progress(Progress {
            table: "projects",
            done: 0,
            total: n,
        });
        let first = self.ids.take("projects", n);
        let mut rows = Bulk::new(
            &self.db,
            "projects",
            &[
                "id",
                "code",
                "name",
                "city",
                "district",
                "status",
                "created_at",
            ],
        );
        for p in 0..n {
            let (city, district, _) = CITIES[p as usize % CITIES.len()];
            rows.push([
                v(first + p as i64),
                v(format!("G{p:03}")),
                v(format!(
                    "安居·{}{}期",
                    PROJECT_NAMES[p as usize % PROJECT_NAMES.len()],
                    p / PROJECT_NAMES.len() as u64 + 1
                )),
                v(city),
                v(district),
                v(if p % 5 == 4 { "presale" } else { "selling" }),
                v(self.start),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        let nb = self.buildings_count();
        let first_building = self.ids.take("buildings", nb);
        let mut rows = Bulk::new(
            &self.db,
            "buildings",
            &["id", "project_id", "name", "floors", "units_per_floor"],
        );
        for b in 0..nb {
            let p = self.project_of_unit(b * UNITS_PER_BUILDING);
            rows.push([
                v(first_building + b as i64),
                v(first + p as i64),
                v(format!("{}栋", b + 1)),
                v(FLOORS as i32),
                v(PER_FLOOR as i32),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    /// Decides who bought which unit: about 60% of units sell, a few
    /// buyers buy twice (in another project).
    fn plan_sales(&mut self) {
        let projects = self.projects_count();
        // Per project: its next unsold unit and its end.
        let mut cursor: Vec<(u64, u64)> = (0..projects).map(|_| (u64::MAX, 0)).collect();
        for k in 0..self.scale.units {
            let p = self.project_of_unit(k) as usize;
            cursor[p].0 = cursor[p].0.min(k);
            cursor[p].1 = k + 1;
        }
        let to_sell = self.scale.units * 6 / 10;
        let buy_percent = (to_sell * 100 / self.scale.customers).max(1);
        self.unit_sale = vec![None; self.scale.units as usize];
        for i in 0..self.scale.customers {
            if self.sales.len() as u64 >= to_sell {
                break;
            }
            let mut r = Rng::row(salt::PURCHASE, i);
            if !r.percent(buy_percent) {
                continue;
            }
            let created = self.customer(i).created_at;
            let homes = if r.percent(8) { 2 } else { 1 };
            let first_project = r.below(projects);
            let mut at = created;
            let mut bought = Vec::new();
            for h in 0..homes {
                // The next project with an unsold unit (one home per project:
                // an opportunity is per customer and project).
                let Some(p) = (0..projects)
                    .map(|d| ((first_project + d + h * 3) % projects) as usize)
                    .find(|p| cursor[*p].0 < cursor[*p].1 && !bought.contains(p))
                else {
                    break;
                };
                at = (at + Duration::days(15 + r.below(300) as i64))
                    .min(self.now - Duration::hours(2));
                if at <= created {
                    break;
                }
                let unit = cursor[p].0;
                cursor[p].0 += 1;
                bought.push(p);
                self.unit_sale[unit as usize] = Some(self.sales.len() as u32);
                self.sales.push(Sale {
                    customer: i,
                    unit,
                    contracted_at: at,
                    delivered: at < self.now - Duration::days(365) || r.percent(30),
                });
            }
        }
    }

    fn unit_price_fen(&self, k: u64) -> (i64, &'static str, i64) {
        let p = self.project_of_unit(k);
        let per_m2 = CITIES[p as usize % CITIES.len()].2;
        let floor = (k % UNITS_PER_BUILDING) / PER_FLOOR + 1;
        let (layout, area) = LAYOUTS[(k % PER_FLOOR) as usize % LAYOUTS.len()];
        let yuan = area * per_m2 / 100 * (200 + floor as i64) / 200;
        (yuan * 100, layout, area)
    }

    async fn units(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let total = self.scale.units;
        let first = self.ids.take("units", total);
        let first_building = self.ids.start("buildings");
        let mut rows = Bulk::new(
            &self.db,
            "units",
            &[
                "id",
                "building_id",
                "floor",
                "number",
                "layout",
                "area_centi_m2",
                "list_price_fen",
                "status",
                "updated_at",
                "customer_id",
            ],
        );
        for k in 0..total {
            tick(progress, k, "units", k, total);
            let floor = (k % UNITS_PER_BUILDING) / PER_FLOOR + 1;
            let pos = k % PER_FLOOR + 1;
            let (price, layout, area) = self.unit_price_fen(k);
            let sale = self.unit_sale[k as usize].map(|s| self.sales[s as usize]);
            let (status, owner, at) = match sale {
                Some(s) => (
                    if s.delivered {
                        "delivered"
                    } else {
                        "contracted"
                    },
                    Some(self.customer_id(s.customer)),
                    s.contracted_at,
                ),
                None => ("available", None, self.start),
            };
            rows.push([
                v(first + k as i64),
                v(first_building + (k / UNITS_PER_BUILDING) as i64),
                v(floor as i32),
                v(format!("{floor}{pos:02}")),
                v(layout),
                v(area),
                v(price),
                v(status),
                v(at),
                v(owner),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    async fn customers(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let total = self.scale.customers;
        let first = self.ids.take("customers", total);
        let mut rows = Bulk::new(
            &self.db,
            "customers",
            &[
                "id",
                "name",
                "name_initials",
                "mobile",
                "mobile_last4",
                "gender",
                "city",
                "source_channel",
                "consent_marketing",
                "assigned_sales_id",
                "created_at",
                "updated_at",
            ],
        );
        for i in 0..total {
            tick(progress, i, "customers", i, total);
            let facts = self.customer(i);
            let mut r = Rng::row(salt::CUSTOMER, i);
            let (name, initials) = self.name_of(i);
            let mobile = format!("{MOBILE_PREFIX}{i:08}");
            rows.push([
                v(first + i as i64),
                v(name.clone()),
                v(initials.clone()),
                v(mobile.clone()),
                v(mobile[7..].to_owned()),
                v(if r.percent(50) { "male" } else { "female" }),
                v(r.pick(&CITIES).0),
                v(r.pick(&SOURCE_CHANNELS)),
                v(r.percent(75)),
                v(facts.sales),
                v(facts.created_at),
                v(facts.created_at),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    fn project_id(&self, p: u64) -> i64 {
        self.ids.start("projects") + p as i64
    }

    fn unit_id(&self, k: u64) -> i64 {
        self.ids.start("units") + k as i64
    }

    fn sales_of_project(&self, p: u64, r: &mut Rng) -> Option<i64> {
        let staff = self.staff.by_project.get(p as usize)?;
        (!staff.is_empty()).then(|| r.pick(staff))
    }

    /// One won opportunity per sale (ids in sale order), then lost and open
    /// ones in projects the customer did not buy in.
    async fn opportunities(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let projects = self.projects_count();
        // The won ones first, in sale order: deal k's is `start + k`.
        let first = self.ids.start("opportunities");
        let mut rows = Bulk::new(&self.db, "opportunities", OPPORTUNITY_COLUMNS);
        let mut id = first;
        progress(Progress {
            table: "opportunities",
            done: 0,
            total: self.scale.customers,
        });
        for s in self.sales.clone() {
            let p = self.project_of_unit(s.unit);
            let mut r = Rng::row(salt::OPPORTUNITY, s.unit);
            let created = (s.contracted_at - Duration::days(10 + r.below(90) as i64))
                .max(self.customer(s.customer).created_at);
            let (price, ..) = self.unit_price_fen(s.unit);
            rows.push([
                v(id),
                v(self.customer_id(s.customer)),
                v(self.project_id(p)),
                v(self.sales_of_project(p, &mut r)),
                v("deal"),
                v(4),
                v(Some(price)),
                v(None::<chrono::NaiveDate>),
                v(r.pick(&SOURCE_CHANNELS)),
                v(None::<String>),
                v(Some(price - price / 100)),
                v(s.contracted_at),
                v(created),
                v(s.contracted_at),
            ])
            .await?;
            id += 1;
        }
        let mut s = 0usize;
        for i in 0..self.scale.customers {
            tick(progress, i, "opportunities", i, self.scale.customers);
            let mut bought = Vec::new();
            while s < self.sales.len() && self.sales[s].customer == i {
                bought.push(self.project_of_unit(self.sales[s].unit));
                s += 1;
            }
            let mut r = Rng::row(salt::OPPORTUNITY, 1 << 40 | i);
            let (lost, open) = (r.percent(20), r.percent(10));
            let created_at = self.customer(i).created_at;
            let mut p = r.below(projects);
            for (is_open, wanted) in [(false, lost), (true, open)] {
                if !wanted {
                    continue;
                }
                while bought.contains(&p) {
                    p = (p + 1) % projects;
                }
                bought.push(p);
                let at = r.between(created_at, self.now);
                let stage = if is_open {
                    r.pick(&["visit", "visit", "intent", "pre_deal"])
                } else {
                    "lost"
                };
                let rank = match stage {
                    "visit" => 1,
                    "intent" => 2,
                    "pre_deal" => 3,
                    _ => 1 + r.below(3) as i32,
                };
                let price = 100_000_000 + r.below(400) as i64 * 1_000_000;
                rows.push([
                    v(id),
                    v(self.customer_id(i)),
                    v(self.project_id(p)),
                    v(self.sales_of_project(p, &mut r)),
                    v(stage),
                    v(rank),
                    v(Some(price)),
                    v(is_open.then(|| (self.now + Duration::days(30)).date_naive())),
                    v(r.pick(&SOURCE_CHANNELS)),
                    v((!is_open).then(|| r.pick(&LOST_REASONS))),
                    v(None::<i64>),
                    v(at),
                    v(at),
                    v(at),
                ])
                .await?;
                id += 1;
            }
        }
        self.ids.take("opportunities", (id - first) as u64);
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    async fn deals(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let total = self.sales.len() as u64;
        progress(Progress {
            table: "deals",
            done: 0,
            total,
        });
        let first = self.ids.take("deals", total);
        let first_opportunity = self.ids.start("opportunities");
        let mut rows = Bulk::new(
            &self.db,
            "deals",
            &[
                "id",
                "unit_id",
                "customer_id",
                "opportunity_id",
                "sales_user_id",
                "status",
                "list_price_fen",
                "discount_fen",
                "price_fen",
                "deposit_fen",
                "discount_approval",
                "reserved_at",
                "contracted_at",
                "delivered_at",
            ],
        );
        for (k, s) in self.sales.clone().into_iter().enumerate() {
            let mut r = Rng::row(salt::OPPORTUNITY, s.unit);
            let p = self.project_of_unit(s.unit);
            let sales = self.sales_of_project(p, &mut r);
            let (price, ..) = self.unit_price_fen(s.unit);
            let discount = price / 100;
            rows.push([
                v(first + k as i64),
                v(self.unit_id(s.unit)),
                v(self.customer_id(s.customer)),
                v(first_opportunity + k as i64),
                v(sales),
                v(if s.delivered {
                    "delivered"
                } else {
                    "contracted"
                }),
                v(price),
                v(discount),
                v(price - discount),
                v(5_000_000_i64),
                v("not_needed"),
                v(s.contracted_at - Duration::days(3)),
                v(Some(s.contracted_at)),
                v(s.delivered.then(|| s.contracted_at + Duration::days(300))),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    /// Every buyer and about one in five other customers are members, each
    /// with a portal account (login: the mobile, the demo password).
    /// Returns `(member index → customer index)`.
    async fn members(
        &mut self,
        progress: OnProgress<'_>,
    ) -> Result<Vec<(u64, DateTime<Utc>)>, DomainError> {
        let mut members = Vec::new();
        let mut s = 0usize;
        for i in 0..self.scale.customers {
            let mut first_sale = None;
            while s < self.sales.len() && self.sales[s].customer == i {
                first_sale = first_sale.or(Some(self.sales[s].contracted_at));
                s += 1;
            }
            let mut r = Rng::row(salt::MEMBER, i);
            let joined = match first_sale {
                Some(at) => Some(at + Duration::days(r.below(30) as i64)),
                None if r.percent(20) => {
                    Some(self.customer(i).created_at + Duration::days(r.below(60) as i64))
                }
                None => None,
            };
            if let Some(at) = joined {
                members.push((i, at.min(self.now - Duration::hours(1))));
            }
        }
        let total = members.len() as u64;
        let first = self.ids.take("members", total);
        let first_user = self.ids.take("users", total);
        let mut rows = Bulk::new(
            &self.db,
            "members",
            &[
                "id",
                "customer_id",
                "member_no",
                "tier",
                "points_balance",
                "points_earned",
                "enrolled_at",
                "updated_at",
            ],
        );
        for (m, (i, at)) in members.iter().enumerate() {
            tick(progress, m as u64, "members", m as u64, total);
            let ledger = self.ledger(m as u64, *at, self.ledger_share(m as u64, total));
            let id = first + m as i64;
            rows.push([
                v(id),
                v(self.customer_id(*i)),
                v(crate::club::membership::member_no(id)),
                v(tier(ledger.earned)),
                v(ledger.balance),
                v(ledger.earned),
                v(*at),
                v(*at),
            ])
            .await?;
        }
        rows.finish(&mut self.out).await?;
        let mut users = Bulk::new(&self.db, "users", USER_COLUMNS);
        for (m, (i, at)) in members.iter().enumerate() {
            tick(progress, m as u64, "member accounts", m as u64, total);
            let name = &self.name_of(*i).0;
            users
                .push([
                    v(first_user + m as i64),
                    v("member"),
                    v(format!("{MOBILE_PREFIX}{i:08}")),
                    v(name.clone()),
                    v(self.password_hash.clone()),
                    v(true),
                    v("zh"),
                    v(None::<i64>),
                    v(Some(self.customer_id(*i))),
                    v(*at),
                    v(*at),
                ])
                .await?;
        }
        users.finish(&mut self.out).await?;
        let mut roles = Bulk::new(&self.db, "user_roles", &["user_id", "role"]);
        for m in 0..total {
            roles.push([v(first_user + m as i64), v("member")]).await?;
        }
        roles.finish(&mut self.out).await?;
        Ok(members)
    }

    /// Member `m`'s number of ledger entries.
    fn ledger_share(&self, m: u64, members: u64) -> u64 {
        // Between half and one and a half times the average.
        let avg = self.scale.ledger_entries as f64 / members.max(1) as f64;
        let mut r = Rng::row(salt::WEIGHT, m);
        ((avg * (0.5 + r.below(1_000) as f64 / 1_000.0)).round() as u64).max(1)
    }

    /// Member `m`'s ledger from `joined` to now, with `n` entries: a welcome
    /// credit, then earnings and redemptions (oldest lots spent first) and
    /// the expiry of lots not spent within two years.
    fn ledger(&self, m: u64, joined: DateTime<Utc>, n: u64) -> Ledger {
        let mut r = Rng::row(salt::LEDGER, m);
        let mut out = Ledger::default();
        let span = (self.now - joined).num_seconds().max(1);
        let mut lots: std::collections::VecDeque<(usize, i64, DateTime<Utc>)> =
            std::collections::VecDeque::new();
        for k in 0..n {
            let at = joined + Duration::seconds((k as i64 * span) / n as i64);
            // Lots lapse before anything else happens.
            while let Some(&(_, left, expires)) = lots.front() {
                if expires > at {
                    break;
                }
                lots.pop_front();
                out.entries.push(Entry {
                    kind: "expire",
                    reason: "expiry",
                    points: -left,
                    expires_at: None,
                    at: expires,
                });
                out.balance -= left;
            }
            let redeem = k > 0 && r.percent(25) && out.balance >= 100;
            if redeem {
                let mut take = (100 + r.below(out.balance as u64 / 2) as i64).min(out.balance);
                out.entries.push(Entry {
                    kind: "redeem",
                    reason: "reward",
                    points: -take,
                    expires_at: None,
                    at,
                });
                out.balance -= take;
                while take > 0 {
                    let Some(front) = lots.front_mut() else { break };
                    let used = take.min(front.1);
                    front.1 -= used;
                    take -= used;
                    if front.1 == 0 {
                        lots.pop_front();
                    }
                }
            } else {
                let (reason, points) = if k == 0 {
                    ("enrolment", 200)
                } else {
                    r.pick(&[
                        ("event", 50),
                        ("event", 100),
                        ("survey", 20),
                        ("purchase", 3_000),
                        ("referral", 2_000),
                        ("manual", 500),
                    ])
                };
                let expires = at + Duration::days(EXPIRY_DAYS);
                out.entries.push(Entry {
                    kind: "earn",
                    reason,
                    points,
                    expires_at: Some(expires),
                    at,
                });
                lots.push_back((out.entries.len() - 1, points, expires));
                out.balance += points;
                out.earned += points;
            }
        }
        // The expiry job has run up to now.
        while let Some(&(_, left, expires)) = lots.front() {
            if expires > self.now {
                break;
            }
            lots.pop_front();
            out.entries.push(Entry {
                kind: "expire",
                reason: "expiry",
                points: -left,
                expires_at: None,
                at: expires,
            });
            out.balance -= left;
        }
        out.lots = lots.into_iter().collect();
        out
    }

    async fn interactions(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let total = self.scale.interactions;
        let first = self.ids.take("interactions", total);
        let mut buyer = vec![false; self.scale.customers as usize];
        for s in &self.sales {
            buyer[s.customer as usize] = true;
        }
        let weights: Vec<u64> = (0..self.scale.customers)
            .map(|i| {
                let mut r = Rng::row(salt::WEIGHT, 1 << 40 | i);
                if buyer[i as usize] {
                    4 + r.below(20)
                } else {
                    1 + r.below(8)
                }
            })
            .collect();
        let shares = spread(total, &weights);
        drop(weights);
        let mut rows = Bulk::new(
            &self.db,
            "interactions",
            &[
                "id",
                "customer_id",
                "kind",
                "occurred_at",
                "staff_user_id",
                "notes",
                "created_at",
            ],
        );
        for (i, (from, n)) in shares.into_iter().enumerate() {
            let i = i as u64;
            tick(progress, i, "interactions", from, total);
            let facts = self.customer(i);
            let mut r = Rng::row(salt::INTERACTION, i);
            // In time order, as they are logged (a member's activity runs
            // then grow at their end instead of being recomputed).
            let mut times: Vec<_> = (0..n)
                .map(|_| r.between(facts.created_at, self.now))
                .collect();
            times.sort_unstable();
            for (k, at) in (0u64..).zip(times) {
                let kind = match r.below(100) {
                    0..=29 => "call_out",
                    30..=44 => "call_in",
                    45..=59 => "visit",
                    60..=79 => "sms",
                    80..=82 => "email",
                    83..=89 if buyer[i as usize] => "event_attendance",
                    90..=92 => "survey",
                    _ => "call_out",
                };
                let staff = match kind {
                    "call_out" | "call_in" | "visit" => facts.sales.or_else(|| {
                        (!self.staff.sales.is_empty()).then(|| r.pick(&self.staff.sales).0)
                    }),
                    _ => None,
                };
                rows.push([
                    v(first + (from + k) as i64),
                    v(self.customer_id(i)),
                    v(kind),
                    v(at),
                    v(staff),
                    v(r.pick(&NOTES)),
                    v(at),
                ])
                .await?;
            }
        }
        rows.finish(&mut self.out).await?;
        Ok(())
    }

    async fn ledgers(
        &mut self,
        members: &[(u64, DateTime<Utc>)],
        progress: OnProgress<'_>,
    ) -> Result<(), DomainError> {
        let total_members = members.len() as u64;
        let first_member = self.ids.start("members");
        let mut entries = Bulk::new(
            &self.db,
            "points_entries",
            &[
                "id",
                "member_id",
                "kind",
                "points",
                "reason",
                "expires_at",
                "created_at",
            ],
        )
        .held();
        let mut lots = Bulk::new(
            &self.db,
            "points_lots",
            &["id", "member_id", "entry_id", "remaining", "expires_at"],
        )
        .held();
        let mut entry_id = self.ids.start("points_entries");
        let mut lot_id = self.ids.start("points_lots");
        for (m, (_, joined)) in members.iter().enumerate() {
            let m = m as u64;
            tick(progress, m, "points_entries", m, total_members);
            let ledger = self.ledger(m, *joined, self.ledger_share(m, total_members));
            let member_id = first_member + m as i64;
            let base = entry_id;
            for e in &ledger.entries {
                entries
                    .push([
                        v(entry_id),
                        v(member_id),
                        v(e.kind),
                        v(e.points),
                        v(e.reason),
                        v(e.expires_at),
                        v(e.at),
                    ])
                    .await?;
                entry_id += 1;
            }
            for (entry, left, expires) in ledger.lots {
                lots.push([
                    v(lot_id),
                    v(member_id),
                    v(base + entry as i64),
                    v(left),
                    v(expires),
                ])
                .await?;
                lot_id += 1;
            }
            if entries.is_full() {
                Bulk::flush_family(&mut entries, &mut [&mut lots]).await?;
            }
        }
        Bulk::flush_family(&mut entries, &mut [&mut lots]).await?;
        let n_entries = entries.finish(&mut self.out).await?;
        let n_lots = lots.finish(&mut self.out).await?;
        self.ids.take("points_entries", n_entries);
        self.ids.take("points_lots", n_lots);
        Ok(())
    }

    /// Tickets from owners about their homes since they signed: the old
    /// ones settled (most within their SLA target), the last ten days'
    /// still open.
    async fn tickets(&mut self, progress: OnProgress<'_>) -> Result<(), DomainError> {
        let total = self.scale.tickets;
        if self.sales.is_empty() {
            return Ok(());
        }
        let first = self.ids.take("tickets", total);
        let weights: Vec<u64> = (0..self.sales.len() as u64)
            .map(|k| 1 + Rng::row(salt::WEIGHT, 2 << 40 | k).below(10))
            .collect();
        let shares = spread(total, &weights);
        let mut tickets = Bulk::new(&self.db, "tickets", TICKET_COLUMNS).held();
        let mut tasks = Bulk::new(
            &self.db,
            "ticket_tasks",
            &[
                "id",
                "ticket_id",
                "department_id",
                "status",
                "handler_user_id",
                "result",
                "dispatched_at",
                "accepted_at",
                "done_at",
            ],
        )
        .held();
        let mut events = Bulk::new(
            &self.db,
            "ticket_events",
            &[
                "id",
                "ticket_id",
                "kind",
                "public",
                "note",
                "department_id",
                "actor_user_id",
                "at",
            ],
        )
        .held();
        let mut task_id = self.ids.start("ticket_tasks");
        let mut event_id = self.ids.start("ticket_events");
        let recent = self.now - Duration::days(10);
        for (k, (from, n)) in shares.into_iter().enumerate() {
            tick(progress, k as u64, "tickets", from, total);
            let sale = self.sales[k];
            for j in 0..n {
                let id = first + (from + j) as i64;
                let mut r = Rng::row(salt::TICKET, from + j);
                let (category, title, description, fix) = r.pick(&PROBLEMS);
                let kind = kind_of(category);
                let priority = match r.below(10) {
                    0 => TicketPriority::Urgent,
                    1 | 2 => TicketPriority::High,
                    9 => TicketPriority::Low,
                    _ => TicketPriority::Normal,
                };
                let channel = r.pick(&[
                    TicketChannel::Portal,
                    TicketChannel::Portal,
                    TicketChannel::Hotline,
                    TicketChannel::WalkIn,
                ]);
                let created = r.between(sale.contracted_at + Duration::days(7), self.now);
                let policy = sla::default_policy(kind, priority);
                let first_minutes = sla::first_response_minutes(&policy, channel);
                let target = policy.resolution_minutes;
                let agent = r.pick(&self.staff.agents);
                let open = created > recent && r.percent(60);
                let responded =
                    created + Duration::minutes((first_minutes * (20 + r.below(100) as i64)) / 100);
                // Most settle within the target, some take up to three times it.
                let took = if r.percent(85) {
                    target * (10 + r.below(85) as i64) / 100
                } else {
                    target * (105 + r.below(200) as i64) / 100
                };
                let resolved = (!open).then(|| created + Duration::minutes(took));
                let closed = resolved.map(|at| at + Duration::hours(2 + r.below(48) as i64));
                let rating = (closed.is_some() && r.percent(60)).then(|| match r.below(10) {
                    0 => 2,
                    1 | 2 => 3,
                    3..=5 => 4,
                    _ => 5,
                });
                let dept_code = match kind {
                    TicketKind::Inquiry => None,
                    TicketKind::Complaint | TicketKind::Suggestion => Some("property"),
                    _ if r.percent(15) => Some("design"),
                    _ => Some("engineering"),
                };
                let status = match (open, rating) {
                    (true, _) if dept_code.is_some() => "in_progress",
                    (true, _) => "received",
                    (false, Some(_)) => "revisited",
                    (false, None) => "closed",
                };
                tickets
                    .push([
                        v(id),
                        v(self.customer_id(sale.customer)),
                        v(Some(self.unit_id(sale.unit))),
                        v(kind.as_str()),
                        v(category),
                        v(title),
                        v(description),
                        v(channel.as_str()),
                        v(priority.as_str()),
                        v(status),
                        v(Some(agent)),
                        v((channel != TicketChannel::Portal).then_some(agent)),
                        v(sla::warn_at(created, first_minutes, false)),
                        v(sla::add_minutes(created, first_minutes, false)),
                        v(sla::warn_at(created, target, false)),
                        v(sla::add_minutes(created, target, false)),
                        v(false),
                        v(Some(responded)),
                        v(resolved),
                        v(closed),
                        v(0),
                        v(rating),
                        v(rating.map(|r| {
                            if r >= 4 {
                                "处理及时，满意"
                            } else {
                                "速度还可以更快"
                            }
                        })),
                        v(rating.and(closed).map(|c| c + Duration::days(1))),
                        v(0),
                        v(created),
                        v(closed.unwrap_or(responded)),
                    ])
                    .await?;
                let mut event = |kind: &'static str, note: Option<&str>, dept, actor, at| {
                    event_id += 1;
                    [
                        v(event_id - 1),
                        v(id),
                        v(kind),
                        v(true),
                        v(note.map(str::to_owned)),
                        v(dept),
                        v(actor),
                        v(at),
                    ]
                };
                events
                    .push(event("received", None, None::<i64>, None::<i64>, created))
                    .await?;
                if let Some(code) = dept_code {
                    let dept = self.departments.get(code).copied();
                    let handler = self
                        .staff
                        .handlers
                        .get(code)
                        .map(|h| r.pick(h))
                        .or(Some(agent));
                    events
                        .push(event("dispatched", None, dept, Some(agent), responded))
                        .await?;
                    let accepted = responded + Duration::hours(1);
                    tasks
                        .push([
                            v(task_id),
                            v(id),
                            v(dept),
                            v(if resolved.is_some() {
                                "done"
                            } else {
                                "accepted"
                            }),
                            v(handler),
                            v(resolved.map(|_| fix)),
                            v(responded),
                            v(Some(accepted)),
                            v(resolved),
                        ])
                        .await?;
                    task_id += 1;
                } else {
                    events
                        .push(event(
                            "note",
                            Some("您好，已收到您的问题，客服正在处理。"),
                            None,
                            Some(agent),
                            responded,
                        ))
                        .await?;
                }
                if let (Some(done), Some(c)) = (resolved, closed) {
                    events
                        .push(event("resolved", None, None, Some(agent), done))
                        .await?;
                    events.push(event("confirmed", None, None, None, c)).await?;
                }
                if tickets.is_full() {
                    Bulk::flush_family(&mut tickets, &mut [&mut tasks, &mut events]).await?;
                }
            }
        }
        Bulk::flush_family(&mut tickets, &mut [&mut tasks, &mut events]).await?;
        tickets.finish(&mut self.out).await?;
        let n_tasks = tasks.finish(&mut self.out).await?;
        let n_events = events.finish(&mut self.out).await?;
        self.ids.take("ticket_tasks", n_tasks);
        self.ids.take("ticket_events", n_events);
        Ok(())
    }
}

const USER_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "login",
    "display_name",
    "password_hash",
    "active",
    "lang",
    "department_id",
    "customer_id",
    "created_at",
    "updated_at",
];

const OPPORTUNITY_COLUMNS: &[&str] = &[
    "id",
    "customer_id",
    "project_id",
    "sales_user_id",
    "stage",
    "furthest_rank",
    "expected_amount_fen",
    "expected_close_on",
    "source_channel",
    "lost_reason",
    "deal_amount_fen",
    "stage_changed_at",
    "created_at",
    "updated_at",
];

const TICKET_COLUMNS: &[&str] = &[
    "id",
    "customer_id",
    "unit_id",
    "kind",
    "category",
    "title",
    "description",
    "channel",
    "priority",
    "status",
    "agent_user_id",
    "created_by",
    "first_response_warn_at",
    "first_response_due_at",
    "resolution_warn_at",
    "resolution_due_at",
    "business_hours",
    "first_responded_at",
    "resolved_at",
    "closed_at",
    "paused_minutes",
    "rating",
    "revisit_comment",
    "revisited_at",
    "reopen_count",
    "created_at",
    "updated_at",
];

#[derive(Default)]
struct Ledger {
    entries: Vec<Entry>,
    /// (index into entries, points left, expiry) of the unspent lots.
    lots: Vec<(usize, i64, DateTime<Utc>)>,
    balance: i64,
    earned: i64,
}

struct Entry {
    kind: &'static str,
    reason: &'static str,
    points: i64,
    expires_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
}

/// The tier for points ever earned, at the default thresholds.
fn tier(earned: i64) -> &'static str {
    match earned {
        e if e >= 50_000 => "diamond",
        e if e >= 10_000 => "gold",
        e if e >= 2_000 => "silver",
        _ => "basic",
    }
}

/// A text progress bar on stderr, one line per table, each ending at 100%.
pub struct ProgressBar {
    started: std::time::Instant,
    last: Option<Progress>,
}

impl Default for ProgressBar {
    fn default() -> Self {
        ProgressBar {
            started: std::time::Instant::now(),
            last: None,
        }
    }
}

impl ProgressBar {
    pub fn update(&mut self, p: Progress) {
        use std::io::Write;
        if let Some(last) = self.last
            && last.table != p.table
        {
            self.finish_line(last);
        }
        eprint!("\r{}", progress_line(p, self.started.elapsed()));
        let _ = std::io::stderr().flush();
        self.last = Some(p);
    }

    fn finish_line(&self, last: Progress) {
        let done = Progress {
            done: last.total,
            ..last
        };
        eprintln!("\r{}", progress_line(done, self.started.elapsed()));
    }

    /// Completes the last table's line.
    pub fn finish(&mut self) {
        if let Some(last) = self.last.take() {
            self.finish_line(last);
        }
    }

    pub fn elapsed(&self) -> std::time::Duration {
        self.started.elapsed()
    }
}

/// One line of a text progress bar: `[#####.....]  50% interactions 5,000,000 / 10,000,000  1m12s`.
pub fn progress_line(p: Progress, elapsed: std::time::Duration) -> String {
    let width = 30;
    let filled = (p.done.min(p.total) * width)
        .checked_div(p.total)
        .unwrap_or(width) as usize;
    let secs = elapsed.as_secs();
    format!(
        "[{}{}] {:>3}% {:<16} {:>11} / {:<11} {}m{:02}s",
        "#".repeat(filled),
        ".".repeat(width as usize - filled),
        (p.done.min(p.total) * 100)
            .checked_div(p.total)
            .unwrap_or(100),
        p.table,
        grouped(p.done),
        grouped(p.total),
        secs / 60,
        secs % 60
    )
}
