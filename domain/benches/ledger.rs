//! `cargo bench -p anju-domain --bench ledger`: the customer ledger at scale.
//!
//! - search p50/p99 at 1,000,000 customers (phone suffix, full phone, name
//!   prefix, pinyin initials) as a salesperson (own scope) and a sales
//!   manager (team scope), straight through `customers::search`;
//! - a 100,000-row CSV import with dedupe (10% of the rows are already in
//!   the ledger), upload to done, through `customers::import`.
//!
//! SQLite file under `target/bench-ledger/` (built once, reused: delete it
//! to rebuild), or PostgreSQL when `ANJU_BENCH_DATABASE_URL` is set.
//! `ANJU_BENCH_CUSTOMERS` changes the size.

use anju_domain::auth::Actor;
use anju_domain::auth::session::{self, LoginInput};
use anju_domain::customers::import;
use anju_domain::customers::initials::name_initials;
use anju_domain::customers::{self, SearchQuery};
use anju_domain::entity::{customer, user};
use anju_domain::{Clock, Services, db, demo};
use anju_types::customer_import::ImportStart;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::time::{Duration, Instant};

const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];
const GIVEN: [&str; 16] = [
    "建华", "秀英", "志强", "丽娟", "海涛", "静怡", "国庆", "晓燕", "文博", "雅琴", "子涵", "浩然",
    "思远", "梦瑶", "永明", "佳怡",
];
const RUNS: usize = 300;

/// Makes the k-th query of a case.
type QueryMaker = Box<dyn Fn(usize) -> String>;
const IMPORT_ROWS: usize = 100_000;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run());
}

fn mobile(i: usize) -> String {
    format!("150{:08}", i)
}

