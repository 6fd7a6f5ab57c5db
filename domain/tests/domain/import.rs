use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::customers::import::{self, BATCH_ROWS};
use anju_domain::entity::customer;
use anju_types::customer_import::{ImportStart, ImportStatus, RowOutcome};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[tokio::test]
async fn a_gbk_file_imports_with_a_report_of_bad_rows_and_duplicates() {
    let (tdb, svc) = seeded().await;
    let manager = actor(&svc, "manager1").await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let known = customer::Entity::find()
        .one(&svc.db)
        .await
        .expect("q")
        .expect("a demo customer");
    let file = format!(
        "客户姓名,手机号码,性别,出生日期,标签,备注\n\
         李雷,13766610001,男,1988/5/1,VIP、学区,老客户介绍\n\
         韩梅梅,12345,女,,,\n\
         ,13766610003,,,,\n\
         重复者,{},,,,\n\
         李雷二号,13766610001,,,,\n\
         \n\
         王芳芳,13766610006,女,2099-01-01,,\n",
        known.mobile
    );
    // Salespeople do not import.
    assert!(matches!(
        import::upload(&svc.db, &sales1, "x.csv", &gbk(&file), now).await,
        Err(DomainError::Forbidden)
    ));
    let up = import::upload(&svc.db, &manager, "客户.csv", &gbk(&file), now)
        .await
        .expect("upload");
    assert_eq!(up.encoding, "gbk");
    assert_eq!(up.total_rows, 6, "the blank line is not a row");
    assert_eq!(up.status, ImportStatus::Mapping);
    assert_eq!(up.headers[0], "客户姓名");
    assert_eq!(up.sample[0][0], "李雷");
    assert_eq!(up.mapping.get("mobile"), Some(&1));

    // The mapping must name the name and mobile columns.
    let mut bad = up.mapping.clone();
    bad.remove("mobile");
    assert!(matches!(
        import::start(
            &svc.db,
            &manager,
            up.id,
            &ImportStart {
                mapping: bad,
                assign_to_sales_id: None
            },
            now
        )
        .await,
        Err(DomainError::Validation(_))
    ));
    // Someone else's import does not exist for them.
    assert!(matches!(
        import::get(&svc.db, &sales1, up.id).await,
        Err(DomainError::Forbidden)
    ));
    let started = import::start(
        &svc.db,
        &manager,
        up.id,
        &ImportStart {
            mapping: up.mapping.clone(),
            assign_to_sales_id: Some(sales1.user_id),
        },
        now,
    )
    .await
    .expect("start");
    assert_eq!(started.status, ImportStatus::Queued);
    assert!(matches!(
        import::start(
            &svc.db,
            &manager,
            up.id,
            &ImportStart {
                mapping: up.mapping.clone(),
                assign_to_sales_id: None
            },
            now
        )
        .await,
        Err(DomainError::Conflict("import_started"))
    ));

    assert!(
        import::run(&svc.db, up.id, None, || now)
            .await
            .expect("run")
    );
    let done = import::get(&svc.db, &manager, up.id).await.expect("get");
    assert_eq!(done.status, ImportStatus::Done);
    assert_eq!((done.created, done.duplicates, done.errors), (1, 2, 3));
    assert_eq!(done.done_rows, 6);

    let report = import::report(&svc.db, &manager, up.id, None, 100)
        .await
        .expect("report");
    let by_row: Vec<(i32, RowOutcome, Vec<String>)> = report
        .items
        .iter()
        .map(|r| {
            (
                r.row_no,
                r.outcome,
                r.problems
                    .iter()
                    .map(|p| format!("{}:{}", p.field, p.code))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        by_row,
        vec![
            (
                2,
                RowOutcome::Error,
                vec!["mobile:invalid_mobile".to_owned()]
            ),
            (3, RowOutcome::Error, vec!["name:required".to_owned()]),
            (
                4,
                RowOutcome::Duplicate,
                vec!["mobile:duplicate".to_owned()]
            ),
            (
                5,
                RowOutcome::Duplicate,
                vec!["mobile:duplicate".to_owned()]
            ),
            (
                6,
                RowOutcome::Error,
                vec!["birthday:invalid_date".to_owned()]
            ),
        ]
    );
    // The duplicate of an existing customer names it (the manager may see it).
    assert_eq!(report.items[2].customer_id, Some(known.id));

    let imported = anju_domain::customers::search(
        &svc.db,
        &sales1,
        &anju_domain::customers::SearchQuery {
            q: Some("13766610001".to_owned()),
            limit: 5,
            ..Default::default()
        },
    )
    .await
    .expect("search");
    let row = &imported.items[0];
    assert_eq!(row.name, "李雷");
    assert_eq!(
        row.assigned_sales.as_ref().map(|s| s.id),
        Some(sales1.user_id)
    );
    let view = anju_domain::customers::get(&svc.db, &sales1, row.id)
        .await
        .expect("view");
    assert_eq!(view.gender.as_deref(), Some("male"));
    assert_eq!(view.tags, vec!["VIP".to_owned(), "学区".to_owned()]);
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_interrupted_import_resumes_and_two_runners_import_each_row_once() {
    let (tdb, svc) = seeded().await;
    let manager = actor(&svc, "manager1").await;
    let now = svc.clock.now();
    let rows = BATCH_ROWS * 2 + 500;
    let mut file = String::from("name,mobile\n");
    for i in 0..rows {
        file.push_str(&format!("导入{i},1376{:07}\n", 2_000_000 + i));
    }
    let up = import::upload(&svc.db, &manager, "big.csv", file.as_bytes(), now)
        .await
        .expect("upload");
    assert_eq!(up.encoding, "utf-8");
    import::start(
        &svc.db,
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

    // One batch, then the "server stops".
    assert!(
        !import::run(&svc.db, up.id, Some(1), || now)
            .await
            .expect("first batch")
    );
    let half = import::get(&svc.db, &manager, up.id).await.expect("get");
    assert_eq!(half.status, ImportStatus::Running);
    assert_eq!(half.done_rows as usize, BATCH_ROWS);
    assert_eq!(
        import::pending(&svc.db).await.expect("pending"),
        vec![up.id]
    );

    // After the restart two runners race for the rest.
    let (a, b) = tokio::join!(
        import::run(&svc.db, up.id, None, || now),
        import::run(&svc.db, up.id, None, || now)
    );
    assert!(
        matches!((&a, &b), (Ok(true), Ok(_)) | (Ok(_), Ok(true))),
        "{a:?} {b:?}"
    );
    let done = import::get(&svc.db, &manager, up.id).await.expect("get");
    assert_eq!(done.status, ImportStatus::Done);
    assert_eq!(done.created as usize, rows);
    assert_eq!((done.duplicates, done.errors), (0, 0));
    let stored = customer::Entity::find()
        .filter(customer::Column::Mobile.starts_with("1376"))
        .filter(customer::Column::Name.starts_with("导入"))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(stored as usize, rows, "every row exactly once");
    assert!(import::pending(&svc.db).await.expect("pending").is_empty());
    tdb.cleanup().await;
}

#[tokio::test]
async fn unreadable_files_are_refused_with_a_reason() {
    let (tdb, svc) = seeded().await;
    let manager = actor(&svc, "manager1").await;
    let now = svc.clock.now();
    let code = |r: Result<_, DomainError>| match r {
        Err(DomainError::Validation(f)) => f[0].code,
        _ => "ok",
    };
    assert_eq!(
        code(import::upload(&svc.db, &manager, "a.csv", b"", now).await),
        "empty"
    );
    assert_eq!(
        code(import::upload(&svc.db, &manager, "a.csv", b"name,mobile\n", now).await),
        "empty"
    );
    assert_eq!(
        code(
            import::upload(
                &svc.db,
                &manager,
                "a.bin",
                &[0x81, 0x20, 0xff, 0xfe, 0x00],
                now
            )
            .await
        ),
        "unreadable_encoding"
    );
    let huge = vec![b'a'; import::MAX_FILE_BYTES + 1];
    assert_eq!(
        code(import::upload(&svc.db, &manager, "a.csv", &huge, now).await),
        "too_large"
    );
    tdb.cleanup().await;
}
