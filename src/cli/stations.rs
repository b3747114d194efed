//! The event's stations on several machines: `invite`, `join`, `stations`, `sync`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Global;
use super::data::open;
use super::output::outln;
use crate::domain::{FactKind, StationKey};
use crate::station::Sharing;
use crate::station::Station;
use crate::store::identity::hex;
use crate::sync::SyncStatus;
use crate::sync::ticket::Ticket;

/// A status file older than this was not written by a running station.
const STATUS_FRESH: chrono::Duration = chrono::Duration::seconds(10);

pub fn invite(g: &Global, name: Option<String>, ttl_minutes: u32) -> anyhow::Result<()> {
    anyhow::ensure!((1..=24 * 60).contains(&ttl_minutes), "--ttl is minutes, from 1 to 1440");
    let mut station = open(g)?;
    let roster = roster(&station);
    let name = match name {
        Some(name) => crate::text::sanitize::sanitize(&name).trim().to_owned(),
        None => (2..).map(|n| format!("station-{n}")).find(|n| roster.iter().all(|s| &s.name != n)).unwrap_or_default(),
    };
    anyhow::ensure!(
        !name.is_empty() && name.chars().count() <= 64 && !name.contains(char::is_whitespace),
        "a station name is 1–64 characters without spaces, e.g. door-robotics"
    );
    anyhow::ensure!(
        roster.iter().all(|s| s.name != name),
        "a station named {name:?} is in the event already; choose another --name"
    );
    let now = station.now();
    let secret: [u8; 32] = rand::random();
    let expires = now + chrono::Duration::minutes(i64::from(ttl_minutes));
    let digest = crate::store::identity::digest(&secret);
    let operator = station.operator().to_owned();
    station.folder_mut().record(
        now,
        &operator,
        FactKind::Invited { station: name.clone(), ticket: digest, expires },
    )?;
    // From the first invitation on, the programme and the registrants travel (a running desk
    // that owns the folder publishes them as it starts to sync).
    super::data::publish(&mut station)?;

    let dir = station.folder().dir().to_owned();
    let running = SyncStatus::read(&dir).filter(|s| s.at.is_some_and(|at| Utc::now() - at <= STATUS_FRESH));
    let addresses = match &running {
        Some(status) => status.listening.clone(),
        None => g.listen.iter().copied().filter(|a| !a.ip().is_unspecified()).collect(),
    };
    let (event, key, inviter_station) = match (station.folder().local(), &running) {
        (Some(store), _) => (store.event().clone(), store.station_key(), store.station().to_owned()),
        (None, Some(SyncStatus { event: Some(event), key: Some(key), station, .. })) => {
            (event.clone(), *key, station.clone())
        }
        (None, _) => {
            anyhow::bail!("another window owns this data folder and is not syncing: run `checkin invite` there")
        }
    };
    let event_name = station.event_name(crate::i18n::Lang::En);
    let ticket = Ticket {
        event: event.id,
        event_name: event_name.clone(),
        inviter: key,
        inviter_station,
        addresses,
        station: name.clone(),
        expires,
        secret,
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&station.offset()).format("%H:%M").to_string();
    eprintln!(
        "A one-time ticket for a new station {name:?} of {}, valid until {}. On the new laptop, with an empty data folder:\n  checkin join <ticket>",
        event_name,
        local(expires)
    );
    if running.is_none() {
        eprintln!(
            "note: this folder is not syncing now. Keep the desk or `checkin sync` running here (with --listen ADDR if you gave one) until the new station has joined."
        );
    }
    outln!("{}", ticket.encode())?;
    if std::io::stdout().is_terminal()
        && let Some(qr) = ticket.qr_lines()
    {
        outln!("{qr}")?;
    }
    Ok(())
}

pub fn join(g: &Global, text: &str) -> anyhow::Result<()> {
    let ticket = Ticket::decode(text)?;
    let mut g = g.clone();
    g.station = Some(ticket.station.clone());
    let mut station = open(&g)?;
    let now = station.now();
    let config = g.sync_config();
    let store = station.folder_mut().owned().ok_or_else(|| {
        anyhow::anyhow!("another window has this data folder open; join with a new, empty folder (--data)")
    })?;
    eprintln!("joining {} as {} through station {} …", ticket.event_name, ticket.station, ticket.inviter_station);
    let joined = crate::sync::join::join(store, &ticket, &config, now).map_err(anyhow::Error::msg)?;
    let dir = store.dir().to_owned();
    crate::store::folder::write_joined_name(&dir, &ticket.station)
        .with_context(|| format!("cannot write the station's name into {}", dir.display()))?;
    station.absorb_walk_ins();
    outln!("joined {} as station {}: {} facts so far", joined.event_name, joined.station, joined.facts)?;
    if !joined.complete {
        outln!("not everything has arrived yet; the rest comes while this station runs (the desk, or `checkin sync`)")?;
    }
    Ok(())
}

