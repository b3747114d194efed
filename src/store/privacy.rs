//! The data folder holds children's personal data: it is readable by its owner only, whatever
//! the umask of whoever opens it. The folder and the folders in it are 0700, every file 0600.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const PRIVATE_DIR: u32 = 0o700;
const PRIVATE_FILE: u32 = 0o600;

/// Makes `dir` and everything in it private to its owner; true when anything was wider (another
/// user of the machine could read it). Links are left alone: one planted here is not followed.
pub fn make_private(dir: &Path) -> io::Result<bool> {
    let mut widened = tighten(dir, PRIVATE_DIR)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            widened |= make_private(&entry.path())?;
        } else if !kind.is_symlink() {
            widened |= tighten(&entry.path(), PRIVATE_FILE)?;
        }
    }
    Ok(widened)
}

/// Takes away from `path` every permission beyond `mode`; true when there were any.
fn tighten(path: &Path, mode: u32) -> io::Result<bool> {
    let now = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata.permissions().mode() & 0o7777,
        // Gone meanwhile (sled removed an old file): nothing left to protect.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    if now & !mode == 0 {
        return Ok(false);
    }
    fs::set_permissions(path, fs::Permissions::from_mode(now & mode))?;
    Ok(true)
}

/// Runs `create` with a umask that lets nobody but the owner in, so that what it creates (the
/// folder's socket) never exists, not even for an instant, with a wider mode. The umask is the
/// process's: a file another thread creates meanwhile is only more private than it would be.
pub fn created_privately<T>(create: impl FnOnce() -> T) -> T {
    use rustix::fs::Mode;
    let before = rustix::process::umask(Mode::from_raw_mode(0o077));
    let created = create();
    rustix::process::umask(before);
    created
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn everything_in_the_folder_becomes_private_and_a_link_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        fs::create_dir_all(dir.join("db/blobs")).unwrap();
        fs::write(dir.join("facts.wal"), b"").unwrap();
        fs::write(dir.join("db/blobs/1"), b"").unwrap();
        let outside = tmp.path().join("someone-elses");
        fs::write(&outside, b"").unwrap();
        fs::set_permissions(&outside, fs::Permissions::from_mode(0o666)).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("planted")).unwrap();
        for p in [&dir, &dir.join("db"), &dir.join("db/blobs")] {
            fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        fs::set_permissions(dir.join("facts.wal"), fs::Permissions::from_mode(0o644)).unwrap();

        assert!(make_private(&dir).unwrap(), "it was readable by others");
        assert_eq!([mode(&dir), mode(&dir.join("db")), mode(&dir.join("db/blobs"))], [0o700; 3]);
        assert_eq!([mode(&dir.join("facts.wal")), mode(&dir.join("db/blobs/1"))], [0o600; 2]);
        assert_eq!(mode(&outside), 0o666, "the link's target is not ours to change");
        assert!(!make_private(&dir).unwrap(), "said once: private already");
    }
}
