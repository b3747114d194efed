//! Pure types and rules of the station: the event programme, people, facts and the state derived
//! from them. Nothing in here does IO or reads the clock; callers pass time in.

pub mod admission;
pub mod authority;
pub mod derived;
pub mod fact;
pub mod membership;
pub mod ownership;
pub mod person;
pub mod program;
pub mod report;
pub mod rollcall;
pub mod safeguarding;
pub mod seats;
pub mod signed;

pub use derived::{Attendance, AttendanceStatus, CheckInRefusal, SeatStatus, State};
pub use fact::{Digest, DocumentKind, EntryPoint, Fact, FactKind, StationId, StationKey};
pub use person::{Category, Person, PhotoConsent, ResponsibleAdult, Source, Status};
pub use program::{AudienceRule, Localized, Program, Session, SessionKind};