/// One station of the event, as `stations` lists it.
#[derive(Debug, Clone, serde::Serialize)]
struct Listed {
    name: String,
    /// Its iroh endpoint id: the station's public key, hex (what `--peer KEY@ADDR` takes).
    endpoint_id: String,
    role: &'static str,
    connected: bool,
    /// Where it was last reached (kept while it is away); `null` if never.
    address: Option<String>,
    last_heard: Option<DateTime<Utc>>,
    /// The highest sequence of its log this folder holds (its facts up to there are here).
    highest_seq_held: u64,
    /// How many facts it said it holds, all logs together.
    facts_it_holds: Option<u64>,
    /// This station's row: its facts no other station holds yet. Another's: facts held here
    /// that it has not said it holds.
    not_shared: Option<u64>,
    clock_offset_ms: Option<i64>,
    revoked: bool,
    trouble: Option<String>,
    #[serde(skip)]
    key_bytes: StationKey,
}

/// Every station the facts know: the founder, and each admitted one.
fn roster(station: &Station) -> Vec<Listed> {
    let state = station.folder().state();
    let status = SyncStatus::read(station.folder().dir());
    let vector = vector_of(station);
    let held = |name: &str| vector.get(name).copied().unwrap_or(0);
    let mut out = Vec::new();
    let founder = match station.folder().local() {
        Some(store) => {
            let founder = store.event().founder;
            let name = store.log_keys().into_iter().find(|(_, k)| *k == founder).map(|(s, _)| s);
            Some((founder, name))
        }
        None => status.as_ref().and_then(|s| s.event.as_ref()).map(|e| {
            let name = status.as_ref().filter(|s| s.key == Some(e.founder)).map(|s| s.station.clone());
            (e.founder, name)
        }),
    };
    if let Some((key, name)) = &founder {
        let name = name.clone().unwrap_or_else(|| "(founder)".into());
        let revoked = state.membership().member(key).is_some_and(|m| m.is_revoked());
        let held = held(&name);
        out.push(listed(name, *key, "founder", revoked, held));
    }
    for (key, member) in state.membership().members() {
        if founder.as_ref().is_some_and(|(f, _)| f == key) {
            continue;
        }
        let name = member.station().unwrap_or("?").to_owned();
        let role = if member.is_revoked() { "revoked" } else { "admitted" };
        let held = held(&name);
        out.push(listed(name, *key, role, member.is_revoked(), held));
    }
    out
}

/// Station → last sequence held by this folder.
fn vector_of(station: &Station) -> std::collections::BTreeMap<String, u64> {
    if let Some(store) = station.folder().local() {
        return store.vector();
    }
    let mut vector = std::collections::BTreeMap::new();
    for fact in station.folder().facts().flatten() {
        let seq = vector.entry(fact.station.clone()).or_insert(0);
        *seq = fact.seq.max(*seq);
    }
    vector
}

fn listed(name: String, key: StationKey, role: &'static str, revoked: bool, held: u64) -> Listed {
    Listed {
        name,
        endpoint_id: hex(&key),
        role,
        connected: false,
        address: None,
        last_heard: None,
        highest_seq_held: held,
        facts_it_holds: None,
        not_shared: None,
        clock_offset_ms: None,
        revoked,
        trouble: None,
        key_bytes: key,
    }
}

