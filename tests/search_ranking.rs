//! Ranking and field rules beyond the shared vectors: phone numbers as printed, and the order
//! among equally good matches.

#[path = "search_support/mod.rs"]
mod common;

use checkin::search::SearchIndex;

#[test]
fn a_phone_number_is_found_however_it_is_written() {
    let mut people = common::distractors(200, 7, |_| false);
    let mut target = common::person("KZ-000458", "Жұмабаева", "Әсел");
    target.phone = "+7 778 627 55 06".into();
    people.push(target);
    let ix = SearchIndex::build(&people);
    for query in
        ["+7 778 627 55 06", "8 778 627 55 06", "+7 (778) 627-55-06", "778 627", "+77786275506", "7786275506", "55 06"]
    {
        let hits = ix.search(query, 3);
        assert_eq!(hits.first().map(|h| h.code.as_str()), Some("KZ-000458"), "{query:?}");
    }
}

#[test]
fn equals_are_listed_by_surname_then_given_name_whatever_letters_they_were_typed_with() {
    // `Cмагулова` was typed with a Latin C: it must sort among the other Смагулова, by given name.
    let people = vec![
        common::person("A-1", "Смагулова", "Жанар"),
        common::person("A-2", "Cмагулова", "Ляззат"),
        common::person("A-3", "Смагулова", "Айгерим"),
        common::person("A-4", "Smagulova", "Dana"),
    ];
    let ix = SearchIndex::build(&people);
    let cyrillic: Vec<String> =
        ix.search("смагулова", 10).into_iter().filter(|h| h.code != "A-4").map(|h| h.code).collect();
    assert_eq!(cyrillic, ["A-3", "A-1", "A-2"], "Айгерим, Жанар, Ляззат");
}
