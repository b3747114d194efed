//! Search per keystroke, side by side: the station's `SearchIndex`, SQLite FTS5 (trigram) and
//! `LIKE '%q%'` over the same folded text, and a naive folded-substring scan; then the search
//! quality per FOLDING.md requirement. Prints tables; `BENCHMARKS.md` says how to read them.
//!
//! Every query is timed on its own (criterion would give means; the budget is about p99).

mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use checkin::domain::Person;
use checkin::search::SearchIndex;
use checkin::text::fold::fold;
use rusqlite::{Connection, params_from_iter};

use support::queries::{self, CATS, Cat, Target};
use support::{Pick, Stats, fmt_dur, fmt_size};

/// The desk asks for this many rows per keystroke (`tui::app::RESULT_LIMIT`); every engine
/// stops at the same number.
const LIMIT: usize = checkin::tui::app::RESULT_LIMIT;
/// Our index answers every query this many times (the order reshuffled each time).
const OUR_ROUNDS: usize = 3;
/// Rows the desk highlights for a fresh result list in a 120x40 terminal: the results area is
/// 36 lines (40 less the search box and the status line), and the view highlights the rows
/// within that many of the selected (first) one (`tui::view::results`).
const DESK_ROWS: usize = 36;

fn main() {
    let per_cat = support::env_usize("CHECKIN_BENCH_TARGETS", 60);
    let baseline_budget = Duration::from_secs(support::env_usize("CHECKIN_BENCH_BASELINE_SECS", 10) as u64);
    println!("# Search per keystroke (limit {LIMIT} rows, {per_cat} targets per category)\n");
    for n in support::sizes() {
        let t0 = Instant::now();
        let people = support::people(n);
        let targets = queries::targets(&people, per_cat, n as u64);
        let mut keys = queries::keystrokes(&targets);
        Pick::new(7).shuffle(&mut keys);
        let gen_time = t0.elapsed();

        let t0 = Instant::now();
        let index = SearchIndex::build(&people);
        let build_time = t0.elapsed();
        let folded: Vec<String> = people.iter().map(folded_text).collect();
        let t0 = Instant::now();
        let sql = Sql::new(&folded);
        let sql_time = t0.elapsed();
        println!(
            "## {} registrants — {} keystroke queries; generated in {}, SearchIndex built in {}, SQLite tables in {}\n",
            fmt_size(n),
            keys.len(),
            fmt_dur(gen_time),
            fmt_dur(build_time),
            fmt_dur(sql_time)
        );

        let load_before = support::load();
        let fq: Vec<String> = keys.iter().map(|(_, q)| fold(q)).collect();
        let ours = time_ours(&index, &keys, 0);
        let desk = time_ours(&index, &keys, DESK_ROWS);
        let fts = time_each(keys.len(), baseline_budget, |i| sql.fts(&fq[i]));
        let like = time_each(keys.len(), baseline_budget, |i| sql.like(&fq[i]));
        let naive = time_each(keys.len(), baseline_budget, |i| Some(naive_scan(&folded, &fq[i])));
        println!("(load average {} before timing, {} after)\n", load_before, support::load());
        report_latency(&keys, &ours, &desk, &fts, &like, &naive);
        report_quality(&people, &index, &targets);
    }
}

/// All searchable fields of a person, folded: what the baselines search in.
fn folded_text(p: &Person) -> String {
    let fields = [
        &p.family,
        &p.given,
        &p.patronymic,
        &p.alt_spelling,
        &p.delegation,
        &p.organisation,
        &p.code,
        &p.email,
        &p.phone,
    ];
    let joined: Vec<&str> = fields.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
    fold(&joined.join(" "))
}

/// Per-query latencies: (query index, time).
type Samples = Vec<(usize, Duration)>;

