//! Drawing one badge into its area of a page.
//!
//! ```text
//!  landscape (A4 sheet, 95 × 65 mm)            portrait (labels)
//!  ┌──────────────────────────────────────┐    ┌──────────────┐
//!  │ event                                │    │    event     │
//!  │──────────────────────────────────────│    │──────────────│
//!  │ FAMILY                     ┌───────┐ │    │    FAMILY    │
//!  │ Given Patronymic           │  QR   │ │    │ Given Patron.│
//!  │ second spelling            │       │ │    │ 2nd spelling │
//!  │ CATEGORY                   └───────┘ │    │   CATEGORY   │
//!  │ delegation or country       KZ-0001  │    │  delegation  │
//!  │ [<18] [NO PHOTOS]                    │    │ [<18] [NO PH]│
//!  └──────────────────────────────────────┘    │   ┌──────┐   │
//!                                              │   │  QR  │   │
//!                                              │   └──────┘   │
//!                                              │   KZ-0001    │
//!                                              └──────────────┘
//! ```
//!
//! Sizes scale with the badge's short side, so the 4 × 6 in label is the 62 mm one, larger.

use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Str};

use super::content::Badge;
use super::fonts::{FACES, FontUse, Fonts, Glyph};
use super::layout::{Area, MM};
use super::qr::Symbol;

/// The font resource names of the faces, as pages list them.
pub const FONT_NAMES: [&[u8]; FACES] = [b"F0", b"F1"];

/// Smallest text printed: below this a name is cut with "…" rather than shrunk further.
const MIN_NAME_SIZE: f32 = 9.0;
const MIN_SIZE: f32 = 5.5;
/// The code under the QR code goes on more lines rather than below this size...
const MIN_CODE_SIZE: f32 = 5.0;
/// ...and on at most this many (a 64-character secret at 5 pt on the narrowest badge).
const MAX_CODE_LINES: usize = 4;
/// An event's name smaller than this goes on two lines.
const MIN_EVENT_SIZE: f32 = 7.0;
/// The short side the sizes below are for.
const REFERENCE_SIDE: f32 = 62.0 * MM;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Weight {
    Regular,
    /// The regular outlines filled and stroked (see `data/fonts/README.md`).
    Bold,
}

#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Centre,
}

/// Writes text and shapes into one page's content, noting the glyphs used.
pub struct Pen<'a> {
    pub fonts: &'a Fonts,
    pub used: &'a mut FontUse,
    pub content: &'a mut Content,
}

/// A column of text being filled from the top.
struct Column {
    x: f32,
    width: f32,
    /// Baseline of the next line is below this.
    cursor: f32,
    align: Align,
}

