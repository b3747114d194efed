//! The network thread: an iroh endpoint on its own tokio runtime, which dials the event's other
//! stations, accepts theirs, and keeps each link's two logs in step. It never touches the store:
//! it asks the folder's main loop for facts to send and hands it facts received
//! ([`super::jobs::Job`]), and learns what the store holds from what the main loop publishes.
//!
//! ```text
//!   main loop (owns the Store) ── Published (vector, members) ──►  network thread
//!        ▲   answers Jobs: Read, Ingest, Redeem                    │ one task per link:
//!        └──────────────── std mpsc + waker ◄──────────────────────┘ Hello, Facts, Have, Ping
//! ```
//!
//! A link: both sides send a [`Hello`] (event, what they hold, where stations listen, the proof
//! of their admission); either refuses a station of another event, an unknown or revoked one,
//! with a message saying why, before anything about people is sent. Then each side sends the
//! other's missing facts a page at a time, answers every page with what it holds now, and sends
//! new facts at once when the main loop publishes a change.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use iroh::endpoint::{AfterHandshakeOutcome, BeforeConnectOutcome, Connection, EndpointHooks};
use iroh::{Endpoint, EndpointAddr, TransportAddr};
use tokio::sync::{mpsc, oneshot, watch};

use super::jobs::{Job, Published};
use super::peers::{FLAG_CLOCK_SECONDS, SyncStatus, WARN_CLOCK_SECONDS};
use super::wire::{self, Hello, JoinReply, JoinRequest, Message, PAGE_FACTS, PROTOCOL, Vector};
use super::{SyncConfig, blocked};
use crate::domain::{FactKind, StationKey};
use crate::store::{SignedFact, codec, identity};

pub const SYNC_ALPN: &[u8] = b"checkin/sync/1";
pub const JOIN_ALPN: &[u8] = b"checkin/join/1";

/// Where a station listens unless told otherwise (`--listen`); a busy port falls back to any.
pub const DEFAULT_PORT: u16 = 4917;

/// How long a peer may take to say hello, and how long a dial may take.
const HELLO_WAIT: Duration = Duration::from_secs(10);
const DIAL_WAIT: Duration = Duration::from_secs(4);
/// How often unconnected stations are dialled, and links re-offer what was not acknowledged.
const ROUND: Duration = Duration::from_secs(1);
/// Pages sent per push, so one link cannot keep the main loop busy for long.
const PAGES_PER_PUSH: usize = 8;

/// What the network thread shares between its tasks.
pub(super) struct Net {
    pub jobs: std::sync::mpsc::Sender<Job>,
    pub waker: Option<crate::store::share::Waker>,
    pub published: watch::Receiver<Arc<Published>>,
    pub status: Arc<Mutex<SyncStatus>>,
    pub config: SyncConfig,
    pub dir: std::path::PathBuf,
    /// Live links per station key.
    links: Mutex<BTreeMap<StationKey, usize>>,
    /// Where each station was heard to listen (from hellos, the ticket, explicit peers).
    addresses: Mutex<BTreeMap<StationKey, BTreeSet<SocketAddr>>>,
    /// When each station may be dialled again after a failure.
    backoff: Mutex<BTreeMap<StationKey, (tokio::time::Instant, Duration)>>,
}

#[derive(Debug, thiserror::Error)]
pub(super) enum LinkError {
    #[error("{0}")]
    Wire(#[from] wire::WireError),
    #[error("refused by the other station: {0}")]
    RefusedThere(String),
    #[error("refused here: {0}")]
    RefusedHere(String),
    #[error("the other station did not say hello in time")]
    Silent,
    #[error("this station is closing")]
    Closing,
    #[error("{0}")]
    Connection(String),
}

impl Net {
    pub(super) fn new(
        jobs: std::sync::mpsc::Sender<Job>,
        waker: Option<crate::store::share::Waker>,
        published: watch::Receiver<Arc<Published>>,
        status: Arc<Mutex<SyncStatus>>,
        config: SyncConfig,
        dir: std::path::PathBuf,
    ) -> Net {
        Net {
            jobs,
            waker,
            published,
            status,
            config,
            dir,
            links: Mutex::default(),
            addresses: Mutex::default(),
            backoff: Mutex::default(),
        }
    }

