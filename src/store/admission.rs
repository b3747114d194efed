//! The store's side of [`crate::domain::admission`]: every fact written into this folder —
//! by this window, by a guest window through the socket, and (to come) received from a station
//! on another machine — is checked by [`Store::admit`] against what the folder itself knows, at
//! the moment of writing. A writer's own checks are for its screen; these are the ones that count.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::{Store, StoreError};
use crate::domain::admission::{self, Ground};
use crate::domain::derived::DerivedKey;
use crate::domain::{Category, EntryPoint, FactKind, Person};

/// Where the organisers' passphrase hash is kept.
const META_PASSPHRASE: &[u8] = b"organiser_passphrase";

/// What the rules need to know about everyone, kept as of one generation of the `people` tree:
/// built the first time a write needs it (a check-in at the venue never does).
pub(super) struct Registry {
    generation: u64,
    /// Session id → codes the registration system signed up for it.
    imported_seats: HashMap<String, BTreeSet<String>>,
    /// Delegation → codes of its imported chaperones.
    chaperones: HashMap<String, Vec<String>>,
    /// Delegation → codes of its imported members.
    members: HashMap<String, Vec<String>>,
}

impl Store {
    /// `kinds` cleaned, if `operator` may record them at `at` by the rules every write obeys
    /// ([`admission`]), judged on this folder's state and registrants now. Nothing is written.
    pub fn admit(&self, at: DateTime<Utc>, operator: &str, kinds: Vec<FactKind>) -> Result<Vec<FactKind>, StoreError> {
        let program = self.program()?;
        let first_day = program.as_ref().map_or_else(|| at.date_naive(), crate::domain::Program::first_day);
        let mut people = HashMap::new();
        for code in kinds.iter().filter(|k| !matches!(k, FactKind::WalkedIn { .. })).filter_map(FactKind::code) {
            if !people.contains_key(code)
                && let Some(person) = self.person(code)?
            {
                people.insert(code.to_owned(), person);
            }
        }
        // An organiser's badge named by an override.
        let badges: Vec<String> = kinds
            .iter()
            .filter_map(|k| match k {
                FactKind::CheckedOut { note: Some(note), .. } => {
                    crate::domain::authority::claimed_badge(note).map(str::to_owned)
                }
                _ => None,
            })
            .collect();
        for code in badges {
            if !people.contains_key(&code)
                && let Some(person) = self.person(&code)?
            {
                people.insert(code, person);
            }
        }
        // Only seats, the collectors of a minor and the children of a chaperone need to know
        // about everyone.
        let minor_leaving = |code: &str| people.get(code).is_some_and(|p: &Person| p.is_minor(first_day));
        let chaperone_leaving = |code: &str| {
            people.get(code).is_some_and(|p: &Person| p.category == Category::Chaperone && !p.delegation.is_empty())
        };
        let needs_registry = kinds.iter().any(|k| match k {
            FactKind::CheckedIn { entry, .. } => matches!(entry, EntryPoint::Session(_)),
            FactKind::CheckedOut { code, .. } => minor_leaving(code) || chaperone_leaving(code),
            FactKind::WalkedIn { .. }
            | FactKind::BadgePrinted { .. }
            | FactKind::Invited { .. }
            | FactKind::Admitted { .. }
            | FactKind::Revoked { .. }
            | FactKind::ProgramPublished { .. }
            | FactKind::PeoplePublished { .. } => false,
            FactKind::Annulled { fact, .. } => !matches!(
                self.state.fact_home(*fact),
                Some(DerivedKey::Attendance { entry: EntryPoint::Venue(_), .. } | DerivedKey::WalkIn { .. })
            ),
            FactKind::SignedUp { .. }
            | FactKind::Cancelled { .. }
            | FactKind::Waitlisted { .. }
            | FactKind::SeatAsked { .. }
            | FactKind::SeatsHandedOver { .. }
            | FactKind::SeatsAccepted { .. } => true,
        });
        if needs_registry {
            self.refresh_registry()?;
        }
        let registry = self.registry.borrow();
        let (imported_seats, mut chaperones) = match registry.as_ref().filter(|_| needs_registry) {
            Some(r) => (&r.imported_seats, r.chaperones.clone()),
            None => (&self.no_seats, HashMap::new()),
        };
        for p in self.state.walk_ins().filter(|p| p.category == Category::Chaperone && !p.delegation.is_empty()) {
            chaperones.entry(p.delegation.clone()).or_default().push(p.code.clone());
        }
        // The members of the delegations whose chaperones leave (a delegation is tens of people).
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        let chaperones_leaving: Vec<String> = kinds
            .iter()
            .filter_map(|k| match k {
                FactKind::CheckedOut { code, .. } if chaperone_leaving(code) => Some(people[code].delegation.clone()),
                _ => None,
            })
            .collect();
        let leaving: Vec<String> = kinds
            .iter()
            .filter_map(|k| match k {
                FactKind::CheckedOut { code, .. } if minor_leaving(code) || chaperone_leaving(code) => {
                    Some(people[code].delegation.clone())
                }
                _ => None,
            })
            .collect();
        for delegation in chaperones_leaving {
            let walk_ins = self.state.walk_ins().filter(|p| p.delegation == delegation).map(|p| p.code.clone());
            let imported = registry.as_ref().and_then(|r| r.members.get(&delegation)).into_iter().flatten().cloned();
            let here: Vec<String> = imported.chain(walk_ins).collect();
            for code in &here {
                if !people.contains_key(code)
                    && let Some(member) = self.person(code)?
                {
                    people.insert(code.clone(), member);
                }
            }
            members.insert(delegation, here);
        }
        for code in leaving.iter().flat_map(|d| chaperones.get(d).into_iter().flatten()) {
            if !people.contains_key(code)
                && let Some(chaperone) = self.person(code)?
            {
                people.insert(code.clone(), chaperone);
            }
        }
        let passphrase = self.organiser_passphrase()?;
        let ground = Ground {
            state: &self.state,
            program: program.as_ref(),
            imported_seats,
            people: &people,
            chaperones: &chaperones,
            members: &members,
            passphrase: passphrase.as_deref(),
        };
        Ok(admission::admit(&ground, at, operator, kinds)?)
    }

