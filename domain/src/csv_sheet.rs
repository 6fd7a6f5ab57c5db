//! CSV downloads of lists staff can see. UTF-8 with a BOM so Excel opens
//! Chinese text correctly; cells a spreadsheet would run as a formula are
//! neutralised; every export is audited because it carries data out.

use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::Actor;
use anju_types::Lang;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

/// Most rows one export writes.
pub const MAX_EXPORT_ROWS: usize = 100_000;

pub struct CsvSheet {
    out: csv::Writer<Vec<u8>>,
    rows: usize,
}

impl CsvSheet {
    /// A sheet whose header row is `headers` in the viewer's language.
    pub fn new(lang: Lang, headers: &[(&str, &str)]) -> Result<CsvSheet, DomainError> {
        let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        out.write_record(headers.iter().map(|(zh, en)| match lang {
            Lang::Zh => *zh,
            Lang::En => *en,
        }))
        .map_err(csv_err)?;
        Ok(CsvSheet { out, rows: 0 })
    }

    /// Writes one row; every cell goes through [`safe_cell`].
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), DomainError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<S> = cells.into_iter().collect();
        self.out
            .write_record(cells.iter().map(|c| safe_cell(c.as_ref())))
            .map_err(csv_err)?;
        self.rows += 1;
        Ok(())
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn full(&self) -> bool {
        self.rows >= MAX_EXPORT_ROWS
    }

    /// The finished file, after recording who exported what.
    pub async fn finish(
        self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        action: &'static str,
        entity: &'static str,
        filter: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<String, DomainError> {
        audit::record(
            db,
            now,
            AuditEntry {
                actor_user_id: Some(actor.user_id),
                action,
                entity,
                entity_id: String::new(),
                before: None,
                after: Some(serde_json::json!({ "rows": self.rows, "filter": filter })),
            },
        )
        .await?;
        let bytes = self
            .out
            .into_inner()
            .map_err(|e| csv_err(e.into_error().into()))?;
        Ok(String::from_utf8(bytes).unwrap_or_default())
    }
}

/// The app's one rule for cells (`anju_types::csv`), which [`CsvSheet::row`]
/// also applies to every cell.
pub fn safe_cell(s: &str) -> String {
    anju_types::csv::safe_cell(s).into_owned()
}

fn csv_err(e: csv::Error) -> DomainError {
    DomainError::Internal(format!("csv: {e}"))
}
