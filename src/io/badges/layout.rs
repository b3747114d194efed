//! Where badges go on a page: a sheet of eight on A4 with cut marks, or one badge per label.
//!
//! ```text
//!  A4 (210 × 297 mm), 2 × 4 badges of 95 × 65 mm       label-62: 62 × 100 mm
//!    |         |         |   ← cut marks in the margin   label-4x6: 4 × 6 in
//!  --+---------+---------+--                            one badge per page,
//!    | badge 1 | badge 2 |                               portrait: QR at the bottom
//!  --+---------+---------+--
//!    |   …     |   …     |
//! ```

use pdf_writer::Content;

/// Points per millimetre (PDF user space is 1/72 in).
pub const MM: f32 = 72.0 / 25.4;

/// A rectangle in points, y upwards from the page's bottom-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    pub fn top(&self) -> f32 {
        self.y + self.h
    }

    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// The same area `by` points smaller on every side.
    pub fn inset(&self, by: f32) -> Area {
        Area { x: self.x + by, y: self.y + by, w: (self.w - 2.0 * by).max(0.0), h: (self.h - 2.0 * by).max(0.0) }
    }
}

/// A page layout for badges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// A4 sheets of eight 95 × 65 mm badges, with cut marks.
    #[default]
    A4,
    /// One 62 × 100 mm badge per page, for 62 mm continuous label rolls (Brother QL and alike).
    #[value(name = "label-62")]
    Label62,
    /// One 4 × 6 in badge per page, for shipping-label printers (Zebra, Dymo 4XL and alike).
    #[value(name = "label-4x6")]
    Label4x6,
}

/// Gap between a cut mark and the badges' edge, and the mark's length.
const MARK_GAP: f32 = 2.0 * MM;
const MARK_LENGTH: f32 = 5.0 * MM;

impl Layout {
    /// The name on the command line (`--layout`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::A4 => "a4",
            Layout::Label62 => "label-62",
            Layout::Label4x6 => "label-4x6",
        }
    }

    /// Page width and height in points.
    pub fn page(self) -> (f32, f32) {
        match self {
            Layout::A4 => (210.0 * MM, 297.0 * MM),
            Layout::Label62 => (62.0 * MM, 100.0 * MM),
            Layout::Label4x6 => (4.0 * 72.0, 6.0 * 72.0),
        }
    }

    /// Badges across and down a page.
    fn grid(self) -> (usize, usize) {
        match self {
            Layout::A4 => (2, 4),
            Layout::Label62 | Layout::Label4x6 => (1, 1),
        }
    }

    fn badge_size(self) -> (f32, f32) {
        match self {
            Layout::A4 => (95.0 * MM, 65.0 * MM),
            Layout::Label62 | Layout::Label4x6 => self.page(),
        }
    }

    pub fn per_page(self) -> usize {
        let (cols, rows) = self.grid();
        cols * rows
    }

    /// The area of the `n`th badge on a page, left to right, top to bottom; the block of badges
    /// is centred on the page and badges touch, so one cut separates two.
    pub fn slot(self, n: usize) -> Area {
        let (cols, _) = self.grid();
        let (w, h) = self.badge_size();
        let (left, bottom) = self.block_origin();
        let (col, row) = (n % cols, n / cols);
        let top = bottom + self.block_height();
        Area { x: left + col as f32 * w, y: top - (row + 1) as f32 * h, w, h }
    }

    fn block_height(self) -> f32 {
        self.grid().1 as f32 * self.badge_size().1
    }

    fn block_origin(self) -> (f32, f32) {
        let (page_w, page_h) = self.page();
        let (cols, rows) = self.grid();
        let (w, h) = self.badge_size();
        ((page_w - cols as f32 * w) / 2.0, (page_h - rows as f32 * h) / 2.0)
    }

    /// Thin marks in the margins on the line of every cut, never over a badge. Label layouts
    /// have none: the printer cuts.
    pub fn cut_marks(self, content: &mut Content) {
        if self.per_page() == 1 {
            return;
        }
        let (page_w, page_h) = self.page();
        let (cols, rows) = self.grid();
        let (w, h) = self.badge_size();
        let (left, bottom) = self.block_origin();
        let (right, top) = (left + cols as f32 * w, bottom + rows as f32 * h);
        content.save_state();
        content.set_line_width(0.3);
        content.set_stroke_gray(0.0);
        for i in 0..=cols {
            let x = left + i as f32 * w;
            line(content, (x, top + MARK_GAP), (x, (top + MARK_GAP + MARK_LENGTH).min(page_h)));
            line(content, (x, bottom - MARK_GAP), (x, (bottom - MARK_GAP - MARK_LENGTH).max(0.0)));
        }
        for j in 0..=rows {
            let y = bottom + j as f32 * h;
            line(content, (left - MARK_GAP, y), ((left - MARK_GAP - MARK_LENGTH).max(0.0), y));
            line(content, (right + MARK_GAP, y), ((right + MARK_GAP + MARK_LENGTH).min(page_w), y));
        }
        content.stroke();
        content.restore_state();
    }
}

fn line(content: &mut Content, from: (f32, f32), to: (f32, f32)) {
    content.move_to(from.0, from.1);
    content.line_to(to.0, to.1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_a4_sheet_holds_eight_badges_inside_the_page_without_overlap() {
        let (page_w, page_h) = Layout::A4.page();
        let slots: Vec<Area> = (0..Layout::A4.per_page()).map(|n| Layout::A4.slot(n)).collect();
        for (i, a) in slots.iter().enumerate() {
            assert!(a.x >= 5.0 * MM && a.right() <= page_w - 5.0 * MM, "{a:?}");
            assert!(a.y >= 5.0 * MM && a.top() <= page_h - 5.0 * MM, "{a:?}");
            for b in &slots[i + 1..] {
                let apart = a.right() <= b.x + 0.01
                    || b.right() <= a.x + 0.01
                    || a.top() <= b.y + 0.01
                    || b.top() <= a.y + 0.01;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        // Reading order: the first badge is top left, the second to its right.
        assert!(slots[0].top() > slots[2].top() && slots[1].x > slots[0].x);
    }

    #[test]
    fn a_label_is_the_whole_page() {
        for layout in [Layout::Label62, Layout::Label4x6] {
            let (w, h) = layout.page();
            assert_eq!(layout.slot(0), Area { x: 0.0, y: 0.0, w, h });
        }
    }
}
