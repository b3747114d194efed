//! Fitting text into cells by display width (CJK counts double, combining marks nothing),
//! never by bytes or chars: a long name is cut with "…" and a long value wraps in its column.

use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

/// `text` cut to at most `width` columns, ending in "…" when something was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let (kept, _) = text.unicode_truncate(width - 1);
    format!("{kept}…")
}

/// `text` fitted and padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `text` broken into lines of at most `width` columns (long words are split).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, width.max(1)).into_iter().map(std::borrow::Cow::into_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(fit("Смағұлова", 20), "Смағұлова");
        assert_eq!(fit("Смағұлова Гүлнар", 10), "Смағұлова…");
        assert_eq!(fit("黄黄黄黄黄黄", 7), "黄黄黄…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn pads_to_the_display_width() {
        assert_eq!(pad("王芳", 6), "王芳  ");
        assert_eq!(pad("Zoe\u{308}", 4).width(), 4);
        assert_eq!(fit("김민준김민준", 7), "김민준…");
    }

    #[test]
    fn wraps_long_words_too() {
        let lines = wrap(&"ә".repeat(25), 10);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.width() <= 10));
    }
}
