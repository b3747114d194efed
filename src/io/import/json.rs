//! A JSON array of records, read with the keys in the order the file gives them (serde_json's
//! own map sorts them), so the column summary reads like the file.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// The top of a JSON document, as far as the importer cares.
pub(super) enum Top {
    Array(Vec<Item>),
    /// Anything else, named for the error message ("an object", "a string", …).
    Other(&'static str),
}

/// One element of the top-level array.
pub(super) enum Item {
    Record(Vec<(String, Value)>),
    Other(&'static str),
}

struct Kind;

impl Kind {
    fn name_of<'de, A: MapAccess<'de>>(mut map: A) -> Result<&'static str, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok("an object")
    }
    fn name_of_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<&'static str, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok("an array")
    }
}

macro_rules! scalar_kinds {
    ($out:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($out("true or false"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($out("a string"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($out("null"))
        }
    };
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record")
            }
            scalar_kinds!(Item::Other);
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
                Kind::name_of_seq(seq).map(Item::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
                let mut fields: Vec<(String, Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    // A repeated key: the later value wins, as in every JSON reader.
                    if let Some(slot) = fields.iter_mut().find(|(old, _)| *old == k) {
                        slot.1 = v;
                    } else {
                        fields.push((k, v));
                    }
                }
                Ok(Item::Record(fields))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Top;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of records")
            }
            scalar_kinds!(Top::Other);
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(item) = seq.next_element::<Item>()? {
                    items.push(item);
                }
                Ok(Top::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
                Kind::name_of(map).map(Top::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A JSON value as cell text: strings as they are, whole numbers without a fraction, null as
/// empty, lists joined with ", ", objects as compact JSON.
pub(super) fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        Value::Array(items) => items.iter().map(value_text).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "),
        Value::Object(_) => v.to_string(),
    }
}