    fn published(&self) -> Arc<Published> {
        self.published.borrow().clone()
    }

    /// Asks the main loop, and waits for its answer.
    async fn ask<T>(&self, job: impl FnOnce(oneshot::Sender<T>) -> Job) -> Result<T, LinkError> {
        let (tx, rx) = oneshot::channel();
        self.jobs.send(job(tx)).map_err(|_| LinkError::Closing)?;
        if let Some(wake) = &self.waker {
            wake();
        }
        rx.await.map_err(|_| LinkError::Closing)
    }

    pub(super) fn learn_addresses(&self, key: StationKey, addresses: impl IntoIterator<Item = SocketAddr>) {
        let mut book = lock(&self.addresses);
        let known = book.entry(key).or_default();
        for a in addresses {
            // Never remember an unspecified address: it reaches nobody.
            if !a.ip().is_unspecified() && a.port() != 0 {
                known.insert(a);
            }
        }
    }

    fn address_book(&self) -> Vec<(StationKey, Vec<SocketAddr>)> {
        lock(&self.addresses).iter().map(|(k, a)| (*k, a.iter().copied().collect())).collect()
    }
}

/// Builds the endpoint: this folder's key, relays and internet lookups off, mDNS on the LAN
/// unless switched off, listening where configured.
pub(super) async fn bind(secret: iroh::SecretKey, net: &Arc<Net>) -> Result<Endpoint, String> {
    let config = &net.config;
    let mut builder = Endpoint::builder(iroh::endpoint::presets::Minimal)
        .secret_key(secret.clone())
        .alpns(vec![SYNC_ALPN.to_vec(), JOIN_ALPN.to_vec()])
        .relay_mode(iroh::RelayMode::Disabled)
        .hooks(Gate { net: Arc::downgrade(net) });
    let explicit = !config.listen.is_empty();
    if explicit {
        builder = builder.clear_ip_transports();
        for addr in &config.listen {
            builder = builder.bind_addr(*addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        }
    }
    if config.mdns {
        builder = builder.address_lookup(iroh_mdns_address_lookup::MdnsAddressLookup::builder());
    }
    match builder.bind().await {
        Ok(endpoint) => Ok(endpoint),
        Err(e) if explicit => Err(format!("cannot listen on {:?}: {e}", config.listen)),
        Err(e) => {
            // The default port is taken (another event's station on this laptop): any port will
            // do, mDNS and the address book tell peers which.
            tracing::warn!("cannot listen on port {DEFAULT_PORT} ({e}); listening on another port");
            let mut builder = Endpoint::builder(iroh::endpoint::presets::Minimal)
                .secret_key(secret)
                .alpns(vec![SYNC_ALPN.to_vec(), JOIN_ALPN.to_vec()])
                .relay_mode(iroh::RelayMode::Disabled)
                .hooks(Gate { net: Arc::downgrade(net) });
            if config.mdns {
                builder = builder.address_lookup(iroh_mdns_address_lookup::MdnsAddressLookup::builder());
            }
            builder.bind().await.map_err(|e| format!("cannot listen: {e}"))
        }
    }
}

/// The default listening addresses: every interface, on [`DEFAULT_PORT`].
pub fn default_listen() -> Vec<SocketAddr> {
    vec![SocketAddr::from(([0, 0, 0, 0], DEFAULT_PORT)), SocketAddr::from(([0u16; 8], DEFAULT_PORT))]
}

/// Refuses, before any message, a connection to or from a revoked station, and any link the
/// test's block list cuts (see [`super::blocked`]).
#[derive(Debug)]
struct Gate {
    net: std::sync::Weak<Net>,
}

impl EndpointHooks for Gate {
    async fn before_connect<'a>(&'a self, remote: &'a EndpointAddr, _alpn: &'a [u8]) -> BeforeConnectOutcome {
        let Some(net) = self.net.upgrade() else { return BeforeConnectOutcome::Reject };
        let key = *remote.id.as_bytes();
        if net.published().revoked.contains(&key) || blocked(&net.config, &key) {
            return BeforeConnectOutcome::Reject;
        }
        BeforeConnectOutcome::Accept
    }

    async fn after_handshake<'a>(&'a self, conn: &'a Connection) -> AfterHandshakeOutcome {
        let Some(net) = self.net.upgrade() else { return AfterHandshakeOutcome::accept() };
        let key = *conn.remote_id().as_bytes();
        if conn.alpn() == SYNC_ALPN && net.published().revoked.contains(&key) {
            return AfterHandshakeOutcome::Reject { error_code: 403u32.into(), reason: b"revoked".to_vec() };
        }
        if blocked(&net.config, &key) {
            return AfterHandshakeOutcome::Reject { error_code: 503u32.into(), reason: b"cut".to_vec() };
        }
        AfterHandshakeOutcome::accept()
    }
}