    /// The organisers' passphrase for overrides, as a salted hash, if one is set.
    pub fn organiser_passphrase(&self) -> Result<Option<String>, StoreError> {
        let stored = self.sled.meta.get(META_PASSPHRASE).map_err(super::write_err)?;
        Ok(stored.map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Sets the organisers' passphrase (only its salted hash is kept), durably.
    pub fn set_organiser_passphrase(&self, passphrase: &str) -> Result<(), StoreError> {
        let hash = crate::domain::authority::hash_passphrase(passphrase).map_err(StoreError::Refused)?;
        self.sled.meta.insert(META_PASSPHRASE, hash.as_bytes()).map_err(super::write_err)?;
        self.sync()
    }

    /// Builds the registry again when the `people` tree changed since it was built.
    fn refresh_registry(&self) -> Result<(), StoreError> {
        let generation = self.people_generation()?;
        if self.registry.borrow().as_ref().is_some_and(|r| r.generation == generation) {
            return Ok(());
        }
        let (people, generation) = self.people_as_of()?;
        let mut chaperones: HashMap<String, Vec<String>> = HashMap::new();
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        let views = people.views().inspect(|p| {
            if !p.delegation.trim().is_empty() {
                members.entry(p.delegation.to_owned()).or_default().push(p.code.to_owned());
                if p.category == Category::Chaperone {
                    chaperones.entry(p.delegation.to_owned()).or_default().push(p.code.to_owned());
                }
            }
        });
        let imported_seats = crate::domain::seats::imported_seats(views);
        *self.registry.borrow_mut() = Some(Registry { generation, imported_seats, chaperones, members });
        Ok(())
    }
}
