//! Fitting text into cells by display width (wide CJK letters take two, combining marks none),
//! never by bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` cut to at most `width` cells, with "…" when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` fitted and padded with spaces to exactly `width` cells.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_combining_letters_are_measured_not_counted() {
        assert_eq!(fit("Ахметова", 20), "Ахметова");
        assert_eq!(fit("Шығыс Қазақстан облысы", 10), "Шығыс Қаз…");
        assert_eq!(fit("김민준김민준", 7), "김민준…");
        assert_eq!(pad("王芳", 6), "王芳  ");
        assert_eq!(pad("Zoe\u{308}", 4).width(), 4);
        assert_eq!(fit("abc", 0), "");
    }
}
