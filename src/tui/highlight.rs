//! Turns the search engine's matched spans (per stored field) into highlights on the texts the
//! desk shows — the full name is the stored name parts joined by spaces.

use crate::domain::Person;
use crate::search::{Field, MatchSpan};

use super::desk::{Highlight, Shown};

pub fn shown(person: &Person, matched: &[MatchSpan]) -> Vec<Highlight> {
    matched
        .iter()
        .filter_map(|span| {
            let (shown, offset) = match span.field {
                Field::Family | Field::Given | Field::Patronymic => (Shown::Name, name_offset(person, span.field)?),
                Field::AltSpelling => (Shown::AltSpelling, 0),
                Field::Code => (Shown::Code, 0),
                Field::Organisation => (Shown::Organisation, 0),
                Field::Delegation => (Shown::Delegation, 0),
                Field::Email | Field::Phone => return None,
            };
            Some(Highlight { shown, chars: offset + span.start..offset + span.end })
        })
        .collect()
}

/// Where a name part starts, in characters, inside [`Person::full_name`].
fn name_offset(p: &Person, field: Field) -> Option<usize> {
    let mut offset = 0;
    for (part, f) in [(&p.family, Field::Family), (&p.given, Field::Given), (&p.patronymic, Field::Patronymic)] {
        if part.is_empty() {
            continue;
        }
        if f == field {
            return Some(offset);
        }
        offset += part.chars().count() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_parts_land_where_they_are_shown() {
        let p = Person { family: "Ахметова".into(), given: "Айгерім".into(), ..Default::default() };
        let matched =
            [MatchSpan { field: Field::Given, start: 0, end: 3 }, MatchSpan { field: Field::Phone, start: 0, end: 2 }];
        assert_eq!(shown(&p, &matched), vec![Highlight { shown: Shown::Name, chars: 9..12 }]);
        assert_eq!(p.full_name().chars().skip(9).take(3).collect::<String>(), "Айг");
    }
}
