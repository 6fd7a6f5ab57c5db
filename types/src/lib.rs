//! Types shared by the browser (wasm) and the server. Nothing here touches
//! the database, the network or the clock, so every item compiles to wasm.

pub mod analytics;
pub mod area;
pub mod audit;
pub mod broadcast;
pub mod campaign;
pub mod club;
pub mod club_event;
mod code_enum;
pub mod csv;
pub mod customer;
pub mod customer_import;
pub mod deal;
pub mod error_code;
pub mod id_number;
pub mod interaction;
pub mod kb;
pub mod lang;
pub mod member_home;
pub mod merge;
pub mod money;
pub mod news;
pub mod notification;
pub mod permission;
pub mod phone;
pub mod pipeline;
pub mod redirect;
pub mod referral;
pub mod role;
pub mod segment;
pub mod session;
pub mod settings;
pub mod survey;
pub mod ticket;
pub mod unit;
pub mod webhook;

pub use area::ConsoleArea;
pub use deal::{DealStatus, DiscountApproval};
pub use error_code::ErrorCode;
pub use id_number::{IdNumber, IdNumberError, mask_id_number};
pub use interaction::InteractionKind;
pub use kb::KbSection;
pub use lang::Lang;
pub use money::{AmountError, Area, Money};
pub use notification::NotificationKind;
pub use permission::Permission;
pub use phone::{MobilePhone, PhoneError};
pub use pipeline::Stage;
pub use role::Role;
pub use session::{AccountKind, SessionInfo, SessionUser};
pub use ticket::{
    DefectTag, TaskStatus, TicketAction, TicketChannel, TicketKind, TicketPriority, TicketStatus,
};
pub use unit::{UnitAction, UnitStatus};
