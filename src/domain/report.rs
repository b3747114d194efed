//! The organisers' numbers for one day, as a pure function of the programme, the people and the
//! derived state: arrived / registered / on site, by category, region (Kazakhstan's 16 regions
//! of 2016) and country, children vs adults, each session's present / signed up / capacity,
//! arrivals per 10 minutes and the activity of every desk. The dashboard draws it and
//! `checkin report` prints it (text or JSON), so the two never disagree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::derived::Direction;
use super::{Category, EntryPoint, Localized, Person, Program, State};
use crate::text::fold::fold;

/// Width of one bar of the arrivals chart.
pub const BUCKET_MINUTES: u32 = 10;

/// Counts of one group of people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Everyone registered (walk-ins included): registrations carry no days, so every
    /// registrant is expected on every day of the event.
    pub registered: usize,
    /// Checked in at the venue that day at least once.
    pub arrived: usize,
    /// Checked in and not checked out since.
    pub on_site: usize,
}

/// One row of a breakdown: a category key, a region's ISO code or a country's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: String,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Where a session stands at the report's moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionPhase {
    Done,
    Running,
    /// Among the next to start.
    Next,
    Later,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionFill {
    pub id: String,
    pub title: Localized,
    pub room: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub phase: SessionPhase,
    /// Let in at the session's door.
    pub present: usize,
    pub signed_up: usize,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Local time the 10 minutes start, "09:10".
    pub start: String,
    pub arrivals: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskActivity {
    pub station: String,
    pub check_ins: usize,
    pub check_outs: usize,
    /// Local time of the station's latest movement, "16:42".
    pub last: String,
}

/// A person let in again while already in at one entry: two stations apart each admitted them
/// (a station refuses a second check-in of someone it knows is in). The person is in since the
/// earlier admission; this one is listed for the organisers, never hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub code: String,
    /// The venue's day ("2016-11-21") or a session's door ("session:mc-robotics").
    pub entry: String,
    /// Local time ("09:10") and station of the admission that counts.
    pub first_at: String,
    pub first_station: String,
    /// Local time and station of the admission that came while the person was in already.
    pub again_at: String,
    pub again_station: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub day: NaiveDate,
    /// 1-based day of the programme, if the day is one.
    pub day_number: Option<usize>,
    /// Local time the numbers are for.
    pub at: String,
    #[serde(flatten)]
    pub total: Counts,
    /// Arrived and since checked out.
    pub left: usize,
    pub children: Counts,
    /// Children on site none of whose delegation's chaperones is on site (see
    /// [`super::safeguarding::without_adult`]).
    pub children_without_adult: usize,
    pub adults: Counts,
    pub by_category: Vec<Row>,
    /// The 16 regions in a fixed order, then `other` for a region not among them, then `none`.
    /// Only people from Kazakhstan (or without a country) count here.
    pub by_region: Vec<Row>,
    /// Most registered first; `none` for people without a country.
    pub by_country: Vec<Row>,
    pub sessions: Vec<SessionFill>,
    pub arrivals: Vec<Bucket>,
    pub desks: Vec<DeskActivity>,
    /// People admitted twice at one entry that day, in the order of the second admission.
    pub duplicates: Vec<Duplicate>,
}

/// A first-level region of Kazakhstan in 2016, as `data/regions-2016.json` has it.
#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    pub iso: String,
    pub kk: String,
    pub ru: String,
    pub en: String,
    #[serde(default)]
    pub lat_bgn_iso: String,
    #[serde(default)]
    pub lat_2021: String,
}

impl Region {
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "kk" => &self.kk,
            "ru" => &self.ru,
            _ => &self.en,
        }
    }
}

const REGIONS_JSON: &str = include_str!("../../data/regions-2016.json");

/// The regions with every spelling of each name folded once.
struct Regions {
    list: Vec<Region>,
    folded: Vec<(String, usize)>,
}

fn table() -> &'static Regions {
    static REGIONS: OnceLock<Regions> = OnceLock::new();
    REGIONS.get_or_init(|| {
        let list: Vec<Region> = serde_json::from_str(REGIONS_JSON).unwrap_or_default();
        let folded = list
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                [&r.kk, &r.ru, &r.en, &r.lat_bgn_iso, &r.lat_2021]
                    .into_iter()
                    .filter(|n| !n.is_empty())
                    .map(move |n| (fold(n), i))
            })
            .collect();
        Regions { list, folded }
    })
}

