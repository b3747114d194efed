//! Files in and out: registrant imports, exports, the sample event, badges.

pub mod badges;
pub mod export;
pub mod fields;
pub mod import;
pub mod printer;
pub mod rollcall;
pub mod sample;

/// Creates (or truncates) a file that holds personal data — exports, roll-calls — readable by
/// its owner only: the folder next to the data may well be shared (`/tmp`, a team drive).
pub fn create_private(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
