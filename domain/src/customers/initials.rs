//! Pinyin initials for name search (张三丰 → `zsf`), so staff can type
//! the initials they would on a phone keyboard.

use crate::entity::customer;
use pinyin::ToPinyin;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Lower-case initials: a Han character gives its pinyin's first letter,
/// ASCII letters and digits are kept, anything else is skipped.
pub fn name_initials(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                c.to_pinyin().and_then(|p| p.first_letter().chars().next())
            }
        })
        .take(32)
        .collect()
}

/// Whether a query looks like initials (`zsf`), not a name.
pub fn is_initials_query(q: &str) -> bool {
    (1..=12).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Fills initials for rows written before the column existed (the
/// migration cannot: it has no pinyin tables). Cheap when nothing is left.
pub async fn backfill(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let (mut filled, mut after) = (0, 0);
    loop {
        let rows: Vec<(i64, String)> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .column(customer::Column::Name)
            .filter(customer::Column::NameInitials.eq(""))
            .filter(customer::Column::Id.gt(after))
            .order_by_asc(customer::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        for (id, name) in &rows {
            after = *id;
            let initials = name_initials(name);
            if initials.is_empty() {
                continue;
            }
            customer::Entity::update_many()
                .col_expr(customer::Column::NameInitials, Expr::value(initials))
                .filter(customer::Column::Id.eq(*id))
                .exec(db)
                .await?;
            filled += 1;
        }
        if rows.len() < 500 {
            return Ok(filled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_names_become_initials() {
        assert_eq!(name_initials("张三丰"), "zsf");
        assert_eq!(name_initials("欧阳 娜娜"), "oynn");
        assert_eq!(name_initials("Tom 李"), "toml");
        assert!(is_initials_query("zsf"));
        assert!(!is_initials_query("张"));
        assert!(!is_initials_query("1234"));
    }
}
