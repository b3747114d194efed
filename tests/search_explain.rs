//! Why a row matched (issue 18): how each query token matched, as `checkin search --json` shows
//! it, and the parts of the name the desk highlights for each kind of match.

#[path = "search_support/mod.rs"]
mod common;

use checkin::search::{Field, Match, SearchIndex, explain};

fn index() -> (Vec<checkin::domain::Person>, SearchIndex) {
    let mut people = vec![
        common::person("A-1", "Тоқаева", "Гүлнар"),
        common::person("A-2", "Токаева", "Гульнар"),
        common::person("A-3", "Жұмабайұлы", "Ерлан"),
        common::person("A-4", "Đorđević", "Đorđe"),
        common::person("A-5", "Соколова", "Галина"),
        common::person("A-6", "Байжанов", "Дархан"),
    ];
    people[1].email = "g.tokayeva@mail.ru".into();
    let ix = SearchIndex::build(&people);
    (people, ix)
}

/// How each token of `query` matched the person `code`, as `search --json` says it.
fn how(ix: &SearchIndex, query: &str, code: &str) -> Vec<(String, Match)> {
    let hits = ix.search(query, 10);
    let hit = hits.iter().find(|h| h.code == code).unwrap_or_else(|| panic!("{query}: {code} not found"));
    explain(query, hit)
}

fn tokens(pairs: &[(&str, Match)]) -> Vec<(String, Match)> {
    pairs.iter().map(|&(t, m)| (t.to_owned(), m)).collect()
}

#[test]
fn each_token_says_how_it_matched() {
    let (_, ix) = index();
    assert_eq!(how(&ix, "тоқаева гүлнар", "A-1"), tokens(&[("тоқаева", Match::Exact), ("гүлнар", Match::Exact)]));
    assert_eq!(how(&ix, "Тоқаева гульнар", "A-1"), tokens(&[("Тоқаева", Match::Exact), ("гульнар", Match::Folded)]));
    assert_eq!(how(&ix, "токаева", "A-1"), tokens(&[("токаева", Match::Folded)]));
    assert_eq!(
        how(&ix, "tokayeva gulnar", "A-2"),
        tokens(&[("tokayeva", Match::Transliterated), ("gulnar", Match::Transliterated)])
    );
    assert_eq!(how(&ix, "Zhumabayev", "A-3"), tokens(&[("Zhumabayev", Match::SurnameForm)]));
    assert_eq!(how(&ix, "djordjevic", "A-4"), tokens(&[("djordjevic", Match::Transliterated)]));
    assert_eq!(how(&ix, "dordevic", "A-4"), tokens(&[("dordevic", Match::Folded)]));
    assert_eq!(how(&ix, "соолова галина", "A-5"), tokens(&[("соолова", Match::Typo), ("галина", Match::Exact)]));
    assert_eq!(how(&ix, "bazihanov", "A-6"), tokens(&[("bazihanov", Match::Typo)]));
    // The wrong layout: the token as it was meant.
    assert_eq!(how(&ix, "njrftdf", "A-2"), tokens(&[("токаева", Match::Layout)]));
}

#[test]
fn a_code_and_an_e_mail_address_are_one_token() {
    let (_, ix) = index();
    assert_eq!(how(&ix, "A-5", "A-5"), tokens(&[("A-5", Match::Exact)]));
    assert_eq!(how(&ix, "g.tokay", "A-2"), tokens(&[("g.tokay", Match::Exact)]));
}

#[test]
fn every_kind_of_match_is_highlighted() {
    let (people, ix) = index();
    for (query, code, field, part) in [
        ("тоқаев", "A-1", Field::Family, "Тоқаев"),
        ("Zhumabayev", "A-3", Field::Family, "Жұмабайұлы"),
        ("djordjevic", "A-4", Field::Family, "Đorđević"),
        ("соолова", "A-5", Field::Family, "Соколова"),
        ("bazihanov", "A-6", Field::Family, "Байжанов"),
        ("g.tokay", "A-2", Field::Email, "g.tokay"),
    ] {
        let hits = ix.search(query, 10);
        let hit = hits.iter().find(|h| h.code == code).unwrap_or_else(|| panic!("{query}: {code} not found"));
        let person = &people[hit.idx];
        let text = match field {
            Field::Family => &person.family,
            _ => &person.email,
        };
        let shown: Vec<String> = ix
            .highlight(query, hit)
            .into_iter()
            .filter(|s| s.field == field)
            .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
            .collect();
        assert_eq!(shown, [part], "{query}");
    }
}
