//! Everything that can happen to the desk: a key resolved to an intention, or the outcome of an
//! effect the event loop carried out. `update` is the only place that acts on them.

use uuid::Uuid;

use crate::station::CheckIn;

use super::desk::ResultRow;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A printable character for the search box.
    Type(char),
    /// Delete the character before the cursor.
    Backspace,
    /// Delete the last word of the query.
    DeleteWord,
    /// Empty the search box.
    ClearQuery,
    /// Close what is open, else clear the box and the last message.
    Escape,
    /// Check in the scanned code, else the highlighted person.
    Submit,
    /// Move the highlight by this many rows (negative = up).
    Move(isize),
    /// Highlight the first or the last row.
    MoveToEdge {
        last: bool,
    },
    /// The mouse clicked on result row `n`.
    Click(usize),
    /// Ask to undo the highlighted person's check-in, or the last one made here.
    Undo,
    /// The volunteer confirmed the undo that was asked.
    ConfirmUndo,
    /// Open every field of the highlighted person.
    Details,
    /// In the details: show or hide the medical/access notes.
    ToggleNotes,
    ToggleHelp,
    /// Open the highlighted person's delegation for a group check-in.
    OpenGroup,
    /// In the group: tick or untick the member under the cursor.
    ToggleTick,
    /// In the group: tick everyone not yet in, or nobody.
    TickAll,
    /// Open the walk-in form.
    OpenWalkIn,
    /// In the walk-in form: the previous or next category.
    CycleCategory(isize),
    NextLanguage,
    Quit,
    /// F4 / Ctrl+E: the host's screen — the session picker, or straight to one session's roster.
    OpenHost {
        session: Option<String>,
    },
    /// A key on the host's screen, or an outcome of its effects.
    Host(super::host::HostAction),
    /// F12 / Ctrl+P: the highlighted person's sessions (sign up, cancel, waitlist).
    OpenSignUp,
    /// A key in the sign-up window, or its sessions loaded.
    SignUp(super::signup::SignUpAction),
    /// Show this screen (the desk again if it is the one shown).
    Show(super::app::Screen),
    /// On the on-site screen: filter, move, roll-call.
    OnSite(super::onsite::Msg),
    /// On the dashboard: page, names.
    Dashboard(super::dashboard::Msg),
    /// Check-out: start, the collector window, the station's answer.
    CheckOut(super::checkout::Msg),
    /// F11 / Ctrl+B: print the highlighted person's badge, else the walk-in just registered.
    PrintBadge,

    // ---- outcomes of effects ----
    /// Results of the search for `query`.
    Searched {
        query: String,
        rows: Vec<ResultRow>,
    },
    /// A check-in attempt finished; `typed` is what was submitted.
    CheckedIn {
        typed: String,
        outcome: CheckIn,
    },
    /// A delegation's ticked members were checked in (`done`), some were in already.
    GroupCheckedIn {
        delegation: String,
        done: usize,
        already: usize,
        absent: usize,
    },
    /// A walk-in was registered and checked in under `code`.
    WalkedIn {
        code: String,
    },
    /// The check-in `fact` of `code` was annulled.
    Undone {
        code: String,
        fact: Uuid,
    },
    /// `code`'s badge was written to `path` (and sent to `printer`), and the printing recorded.
    BadgePrinted {
        code: String,
        path: String,
        printer: Option<String>,
    },
    /// Another window on the data folder wrote something (it is in the station's state now).
    OthersWrote,
    /// An effect failed: nothing was recorded.
    Failed {
        message: String,
    },
    /// A sign-up, waitlist or cancellation asked from the host's screen or the desk finished.
    SeatDone {
        request: super::host::SeatRequest,
        outcome: Result<crate::station::SeatOutcome, String>,
    },
}
