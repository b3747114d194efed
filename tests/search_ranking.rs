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

#[test]
fn other_codes_find_their_person_however_the_person_came_into_the_index() {
    let first = |ix: &SearchIndex, query: &str| ix.search(query, 3).first().map(|h| h.code.clone());
    let mut built = common::person("T-1", "Жұмабаева", "Әсел");
    built.aliases = vec!["hq3kx7wmzfp2".into()];
    let mut ix = SearchIndex::build(&common::distractors(50, 7, |_| false));
    assert_eq!(ix.upsert(&built), 50, "a person added after the index was built");
    assert_eq!(first(&ix, "HQ3KX7WMZFP2").as_deref(), Some("T-1"));

    let mut added = common::person("T-2", "Сейітов", "Арман");
    added.aliases = vec!["950101300123".into()];
    ix.insert(&added);
    assert_eq!(first(&ix, "950101300123").as_deref(), Some("T-2"));

    // Replaced with another ticket secret: the old one finds nobody any more.
    built.aliases = vec!["zz8kx7wmzfp2".into()];
    ix.upsert(&built);
    assert_eq!(first(&ix, "zz8kx7wmzfp2").as_deref(), Some("T-1"));
    assert!(ix.exact_code("hq3kx7wmzfp2").is_none());
    assert_eq!(first(&ix, "T-1").as_deref(), Some("T-1"), "and the code still finds them");
}
