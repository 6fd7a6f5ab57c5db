//! The club (客户会): enrolment for visitors, and the club manager's
//! console pages (members, points adjustments, events, news, offers,
//! rewards, rules). The
//! member's own points page is in `portal::points`.

pub mod api;
pub mod console_pages;
pub mod event_pages;
pub mod join_page;
pub mod news_page;
pub mod parts;
