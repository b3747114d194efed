//! The typefaces badges are set in, built into the binary (see `data/fonts/README.md`), and what
//! one document used of them.
//!
//! Text is set without shaping: every character (after NFC, so Kazakh and Latin letters with
//! diacritics are one precomposed character each) is looked up in DejaVu Sans, then in Droid Sans
//! Fallback (CJK, Hangul, kana). Names need nothing more: no ligatures, no right-to-left.

use std::collections::BTreeMap;
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Rect, Ref, Str};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};
use unicode_normalization::UnicodeNormalization;

use super::BadgeError;
use super::pdf::ObjectWriter;

/// Latin, Cyrillic (every Kazakh letter), Greek, Georgian, Armenian.
const DEJAVU_SANS: &[u8] = include_bytes!("../../../data/fonts/DejaVuSans.ttf");
/// CJK ideographs, Hangul, kana: the fallback.
const DROID_SANS_FALLBACK: &[u8] = include_bytes!("../../../data/fonts/DroidSansFallback.ttf");

/// The faces, in the order a character is looked up.
const FILES: [(&str, &[u8]); 2] = [("DejaVuSans", DEJAVU_SANS), ("DroidSansFallback", DROID_SANS_FALLBACK)];

/// How many faces a badge may use; their resource names are `F0`, `F1`, ….
pub const FACES: usize = FILES.len();

/// One typeface, parsed.
struct Typeface {
    name: &'static str,
    data: &'static [u8],
    face: Face<'static>,
    /// Font units per em, as a float for scaling.
    units: f32,
}

/// A character set in one face: which face, the glyph in the font, its advance in ems.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub face: usize,
    id: u16,
    pub advance: f32,
    /// The character it shows (for the text layer); `None` for a character no face has.
    ch: Option<char>,
}

/// The built-in faces, parsed once per document (parsing reads only the tables' directory).
pub struct Fonts {
    faces: Vec<Typeface>,
}

impl Fonts {
    pub fn load() -> Result<Fonts, BadgeError> {
        let faces = FILES
            .iter()
            .map(|&(name, data)| {
                let face = Face::parse(data, 0).map_err(|e| BadgeError::Font(format!("{name}: {e}")))?;
                Ok(Typeface { name, data, units: f32::from(face.units_per_em()), face })
            })
            .collect::<Result<_, BadgeError>>()?;
        Ok(Fonts { faces })
    }

    /// The glyphs of `text`: NFC, control characters dropped, each character in the first face
    /// that has it; a character none has is the first face's empty box.
    pub fn glyphs<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Glyph> + 't {
        text.nfc().filter(|c| !c.is_control()).map(|c| self.glyph(c))
    }

    fn glyph(&self, c: char) -> Glyph {
        for (i, f) in self.faces.iter().enumerate() {
            if let Some(id) = f.face.glyph_index(c).filter(|g| g.0 != 0) {
                return Glyph { face: i, id: id.0, advance: f.advance(id), ch: Some(c) };
            }
        }
        Glyph { face: 0, id: 0, advance: self.faces[0].advance(GlyphId(0)), ch: None }
    }

    /// Width of `text` in ems (multiply by the font size).
    pub fn width(&self, text: &str) -> f32 {
        self.glyphs(text).map(|g| g.advance).sum()
    }

    /// Characters of `text` that no face has (they print as an empty box).
    pub fn missing(&self, text: &str) -> Vec<char> {
        text.nfc().filter(|c| !c.is_control() && !c.is_whitespace()).filter(|&c| self.glyph(c).ch.is_none()).collect()
    }

    /// Height of capital letters above the baseline, in ems (for centring text in a box).
    pub fn cap_height(&self) -> f32 {
        let f = &self.faces[0];
        f.face.capital_height().map_or(0.7, |h| f32::from(h) / f.units)
    }
}

impl Typeface {
    fn advance(&self, id: GlyphId) -> f32 {
        self.face.glyph_hor_advance(id).map_or(0.0, |a| f32::from(a) / self.units)
    }

    /// A font-unit value in PDF glyph space (1000 per em).
    fn to_pdf(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units
    }
}

/// The glyphs one document used of each face, numbered as they will be in its subset: content
/// streams are written page by page, long before the subsets are made at the end.
pub struct FontUse {
    remappers: Vec<GlyphRemapper>,
    /// Per face: subset glyph id → the character it shows, for the text layer (ToUnicode).
    chars: Vec<BTreeMap<u16, char>>,
}

/// The objects of one face in the document, allocated before the first page refers to them.
#[derive(Debug, Clone, Copy)]
pub struct FontRefs {
    pub type0: Ref,
    cid: Ref,
    descriptor: Ref,
    file: Ref,
    to_unicode: Ref,
}

impl FontRefs {
    pub fn allocate<W: Write>(out: &mut ObjectWriter<W>) -> FontRefs {
        FontRefs {
            type0: out.alloc(),
            cid: out.alloc(),
            descriptor: out.alloc(),
            file: out.alloc(),
            to_unicode: out.alloc(),
        }
    }
}

impl Default for FontUse {
    fn default() -> Self {
        FontUse { remappers: vec![GlyphRemapper::new(); FACES], chars: vec![BTreeMap::new(); FACES] }
    }
}

