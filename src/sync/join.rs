//! `checkin join TICKET` on a new laptop: present the ticket to the station that issued it,
//! become a station of its event, and fetch everything the event holds before the desk opens.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use iroh::{Endpoint, EndpointAddr, TransportAddr};

use super::net::JOIN_ALPN;
use super::ticket::Ticket;
use super::wire::{self, JoinReply, JoinRequest, PROTOCOL};
use super::{PeerAddr, SyncConfig, Syncing};
use crate::domain::{Fact, FactKind};
use crate::store::{Store, codec, identity};

/// How long the inviting station may take to answer, and the catching up to finish.
const ANSWER_WAIT: Duration = Duration::from_secs(15);
const CATCH_UP_WAIT: Duration = Duration::from_secs(120);

#[derive(Debug)]
pub struct Joined {
    pub event_name: String,
    pub station: String,
    /// Facts held once caught up (or when the wait ran out).
    pub facts: usize,
    /// Everything the inviting station held has arrived.
    pub complete: bool,
}

/// Makes the empty folder of `store` a station of the ticket's event, then catches up with the
/// inviting station.
pub fn join(store: &mut Store, ticket: &Ticket, config: &SyncConfig, now: DateTime<Utc>) -> Result<Joined, String> {
    if !store.is_empty() {
        return Err(format!(
            "{} already holds an event (people, a programme or facts); join with a new, empty folder (--data)",
            store.dir().display()
        ));
    }
    if now >= ticket.expires {
        return Err(format!("this ticket expired at {}; ask for a new one (`checkin invite`)", ticket.expires));
    }
    let secret = store.iroh_key();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the network: {e}"))?;
    let reply = runtime.block_on(ask_to_join(secret, ticket, config))?;
    let (event, admission) = match reply {
        JoinReply::Welcome { event, admission } => (event, admission),
        JoinReply::Refused(why) => return Err(format!("station {} refused the ticket: {why}", ticket.inviter_station)),
    };
    let ours = store.station_key();
    let admitted = event.id == ticket.event
        && identity::verify(&event.id, &admission)
        && matches!(
            codec::decode_limited::<Fact>(&admission.bytes).map(|f| f.kind),
            Ok(FactKind::Admitted { key, .. }) if key == ours
        );
    if !admitted {
        return Err(format!(
            "station {} answered with an admission that does not hold; nothing was changed",
            ticket.inviter_station
        ));
    }
    // The inviter named the event by its programme in the ticket; its event record may still
    // carry the founder's folder name (made before any programme). Until the programme arrives
    // here, the ticket's name is the better one. Names are shown, never trusted: cleaned.
    let mut event = event;
    let named = crate::text::sanitize::sanitize(&ticket.event_name).trim().to_owned();
    if !named.is_empty() {
        event.name = named;
    }
    store.adopt_event(event.clone()).map_err(|e| e.to_string())?;
    store.set_admission(&admission).map_err(|e| e.to_string())?;

    let mut config = config.clone();
    config.forced = true;
    config.peers.extend(ticket.addresses.iter().map(|addr| PeerAddr { key: Some(ticket.inviter), addr: *addr }));
    let complete = catch_up(store, ticket, config)?;
    // Named by its programme when that came along (not by the founder's folder).
    Ok(Joined {
        event_name: store.event_name("en"),
        station: ticket.station.clone(),
        facts: store.fact_count(),
        complete,
    })
}

async fn ask_to_join(secret: iroh::SecretKey, ticket: &Ticket, config: &SyncConfig) -> Result<JoinReply, String> {
    let mut builder =
        Endpoint::builder(iroh::endpoint::presets::Minimal).secret_key(secret).relay_mode(iroh::RelayMode::Disabled);
    if !config.listen.is_empty() {
        builder = builder.clear_ip_transports();
        for addr in &config.listen {
            builder = builder.bind_addr(*addr).map_err(|e| format!("cannot use {addr}: {e}"))?;
        }
    }
    let endpoint = builder.bind().await.map_err(|e| format!("cannot start the network: {e}"))?;
    let unreachable = |why: String| {
        format!(
            "cannot reach station {} at {}: {why}. Is it running (the desk, or `checkin sync`) on the same network?",
            ticket.inviter_station,
            ticket.addresses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        )
    };
    let id =
        iroh::PublicKey::from_bytes(&ticket.inviter).map_err(|_| "the ticket names no valid station".to_owned())?;
    let target = EndpointAddr::from_parts(id, ticket.addresses.iter().map(|a| TransportAddr::Ip(*a)));
    let reply = async {
        let conn = endpoint.connect(target, JOIN_ALPN).await.map_err(|e| unreachable(e.to_string()))?;
        let (mut send, mut recv) = conn.open_bi().await.map_err(|e| unreachable(e.to_string()))?;
        let request = JoinRequest {
            protocol: PROTOCOL,
            event: ticket.event,
            secret: ticket.secret,
            station: ticket.station.clone(),
        };
        wire::send(&mut send, &request).await.map_err(|e| unreachable(e.to_string()))?;
        let reply: Option<JoinReply> = wire::receive(&mut recv).await.map_err(|e| unreachable(e.to_string()))?;
        conn.close(0u32.into(), b"joined");
        reply.ok_or_else(|| unreachable("it closed without answering".into()))
    };
    let reply = tokio::time::timeout(ANSWER_WAIT, reply).await.map_err(|_| unreachable("no answer".into()))?;
    endpoint.close().await;
    reply
}

/// Syncs with the inviting station until this one holds everything it held when they linked.
/// False when the wait ran out first (the rest comes when the station runs).
fn catch_up(store: &mut Store, ticket: &Ticket, config: SyncConfig) -> Result<bool, String> {
    let mut syncing = Syncing::start(store, config, None).map_err(|e| format!("cannot start the network: {e}"))?;
    let deadline = Instant::now() + CATCH_UP_WAIT;
    while Instant::now() < deadline {
        syncing.step(store, Utc::now());
        let status = syncing.status();
        if let Some(inviter) = status.peer(&ticket.inviter)
            && inviter.connected
            && !inviter.holds.is_empty()
        {
            let ours = store.vector();
            let facts_here = inviter.holds.iter().all(|(station, seq)| ours.get(station).is_some_and(|o| o >= seq));
            if facts_here && store.missing_documents().is_empty() {
                syncing.step(store, Utc::now());
                return Ok(true);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(false)
}
