//! Children's data stays with the user who runs the station: the data folder is private
//! whatever the umask (defect 5), and an export never writes through a link someone planted
//! (defect 10).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::support::*;

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every entry under `dir` whose mode lets anyone but its owner in, with that mode.
fn open_to_others(dir: &Path) -> Vec<String> {
    let mut wide = Vec::new();
    if mode(dir) & 0o077 != 0 {
        wide.push(format!("{} {:o}", dir.display(), mode(dir)));
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            wide.extend(open_to_others(&path));
        } else if mode(&path) & 0o077 != 0 {
            wide.push(format!("{} {:o}", path.display(), mode(&path)));
        }
    }
    wide
}

/// `checkin` run from a shell whose umask is 022, the usual default.
fn with_umask_022(command: &Command) -> Command {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg("umask 022 && exec \"$@\"").arg("sh").arg(command.get_program()).args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    shell
}

/// Defect 5: with umask 022 the folder was 0755 and `db/db`, `facts.wal`, `checkin.log` and
/// `db/snap.*` 0644: a second user of the machine read every registrant's phone and notes.
#[test]
fn a_new_folder_is_private_whatever_the_umask() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/program.json");
    let registrants = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/registrants.csv");
    for args in [vec!["program".as_ref(), program.as_os_str()], vec!["import".as_ref(), registrants.as_os_str()]] {
        let out = run(&mut with_umask_022(checkin(&data).args(args)), "");
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let scan = run(&mut with_umask_022(checkin(&data).arg("scan")), "KZ-000001\n");
    assert_eq!(verdicts(&scan.stdout, "OK"), ["KZ-000001"]);
    // A second open writes sled's next snapshot.
    run(&mut with_umask_022(checkin(&data).arg("status")), "");
    assert_eq!(open_to_others(&data), Vec::<String>::new());
}

/// Defect 5: a folder an older checkin left readable by others is made private when opened,
/// and the user is told so once.
#[test]
fn an_existing_folder_open_to_others_is_made_private_and_said_once() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let widened = Command::new("chmod").args(["-R", "go+rX"]).arg(tmp.path()).status().unwrap();
    assert!(widened.success());
    assert!(!open_to_others(tmp.path()).is_empty());

    let first = run(checkin(tmp.path()).arg("status"), "");
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("private"), "said: {}", text(&first.stderr));
    assert_eq!(open_to_others(tmp.path()), Vec::<String>::new());
    let second = run(checkin(tmp.path()).arg("status"), "");
    assert!(!text(&second.stderr).contains("private"), "said once: {}", text(&second.stderr));
}

/// Defect 5: the socket of a shared folder was bound with the umask's mode and only then made
/// 0600, a moment in which another user connected and was sent everyone's data. The mask in
/// force when it is bound must already keep everyone else out.
#[test]
fn the_folders_socket_is_bound_private() {
    if !has_strace("the_folders_socket_is_bound_private") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let trace = tmp.path().join("trace");
    let mut scan = checkin(tmp.path());
    scan.arg("scan");
    let options = ["-e", "trace=umask,bind", "-o", trace.to_str().unwrap()];
    let out = run(&mut with_umask_022(&under_strace(&options, &scan)), "KZ-000001\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let trace = std::fs::read_to_string(&trace).unwrap();
    let mut umask = 0o022;
    let mut bound = false;
    for line in trace.lines() {
        if let Some(mask) = line.split("umask(").nth(1) {
            umask = u32::from_str_radix(mask.split(')').next().unwrap().trim_start_matches('0'), 8).unwrap_or(0);
        } else if line.contains("bind(") && line.contains("checkin.sock") {
            assert_eq!(umask & 0o077, 0o077, "bound with umask {umask:o}: {line}");
            bound = true;
        }
    }
    assert!(bound, "the scan shared the folder: {trace}");
}

/// Defect 10: exports followed a link planted at the output path and wrote into another user's
/// file (0666). The link is replaced by a new private file; its target is left alone.
#[test]
fn an_export_replaces_a_planted_link_and_never_writes_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    folder_with_people(&data, 5);
    run(checkin(&data).arg("scan"), "KZ-000001\n");
    let victim = tmp.path().join("someone-elses.txt");
    for kind in ["facts", "attendance", "onsite"] {
        std::fs::write(&victim, "not yours").unwrap();
        std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o666)).unwrap();
        let out_path = tmp.path().join(format!("{kind}.out"));
        std::os::unix::fs::symlink(&victim, &out_path).unwrap();
        let out = run(checkin(&data).args(["export", kind, "--out"]).arg(&out_path), "");
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not yours", "{kind} wrote through the link");
        let written = std::fs::symlink_metadata(&out_path).unwrap();
        assert!(written.is_file(), "{kind}: the link was replaced by the export");
        assert_eq!(mode(&out_path), 0o600, "{kind}");
        assert!(std::fs::read_to_string(&out_path).unwrap().contains("KZ-0000"), "{kind}");
    }
}
