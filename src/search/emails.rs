//! E-mail addresses → their owners, for a query typed from a confirmation e-mail (`a.akhmet`):
//! the people in the order of their address ([`key`]: lower case, without spaces), so the
//! addresses that start with what was typed are one run of it. Only the people's numbers are
//! kept; the addresses are the records' own.

use std::cmp::Ordering;

use super::Field;
use super::records::Records;

/// The people who have an address, by address.
#[derive(Debug, Clone, Default)]
pub(crate) struct EmailIndex {
    pub order: Vec<u32>,
}

/// An address as it is compared: lower case, without white space.
fn key(email: &str) -> impl Iterator<Item = char> + '_ {
    email.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase)
}

/// The key of an address, or `None` for a blank one.
pub(crate) fn email_key(email: &str) -> Option<String> {
    let k: String = key(email).collect();
    (!k.is_empty()).then_some(k)
}

fn starts_with(email: &str, prefix: &str) -> bool {
    let mut k = key(email);
    prefix.chars().all(|c| k.next() == Some(c))
}

impl EmailIndex {
    /// Everyone of `records` with an address.
    pub fn of(records: &Records) -> EmailIndex {
        let mut keyed: Vec<(String, u32)> = (0..records.len())
            .filter_map(|i| email_key(records.at(i).field(Field::Email)).map(|k| (k, i as u32)))
            .collect();
        keyed.sort();
        EmailIndex { order: keyed.into_iter().map(|(_, i)| i).collect() }
    }

    fn email(records: &Records, i: u32) -> &str {
        records.at(i as usize).field(Field::Email)
    }

    /// Where person `idx`'s address goes in the order.
    fn place(&self, records: &Records, idx: u32) -> usize {
        let own = Self::email(records, idx);
        self.order.partition_point(|&i| key(Self::email(records, i)).cmp(key(own)).then(i.cmp(&idx)) == Ordering::Less)
    }

    /// Adds person `idx` (already in `records`), if they have an address.
    pub fn insert(&mut self, records: &Records, idx: u32) {
        if email_key(Self::email(records, idx)).is_some() {
            let at = self.place(records, idx);
            self.order.insert(at, idx);
        }
    }

    /// Takes person `idx` out (their address still the one they were added with).
    pub fn remove(&mut self, records: &Records, idx: u32) {
        let at = self.place(records, idx);
        if self.order.get(at) == Some(&idx) {
            self.order.remove(at);
        } else if let Some(at) = self.order.iter().position(|&i| i == idx) {
            // Not where its address says (a damaged order): found the slow way.
            self.order.remove(at);
        }
    }

    /// The people whose address starts with `prefix` (a [`email_key`]), by address, at most
    /// `limit`, the living only.
    pub fn starting_with(&self, records: &Records, prefix: &str, limit: usize) -> Vec<usize> {
        let from = self.order.partition_point(|&i| key(Self::email(records, i)).cmp(prefix.chars()) == Ordering::Less);
        self.order[from..]
            .iter()
            .take_while(|&&i| starts_with(Self::email(records, i), prefix))
            .map(|&i| i as usize)
            .filter(|&i| records.alive(i))
            .take(limit)
            .collect()
    }

    pub fn heap_bytes(&self) -> usize {
        4 * self.order.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Person;

    fn records(emails: &[&str]) -> Records {
        let people: Vec<Person> = emails
            .iter()
            .enumerate()
            .map(|(i, e)| Person {
                code: format!("C-{i}"),
                family: "X".into(),
                email: (*e).into(),
                ..Default::default()
            })
            .collect();
        Records::of(people.iter().map(crate::domain::person::PersonText::of))
    }

    #[test]
    fn the_addresses_that_start_so_by_address() {
        let r = records(&["b.x@mail.ru", "A.Akhmetova@mail.ru", "", "a.akhmet@list.ru", " a.b@x.kz"]);
        let ix = EmailIndex::of(&r);
        assert_eq!(ix.order, [3, 1, 4, 0], "by key; the blank address left out");
        assert_eq!(ix.starting_with(&r, "a.akhmet", 10), [3, 1]);
        assert_eq!(ix.starting_with(&r, "a.akhmet", 1), [3]);
        assert_eq!(ix.starting_with(&r, "a.akhmetova@", 10), [1]);
        assert!(ix.starting_with(&r, "c", 10).is_empty());
    }

    #[test]
    fn people_come_and_go_in_their_place() {
        let r = records(&["b@x", "a@x", "c@x", "ab@x"]);
        let mut ix = EmailIndex { order: vec![1, 0, 2] };
        ix.insert(&r, 3);
        assert_eq!(ix.order, [1, 3, 0, 2]);
        ix.remove(&r, 0);
        assert_eq!(ix.order, [1, 3, 2]);
        ix.remove(&r, 0);
        assert_eq!(ix.order, [1, 3, 2], "one not there: nothing");
    }
}
