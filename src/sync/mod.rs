//! Stations on many machines (see the README's "Running an event on several laptops").
pub mod wire;
