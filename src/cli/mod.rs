//! The command line: global options, subcommands, and turning their outcomes into exit codes.
//! Each subcommand's work lives in its own module; this file only parses and dispatches.

mod badges;
mod checkout;
mod data;
mod desk;
mod import;
mod onsite;
mod output;
mod report;
mod scan;
mod search;
mod sessions;
mod stations;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;
use crate::io::badges::Layout;

/// The check-in station: find anyone in a few keystrokes, check them in exactly once, durably.
///
/// Run without a command to open the station. On an empty data folder that loads the bundled
/// sample event (a clearly labelled demo) so it can be tried on any date.
#[derive(Debug, Parser)]
#[command(name = "checkin", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Open the host's screen of this session (its roster) instead of the desk
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// The desk's badge key (F11 / Ctrl+B) also sends each badge to this printer (through `lp`)
    #[arg(long, value_name = "NAME")]
    pub printer: Option<String>,
    /// The page of a badge printed at the desk: a4 (one badge on a sheet), label-62, label-4x6
    #[arg(long, value_enum, value_name = "LAYOUT", default_value_t = Layout::A4)]
    pub badge_layout: Layout,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Data folder [default: $CHECKIN_DATA, else the platform's data directory + /checkin]
    #[arg(long, global = true, env = "CHECKIN_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// This station's name, recorded with every fact (e.g. desk-2, robotics-door)
    #[arg(long, global = true, env = "CHECKIN_STATION", value_name = "NAME")]
    pub station: Option<String>,
    /// Who operates the station, recorded with every fact [default: $USER]
    #[arg(long, global = true, env = "CHECKIN_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,
    /// Run the clock from this time: 2016-11-21T09:00 (event's local time) or RFC 3339
    #[arg(long, global = true, value_name = "TIME")]
    pub now: Option<String>,
    /// Interface language [default: from the locale]
    #[arg(long, global = true, value_enum, env = "CHECKIN_LANG")]
    pub lang: Option<Lang>,
    /// Where this station listens for the event's other stations (repeatable; comma-separated in
    /// the variable) [default: every interface, port 4917]
    #[arg(long, global = true, env = "CHECKIN_LISTEN", value_name = "ADDR", value_delimiter = ',')]
    pub listen: Vec<std::net::SocketAddr>,
    /// Another station to sync with: ADDR, or KEY@ADDR (repeatable; comma-separated in the
    /// variable). Stations on the same LAN also find each other by mDNS
    #[arg(long = "peer", global = true, env = "CHECKIN_PEERS", value_name = "ADDR", value_delimiter = ',')]
    pub peers: Vec<crate::sync::PeerAddr>,
    /// Do not look for the event's stations on the LAN by mDNS (only --peer and learnt addresses)
    #[arg(long, global = true, env = "CHECKIN_NO_MDNS", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_mdns: bool,
    /// Do not sync with the event's other machines in this run (no port is opened)
    #[arg(long, global = true, env = "CHECKIN_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,
    /// A file of station keys (one per line) not to sync with: cuts those links at once
    #[arg(long, global = true, env = "CHECKIN_SYNC_BLOCK", value_name = "FILE", hide = true)]
    pub sync_block: Option<PathBuf>,
}

