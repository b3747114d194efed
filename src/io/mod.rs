//! Files in and out: registrant imports, exports, the sample event.

pub mod fields;
pub mod sample;
