//! The station's code list: the key a typed or scanned code is compared by → the code as
//! issued. Kept as one text buffer and a key-sorted table, not a map of two `String`s per
//! person, whose building and dropping was about a tenth of start-up at 100k people.

use crate::text::code::push_code_key;

#[derive(Default)]
pub(super) struct CodeList {
    text: String,
    /// Per code: where its key starts, where it ends and where the code as issued ends, in
    /// `text`; sorted by key, one entry per key. A code that is its own key (the usual case)
    /// is not written twice: its code ends where its key does.
    entries: Vec<[u32; 3]>,
}

impl CodeList {
    /// The list of `codes` and of `aliases` (alias, code it finds); of equal keys the last one
    /// counts, as later ones replace earlier ones in [`insert`](Self::insert), and a code's own
    /// key wins over an alias (the importer refuses such a clash; a walk-in may still make one).
    pub(super) fn of<'a>(
        codes: impl IntoIterator<Item = &'a str>,
        aliases: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> CodeList {
        let mut list = CodeList::default();
        let mut entries: Vec<[u32; 3]> = aliases.into_iter().map(|(a, c)| list.push_alias(a, c)).collect();
        entries.extend(codes.into_iter().map(|c| list.push(c)).collect::<Vec<_>>());
        // Stable and run-aware: imported codes come in order, so this is about one pass.
        entries.sort_by(|a, b| list.key(a).cmp(list.key(b)));
        for e in entries {
            match list.entries.last_mut() {
                Some(last)
                    if list.text[last[0] as usize..last[1] as usize] == list.text[e[0] as usize..e[1] as usize] =>
                {
                    *last = e
                }
                _ => list.entries.push(e),
            }
        }
        list
    }

    /// The code as issued whose key is `key` (a [`code_key`](crate::text::code::code_key)).
    pub(super) fn get(&self, key: &str) -> Option<&str> {
        let i = self.entries.binary_search_by(|e| self.key(e).cmp(key)).ok()?;
        Some(self.code(&self.entries[i]))
    }

    /// Adds `code`, replacing the code of equal key if there is one.
    pub(super) fn insert(&mut self, code: &str) {
        let e = self.push(code);
        match self.entries.binary_search_by(|x| self.key(x).cmp(self.key(&e))) {
            Ok(i) => self.entries[i] = e,
            Err(i) => self.entries.insert(i, e),
        }
    }

    /// Writes the key and, if it differs, the code into `text`.
    fn push(&mut self, code: &str) -> [u32; 3] {
        let start = self.text.len();
        push_code_key(&mut self.text, code);
        let key_end = self.text.len();
        if self.text[start..] != *code {
            self.text.push_str(code);
        }
        let at = |n: usize| u32::try_from(n).expect("codes fit in 4 GiB");
        [at(start), at(key_end), at(self.text.len())]
    }

    /// Writes the key of `alias` and then `code`, which it finds.
    fn push_alias(&mut self, alias: &str, code: &str) -> [u32; 3] {
        let start = self.text.len();
        push_code_key(&mut self.text, alias);
        let key_end = self.text.len();
        self.text.push_str(code);
        let at = |n: usize| u32::try_from(n).expect("codes fit in 4 GiB");
        [at(start), at(key_end), at(self.text.len())]
    }

    fn key(&self, e: &[u32; 3]) -> &str {
        &self.text[e[0] as usize..e[1] as usize]
    }

    fn code(&self, e: &[u32; 3]) -> &str {
        if e[1] == e[2] { self.key(e) } else { &self.text[e[1] as usize..e[2] as usize] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::code::code_key;

    #[test]
    fn finds_codes_by_key_and_the_last_of_equal_keys() {
        let mut list = CodeList::of(["KZ-000002", "kz-000001", "W-1-1", "w-1-1"], [("secret7", "KZ-000002")]);
        assert_eq!(list.get(&code_key("SECRET7")), Some("KZ-000002"), "an alias finds its person's code");
        assert_eq!(list.get(&code_key("kz-000002")), Some("KZ-000002"));
        assert_eq!(list.get("KZ-000001"), Some("kz-000001"));
        assert_eq!(list.get("W-1-1"), Some("w-1-1"));
        assert_eq!(list.get("KZ-000003"), None);
        list.insert("KZ-000003");
        list.insert("KZ-000001");
        assert_eq!(list.get("KZ-000003"), Some("KZ-000003"));
        assert_eq!(list.get("KZ-000001"), Some("KZ-000001"));
        assert_eq!(list.get(&code_key(" kz-000001 ")), Some("KZ-000001"));
    }
}
