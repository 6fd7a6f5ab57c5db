//! Photos on a ticket: the member's pictures of the problem, the
//! department's of the fix. JPEG or PNG only, judged from the bytes (a
//! renamed file of another kind is refused), at most 5 MB each and six per
//! ticket. They are stored in the database, so every instance serves them.

use super::views::{Viewer, find_for};
use super::workflow::{Step, record};
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::ticket_photo;
use anju_types::ticket::TicketPhotoView;
use anju_types::{Permission, TicketStatus};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_PHOTOS_PER_TICKET: u64 = 6;

/// The image type the bytes really are, if one we accept.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.len() > 24 && bytes[..8] == PNG && &bytes[12..16] == b"IHDR" {
        return Some("image/png");
    }
    // SOI then a marker segment (APP0 JFIF, APP1 Exif, DQT …).
    if bytes.len() > 4 && bytes[..3] == [0xFF, 0xD8, 0xFF] && bytes[3] >= 0xC0 {
        return Some("image/jpeg");
    }
    None
}

/// Members act on their own tickets; staff on those they may see.
fn viewer_of(actor: &Actor) -> Result<Viewer, DomainError> {
    if auth::can(actor, Permission::HandleTickets)
        || auth::can(actor, Permission::WorkDepartmentTasks)
    {
        Ok(Viewer::Staff(actor.clone()))
    } else {
        auth::require(actor, Permission::UsePortal)?;
        Ok(Viewer::Member(
            actor.customer_id.ok_or(DomainError::NotFound)?,
        ))
    }
}

/// Adds a photo while the ticket is still being worked on or awaits the
/// member (not after the revisit).
pub async fn add(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<TicketPhotoView, DomainError> {
    let viewer = viewer_of(actor)?;
    let t = find_for(db, &viewer, ticket_id).await?;
    if t.status == TicketStatus::Revisited.as_str() {
        return Err(DomainError::Conflict("ticket_step_not_allowed"));
    }
    if bytes.is_empty() {
        return Err(DomainError::field("photo", "required"));
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(DomainError::field("photo", "too_large"));
    }
    let content_type = sniff(bytes).ok_or(DomainError::field("photo", "not_an_image"))?;
    let tx = begin_write(db).await?;
    let count = ticket_photo::Entity::find()
        .filter(ticket_photo::Column::TicketId.eq(t.id))
        .count(&tx)
        .await?;
    if count >= MAX_PHOTOS_PER_TICKET {
        return Err(DomainError::field("photo", "too_many"));
    }
    let row = ticket_photo::ActiveModel {
        ticket_id: Set(t.id),
        content_type: Set(content_type.to_owned()),
        bytes: Set(bytes.to_vec()),
        size_bytes: Set(bytes.len() as i64),
        uploaded_by: Set(Some(actor.user_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    record(
        &tx,
        &t,
        Step {
            kind: "photo",
            public: true,
            note: None,
            department_id: actor
                .department_id
                .filter(|_| matches!(viewer, Viewer::Staff(_)))
                .filter(|_| !auth::can(actor, Permission::HandleTickets)),
            actor_user_id: Some(actor.user_id),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(TicketPhotoView {
        id: row.id,
        content_type: row.content_type,
        size_bytes: row.size_bytes,
        uploaded_at: row.created_at,
    })
}

/// The photos' descriptions (not their bytes), oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    ticket_id: i64,
) -> Result<Vec<TicketPhotoView>, DomainError> {
    let rows: Vec<(i64, String, i64, DateTime<Utc>)> = ticket_photo::Entity::find()
        .select_only()
        .column(ticket_photo::Column::Id)
        .column(ticket_photo::Column::ContentType)
        .column(ticket_photo::Column::SizeBytes)
        .column(ticket_photo::Column::CreatedAt)
        .filter(ticket_photo::Column::TicketId.eq(ticket_id))
        .order_by_asc(ticket_photo::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, content_type, size_bytes, uploaded_at)| TicketPhotoView {
                id,
                content_type,
                size_bytes,
                uploaded_at,
            },
        )
        .collect())
}

/// One photo's type and bytes, for whoever may see its ticket (else 404).
pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    ticket_id: i64,
    photo_id: i64,
) -> Result<(String, Vec<u8>), DomainError> {
    let viewer = viewer_of(actor)?;
    find_for(db, &viewer, ticket_id).await?;
    let p = ticket_photo::Entity::find_by_id(photo_id)
        .filter(ticket_photo::Column::TicketId.eq(ticket_id))
        .one(db)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((p.content_type, p.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_judged_by_their_bytes() {
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&[0; 16]);
        assert_eq!(sniff(&png), Some("image/png"));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F']),
            Some("image/jpeg")
        );
        assert_eq!(sniff(b"GIF89a......................"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(&png[..10]), None);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF]), None);
        assert_eq!(sniff(b""), None);
    }
}
