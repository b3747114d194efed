//! The fault suite: reproductions of what a fault hunt on the release binary found (issue 12,
//! "Nothing bricks, nothing lies"), kept so that none of it comes back. Each test names the
//! defect it reproduces, by its number in that issue.
//!
//! Runs on a full disk need root to mount a small tmpfs, and kill points and failing system
//! calls are made with strace: CI runs as root and installs strace; elsewhere those tests are
//! skipped with a note. RELIABILITY.md has the longer run by hand and its figures.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod damaged_files;
mod disk_full;
mod failing_disk;
mod hostile_peers;
mod interrupted;
mod long_run;
mod names;
mod privacy;
mod windows;