/// Runs until `stop` fires: accepts, dials, and writes the status file.
pub(super) async fn run(endpoint: Endpoint, net: Arc<Net>, mut stop: watch::Receiver<bool>) {
    let listening: Vec<SocketAddr> = endpoint.bound_sockets();
    {
        let mut status = lock(&net.status);
        status.listening = advertised(&endpoint, &listening);
        status.station = net.published().station.clone();
    }
    tracing::info!(id = %endpoint.id(), ?listening, "syncing with the event's other stations");
    for addr in &net.config.peers {
        if let Some(key) = addr.key {
            net.learn_addresses(key, [addr.addr]);
        }
    }
    let accepting = tokio::spawn(accept_loop(endpoint.clone(), net.clone()));
    let dialing = tokio::spawn(dial_loop(endpoint.clone(), net.clone()));
    let reporting = tokio::spawn(report_loop(net.clone()));
    while !*stop.borrow() {
        if stop.changed().await.is_err() {
            break;
        }
    }
    accepting.abort();
    dialing.abort();
    reporting.abort();
    let _ = tokio::time::timeout(Duration::from_secs(1), endpoint.close()).await;
}

/// The addresses a peer can reach us at: the endpoint's own view (every interface for an
/// unspecified bind), else what is bound.
fn advertised(endpoint: &Endpoint, bound: &[SocketAddr]) -> Vec<SocketAddr> {
    let mut out: Vec<SocketAddr> = endpoint.addr().ip_addrs().copied().filter(|a| !a.ip().is_unspecified()).collect();
    if out.is_empty() {
        out = bound.iter().copied().filter(|a| !a.ip().is_unspecified()).collect();
    }
    out.sort();
    out.dedup();
    out
}

