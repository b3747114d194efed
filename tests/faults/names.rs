//! Names recorded with every fact and shown on every screen and export are shown as given, so
//! one that hides characters is refused, not changed (defect 11).

use crate::support::*;

/// Defect 11: station and operator names took U+202E and other bidirectional controls, which
/// then reached `scan`, `report`, `search` and CSV output; an operator name with ESC was
/// accepted (and silently changed: "Ai<ESC>gerim" was recorded as "Aierim").
#[test]
fn station_and_operator_names_with_hidden_characters_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    folder_with_people(tmp.path(), 5);
    let refusals = [
        ("--station", "desk\u{202e}-2", "station name"),
        ("--station", "desk\u{2066}-2", "station name"),
        ("--operator", "Ai\u{1b}gerim", "operator name"),
        ("--operator", "Aigerim\u{202e}", "operator name"),
        ("--operator", "", "operator name"),
    ];
    for (option, name, what) in refusals {
        let mut command = std::process::Command::new(binary());
        command.arg("--data").arg(tmp.path()).args(["--now", "2016-11-21T09:00", option, name, "scan"]);
        let out = run(&mut command, "KZ-000001\n");
        assert_no_crash(&out);
        assert!(!out.status.success(), "{option} {name:?} was taken: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains(what), "{option} {name:?}: {}", text(&out.stderr));
    }
    assert_eq!(checked_in(tmp.path()), Vec::<String>::new(), "nothing was recorded under those names");
    let fine = run(checkin(tmp.path()).args(["--operator", "Айгерім Серікқызы", "scan"]), "KZ-000001\n");
    assert_eq!(verdicts(&fine.stdout, "OK"), ["KZ-000001"], "{}", text(&fine.stderr));
}