impl Global {
    /// How this station reaches the others, from the options.
    pub fn sync_config(&self) -> crate::sync::SyncConfig {
        crate::sync::SyncConfig {
            listen: self.listen.clone(),
            peers: self.peers.clone(),
            mdns: !self.no_mdns,
            forced: !self.listen.is_empty() || !self.peers.is_empty(),
            offline: self.offline,
            block_file: self.sync_block.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check people in from registration codes on standard input, one per line
    /// (a USB scanner, or a scanner's offline log). Prints one verdict per line, tab-separated
    /// with the code and name, each only after its fact is on disk.
    ///
    /// At the venue: OK, ALREADY or UNKNOWN. At a session's door (--session) the host's rules:
    /// OK (signed up, let in), WALK-IN (not signed up, took a free seat), ALREADY, FULL (no seat;
    /// nothing recorded; the waitlist length follows), WARN (outside the time window or the
    /// audience rule, or free seats are claimed by the waitlist; nothing recorded unless
    /// --override), UNKNOWN. With --out, checks people out instead: OUT, REFUSED (a minor
    /// without an authorised collector), WARN (the last chaperone on site of children who stay;
    /// nothing recorded unless an organiser's --override), NOT-IN or UNKNOWN.
    Scan {
        /// Check in at this session's door instead of the venue's entrance
        #[arg(long, value_name = "ID")]
        session: Option<String>,
        #[command(flatten)]
        check_out: checkout::CheckOutArgs,
    },
    /// The sessions of a day, running now first, with seats: id, kind, title, room, start, end,
    /// capacity, signed up, present, waitlist, and the station that decides its seats
    /// (tab-separated, with a header line)
    Sessions {
        /// Which day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<chrono::NaiveDate>,
        /// JSON array instead of lines (also seats_left, walk_ins, running)
        #[arg(long)]
        json: bool,
        /// Hand the session's seats to this station (its door's), or, when the owner's laptop
        /// is lost, to another: from now on only that station gives its seats
        #[arg(long, num_args = 2, value_names = ["SESSION", "STATION"], conflicts_with = "sign_up")]
        owner: Option<Vec<String>>,
        /// Sign a registrant up for a session: at a station that does not own its seats, asks
        /// the owner and prints its verdict (SIGNED-UP, ASKED or ASKED-OFFLINE, FULL, ...)
        #[arg(long, num_args = 2, value_names = ["SESSION", "CODE"], conflicts_with = "cancel")]
        sign_up: Option<Vec<String>>,
        /// Give up a registrant's seat in a session, or take them off its waitlist
        #[arg(long, num_args = 2, value_names = ["SESSION", "CODE"], conflicts_with = "owner")]
        cancel: Option<Vec<String>>,
        /// With --sign-up: go ahead despite the warnings (audience, overlap, waitlist first),
        /// recording this reason
        #[arg(long = "override", value_name = "REASON", requires = "sign_up")]
        override_reason: Option<String>,
    },
    /// Import registrants from CSV/TSV/semicolon (UTF-8, UTF-16, Windows-1251) or a JSON array.
    /// Re-importing updates people by code; all or nothing: any bad row and nothing is written.
    Import {
        file: PathBuf,
        /// Show what would change, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Read column COLUMN as FIELD (e.g. --map "Номер=code"); FIELD is one of: code,
        /// family_name, given_name, patronymic, full_name, alt_spelling, category, organisation,
        /// country, region, birth_year, delegation, responsible_adults, responsible_name,
        /// responsible_phone, email, phone, photo_consent, notes, sessions, other_code, iin,
        /// order, position_id, status, void
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        maps: Vec<String>,
        #[command(flatten)]
        read: ImportArgs,
    },
    /// Write a deterministic sample registrant list (CSV) for rehearsals and benchmarks
    Sample {
        #[arg(long, default_value_t = 1000)]
        count: usize,
        #[arg(long, default_value_t = 2016)]
        seed: u64,
        /// Output file, or - for standard output
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Find people as the desk does, printing one result per line: code, name, other spelling,
    /// category, how it matched, today's status (tab-separated); exits 1 when nobody matches
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// JSON array instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Load the event programme from a JSON file (replaces the current one)
    Program { file: PathBuf },
    /// Export attendance (CSV for Excel) or the fact log (JSON Lines, for backup)
    #[command(subcommand)]
    Export(ExportCommand),
    /// Load a fact log written by `export facts` into a data folder that has no facts yet
    Restore { file: PathBuf },
    /// Take in another station's facts from a file its `export facts` wrote (a USB stick when
    /// there is no network): signatures checked, facts already here skipped, so merging the
    /// same file twice changes nothing
    Merge { file: PathBuf },
    /// Set the organisers' passphrase for this data folder, read from the first line of standard
    /// input (never the command line). An override at the exit (a child released to an adult not
    /// on their list, the last chaperone of children on site let out) needs it, or an
    /// organiser's badge. Only a salted Argon2id hash is kept.
    Passphrase,
    /// Recompute who is in, rosters and counts from the fact log
    Rebuild,
    /// Open a folder refused for a damaged `facts.wal`: every intact batch of check-ins in it is
    /// put back, and the damaged file is kept aside
    Recover,
    /// Show what the data folder holds: event, people, facts, today's arrivals
    Status,
    /// The organisers' numbers for a day: arrived, registered, on site, by category, region and
    /// country, children and adults, sessions (present / signed up / capacity), arrivals per 10
    /// minutes, activity per desk
    Report {
        /// Which day [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<chrono::NaiveDate>,
        /// JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Load the bundled sample event into an empty data folder and open the desk (demo mode)
    Demo,
    /// Print a one-time ticket that lets a new laptop join this event as a station
    /// (`checkin join TICKET` there). This station must be running (the desk, or `checkin sync`)
    /// while the new one joins
    Invite {
        /// The new station's name, e.g. door-robotics [default: station-N]
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Minutes until the ticket expires
        #[arg(long, value_name = "MINUTES", default_value_t = 60)]
        ttl: u32,
    },
    /// Make this laptop's empty data folder a station of the event a ticket is for, and fetch
    /// the event's facts from the station that printed it
    Join { ticket: String },
    /// The event's stations: name, key, address, last heard, facts held, facts not yet shared,
    /// clock offset, revoked; and any alarm (two laptops writing as one station)
    Stations {
        /// JSON instead of lines
        #[arg(long)]
        json: bool,
        /// Drop a station from the event (a lost laptop): no station connects to it again
        #[arg(long, value_name = "NAME")]
        revoke: Option<String>,
    },
    /// Run as a station that only syncs (the organisers' always-on laptop): keeps every fact
    /// of every station until stopped (Ctrl+C)
    Sync,
    /// Badges as a PDF: event, name (and its other spelling), category, delegation or country,
    /// a QR code of the registration code, and the minor and "no photos" marks. Each badge
    /// printed is recorded (a reprint is counted), so `--who new` prints only those without one.
    Badges {
        /// The PDF to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// all, new (never printed), or registration codes
        #[arg(long, value_name = "all|new|CODE", num_args = 1.., default_value = "all")]
        who: Vec<String>,
        /// a4: sheets of eight 95 × 65 mm badges with cut marks; label-62: 62 × 100 mm labels;
        /// label-4x6: 4 × 6 in labels
        #[arg(long, value_enum, default_value_t = Layout::A4)]
        layout: Layout,
        /// Also send the PDF to this printer (through `lp`)
        #[arg(long, value_name = "NAME")]
        printer: Option<String>,
        /// Write the PDF without recording the badges as printed
        #[arg(long)]
        preview: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// One row per person: arrival time, station, status (UTF-8 CSV with BOM: opens in Excel)
    Attendance {
        /// A session's roster instead of the venue's entrance
        #[arg(long, value_name = "ID")]
        session: Option<String>,
        /// Which day at the venue [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<chrono::NaiveDate>,
        /// A workbook when FILE ends in .xlsx, else CSV (UTF-8 with BOM)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// CSV separator: , ; or tab [default: ; in Kazakh and Russian, as their Excel expects; , in English]
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<String>,
    },
    /// Everyone on site now, by delegation with the chaperones' phones, for an evacuation
    /// roll-call: CSV (UTF-8 with BOM), a workbook (.xlsx) or a printable HTML page (.html)
    Onsite {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// csv, html or xlsx [default: from the file's extension]
        #[arg(long, value_enum)]
        format: Option<crate::station::Format>,
        /// CSV separator: , ; or tab [default: ; in Kazakh and Russian, , in English]
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<String>,
    },
    /// The whole fact log as JSON Lines
    Facts {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(code) => code,
        // The reader went away (`checkin search … | head`): not an error worth a message.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let message = describe(&e);
            tracing::error!("{message}");
            eprintln!("checkin: {message}");
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes on one line, each cause once: many of our messages already quote
/// their cause ("cannot use data folder …: Read-only file system"), which `{:#}` would repeat.
fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain().map(ToString::to_string) {
        if !text.contains(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    let badges = crate::station::BadgePrinting { printer: cli.printer.clone(), layout: cli.badge_layout };
    match cli.command {
        None => desk::run(g, false, cli.session.as_deref(), badges).map(|_| ExitCode::SUCCESS),
        Some(Command::Demo) => desk::run(g, true, cli.session.as_deref(), badges).map(|_| ExitCode::SUCCESS),
        Some(Command::Status) => data::status(g).map(|_| ExitCode::SUCCESS),
        Some(Command::Scan { session, check_out }) => scan::run(g, session.as_deref(), &check_out),
        Some(Command::Sessions { owner: Some(pair), .. }) => sessions::hand_over(g, &pair[0], &pair[1]),
        Some(Command::Sessions { sign_up: Some(pair), override_reason, .. }) => {
            sessions::sign_up(g, &pair[0], &pair[1], override_reason)
        }
        Some(Command::Sessions { cancel: Some(pair), .. }) => sessions::cancel(g, &pair[0], &pair[1]),
        Some(Command::Sessions { day, json, .. }) => sessions::run(g, day, json),
        Some(Command::Report { day, json }) => report::run(g, day, json).map(|_| ExitCode::SUCCESS),
        Some(Command::Export(ExportCommand::Onsite { out, format, delimiter })) => {
            onsite::export(g, &out, format, delimiter.as_deref()).map(|_| ExitCode::SUCCESS)
        }
        Some(Command::Search { query, limit, json }) => search::run(g, &query, limit, json),
        Some(Command::Import { file, dry_run, maps, read }) => import::import(g, &file, dry_run, &maps, &read),
        Some(Command::Sample { count, seed, out }) => import::sample(count, seed, &out),
        Some(Command::Program { file }) => data::load_program(g, &file).map(|_| ExitCode::SUCCESS),
        Some(Command::Export(ExportCommand::Attendance { session, day, out, delimiter })) => {
            data::export_attendance(g, session.as_deref(), day, &out, delimiter.as_deref()).map(|_| ExitCode::SUCCESS)
        }
        Some(Command::Export(ExportCommand::Facts { out })) => data::export_facts(g, &out).map(|_| ExitCode::SUCCESS),
        Some(Command::Restore { file }) => data::restore(g, &file).map(|_| ExitCode::SUCCESS),
        Some(Command::Merge { file }) => data::merge(g, &file).map(|_| ExitCode::SUCCESS),
        Some(Command::Passphrase) => data::set_passphrase(g).map(|_| ExitCode::SUCCESS),
        Some(Command::Invite { name, ttl }) => stations::invite(g, name, ttl).map(|_| ExitCode::SUCCESS),
        Some(Command::Join { ticket }) => stations::join(g, &ticket).map(|_| ExitCode::SUCCESS),
        Some(Command::Stations { json, revoke }) => {
            stations::list(g, json, revoke.as_deref()).map(|_| ExitCode::SUCCESS)
        }
        Some(Command::Sync) => stations::sync(g).map(|_| ExitCode::SUCCESS),
        Some(Command::Rebuild) => data::rebuild(g).map(|_| ExitCode::SUCCESS),
        Some(Command::Badges { out, who, layout, printer, preview }) => {
            badges::run(g, badges::BadgeArgs { out: &out, who: &who, layout, printer: printer.as_deref(), preview })
        }
        Some(Command::Recover) => data::recover(g).map(|_| ExitCode::SUCCESS),
    }
}

/// How `checkin import` reads what it cannot know by itself.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ImportArgs {
    /// The workbook sheet to read (the first one otherwise)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// What a category value means, e.g. --category "Қатысушы=child" (repeatable)
    #[arg(long = "category", value_name = "VALUE=CATEGORY")]
    pub categories: Vec<String>,
    /// What a registration status means, e.g. --status "Wartend=registered" (repeatable)
    #[arg(long = "status", value_name = "VALUE=STATUS")]
    pub statuses: Vec<String>,
    /// Import names whose letters were turned into "?" by a code page (they stay damaged)
    #[arg(long)]
    pub accept_damaged: bool,
    /// The file has no code column (a Google Form): give everyone a code made from their e-mail,
    /// else name and birth date, that stays the same on every re-import
    #[arg(long)]
    pub assign_codes: bool,
}
