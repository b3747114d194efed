//! The QR code on a badge: exactly the text the scanner must type, drawn as vector squares (sharp
//! at any printer resolution, and a few hundred bytes a badge).

use pdf_writer::Content;
use qrcode::{Color, EcLevel, QrCode};

use super::BadgeError;

/// The white margin a reader needs around the symbol, in modules (ISO/IEC 18004: four).
pub const QUIET_ZONE: usize = 4;

/// A code's QR symbol: `width`² modules, dark ones `true`, row by row from the top.
pub struct Symbol {
    width: usize,
    dark: Vec<bool>,
}

impl Symbol {
    /// Medium error correction (15 %): a badge gets bent and scratched, and a registration code
    /// still fits a small symbol.
    pub fn of(code: &str) -> Result<Symbol, BadgeError> {
        let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M)
            .map_err(|e| BadgeError::Qr { code: code.to_owned(), reason: e.to_string() })?;
        let width = qr.width();
        let dark = qr.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        Ok(Symbol { width, dark })
    }

    /// Modules across, quiet zone included.
    pub fn modules_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Fills the dark modules of the symbol whose quiet zone's top-left corner is at (`x`, `top`)
    /// (PDF points, y upwards), `size` points square: one rectangle per run of dark modules, in
    /// module units (small integers: a third of the bytes of coordinates in points, and no
    /// decimals to format).
    pub fn draw(&self, content: &mut Content, x: f32, top: f32, size: f32) {
        let module = size / self.modules_with_quiet_zone() as f32;
        content.save_state();
        // Module (0, 0) is the symbol's bottom-left corner, quiet zone included.
        content.transform([module, 0.0, 0.0, module, x, top - size]);
        // Colour before the path: no state may change between a path and its painting.
        content.set_fill_gray(0.0);
        let rows = self.modules_with_quiet_zone();
        for (row, cells) in self.dark.chunks(self.width).enumerate() {
            let y = (rows - QUIET_ZONE - 1 - row) as f32;
            let mut col = 0;
            while col < cells.len() {
                if !cells[col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < cells.len() && cells[col] {
                    col += 1;
                }
                content.rect((start + QUIET_ZONE) as f32, y, (col - start) as f32, 1.0);
            }
        }
        content.fill_nonzero();
        content.restore_state();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_code_is_a_small_symbol() {
        assert_eq!(Symbol::of("KZ-000123").unwrap().width, 21);
        // A 32-character ticket secret (pretix) still fits version 3.
        assert!(Symbol::of("y8wzk7bxr5x7ngx6qhppwe36xpwwg8ka").unwrap().width <= 29);
    }

    #[test]
    fn runs_of_dark_modules_are_one_rectangle_each() {
        let symbol = Symbol::of("KZ-000123").unwrap();
        let runs: usize = symbol
            .dark
            .chunks(symbol.width)
            .map(|row| row.iter().zip(std::iter::once(&false).chain(row)).filter(|(d, prev)| **d && !**prev).count())
            .sum();
        let mut content = Content::new();
        symbol.draw(&mut content, 0.0, 100.0, 100.0);
        let drawn = String::from_utf8(content.finish().to_vec()).unwrap();
        assert_eq!(drawn.matches(" re").count(), runs);
    }
}
