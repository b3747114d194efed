//! Checking in a delegation at once: its members listed with a tick each, the absent unticked,
//! the rest checked in with one key and one durable write.

use crate::domain::AttendanceStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub code: String,
    pub ticked: bool,
    /// Already in today: shown, never ticked, never checked in twice.
    pub already_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub delegation: String,
    pub members: Vec<Member>,
    pub cursor: usize,
}

impl Group {
    /// Everyone of `delegation` (codes in display order), ticked unless already in.
    pub fn new(delegation: String, codes: Vec<String>, status: impl Fn(&str) -> AttendanceStatus) -> Group {
        let members = codes
            .into_iter()
            .map(|code| {
                let already_in = matches!(status(&code), AttendanceStatus::In { .. });
                Member { code, ticked: !already_in, already_in }
            })
            .collect();
        Group { delegation, members, cursor: 0 }
    }

    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.members.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    pub fn toggle(&mut self) {
        if let Some(m) = self.members.get_mut(self.cursor)
            && !m.already_in
        {
            m.ticked = !m.ticked;
        }
    }

    /// Tick everyone (or, if all are ticked, nobody) who is not in yet.
    pub fn toggle_all(&mut self) {
        let all = self.members.iter().filter(|m| !m.already_in).all(|m| m.ticked);
        for m in self.members.iter_mut().filter(|m| !m.already_in) {
            m.ticked = !all;
        }
    }

    pub fn ticked(&self) -> Vec<String> {
        self.members.iter().filter(|m| m.ticked).map(|m| m.code.clone()).collect()
    }
}