/// The 16 regions (14 oblasts, Astana and Almaty).
pub fn regions() -> &'static [Region] {
    &table().list
}

/// The region a registrant's free-text region names, in any of its spellings.
pub fn region_of(text: &str) -> Option<&'static Region> {
    let t = table();
    if let Some(r) = t.list.iter().find(|r| r.iso.eq_ignore_ascii_case(text.trim())) {
        return Some(r);
    }
    let key = fold(text);
    if key.is_empty() {
        return None;
    }
    t.folded.iter().find(|(name, _)| *name == key).map(|(_, i)| &t.list[*i])
}

/// The display name of a `by_region` key in `lang`.
pub fn region_label(key: &str, lang: &str) -> Option<&'static str> {
    regions().iter().find(|r| r.iso == key).map(|r| r.name(lang))
}

pub const KEY_OTHER: &str = "other";
pub const KEY_NONE: &str = "none";

/// Everything `build` needs to know about the moment and the place.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub day: NaiveDate,
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Report {
    /// `people`: everyone, as a slice or as the desk's [`crate::store::People`].
    pub fn build<'p, P>(program: Option<&Program>, people: P, state: &State, moment: Moment) -> Report
    where
        P: IntoIterator<Item = &'p Person> + Copy,
    {
        let Moment { day, now, offset } = moment;
        let venue = EntryPoint::Venue(day);
        let first_day = program.map_or(day, Program::first_day);
        let local = |t: DateTime<Utc>| t.with_timezone(&offset);

        let mut total = Counts::default();
        let (mut children, mut adults) = (Counts::default(), Counts::default());
        let mut by_category: BTreeMap<Category, Counts> =
            Category::ALL.iter().map(|c| (*c, Counts::default())).collect();
        let mut by_region: BTreeMap<String, Counts> = BTreeMap::new();
        let mut by_country: BTreeMap<String, Counts> = BTreeMap::new();
        let mut per_bucket: BTreeMap<u32, usize> = BTreeMap::new();
        let mut region_keys: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        for p in people {
            let attendance = state.attendance(&venue, &p.code);
            let first_in = attendance.and_then(|a| a.first_in());
            let arrived = first_in.is_some();
            let on_site = attendance.is_some_and(|a| a.is_in());
            let bump = |c: &mut Counts| {
                c.registered += 1;
                c.arrived += usize::from(arrived);
                c.on_site += usize::from(on_site);
            };
            bump(&mut total);
            bump(if p.is_minor(first_day) { &mut children } else { &mut adults });
            bump(by_category.entry(p.category).or_default());
            let country = if p.country.is_empty() { KEY_NONE.to_owned() } else { p.country.clone() };
            if country == "KZ" || country == KEY_NONE {
                let region = region_keys.entry(p.region.as_str()).or_insert_with(|| match region_of(&p.region) {
                    Some(r) => r.iso.clone(),
                    None if p.region.trim().is_empty() => KEY_NONE.to_owned(),
                    None => KEY_OTHER.to_owned(),
                });
                bump(by_region.entry(region.clone()).or_default());
            }
            bump(by_country.entry(country).or_default());
            if let Some(m) = first_in {
                let t = local(m.at).time();
                *per_bucket.entry((t.hour() * 60 + t.minute()) / BUCKET_MINUTES).or_default() += 1;
            }
        }

        let rows =
            |m: BTreeMap<String, Counts>| m.into_iter().map(|(key, counts)| Row { key, counts }).collect::<Vec<_>>();
        let by_category =
            by_category.into_iter().map(|(c, counts)| Row { key: c.key().to_owned(), counts }).collect::<Vec<_>>();
        let mut region_rows: Vec<Row> = regions()
            .iter()
            .map(|r| Row { key: r.iso.clone(), counts: by_region.remove(&r.iso).unwrap_or_default() })
            .collect();
        for extra in [KEY_OTHER, KEY_NONE] {
            if let Some(counts) = by_region.remove(extra) {
                region_rows.push(Row { key: extra.to_owned(), counts });
            }
        }
        let mut by_country = rows(by_country);
        by_country.sort_by(|a, b| b.counts.registered.cmp(&a.counts.registered).then_with(|| a.key.cmp(&b.key)));

        Report {
            day,
            day_number: program.and_then(|p| p.day_number(day)),
            at: local(now).format("%Y-%m-%d %H:%M").to_string(),
            total,
            left: total.arrived - total.on_site,
            children,
            children_without_adult: super::rollcall::RollCall::build(people, state, day, first_day)
                .without_adult()
                .len(),
            adults,
            by_category,
            by_region: region_rows,
            by_country,
            sessions: program.map(|p| sessions(p, people, state, day, local(now).naive_local())).unwrap_or_default(),
            arrivals: arrivals(&per_bucket),
            desks: desks(program, state, day, offset),
            duplicates: duplicates(program, state, day, offset),
        }
    }

    /// The sessions the dashboard shows: running now, then the next to start.
    pub fn current_sessions(&self) -> impl Iterator<Item = &SessionFill> {
        let running = self.sessions.iter().filter(|s| s.phase == SessionPhase::Running);
        running.chain(self.sessions.iter().filter(|s| s.phase == SessionPhase::Next))
    }
}

