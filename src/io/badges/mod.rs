//! Badges as a PDF: a sheet of eight per A4 page with cut marks, or one per label.
//!
//! [`BadgeWriter`] writes page by page to any `Write` (a file): a page's content is written as
//! soon as its last badge is drawn, and the fonts — subsets of the glyphs used, which only the
//! end knows — come last. Memory stays that of one page and the glyph sets, however many badges.

mod content;
mod design;
mod fonts;
mod layout;
mod pdf;
mod qr;

use std::io::Write;

use pdf_writer::writers::{Catalog, DocumentInfo, Pages};
use pdf_writer::{Content, Filter, Finish, Name, Rect, Ref, TextStr};

pub use content::{Badge, Occasion};
pub use layout::Layout;

use design::{FONT_NAMES, Pen};
use fonts::{FontRefs, FontUse, Fonts};
use pdf::ObjectWriter;

#[derive(Debug, thiserror::Error)]
pub enum BadgeError {
    #[error("cannot write the badges: {0}")]
    Io(#[from] std::io::Error),
    #[error("badge font {0}")]
    Font(String),
    #[error("the code {code:?} cannot be made a QR code: {reason}")]
    Qr { code: String, reason: String },
    #[error("badge PDF: {0}")]
    Pdf(String),
}

/// What a finished document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub badges: usize,
    pub pages: usize,
    /// Codes of badges with characters no built-in font has (printed as an empty box), and those
    /// characters.
    pub missing_glyphs: Vec<(String, String)>,
}

pub struct BadgeWriter<W: Write> {
    out: ObjectWriter<W>,
    layout: Layout,
    fonts: Fonts,
    used: FontUse,
    font_refs: Vec<FontRefs>,
    pages_ref: Ref,
    page_refs: Vec<Ref>,
    /// The page being filled, and how many badges it has.
    page: Content,
    on_page: usize,
    written: Written,
}

impl<W: Write> BadgeWriter<W> {
    pub fn new(out: W, layout: Layout) -> Result<BadgeWriter<W>, BadgeError> {
        let mut out = ObjectWriter::new(out)?;
        let pages_ref = out.alloc();
        let font_refs = (0..fonts::FACES).map(|_| FontRefs::allocate(&mut out)).collect();
        Ok(BadgeWriter {
            out,
            layout,
            fonts: Fonts::load()?,
            used: FontUse::default(),
            font_refs,
            pages_ref,
            page_refs: Vec::new(),
            page: Content::new(),
            on_page: 0,
            written: Written::default(),
        })
    }

    /// Draws the next badge; a full page goes to the file.
    pub fn add(&mut self, badge: &Badge) -> Result<(), BadgeError> {
        let area = self.layout.slot(self.on_page);
        Pen { fonts: &self.fonts, used: &mut self.used, content: &mut self.page }.badge(badge, area)?;
        self.on_page += 1;
        self.written.badges += 1;
        let missing: String = [&badge.event, &badge.family, &badge.given, &badge.second_spelling, &badge.affiliation]
            .iter()
            .flat_map(|text| self.fonts.missing(text))
            .collect();
        if !missing.is_empty() {
            self.written.missing_glyphs.push((badge.code.clone(), missing));
        }
        if self.on_page == self.layout.per_page() {
            self.flush_page()?;
        }
        Ok(())
    }

    fn flush_page(&mut self) -> Result<(), BadgeError> {
        if self.on_page == 0 {
            return Ok(());
        }
        self.layout.cut_marks(&mut self.page);
        let content = std::mem::replace(&mut self.page, Content::new()).finish();
        let compressed = pdf::deflate(&content);
        let (page_ref, content_ref) = (self.out.alloc(), self.out.alloc());
        let parent = self.pages_ref;
        self.out.object(|c| {
            c.page(page_ref).parent(parent).contents(content_ref);
        })?;
        self.out.object(|c| {
            c.stream(content_ref, &compressed).filter(Filter::FlateDecode);
        })?;
        self.page_refs.push(page_ref);
        self.on_page = 0;
        self.written.pages += 1;
        Ok(())
    }

    /// Writes the last page, the fonts and the document's structure; returns the output.
    pub fn finish(mut self, title: &str) -> Result<(W, Written), BadgeError> {
        self.flush_page()?;
        if self.page_refs.is_empty() {
            // A PDF needs a page: an empty run gives one blank page, not a broken file.
            self.flush_blank_page()?;
        }
        self.used.write(&self.fonts, &self.font_refs, &mut self.out)?;
        let (width, height) = self.layout.page();
        let (pages_ref, page_refs, font_refs) = (self.pages_ref, &self.page_refs, &self.font_refs);
        self.out.object(|c| {
            let mut pages = c.indirect(pages_ref).start::<Pages>();
            pages.kids(page_refs.iter().copied()).count(page_refs.len() as i32);
            pages.media_box(Rect::new(0.0, 0.0, width, height));
            let mut resources = pages.resources();
            let mut fonts = resources.fonts();
            for (name, refs) in FONT_NAMES.iter().zip(font_refs) {
                fonts.pair(Name(name), refs.type0);
            }
            fonts.finish();
            resources.finish();
            pages.finish();
        })?;
        let (catalog_ref, info_ref) = (self.out.alloc(), self.out.alloc());
        self.out.object(|c| {
            c.indirect(catalog_ref).start::<Catalog>().pages(pages_ref);
        })?;
        self.out.object(|c| {
            c.indirect(info_ref).start::<DocumentInfo>().title(TextStr(title)).producer(TextStr("checkin"));
        })?;
        let out = self.out.finish(catalog_ref, info_ref)?;
        Ok((out, self.written))
    }

    fn flush_blank_page(&mut self) -> Result<(), BadgeError> {
        self.on_page = 1;
        self.flush_page()?;
        self.written.pages = 1;
        Ok(())
    }
}