impl Pen<'_> {
    pub fn badge(&mut self, badge: &Badge, area: Area) -> Result<(), super::BadgeError> {
        let symbol = Symbol::of(&badge.code)?;
        let scale = area.w.min(area.h) / REFERENCE_SIDE;
        let inner = area.inset(if area.w > area.h { 4.0 * MM } else { 3.0 * MM });
        let portrait = area.h >= area.w;

        // The event's name and a rule under it.
        let event_size = 8.0 * scale;
        let mut column = Column { x: inner.x, width: inner.w, cursor: inner.top(), align: Align::Centre };
        if !badge.event.is_empty() {
            let one_line = self.fitting_size(&[&badge.event], column.width, event_size, 0.0, Weight::Regular);
            match halves(&badge.event) {
                // A long name on two lines rather than in letters too small to read.
                Some((first, second)) if one_line < MIN_EVENT_SIZE => {
                    let size = self.fitting_size(&[first, second], column.width, event_size, MIN_SIZE, Weight::Regular);
                    self.line(&mut column, first, size, size, Weight::Regular);
                    self.line(&mut column, second, size, size, Weight::Regular);
                }
                _ => self.line(&mut column, &badge.event, event_size, MIN_SIZE, Weight::Regular),
            }
            column.cursor -= 0.35 * event_size;
            self.rule(inner.x, inner.right(), column.cursor);
            column.cursor -= 2.0 * MM;
        }

        // The QR code with the code under it: right of the text, or at the bottom of a label.
        let code_size = 8.5 * scale;
        let code_height = 1.6 * code_size;
        let below_header = column.cursor;
        let qr = if portrait {
            let side = (inner.w * 0.62).min(below_header - inner.y - code_height);
            Area { x: inner.x + (inner.w - side) / 2.0, y: inner.y + code_height, w: side, h: side }
        } else {
            let side = (inner.w * 0.38).min(below_header - inner.y - code_height);
            Area { x: inner.right() - side, y: below_header - side, w: side, h: side }
        };
        symbol.draw(self.content, qr.x, qr.top(), qr.w);
        let mut code_column = Column { x: qr.x, width: qr.w, cursor: qr.y, align: Align::Centre };
        self.code(&mut code_column, &badge.code, code_size, code_height);

        // The person, top down, in the column the code leaves.
        if portrait {
            column.align = Align::Centre;
        } else {
            column.align = Align::Left;
            column.width = inner.w - qr.w - 3.0 * MM;
        }
        let max_name_size = 21.0 * scale;
        let whole = badge.name();
        let names: Vec<&str> =
            if self.fitting_size(&[&whole], column.width, max_name_size, 0.0, Weight::Bold) >= max_name_size {
                // Short enough for one line at full size ("Wu Li").
                vec![&whole]
            } else {
                [badge.family.as_str(), badge.given.as_str()].into_iter().filter(|s| !s.is_empty()).collect()
            };
        let name_size = self.fitting_size(&names, column.width, max_name_size, MIN_NAME_SIZE, Weight::Bold);
        for name in names {
            self.line(&mut column, name, name_size, name_size, Weight::Bold);
        }
        column.cursor -= 0.15 * name_size;
        if !badge.second_spelling.is_empty() {
            self.line(&mut column, &badge.second_spelling, 11.0 * scale, MIN_SIZE, Weight::Regular);
        }
        column.cursor -= 0.2 * name_size;
        self.line(&mut column, &badge.category, 11.5 * scale, MIN_SIZE, Weight::Bold);
        if !badge.affiliation.is_empty() {
            self.line(&mut column, &badge.affiliation, 10.0 * scale, MIN_SIZE, Weight::Regular);
        }

        // The safeguarding marks: white on black, where a photographer looks first.
        let marks: Vec<&str> = [(badge.minor, badge.minor_mark), (badge.no_photos, badge.no_photos_mark)]
            .into_iter()
            .filter_map(|(on, text)| on.then_some(text))
            .collect();
        if !marks.is_empty() {
            let mark_height = 15.0 * scale;
            let bottom = if portrait { qr.top() + 1.5 * MM } else { inner.y };
            self.marks(&marks, &column, bottom, mark_height);
        }
        Ok(())
    }

    /// The code under its QR code, whole: a volunteer types it when the QR code will not scan,
    /// so it is never cut with "…"; a long one (a ticket secret, a UUID) goes on two or more
    /// lines of `height` in all, as large as they fit.
    fn code(&mut self, column: &mut Column, code: &str, size: f32, height: f32) {
        let chars: Vec<char> = code.chars().collect();
        for lines in 1..=MAX_CODE_LINES {
            let per = chars.len().div_ceil(lines).max(1);
            let parts: Vec<String> = chars.chunks(per).map(|c| c.iter().collect()).collect();
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            let fits = self.fitting_size(&parts, column.width, size, 0.0, Weight::Bold);
            let room = height / (1.25 * parts.len() as f32);
            if fits >= MIN_CODE_SIZE || lines == MAX_CODE_LINES {
                let size = fits.min(room).max(MIN_CODE_SIZE.min(fits));
                for part in parts {
                    self.line(column, part, size, size, Weight::Bold);
                }
                return;
            }
        }
    }

    /// One line of text at the column's cursor, shrunk to fit between `size` and `min`, cut
    /// with "…" if it does not fit even then.
    fn line(&mut self, column: &mut Column, text: &str, size: f32, min: f32, weight: Weight) {
        let size = self.fitting_size(&[text], column.width, size, min, weight);
        let text = self.cut_to(text, column.width / size);
        column.cursor -= 0.95 * size;
        let width = self.fonts.width(&text) * size;
        let x = match column.align {
            Align::Left => column.x,
            Align::Centre => column.x + (column.width - width) / 2.0,
        };
        self.text(&text, x, column.cursor, size, weight);
        column.cursor -= 0.3 * size;
    }

    /// The largest size up to `max` at which every one of `lines` is at most `width` wide,
    /// but not less than `min`.
    fn fitting_size(&self, lines: &[&str], width: f32, max: f32, min: f32, weight: Weight) -> f32 {
        let widest = lines.iter().map(|l| self.fonts.width(l)).fold(0.0, f32::max) + stroke_allowance(weight);
        if widest <= 0.0 { max } else { (width / widest).clamp(min, max) }
    }

    /// `text`, or as much of it as fits `ems` with "…" after it.
    fn cut_to(&self, text: &str, ems: f32) -> String {
        // A size chosen to fit exactly may come out a rounding error too wide.
        if self.fonts.width(text) <= ems * 1.001 {
            return text.to_owned();
        }
        let ellipsis = self.fonts.width("…");
        let mut used = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            let w = self.fonts.width(c.encode_utf8(&mut [0; 4]));
            if used + w + ellipsis > ems {
                break;
            }
            used += w;
            out.push(c);
        }
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    }

    /// Text with its baseline starting at (`x`, `y`): one run per face.
    fn text(&mut self, text: &str, x: f32, y: f32, size: f32, weight: Weight) {
        let glyphs: Vec<Glyph> = self.fonts.glyphs(text).collect();
        if glyphs.is_empty() {
            return;
        }
        let c = &mut *self.content;
        c.begin_text();
        if weight == Weight::Bold {
            c.set_text_rendering_mode(TextRenderingMode::FillStroke);
            c.set_line_width(size * BOLD_STROKE);
        }
        c.next_line(x, y);
        let mut bytes = Vec::with_capacity(2 * glyphs.len());
        for run in glyphs.chunk_by(|a, b| a.face == b.face) {
            bytes.clear();
            for &g in run {
                self.used.encode(g, &mut bytes);
            }
            let c = &mut *self.content;
            c.set_font(Name(FONT_NAMES[run[0].face]), size);
            c.show(Str(&bytes));
        }
        let c = &mut *self.content;
        if weight == Weight::Bold {
            c.set_text_rendering_mode(TextRenderingMode::Fill);
        }
        c.end_text();
    }

    fn rule(&mut self, from: f32, to: f32, y: f32) {
        let c = &mut *self.content;
        c.set_line_width(0.5);
        c.move_to(from, y);
        c.line_to(to, y);
        c.stroke();
    }

    /// Black boxes with white words, side by side from the column's start (centred in a
    /// centred column).
    fn marks(&mut self, marks: &[&str], column: &Column, bottom: f32, height: f32) {
        let size = height * 0.55;
        let pad = height * 0.3;
        let gap = 1.5 * MM;
        let widths: Vec<f32> = marks
            .iter()
            .map(|m| self.fonts.width(m) * size + stroke_allowance(Weight::Bold) * size + 2.0 * pad)
            .collect();
        let total: f32 = widths.iter().sum::<f32>() + gap * (marks.len() - 1) as f32;
        let mut x = match column.align {
            Align::Left => column.x,
            Align::Centre => column.x + (column.width - total).max(0.0) / 2.0,
        };
        for (mark, width) in marks.iter().zip(widths) {
            let c = &mut *self.content;
            c.set_fill_gray(0.0);
            c.rect(x, bottom, width, height);
            c.fill_nonzero();
            c.set_fill_gray(1.0);
            c.set_stroke_gray(1.0);
            let baseline = bottom + (height - self.fonts.cap_height() * size) / 2.0;
            self.text(mark, x + pad, baseline, size, Weight::Bold);
            let c = &mut *self.content;
            c.set_fill_gray(0.0);
            c.set_stroke_gray(0.0);
            x += width + gap;
        }
    }
}

/// `text` cut in two at the space nearest its middle; `None` without a space.
fn halves(text: &str) -> Option<(&str, &str)> {
    let middle = text.len() / 2;
    let (at, _) = text.match_indices(' ').min_by_key(|(i, _)| i.abs_diff(middle))?;
    Some((text[..at].trim_end(), text[at..].trim_start()))
}

/// Stroke width of bold text, in ems: enough to read as bold, little enough to keep counters open.
const BOLD_STROKE: f32 = 0.035;

/// How much wider the stroke makes a line of bold text, in ems.
fn stroke_allowance(weight: Weight) -> f32 {
    match weight {
        Weight::Regular => 0.0,
        Weight::Bold => BOLD_STROKE,
    }
}