fn sessions<'p>(
    program: &Program,
    people: impl IntoIterator<Item = &'p Person> + Copy,
    state: &State,
    day: NaiveDate,
    now: NaiveDateTime,
) -> Vec<SessionFill> {
    let mut today: Vec<_> = program.sessions.iter().filter(|s| s.day() == day).collect();
    today.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    let next_start = today.iter().map(|s| s.start).filter(|start| *start > now).min();
    today
        .into_iter()
        .map(|s| {
            let phase = if s.end <= now {
                SessionPhase::Done
            } else if s.start <= now {
                SessionPhase::Running
            } else if Some(s.start) == next_start {
                SessionPhase::Next
            } else {
                SessionPhase::Later
            };
            SessionFill {
                id: s.id.clone(),
                title: s.title.clone(),
                room: s.room.clone(),
                start: s.start,
                end: s.end,
                phase,
                present: state.count_arrived(&EntryPoint::Session(s.id.clone())),
                signed_up: people.into_iter().filter(|p| state.signed_up(p, &s.id)).count(),
                capacity: s.capacity,
            }
        })
        .collect()
}

/// Every 10 minutes from the first arrival to the last, empty ones included.
fn arrivals(per_bucket: &BTreeMap<u32, usize>) -> Vec<Bucket> {
    let (Some(first), Some(last)) = (per_bucket.keys().next(), per_bucket.keys().next_back()) else {
        return Vec::new();
    };
    (*first..=*last)
        .map(|b| {
            let minutes = b * BUCKET_MINUTES;
            let start = NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default();
            Bucket { start: start.format("%H:%M").to_string(), arrivals: per_bucket.get(&b).copied().unwrap_or(0) }
        })
        .collect()
}

/// The venue on `day`, and the doors of that day's sessions.
fn entries_of(program: Option<&Program>, day: NaiveDate) -> Vec<EntryPoint> {
    let mut entries = vec![EntryPoint::Venue(day)];
    if let Some(p) = program {
        entries.extend(p.sessions.iter().filter(|s| s.day() == day).map(|s| EntryPoint::Session(s.id.clone())));
    }
    entries
}

/// Every admission on `day` that came while the person was in already at that entry (no exit
/// between), with the admission that opened the stay.
fn duplicates(program: Option<&Program>, state: &State, day: NaiveDate, offset: FixedOffset) -> Vec<Duplicate> {
    let local = |t: DateTime<Utc>| t.with_timezone(&offset).format("%H:%M").to_string();
    let mut found: Vec<(DateTime<Utc>, Duplicate)> = Vec::new();
    for entry in entries_of(program, day) {
        for (code, attendance) in state.attendance_at(&entry) {
            let mut stay_start: Option<&super::derived::Movement> = None;
            for m in &attendance.movements {
                match (&m.direction, stay_start) {
                    (Direction::Out { .. }, _) => stay_start = None,
                    (Direction::In, None) => stay_start = Some(m),
                    (Direction::In, Some(first)) => found.push((
                        m.at,
                        Duplicate {
                            code: code.to_owned(),
                            entry: entry.key(),
                            first_at: local(first.at),
                            first_station: first.station.clone(),
                            again_at: local(m.at),
                            again_station: m.station.clone(),
                        },
                    )),
                }
            }
        }
    }
    found.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
    found.into_iter().map(|(_, d)| d).collect()
}