pub fn list(g: &Global, json: bool, revoke: Option<&str>) -> anyhow::Result<()> {
    let mut station = open(g)?;
    if let Some(name) = revoke {
        let roster = roster(&station);
        let target = roster.iter().find(|s| s.name == name && !s.revoked).ok_or_else(|| {
            anyhow::anyhow!(
                "no station named {name:?} to revoke; the event's stations: {}",
                roster.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?;
        let own = own_key(&station);
        anyhow::ensure!(Some(target.key_bytes) != own, "this station cannot revoke itself; revoke it from another one");
        let now = station.now();
        let operator = station.operator().to_owned();
        station.folder_mut().record(now, &operator, FactKind::Revoked { key: target.key_bytes, reason: None })?;
        outln!("station {name} is revoked: no station of the event connects to it from now on (as each hears of it)")?;
        return Ok(());
    }
    let dir = station.folder().dir().to_owned();
    let status = SyncStatus::read(&dir);
    let mut roster = roster(&station);
    let own_key = own_key(&station);
    let vector = vector_of(&station);
    for s in &mut roster {
        if Some(s.key_bytes) == own_key {
            s.connected = true;
            s.address = status.as_ref().and_then(|st| st.listening.first()).map(ToString::to_string);
            s.not_shared = status.as_ref().map(|st| st.not_shared(&s.name, vector.get(&s.name).copied().unwrap_or(0)));
            continue;
        }
        if let Some(peer) = status.as_ref().and_then(|st| st.peer(&s.key_bytes)) {
            s.connected = peer.connected;
            s.address = peer.address.map(|a| a.to_string());
            s.last_heard = peer.last_heard;
            s.facts_it_holds = (!peer.holds.is_empty()).then(|| peer.holds.values().sum());
            // Only what it said since this run began: before that, unknown rather than "all".
            s.not_shared = (!peer.holds.is_empty()).then(|| SyncStatus::not_shared_with(&vector, peer));
            s.clock_offset_ms = peer.clock_offset_ms;
            s.trouble = peer.trouble.clone();
        }
    }
    let alarms = match station.folder().local() {
        Some(store) => store.alarms(),
        None => status.as_ref().map(|s| s.alarms.clone()).unwrap_or_default(),
    };
    if json {
        let out = serde_json::json!({
            "as_of": status.as_ref().and_then(|s| s.at),
            "stations": roster,
            "alarms": alarms.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(());
    }
    print_table(&station, &roster, status.as_ref(), &alarms)
}

/// This folder's key: from the store when this process owns it, else from the owner's status.
fn own_key(station: &Station) -> Option<StationKey> {
    match station.folder().local() {
        Some(store) => Some(store.station_key()),
        None => SyncStatus::read(station.folder().dir()).and_then(|s| s.key),
    }
}

fn print_table(
    station: &Station,
    roster: &[Listed],
    status: Option<&SyncStatus>,
    alarms: &[crate::store::Alarm],
) -> anyhow::Result<()> {
    let offset = station.offset();
    let local = |t: DateTime<Utc>| t.with_timezone(&offset).format("%H:%M:%S").to_string();
    match status.and_then(|s| s.at) {
        Some(at) if Utc::now() - at <= STATUS_FRESH => outln!("as of {} (this folder is syncing now)", local(at))?,
        Some(at) => outln!("as of {}, when this folder last synced (it is not syncing now)", local(at))?,
        None => outln!("this folder has not synced yet: start the desk or `checkin sync` here")?,
    }
    outln!("station\tendpoint id\trole\tlinked\taddress\tlast heard\tseq held\tfacts there\tnot shared\tclock")?;
    for s in roster {
        let clock = s.clock_offset_ms.map(|ms| {
            let flag = if ms.abs() > crate::sync::peers::FLAG_CLOCK_SECONDS * 1000 { " FLAG" } else { "" };
            format!("{:+.1} s{flag}", ms as f64 / 1000.0)
        });
        outln!(
            "{}\t{}…\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            s.name,
            &s.endpoint_id[..8],
            s.role,
            if s.connected { "yes" } else { "no" },
            s.address.as_deref().unwrap_or("-"),
            s.last_heard.map(local).unwrap_or_else(|| "-".into()),
            s.highest_seq_held,
            s.facts_it_holds.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
            s.not_shared.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
            clock.unwrap_or_else(|| "-".into()),
        )?;
        if let Some(trouble) = &s.trouble {
            outln!("  {}: {trouble}", s.name)?;
        }
    }
    for alarm in alarms {
        outln!("ALARM: {alarm}")?;
    }
    Ok(())
}

/// `checkin sync`: own the folder, share it with this laptop's windows, sync with the others.
pub fn sync(g: &Global) -> anyhow::Result<()> {
    anyhow::ensure!(!g.offline, "`checkin sync` with --offline (or CHECKIN_OFFLINE) would do nothing");
    let mut station = open(g)?;
    let mut network = station.network().clone();
    network.forced = true;
    station.set_network(network);
    anyhow::ensure!(
        station.folder().local().is_some(),
        "another window owns this data folder and syncs it already while it runs"
    );
    let (wake_tx, wake) = std::sync::mpsc::channel::<()>();
    let mut sharing = Sharing::start(
        &mut station,
        Some(Arc::new(move || {
            let _ = wake_tx.send(());
        })),
    );
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, stop.clone()).context("cannot watch for Ctrl+C")?;
    }
    let dir: &Path = station.folder().dir();
    eprintln!("syncing {} as station {}; Ctrl+C stops", dir.display(), station.folder().station());
    let mut last_line = std::time::Instant::now() - Duration::from_secs(60);
    while !stop.load(Ordering::Relaxed) {
        let _ = wake.recv_timeout(Duration::from_millis(250));
        sharing.step(&mut station, true);
        if last_line.elapsed() >= Duration::from_secs(30) {
            last_line = std::time::Instant::now();
            if let Some(status) = sharing.sync_status(&station) {
                let reach = status.reach(Utc::now());
                let lang = g.lang.unwrap_or_else(crate::i18n::Lang::from_locale);
                eprintln!("{}; {} facts held", reach.describe(lang, station.offset()), station.folder().fact_count());
            }
        }
    }
    eprintln!("stopped");
    Ok(())
}
