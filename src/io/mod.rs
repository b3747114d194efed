//! Files in and out: registrant imports, exports, the sample event, badges.

pub mod badges;
pub mod export;
pub mod fields;
pub mod import;
pub mod printer;
pub mod rollcall;
pub mod sample;
pub mod sheet;

/// Writes a file that holds personal data — an export, a roll-call — readable by its owner only,
/// and puts it in place whole. `write` fills a new temporary file next to `path` (mode 0600,
/// created exclusively, so never through a link someone planted), which is then made durable and
/// renamed over `path`: a link or another user's file at `path` is replaced, never written
/// through (the folder next to the data may well be shared: `/tmp`, a team drive), and a write
/// that fails leaves `path` as it was.
pub fn write_private<T>(
    path: &std::path::Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let temporary = tempfile::Builder::new().prefix(".checkin-").suffix(".tmp").tempfile_in(dir)?;
    let mut writer = std::io::BufWriter::new(temporary.as_file());
    let written = write(&mut writer)?;
    writer.into_inner().map_err(std::io::IntoInnerError::into_error)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(written)
}