/// Check-ins and check-outs per station on `day`: at the venue, and at the doors of that day's
/// sessions.
fn desks(program: Option<&Program>, state: &State, day: NaiveDate, offset: FixedOffset) -> Vec<DeskActivity> {
    let entries = entries_of(program, day);
    let mut per: BTreeMap<String, (usize, usize, DateTime<Utc>)> = BTreeMap::new();
    for entry in &entries {
        for (_, attendance) in state.attendance_at(entry) {
            for m in &attendance.movements {
                let e = per.entry(m.station.clone()).or_insert((0, 0, m.at));
                match m.direction {
                    Direction::In => e.0 += 1,
                    Direction::Out { .. } => e.1 += 1,
                }
                e.2 = e.2.max(m.at);
            }
        }
    }
    per.into_iter()
        .map(|(station, (check_ins, check_outs, last))| DeskActivity {
            station,
            check_ins,
            check_outs,
            last: (last.with_timezone(&offset)).format("%H:%M").to_string(),
        })
        .collect()
}

/// A fixed-width text bar: `█████░░░░░` for `part` of `whole` in `width` cells.
pub fn text_bar(part: usize, whole: usize, width: usize) -> String {
    let filled = (part.min(whole) * width + whole / 2).checked_div(whole).unwrap_or(0);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Fact, FactKind, Session, SessionKind};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2016, 11, 21).unwrap()
    }

    fn astana() -> FixedOffset {
        FixedOffset::east_opt(6 * 3600).unwrap()
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        astana().with_ymd_and_hms(2016, 11, 21, h, m, 0).unwrap().with_timezone(&Utc)
    }

    fn fact(n: u128, station: &str, at: DateTime<Utc>, kind: FactKind) -> Fact {
        Fact { id: Uuid::from_u128(n), station: station.into(), seq: n as u64, at, operator: "op".into(), kind }
    }

    fn person(code: &str, category: Category, country: &str, region: &str) -> Person {
        Person { code: code.into(), category, country: country.into(), region: region.into(), ..Person::default() }
    }

    fn program() -> Program {
        let t = |h: u32| day().and_hms_opt(h, 0, 0).unwrap();
        let session = |id: &str, start: u32, end: u32, capacity: u32| Session {
            id: id.into(),
            kind: SessionKind::MasterClass,
            title: Localized { en: id.into(), ..Localized::default() },
            room: String::new(),
            start: t(start),
            end: t(end),
            capacity: Some(capacity),
            audience: None,
            host: String::new(),
        };
        Program {
            name: Localized { en: "Test".into(), ..Localized::default() },
            venue: Localized::default(),
            utc_offset: astana(),
            days: vec![day()],
            sessions: vec![
                session("early", 9, 10, 10),
                session("now", 10, 12, 20),
                session("soon", 12, 13, 5),
                session("late", 15, 16, 5),
            ],
        }
    }

    #[test]
    fn counts_breakdowns_sessions_arrivals_and_desks() {
        let mut child = person("KZ-1", Category::Child, "KZ", "Карагандинская область");
        child.sessions = vec!["now".into()];
        let people = vec![
            child,
            person("KZ-2", Category::Chaperone, "KZ", "Қарағанды облысы"),
            person("KZ-3", Category::Ombudsman, "GE", ""),
            person("KZ-4", Category::Press, "", "Нарния"),
        ];
        let venue = || EntryPoint::Venue(day());
        let facts = [
            fact(1, "desk-1", at(9, 3), FactKind::CheckedIn { code: "KZ-1".into(), entry: venue(), note: None }),
            fact(2, "desk-2", at(9, 8), FactKind::CheckedIn { code: "KZ-2".into(), entry: venue(), note: None }),
            fact(3, "desk-2", at(9, 31), FactKind::CheckedIn { code: "KZ-3".into(), entry: venue(), note: None }),
            fact(
                4,
                "exit",
                at(10, 40),
                FactKind::CheckedOut { code: "KZ-3".into(), day: day(), collected_by: None, note: None },
            ),
            fact(
                5,
                "door",
                at(10, 5),
                FactKind::CheckedIn { code: "KZ-1".into(), entry: EntryPoint::Session("now".into()), note: None },
            ),
        ];
        let state = State::replay(&facts);
        let r =
            Report::build(Some(&program()), &people, &state, Moment { day: day(), now: at(11, 0), offset: astana() });

        assert_eq!(r.total, Counts { registered: 4, arrived: 3, on_site: 2 });
        assert_eq!(r.left, 1);
        assert_eq!(r.children, Counts { registered: 1, arrived: 1, on_site: 1 });
        assert_eq!(r.adults, Counts { registered: 3, arrived: 2, on_site: 1 });
        let row = |rows: &[Row], key: &str| rows.iter().find(|r| r.key == key).map(|r| r.counts);
        assert_eq!(row(&r.by_category, "child"), Some(Counts { registered: 1, arrived: 1, on_site: 1 }));
        assert_eq!(row(&r.by_category, "volunteer"), Some(Counts::default()), "every category is listed");
        assert_eq!(r.by_region.len(), 17, "16 regions and the unrecognised one");
        assert_eq!(
            row(&r.by_region, "KZ-KAR"),
            Some(Counts { registered: 2, arrived: 2, on_site: 2 }),
            "ru and kk names"
        );
        assert_eq!(row(&r.by_region, KEY_OTHER).map(|c| c.registered), Some(1));
        assert_eq!(r.by_country[0].key, "KZ");
        assert_eq!(row(&r.by_country, "GE"), Some(Counts { registered: 1, arrived: 1, on_site: 0 }));

        let phases: Vec<(&str, SessionPhase)> = r.sessions.iter().map(|s| (s.id.as_str(), s.phase)).collect();
        assert_eq!(
            phases,
            [
                ("early", SessionPhase::Done),
                ("now", SessionPhase::Running),
                ("soon", SessionPhase::Next),
                ("late", SessionPhase::Later)
            ]
        );
        let now = &r.sessions[1];
        assert_eq!((now.present, now.signed_up, now.capacity), (1, 1, Some(20)));
        assert_eq!(r.current_sessions().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["now", "soon"]);

        let buckets: Vec<(&str, usize)> = r.arrivals.iter().map(|b| (b.start.as_str(), b.arrivals)).collect();
        assert_eq!(buckets, [("09:00", 2), ("09:10", 0), ("09:20", 0), ("09:30", 1)]);
        let desks: Vec<(&str, usize, usize)> =
            r.desks.iter().map(|d| (d.station.as_str(), d.check_ins, d.check_outs)).collect();
        assert_eq!(desks, [("desk-1", 1, 0), ("desk-2", 2, 0), ("door", 1, 0), ("exit", 0, 1)]);
    }

    #[test]
    fn a_person_admitted_at_two_stations_apart_is_in_since_the_earlier_and_the_other_is_listed() {
        let people = vec![person("KZ-1", Category::Child, "KZ", ""), person("KZ-2", Category::Press, "KZ", "")];
        let venue = || EntryPoint::Venue(day());
        let check_in = |code: &str| FactKind::CheckedIn { code: code.into(), entry: venue(), note: None };
        let door = || EntryPoint::Session("now".into());
        let facts = [
            // Apart, desk-b let KZ-1 in two minutes after desk-a did.
            fact(1, "desk-b", at(9, 12), check_in("KZ-1")),
            fact(2, "desk-a", at(9, 10), check_in("KZ-1")),
            // KZ-2 left and came back: not a duplicate.
            fact(3, "desk-a", at(9, 0), check_in("KZ-2")),
            fact(
                4,
                "exit",
                at(9, 30),
                FactKind::CheckedOut { code: "KZ-2".into(), day: day(), collected_by: None, note: None },
            ),
            fact(5, "desk-b", at(9, 40), check_in("KZ-2")),
            // At a session's door too.
            fact(6, "door", at(10, 5), FactKind::CheckedIn { code: "KZ-1".into(), entry: door(), note: None }),
            fact(7, "desk-a", at(10, 6), FactKind::CheckedIn { code: "KZ-1".into(), entry: door(), note: None }),
        ];
        let state = State::replay(&facts);
        let moment = Moment { day: day(), now: at(11, 0), offset: astana() };
        let r = Report::build(Some(&program()), &people, &state, moment);
        assert_eq!((r.total.arrived, r.total.on_site), (2, 2), "each counted once");
        assert_eq!(
            state.status(&venue(), "KZ-1"),
            crate::domain::AttendanceStatus::In {
                since: at(9, 10),
                station: "desk-a".into(),
                fact: Uuid::from_u128(2)
            },
            "in since the earlier admission"
        );
        let listed: Vec<(&str, &str, &str, &str, &str, &str)> = r
            .duplicates
            .iter()
            .map(|d| {
                let d = (&d.code, &d.entry, &d.first_at, &d.first_station, &d.again_at, &d.again_station);
                (d.0.as_str(), d.1.as_str(), d.2.as_str(), d.3.as_str(), d.4.as_str(), d.5.as_str())
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("KZ-1", "2016-11-21", "09:10", "desk-a", "09:12", "desk-b"),
                ("KZ-1", "session:now", "10:05", "door", "10:06", "desk-a"),
            ]
        );
        // The same set of facts in another order lists the same.
        let reversed: Vec<Fact> = facts.iter().rev().cloned().collect();
        let again = Report::build(Some(&program()), &people, &State::replay(&reversed), moment);
        assert_eq!(again.duplicates, r.duplicates);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// Whatever happened, the breakdowns add up to the totals, and on site is the rule's.
        #[test]
        fn breakdowns_add_up_and_on_site_is_the_rules(
            steps in proptest::collection::vec((0..6usize, 0..3u8, 0..300i64), 0..40),
        ) {
            let categories = [Category::Child, Category::Chaperone, Category::Press];
            let people: Vec<Person> = (0..6)
                .map(|i| person(&format!("KZ-{i}"), categories[i % 3], if i % 2 == 0 { "KZ" } else { "GE" }, "Ақтөбе облысы"))
                .collect();
            let mut facts: Vec<Fact> = Vec::new();
            for (n, (who, what, minutes)) in steps.iter().enumerate() {
                let code = format!("KZ-{who}");
                let kind = match what {
                    0 => FactKind::CheckedIn { code, entry: EntryPoint::Venue(day()), note: None },
                    1 => FactKind::CheckedOut { code, day: day(), collected_by: None, note: None },
                    _ if facts.is_empty() => continue,
                    _ => FactKind::Annulled { fact: facts[minutes.unsigned_abs() as usize % facts.len()].id, reason: None },
                };
                facts.push(fact(n as u128 + 1, "desk-1", at(8, 0) + chrono::Duration::minutes(*minutes), kind));
            }
            let state = State::replay(&facts);
            let r = Report::build(Some(&program()), &people, &state, Moment { day: day(), now: at(16, 0), offset: astana() });
            proptest::prop_assert_eq!(r.total.on_site, crate::domain::safeguarding::on_site(&state, day()).len());
            proptest::prop_assert_eq!(r.children.on_site + r.adults.on_site, r.total.on_site);
            proptest::prop_assert_eq!(r.left, r.total.arrived - r.total.on_site);
            let sum = |rows: &[Row]| rows.iter().fold(Counts::default(), |a, row| Counts {
                registered: a.registered + row.counts.registered,
                arrived: a.arrived + row.counts.arrived,
                on_site: a.on_site + row.counts.on_site,
            });
            proptest::prop_assert_eq!(sum(&r.by_category), r.total);
            proptest::prop_assert_eq!(sum(&r.by_country), r.total);
            proptest::prop_assert_eq!(r.arrivals.iter().map(|b| b.arrivals).sum::<usize>(), r.total.arrived);
            let desk_ins: usize = r.desks.iter().map(|d| d.check_ins).sum();
            proptest::prop_assert!(desk_ins >= r.total.arrived);
        }
    }

    #[test]
    fn an_empty_day_is_all_zeros_and_the_sixteen_regions_load() {
        assert_eq!(regions().len(), 16);
        assert_eq!(region_of("Astana (city)").map(|r| r.iso.as_str()), Some("KZ-AST"));
        assert_eq!(region_of("алматы қаласы").map(|r| r.iso.as_str()), Some("KZ-ALA"));
        assert!(region_of("").is_none());
        let r = Report::build(None, &[], &State::default(), Moment { day: day(), now: at(9, 0), offset: astana() });
        assert_eq!((r.total, r.left, r.arrivals.len(), r.sessions.len()), (Counts::default(), 0, 0, 0));
        assert_eq!(text_bar(1, 4, 8), "██░░░░░░");
        assert_eq!(text_bar(3, 0, 4), "░░░░");
    }
}
