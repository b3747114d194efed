//! Files in and out: registrant imports, exports, the sample event.

pub mod export;
pub mod fields;
pub mod import;
pub mod rollcall;
pub mod sample;