impl FontUse {
    /// The glyph's code in a content stream (its id in the subset, as two bytes: Identity-H).
    pub fn encode(&mut self, glyph: Glyph, out: &mut Vec<u8>) {
        let id = self.remappers[glyph.face].remap(glyph.id);
        if let Some(c) = glyph.ch {
            self.chars[glyph.face].entry(id).or_insert(c);
        }
        out.extend_from_slice(&id.to_be_bytes());
    }

    /// Writes every face as a subset of the glyphs used: a Type 0 font over a CID font whose
    /// glyph ids are the subset's, with widths and a ToUnicode map so text can be copied and
    /// searched.
    pub fn write<W: Write>(
        &self,
        fonts: &Fonts,
        refs: &[FontRefs],
        out: &mut ObjectWriter<W>,
    ) -> Result<(), BadgeError> {
        for (i, (face, refs)) in fonts.faces.iter().zip(refs).enumerate() {
            let remapper = &self.remappers[i];
            let subset = subsetter::subset(face.data, 0, remapper)
                .map_err(|e| BadgeError::Font(format!("{}: cannot make a subset: {e:?}", face.name)))?;
            let base_name = format!("{}+{}", subset_tag(remapper), face.name);
            let base = Name(base_name.as_bytes());

            out.object(|c| {
                c.type0_font(refs.type0)
                    .base_font(base)
                    .encoding_predefined(Name(b"Identity-H"))
                    .descendant_font(refs.cid)
                    .to_unicode(refs.to_unicode);
            })?;
            out.object(|c| {
                let mut cid = c.cid_font(refs.cid);
                cid.subtype(CidFontType::Type2)
                    .base_font(base)
                    .system_info(SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 })
                    .font_descriptor(refs.descriptor)
                    .cid_to_gid_map_predefined(Name(b"Identity"));
                let widths: Vec<f32> =
                    remapper.remapped_gids().map(|old| face.advance(GlyphId(old)) * 1000.0).collect();
                cid.widths().consecutive(0, widths);
                cid.finish();
            })?;
            out.object(|c| {
                let bbox = face.face.global_bounding_box();
                c.font_descriptor(refs.descriptor)
                    .name(base)
                    .flags(FontFlags::SYMBOLIC)
                    .bbox(Rect::new(
                        face.to_pdf(bbox.x_min),
                        face.to_pdf(bbox.y_min),
                        face.to_pdf(bbox.x_max),
                        face.to_pdf(bbox.y_max),
                    ))
                    .italic_angle(face.face.italic_angle())
                    .ascent(face.to_pdf(face.face.ascender()))
                    .descent(face.to_pdf(face.face.descender()))
                    .cap_height(face.to_pdf(face.face.capital_height().unwrap_or(face.face.ascender())))
                    .stem_v(80.0)
                    .font_file2(refs.file);
            })?;
            let compressed = super::pdf::deflate(&subset);
            out.object(|c| {
                c.stream(refs.file, &compressed)
                    .filter(Filter::FlateDecode)
                    .pair(Name(b"Length1"), subset.len() as i32);
            })?;
            let mut cmap = UnicodeCmap::new(
                Name(b"Custom"),
                SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 },
            );
            for (&id, &c) in &self.chars[i] {
                cmap.pair(id, c);
            }
            let cmap = cmap.finish();
            out.object(|c| {
                c.cmap(refs.to_unicode, &cmap).name(Name(b"Custom")).system_info(SystemInfo {
                    registry: Str(b"Adobe"),
                    ordering: Str(b"Identity"),
                    supplement: 0,
                });
            })?;
        }
        Ok(())
    }
}

/// The six capital letters a subset font's name starts with (PDF 9.6.4), from the glyphs in it,
/// so two different subsets of one face never share a name.
fn subset_tag(remapper: &GlyphRemapper) -> String {
    let mut hasher = crc32fast::Hasher::new();
    for gid in remapper.remapped_gids() {
        hasher.update(&gid.to_le_bytes());
    }
    let mut n = hasher.finalize();
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            letter
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_latin_and_diacritics_come_from_dejavu_cjk_and_hangul_from_droid() {
        let fonts = Fonts::load().unwrap();
        for text in ["Қасымова Әсем Ғалымқызы", "Ñúñez Łukasz Şahin Đặng", "Георгий Ёжиков"]
        {
            assert!(fonts.glyphs(text).all(|g| g.face == 0 && g.ch.is_some()), "{text}");
        }
        for text in ["吴丽", "정하은", "さくら"] {
            assert!(fonts.glyphs(text).all(|g| g.face == 1 && g.ch.is_some()), "{text}");
        }
        assert!(fonts.missing("Wu Li 吴丽 정하은").is_empty());
        assert_eq!(fonts.missing("ก"), vec!['ก'], "Thai is in neither face");
    }

    #[test]
    fn decomposed_letters_are_set_as_one_precomposed_glyph() {
        let fonts = Fonts::load().unwrap();
        // "й" typed as и + combining breve.
        let decomposed: Vec<Glyph> = fonts.glyphs("и\u{306}").collect();
        let precomposed: Vec<Glyph> = fonts.glyphs("й").collect();
        assert_eq!(decomposed, precomposed);
    }
}