/// Searches every query `OUR_ROUNDS` times; with `highlight` > 0 also computes the highlights
/// of the first `highlight` hits, as the desk does for the rows it shows.
fn time_ours(index: &SearchIndex, keys: &[(Cat, String)], highlight: usize) -> Samples {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    let mut out = Vec::with_capacity(keys.len() * OUR_ROUNDS);
    for round in 0..OUR_ROUNDS {
        Pick::new(round as u64).shuffle(&mut order);
        for &i in &order {
            let q = black_box(&keys[i].1);
            let t = Instant::now();
            let hits = index.search(q, LIMIT);
            if highlight > 0 {
                let h = index.highlighter(q);
                for hit in hits.iter().take(highlight) {
                    black_box(h.spans(hit));
                }
            }
            black_box(hits);
            out.push((i, t.elapsed()));
        }
    }
    out
}

/// Runs `run(i)` once per query until `budget` is spent; `None` = the engine cannot serve it.
fn time_each<R>(count: usize, budget: Duration, mut run: impl FnMut(usize) -> Option<R>) -> Samples {
    let start = Instant::now();
    let mut out = Vec::new();
    for i in 0..count {
        if start.elapsed() > budget {
            break;
        }
        let t = Instant::now();
        if black_box(run(i)).is_some() {
            out.push((i, t.elapsed()));
        }
    }
    out
}

/// Every query token is a substring of the folded text: the obvious implementation.
fn naive_scan(folded: &[String], q: &str) -> Vec<u32> {
    let toks: Vec<&str> = q.split(' ').filter(|t| !t.is_empty()).collect();
    if toks.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, text) in folded.iter().enumerate() {
        if toks.iter().all(|t| text.contains(t)) {
            out.push(i as u32);
            if out.len() == LIMIT {
                break;
            }
        }
    }
    out
}

/// SQLite in memory (like our index), with an FTS5 trigram table and a plain table of the same
/// folded texts.
struct Sql {
    db: Connection,
}

impl Sql {
    fn new(folded: &[String]) -> Sql {
        let db = Connection::open_in_memory().expect("SQLite in memory");
        db.execute_batch(
            "CREATE VIRTUAL TABLE fts USING fts5(t, tokenize = 'trigram');
             CREATE TABLE plain(id INTEGER PRIMARY KEY, t TEXT NOT NULL);",
        )
        .expect("creating tables");
        let tx = db.unchecked_transaction().expect("transaction");
        {
            let mut a = tx.prepare("INSERT INTO fts(rowid, t) VALUES (?1, ?2)").expect("insert");
            let mut b = tx.prepare("INSERT INTO plain(id, t) VALUES (?1, ?2)").expect("insert");
            for (i, t) in folded.iter().enumerate() {
                a.execute((i as i64, t)).expect("insert");
                b.execute((i as i64, t)).expect("insert");
            }
        }
        tx.commit().expect("commit");
        Sql { db }
    }

    /// FTS5 trigram: every token a substring; it cannot serve tokens under three characters.
    fn fts(&self, q: &str) -> Option<Vec<i64>> {
        let toks: Vec<&str> = q.split(' ').filter(|t| !t.is_empty()).collect();
        if toks.is_empty() || toks.iter().any(|t| t.chars().count() < 3) {
            return None;
        }
        let expr: Vec<String> = toks.iter().map(|t| format!("\"{}\"", t.replace('"', "\"\""))).collect();
        let mut st = self.db.prepare_cached("SELECT rowid FROM fts WHERE fts MATCH ?1 LIMIT ?2").expect("query");
        let rows = st.query_map((expr.join(" "), LIMIT as i64), |r| r.get(0)).expect("query");
        Some(rows.map(|r| r.expect("row")).collect())
    }