async fn report_loop(net: Arc<Net>) {
    loop {
        {
            let mut status = lock(&net.status);
            status.at = Some(Utc::now());
            if let Err(e) = status.write(&net.dir) {
                tracing::warn!("cannot write {}: {e}", SyncStatus::path(&net.dir).display());
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

async fn accept_loop(endpoint: Endpoint, net: Arc<Net>) {
    while let Some(incoming) = endpoint.accept().await {
        let net = net.clone();
        tokio::spawn(async move {
            let conn = match incoming.await {
                Ok(conn) => conn,
                Err(e) => {
                    tracing::debug!("an incoming connection failed: {e}");
                    return;
                }
            };
            if conn.alpn() == JOIN_ALPN {
                if let Err(e) = serve_join(&conn, &net).await {
                    tracing::warn!("a join attempt failed: {e}");
                }
            } else {
                let key = *conn.remote_id().as_bytes();
                let result = link(&conn, &net, false).await;
                ended(&net, &key, result);
            }
        });
    }
}

/// Dials every admitted station not linked now, at every address known for it.
async fn dial_loop(endpoint: Endpoint, net: Arc<Net>) {
    loop {
        let published = net.published();
        let own = published.key;
        let now = tokio::time::Instant::now();
        // Every admitted station, and any named with --peer KEY@ADDR (which may turn out to be
        // of another event: the hello says so to both).
        let named = net.config.peers.iter().filter_map(|p| p.key);
        let targets: Vec<StationKey> = published
            .admitted
            .iter()
            .copied()
            .chain(named)
            .collect::<BTreeSet<_>>()
            .iter()
            .filter(|k| **k != own)
            .filter(|k| lock(&net.links).get(*k).copied().unwrap_or(0) == 0)
            .filter(|k| lock(&net.backoff).get(*k).is_none_or(|(at, _)| *at <= now))
            .filter(|k| !blocked(&net.config, k))
            .copied()
            .collect();
        for key in targets {
            let mut addresses: BTreeSet<SocketAddr> = lock(&net.addresses).get(&key).cloned().unwrap_or_default();
            // An explicit peer without a key may be any station: try it for each.
            addresses.extend(net.config.peers.iter().filter(|p| p.key.is_none()).map(|p| p.addr));
            if addresses.is_empty() && !net.config.mdns {
                continue;
            }
            let Ok(id) = iroh::PublicKey::from_bytes(&key) else { continue };
            let target = EndpointAddr::from_parts(id, addresses.iter().map(|a| TransportAddr::Ip(*a)));
            let (endpoint, net) = (endpoint.clone(), net.clone());
            // Counted as linked while dialling, so the next round does not dial again.
            *lock(&net.links).entry(key).or_default() += 1;
            tokio::spawn(async move {
                let dialled = tokio::time::timeout(DIAL_WAIT, endpoint.connect(target, SYNC_ALPN)).await;
                decrement(&net.links, &key);
                match dialled {
                    Ok(Ok(conn)) => {
                        let result = link(&conn, &net, true).await;
                        ended(&net, &key, result);
                    }
                    Ok(Err(e)) => back_off(&net, &key, &e.to_string()),
                    Err(_) => back_off(&net, &key, "no answer"),
                }
            });
        }
        tokio::time::sleep(ROUND).await;
    }
}

fn back_off(net: &Net, key: &StationKey, why: &str) {
    let mut backoff = lock(&net.backoff);
    let step = backoff.get(key).map_or(Duration::from_secs(1), |(_, d)| (*d * 2).min(Duration::from_secs(8)));
    backoff.insert(*key, (tokio::time::Instant::now() + step, step));
    tracing::debug!(station = %identity::hex(&key[..4]), "cannot reach: {why}");
}

fn ended(net: &Net, key: &StationKey, result: Result<(), LinkError>) {
    let mut status = lock(&net.status);
    let peer = status.peer_mut(key);
    peer.connected = false;
    match result {
        Ok(()) | Err(LinkError::Closing) => {}
        Err(e) => {
            tracing::info!(station = %peer.station, "link ended: {e}");
            peer.trouble = Some(e.to_string());
            drop(status);
            if matches!(e, LinkError::RefusedHere(_) | LinkError::RefusedThere(_)) {
                // Refused for a reason that will not pass in a second: ask again later.
                let mut backoff = lock(&net.backoff);
                backoff.insert(*key, (tokio::time::Instant::now() + Duration::from_secs(10), Duration::from_secs(8)));
            } else {
                back_off(net, key, "link ended");
            }
        }
    }
}

/// One link, dialled or accepted, until it ends.
async fn link(conn: &Connection, net: &Arc<Net>, dialled: bool) -> Result<(), LinkError> {
    let remote: StationKey = *conn.remote_id().as_bytes();
    let streams = if dialled { conn.open_bi().await } else { conn.accept_bi().await };
    let (mut send, recv) = streams.map_err(|e| LinkError::Connection(e.to_string()))?;
    let published = net.published();
    let hello = Hello {
        protocol: PROTOCOL,
        event: published.event,
        station: published.station.clone(),
        clock: Utc::now(),
        have: published.vector.clone(),
        addresses: {
            let mut book = net.address_book();
            book.push((published.key, lock(&net.status).listening.clone()));
            book
        },
        admission: published.admission.clone(),
    };
    wire::send(&mut send, &Message::Hello(hello)).await?;
    let (incoming_tx, mut incoming) = mpsc::channel::<Result<Message, wire::WireError>>(8);
    let reader = tokio::spawn(read_messages(recv, incoming_tx));
    let _reader = AbortOnDrop(reader);

    let theirs = match tokio::time::timeout(HELLO_WAIT, incoming.recv()).await {
        Ok(Some(Ok(Message::Hello(hello)))) => hello,
        Ok(Some(Ok(Message::Refused(why)))) => return Err(LinkError::RefusedThere(why)),
        Ok(Some(Err(e))) => return Err(e.into()),
        Ok(Some(Ok(_))) | Ok(None) | Err(_) => return Err(LinkError::Silent),
    };
    if let Err(why) = admit(&published, &remote, &theirs) {
        let _ = wire::send(&mut send, &Message::Refused(why.clone())).await;
        let _ = send.finish();
        tokio::time::sleep(Duration::from_millis(200)).await;
        return Err(LinkError::RefusedHere(why));
    }
    for (key, addresses) in &theirs.addresses {
        net.learn_addresses(*key, addresses.iter().copied());
    }
    *lock(&net.links).entry(remote).or_default() += 1;
    let _linked = Linked { net: net.clone(), key: remote };
    lock(&net.backoff).remove(&remote);
    {
        let mut status = lock(&net.status);
        let peer = status.peer_mut(&remote);
        peer.station = theirs.station.clone();
        peer.connected = true;
        peer.trouble = None;
        peer.last_heard = Some(Utc::now());
        peer.holds = theirs.have.clone();
        // Until a ping measures it better: their clock when they wrote, against ours on receipt.
        peer.clock_offset_ms = Some((theirs.clock - Utc::now()).num_milliseconds());
        peer.address = path_address(conn).or(peer.address);
    }
    tracing::info!(station = %theirs.station, dialled, "linked");

    let mut their_have = theirs.have;
    let mut sent = their_have.clone();
    let mut fetching = Fetching::default();
    let mut nudges = net.published.clone();
    let mut tick = tokio::time::interval(ROUND);
    let mut ticks: u64 = 0;
    push(net, &mut send, &their_have, &mut sent).await?;
    loop {
        tokio::select! {
            message = incoming.recv() => {
                let message = match message {
                    None => return Ok(()),
                    Some(Err(e)) => return Err(e.into()),
                    Some(Ok(m)) => m,
                };
                heard(net, &remote);
                match message {
                    Message::Facts(page) => {
                        let from = theirs.station.clone();
                        let holds = net.ask(|reply| Job::Ingest { from, facts: page, reply }).await?;
                        wire::send(&mut send, &Message::Have(holds)).await?;
                    }
                    Message::Have(holds) => {
                        merge_max(&mut their_have, &holds);
                        merge_max(&mut sent, &holds);
                        lock(&net.status).peer_mut(&remote).holds = their_have.clone();
                    }
                    Message::Ping { sent: at } => {
                        wire::send(&mut send, &Message::Pong { sent: at, at: Utc::now() }).await?;
                    }
                    Message::Pong { sent: at, at: theirs_at } => {
                        let now = Utc::now();
                        let offset = theirs_at - (at + (now - at) / 2);
                        note_clock(net, &remote, offset.num_milliseconds());
                    }
                    Message::Refused(why) => return Err(LinkError::RefusedThere(why)),
                    Message::Hello(_) => {}
                    Message::GetDocument(digest) => send_document(net, &mut send, digest).await?,
                    Message::DocumentPart { digest, offset, total, bytes } => {
                        if let Some(whole) = fetching.part(digest, offset, total, bytes) {
                            let kept = net.ask(|reply| Job::TakeDocument { bytes: whole, reply }).await?;
                            if !kept {
                                tracing::warn!(station = %theirs.station, "sent a document no fact here names; ignored");
                            }
                        }
                    }
                    Message::NoDocument(digest) => fetching.lacks(digest),
                }
            }
            changed = nudges.changed() => {
                if changed.is_err() {
                    return Err(LinkError::Closing);
                }
                if net.published().revoked.contains(&remote) {
                    let why = format!("station {} was revoked from this event", theirs.station);
                    let _ = wire::send(&mut send, &Message::Refused(why.clone())).await;
                    let _ = send.finish();
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    return Err(LinkError::RefusedHere(why));
                }
                for digest in fetching.due(&net.published().wanted, ticks) {
                    wire::send(&mut send, &Message::GetDocument(digest)).await?;
                }
                push(net, &mut send, &their_have, &mut sent).await?;
            }
            _ = tick.tick() => {
                ticks += 1;
                if ticks.is_multiple_of(5) {
                    // Offer again what they have not acknowledged (a page lost with a link).
                    sent = their_have.clone();
                }
                if ticks % 10 == 1 {
                    wire::send(&mut send, &Message::Ping { sent: Utc::now() }).await?;
                    // The path a link uses can change (another interface, a new DHCP lease).
                    if let Some(address) = path_address(conn) {
                        lock(&net.status).peer_mut(&remote).address = Some(address);
                    }
                }
                for digest in fetching.due(&net.published().wanted, ticks) {
                    wire::send(&mut send, &Message::GetDocument(digest)).await?;
                }
                push(net, &mut send, &their_have, &mut sent).await?;
            }
        }
    }
}

/// Sends the document with `digest` in parts, or says it is not held here.
async fn send_document(
    net: &Net,
    send: &mut iroh::endpoint::SendStream,
    digest: crate::domain::Digest,
) -> Result<(), LinkError> {
    let Some(bytes) = net.ask(|reply| Job::ReadDocument { digest, reply }).await? else {
        return Ok(wire::send(send, &Message::NoDocument(digest)).await?);
    };
    let total = bytes.len() as u64;
    let mut offset = 0;
    for part in bytes.chunks(wire::DOCUMENT_PART) {
        let message = Message::DocumentPart { digest, offset, total, bytes: part.to_vec() };
        wire::send(send, &message).await?;
        offset += part.len() as u64;
    }
    if bytes.is_empty() {
        wire::send(send, &Message::DocumentPart { digest, offset: 0, total: 0, bytes: Vec::new() }).await?;
    }
    Ok(())
}

/// The documents one link is fetching: asked once each (again after a while without an
/// answer), assembled part by part, never beyond [`crate::store::documents::MAX_DOCUMENT`].
#[derive(Default)]
struct Fetching {
    /// Digest → (tick it was asked at, bytes so far).
    asked: BTreeMap<crate::domain::Digest, (u64, Vec<u8>)>,
    /// Digests this peer said it lacks.
    lacking: BTreeSet<crate::domain::Digest>,
}

impl Fetching {
    /// The wanted digests to ask this peer for now.
    fn due(&mut self, wanted: &[crate::domain::Digest], tick: u64) -> Vec<crate::domain::Digest> {
        self.asked.retain(|d, _| wanted.contains(d));
        let mut out = Vec::new();
        for digest in wanted {
            if self.lacking.contains(digest) && !tick.is_multiple_of(30) {
                continue;
            }
            let stale = self.asked.get(digest).is_none_or(|(at, so_far)| so_far.is_empty() && tick >= at + 10);
            if stale {
                self.asked.insert(*digest, (tick, Vec::new()));
                self.lacking.remove(digest);
                out.push(*digest);
            }
        }
        out
    }

    /// Takes a part; the whole document once its last part arrived.
    fn part(&mut self, digest: crate::domain::Digest, offset: u64, total: u64, bytes: Vec<u8>) -> Option<Vec<u8>> {
        let (_, so_far) = self.asked.get_mut(&digest)?;
        let fits = total <= crate::store::documents::MAX_DOCUMENT && offset == so_far.len() as u64;
        if !fits || offset + bytes.len() as u64 > total {
            self.asked.remove(&digest);
            return None;
        }
        so_far.extend_from_slice(&bytes);
        if so_far.len() as u64 == total {
            return self.asked.remove(&digest).map(|(_, whole)| whole);
        }
        None
    }

    fn lacks(&mut self, digest: crate::domain::Digest) {
        self.asked.remove(&digest);
        self.lacking.insert(digest);
    }
}

/// Whether the station that said `hello` may be linked with; why not, in words for its operator.
fn admit(published: &Published, remote: &StationKey, hello: &Hello) -> Result<(), String> {
    if hello.protocol != PROTOCOL {
        return Err(format!(
            "station {} speaks sync protocol {}, this one {PROTOCOL}: run the same checkin version on both",
            hello.station, hello.protocol
        ));
    }
    if hello.event != published.event {
        return Err(format!(
            "station {} belongs to another event ({}); this station is of event {} ({})",
            hello.station, hello.event, published.event_name, published.event
        ));
    }
    if published.revoked.contains(remote) {
        return Err(format!("station {} was revoked from this event", hello.station));
    }
    if published.admitted.contains(remote) || proves_admission(published, remote, &hello.admission) {
        return Ok(());
    }
    Err(format!(
        "station {} is not a station of this event: join it with a ticket from `checkin invite` on an admitted station",
        hello.station
    ))
}

/// Whether `proof` holds an `Admitted` fact for `remote`, signed for this event by an admitted
/// station: a station admitted moments ago elsewhere, whose admission has not reached us yet.
fn proves_admission(published: &Published, remote: &StationKey, proof: &[SignedFact]) -> bool {
    proof.iter().any(|signed| {
        identity::verify(&published.event, signed)
            && published.admitted.contains(&signed.key)
            && matches!(
                codec::decode_limited::<crate::domain::Fact>(&signed.bytes).map(|f| f.kind),
                Ok(FactKind::Admitted { key, .. }) if key == *remote
            )
    })
}

/// Sends what the peer lacks, a few pages at a time.
async fn push(
    net: &Net,
    send: &mut iroh::endpoint::SendStream,
    their_have: &Vector,
    sent: &mut Vector,
) -> Result<(), LinkError> {
    let ours = net.published().vector.clone();
    let mut pages = 0;
    for (station, &last) in &ours {
        let mut from = (*their_have.get(station).unwrap_or(&0)).max(*sent.get(station).unwrap_or(&0));
        while last > from && pages < PAGES_PER_PUSH {
            let (s, after) = (station.clone(), from);
            let page = net.ask(|reply| Job::Read { station: s, after, limit: PAGE_FACTS, reply }).await?;
            if page.is_empty() {
                break;
            }
            from += page.len() as u64;
            wire::send(send, &Message::Facts(page)).await?;
            sent.insert(station.clone(), from);
            pages += 1;
        }
    }
    Ok(())
}

async fn read_messages(mut recv: iroh::endpoint::RecvStream, out: mpsc::Sender<Result<Message, wire::WireError>>) {
    loop {
        match wire::receive::<Message>(&mut recv).await {
            Ok(Some(message)) => {
                if out.send(Ok(message)).await.is_err() {
                    return;
                }
            }
            Ok(None) => return,
            Err(e) => {
                let _ = out.send(Err(e)).await;
                return;
            }
        }
    }
}

/// Where the link reaches the other station: the IP path the connection uses, else any.
fn path_address(conn: &Connection) -> Option<SocketAddr> {
    let paths = conn.paths();
    let ip = |p: &iroh::endpoint::Path<'_>| match p.remote_addr() {
        TransportAddr::Ip(addr) => Some(*addr),
        _ => None,
    };
    let selected = paths.iter().filter(|p| p.is_selected()).find_map(|p| ip(&p));
    selected.or_else(|| paths.iter().find_map(|p| ip(&p)))
}

fn heard(net: &Net, key: &StationKey) {
    lock(&net.status).peer_mut(key).last_heard = Some(Utc::now());
}

fn note_clock(net: &Net, key: &StationKey, offset_ms: i64) {
    let mut status = lock(&net.status);
    let peer = status.peer_mut(key);
    let seconds = offset_ms.abs() / 1000;
    if seconds > WARN_CLOCK_SECONDS && peer.clock_offset_ms.is_none_or(|o| o.abs() / 1000 <= WARN_CLOCK_SECONDS) {
        let how = if seconds > FLAG_CLOCK_SECONDS { "far off" } else { "off" };
        tracing::warn!(station = %peer.station, "its clock is {how}: {offset_ms} ms from this station's");
    }
    peer.clock_offset_ms = Some(offset_ms);
}

fn merge_max(into: &mut Vector, from: &Vector) {
    for (station, &seq) in from {
        let at = into.entry(station.clone()).or_default();
        *at = (*at).max(seq);
    }
}

/// The inviter's side of `checkin join`.
async fn serve_join(conn: &Connection, net: &Arc<Net>) -> Result<(), LinkError> {
    let (mut send, mut recv) = conn.accept_bi().await.map_err(|e| LinkError::Connection(e.to_string()))?;
    let request: JoinRequest = match tokio::time::timeout(HELLO_WAIT, wire::receive(&mut recv)).await {
        Ok(Ok(Some(request))) => request,
        Ok(Err(e)) => return Err(e.into()),
        _ => return Err(LinkError::Silent),
    };
    let published = net.published();
    let key = *conn.remote_id().as_bytes();
    let reply = if request.protocol != PROTOCOL {
        JoinReply::Refused(format!(
            "this station speaks sync protocol {PROTOCOL}, the ticket's reader {}: use the same checkin version",
            request.protocol
        ))
    } else if request.event != published.event {
        JoinReply::Refused(format!("this ticket is for another event; this station is of {}", published.event_name))
    } else {
        let station = request.station.clone();
        match net.ask(|reply| Job::Redeem { secret: request.secret, station, key, reply }).await? {
            Ok((event, admission)) => JoinReply::Welcome { event, admission },
            Err(why) => JoinReply::Refused(why),
        }
    };
    if let JoinReply::Refused(why) = &reply {
        tracing::warn!(station = %request.station, "a join was refused: {why}");
    }
    wire::send(&mut send, &reply).await?;
    let _ = send.finish();
    // Let the answer reach the new station before the connection goes.
    let _ = tokio::time::timeout(Duration::from_secs(2), conn.closed()).await;
    Ok(())
}

/// Counts a live link while it exists.
struct Linked {
    net: Arc<Net>,
    key: StationKey,
}

impl Drop for Linked {
    fn drop(&mut self) {
        decrement(&self.net.links, &self.key);
    }
}

fn decrement(links: &Mutex<BTreeMap<StationKey, usize>>, key: &StationKey) {
    let mut links = lock(links);
    if let Some(n) = links.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            links.remove(key);
        }
    }
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A poisoned lock only means a task panicked while holding it; its data is still the best we have.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