async fn run() {
    let target: usize = std::env::var("ANJU_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let url = std::env::var("ANJU_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-ledger");
        format!("sqlite://{}/ledger-{target}.db?mode=rwc", dir.display())
    });
    println!("database: {}", url.split('?').next().unwrap_or_default());
    let conn = db::connect(&url).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    let now = chrono::Utc::now();
    let svc = Services {
        db: conn.clone(),
        reports: conn.clone(),
        jwt: anju_domain::auth::jwt::JwtKeys::from_secret(b"anju-bench-secret-anju-bench-secret"),
        clock: Clock::System,
        auth: anju_domain::auth::AuthSettings::default(),
        webhook_targets: anju_domain::egress::Targets::Public,
    };
    if demo::seed(&conn, now).await.expect("seed") {
        println!("demo data seeded");
    }
    let sales: Vec<i64> = user::Entity::find()
        .filter(user::Column::Login.is_in(["sales1", "sales2"]))
        .all(&conn)
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.id)
        .collect();

    let have = customer::Entity::find()
        .filter(customer::Column::Mobile.starts_with("150"))
        .count(&conn)
        .await
        .expect("count") as usize;
    if have < target {
        let started = Instant::now();
        let mut i = have;
        while i < target {
            let tx = db::begin_write(&conn).await.expect("tx");
            for _ in 0..100 {
                let end = (i + 500).min(target);
                let rows = (i..end).map(|n| {
                    let name = format!(
                        "{}{}",
                        SURNAMES[n % SURNAMES.len()],
                        GIVEN[(n / SURNAMES.len()) % GIVEN.len()]
                    );
                    let m = mobile(n);
                    customer::ActiveModel {
                        name_initials: Set(name_initials(&name)),
                        name: Set(name),
                        mobile_last4: Set(m[7..].to_owned()),
                        mobile: Set(m),
                        consent_marketing: Set(n % 3 != 0),
                        // A third each: sales1, sales2, unassigned.
                        assigned_sales_id: Set(match n % 3 {
                            0 => sales.first().copied(),
                            1 => sales.get(1).copied(),
                            _ => None,
                        }),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                });
                customer::Entity::insert_many(rows)
                    .exec(&tx)
                    .await
                    .expect("insert");
                i = end;
                if i >= target {
                    break;
                }
            }
            tx.commit().await.expect("commit");
            eprint!("\r{i} customers");
        }
        eprintln!();
        println!(
            "built {} customers in {:.1} s",
            target - have,
            started.elapsed().as_secs_f64()
        );
    }
    if url.starts_with("sqlite") {
        use sea_orm::ConnectionTrait;
        conn.execute_unprepared("ANALYZE").await.expect("analyze");
    }

    let sales1 = login(&svc, "sales1").await;
    let manager = login(&svc, "manager1").await;
    println!("\nsearch at {target} customers ({RUNS} queries each, 30 per page)");
    println!("| query | who | p50 | p99 | rows on page 1 |");
    println!("| --- | --- | --- | --- | --- |");
    let cases: Vec<(&str, QueryMaker)> = vec![
        (
            "phone suffix (4 digits)",
            Box::new(|k| format!("{:04}", (k * 7919) % 10_000)),
        ),
        (
            "full phone",
            Box::new(move |k| mobile((k * 104_729) % target)),
        ),
        (
            "name prefix (2 chars)",
            Box::new(|k| SURNAMES[k % SURNAMES.len()].to_owned() + &GIVEN[k % GIVEN.len()][..3]),
        ),
        (
            "pinyin initials (3 letters)",
            Box::new(|k| {
                name_initials(
                    &(SURNAMES[k % SURNAMES.len()].to_owned() + GIVEN[(k / 3) % GIVEN.len()]),
                )
            }),
        ),
    ];
    for (label, make) in &cases {
        for (who, actor) in [("sales (own)", &sales1), ("manager (team)", &manager)] {
            let mut times = Vec::with_capacity(RUNS);
            let mut rows = 0;
            for k in 0..RUNS {
                let q = SearchQuery {
                    q: Some(make(k)),
                    limit: 30,
                    ..Default::default()
                };
                let t = Instant::now();
                let page = customers::search(&conn, actor, &q).await.expect("search");
                times.push(t.elapsed());
                rows += page.items.len();
            }
            times.sort();
            println!(
                "| {label} | {who} | {} | {} | {:.1} avg |",
                ms(times[RUNS / 2]),
                ms(times[RUNS * 99 / 100]),
                rows as f64 / RUNS as f64
            );
        }
    }

    // Import: 90% new rows, 10% already in the ledger.
    let mut file = String::from("姓名,手机,性别,标签\n");
    // A fresh range of valid numbers each run (152 + 8 digits).
    let base = (now.timestamp() as usize % 900) * 100_000;
    for n in 0..IMPORT_ROWS {
        let phone = if n % 10 == 0 {
            mobile((n * 31) % target)
        } else {
            format!("152{:08}", base + n)
        };
        file.push_str(&format!(
            "{}{},{phone},{},导入\n",
            SURNAMES[n % SURNAMES.len()],
            GIVEN[n % GIVEN.len()],
            if n % 2 == 0 { "男" } else { "女" }
        ));
    }
    let started = Instant::now();
    let up = import::upload(&conn, &manager, "bench.csv", file.as_bytes(), now)
        .await
        .expect("upload");
    let uploaded = started.elapsed();
    import::start(
        &conn,
        &manager,
        up.id,
        &ImportStart {
            mapping: up.mapping.clone(),
            assign_to_sales_id: None,
        },
        now,
    )
    .await
    .expect("start");
    assert!(
        import::run(&conn, up.id, None, chrono::Utc::now)
            .await
            .expect("run")
    );
    let total = started.elapsed();
    let done = import::get(&conn, &manager, up.id).await.expect("get");
    println!(
        "\nCSV import, {IMPORT_ROWS} rows ({} bytes) into {target} customers: {:.2} s \
         (upload and parse {:.2} s); created {}, duplicates {}, errors {}",
        file.len(),
        total.as_secs_f64(),
        uploaded.as_secs_f64(),
        done.created,
        done.duplicates,
        done.errors
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn login(svc: &Services, login: &str) -> Actor {
    session::login(
        svc,
        LoginInput {
            identifier: login.to_owned(),
            password: demo::DEMO_PASSWORD.to_owned(),
            ip: None,
            user_agent: None,
            device_token: None,
        },
    )
    .await
    .expect("login")
    .actor
}