    /// `t LIKE '%tok%' AND …`: a full scan of the plain table until the limit.
    fn like(&self, q: &str) -> Option<Vec<i64>> {
        let toks: Vec<String> = q
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(|t| format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
            .collect();
        if toks.is_empty() {
            return Some(Vec::new());
        }
        let cond: Vec<String> = (1..=toks.len()).map(|i| format!("t LIKE ?{i} ESCAPE '\\'")).collect();
        let sql = format!("SELECT id FROM plain WHERE {} LIMIT {LIMIT}", cond.join(" AND "));
        let mut st = self.db.prepare_cached(&sql).expect("query");
        let rows = st.query_map(params_from_iter(toks.iter()), |r| r.get(0)).expect("query");
        Some(rows.map(|r| r.expect("row")).collect())
    }
}

fn report_latency(
    keys: &[(Cat, String)],
    ours: &Samples,
    desk: &Samples,
    fts: &Samples,
    like: &Samples,
    naive: &Samples,
) {
    let durs = |s: &Samples| s.iter().map(|x| x.1).collect::<Vec<_>>();
    let row = |name: &str, s: &Samples, note: &str| {
        if s.is_empty() {
            println!("| {name} | 0 | – | – | – | {note} |");
            return;
        }
        let st = Stats::of(&durs(s));
        println!("| {name} | {} | {} | {} | {} | {note} |", st.n, fmt_dur(st.p50), fmt_dur(st.p99), fmt_dur(st.max));
    };
    println!("| engine | timed queries | median | p99 | max | note |\n|---|---|---|---|---|---|");
    row("SearchIndex", ours, &format!("every query, {OUR_ROUNDS} rounds; no highlighting"));
    row(
        &format!("SearchIndex + highlights of {DESK_ROWS}"),
        desk,
        "what the desk does per keystroke in a 120x40 terminal",
    );
    let of = |s: &Samples| if s.len() < keys.len() { "time budget reached: a shuffled subset" } else { "every query" };
    row("FTS5 trigram", fts, "only queries whose tokens are all ≥ 3 folded characters");
    row("LIKE '%q%'", like, of(like));
    row("naive scan", naive, of(naive));

    // The FTS5 comparison, on exactly the queries FTS5 answered.
    let served: std::collections::HashSet<usize> = fts.iter().map(|x| x.0).collect();
    let ours_served: Samples = ours.iter().filter(|x| served.contains(&x.0)).copied().collect();
    if !ours_served.is_empty() {
        let (a, b) = (Stats::of(&durs(&ours_served)), Stats::of(&durs(fts)));
        println!(
            "\nOn the {} queries FTS5 served: SearchIndex p99 {} vs FTS5 p99 {} ({})",
            served.len(),
            fmt_dur(a.p99),
            fmt_dur(b.p99),
            if a.p99 <= b.p99 { "not slower: met" } else { "slower: MISSED" }
        );
    }
    // Our p99 per category, and the slowest query: where a miss would come from.
    println!("\n| SearchIndex by category | queries | median | p99 | slowest query |\n|---|---|---|---|---|");
    for cat in CATS {
        let s: Samples = ours.iter().filter(|x| keys[x.0].0 == cat).copied().collect();
        if s.is_empty() {
            continue;
        }
        let st = Stats::of(&durs(&s));
        let worst = s.iter().max_by_key(|x| x.1).map(|x| keys[x.0].1.as_str()).unwrap_or("");
        println!(
            "| {} | {} | {} | {} | `{worst}` ({}) |",
            cat.name(),
            st.n / OUR_ROUNDS,
            fmt_dur(st.p50),
            fmt_dur(st.p99),
            fmt_dur(st.max)
        );
    }
    println!();
}

/// hit@1 and hit@3 for the whole typed text, and the median number of keystrokes until the
/// person (or a namesake the query cannot tell apart) is the first row when the volunteer types
/// the shortest prefixes of each word ([`queries::shortest_keystrokes`]).
fn report_quality(people: &[Person], index: &SearchIndex, targets: &[Target]) {
    println!(
        "| requirement | targets | hit@1 | hit@3 | median keystrokes, shortest prefixes | never row 1 |\n|---|---|---|---|---|---|"
    );
    for cat in CATS {
        let q = queries::quality(cat, people, targets, |text, n| index.search(text, n).iter().map(|h| h.idx).collect());
        if q.targets == 0 {
            println!("| {} | 0 | – | – | – | – |", cat.name());
            continue;
        }
        let pct = |x: usize| format!("{:.0} %", 100.0 * q.rate(x));
        let keys = q.median_keys.map_or("never".to_owned(), |k| k.to_string());
        println!("| {} | {} | {} | {} | {keys} | {} |", cat.name(), q.targets, pct(q.hit1), pct(q.hit3), q.never);
    }
    println!();
}
