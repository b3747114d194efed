//! Text hygiene for anything that came from outside (imports, walk-in forms, scanners).
//!
//! A name must never be able to move the cursor, clear the screen or smuggle an escape sequence
//! into a volunteer's terminal, so every imported string passes through [`sanitize`].

/// Longest text accepted in any single field. A name or an organisation is far shorter; a value
/// this long is a broken export (a whole file pasted into a cell), not data.
pub const MAX_FIELD_CHARS: usize = 1000;

/// Removes terminal escape sequences and control characters, turns tabs and newlines into
/// spaces, collapses runs of whitespace and trims the ends.
///
/// ANSI CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ESC \`) and two-byte `ESC x` sequences are
/// dropped whole, so no visible debris like `[2J` is left behind either.
pub fn sanitize(input: &str) -> String {
    // Most cells already are clean; checking is cheaper than rebuilding them a char at a time
    // (sanitizing was a quarter of parsing a 100k-row import).
    if is_clean(input) {
        return input.to_owned();
    }
    sanitize_slowly(input)
}

/// True if [`sanitize`] would return `s` unchanged: visible characters, single spaces between them.
fn is_clean(s: &str) -> bool {
    let mut after_space = true;
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_ascii_graphic() || (!c.is_ascii() && !c.is_whitespace() && !is_invisible_control(c)) {
            after_space = false;
        } else {
            return false;
        }
    }
    !after_space || s.is_empty()
}

fn sanitize_slowly(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 CSI / OSC introducers: same treatment as their ESC forms.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{9d}' => skip_osc_body(&mut chars),
            c if c.is_whitespace() => pending_space = true,
            c if is_invisible_control(c) => {}
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// True for characters that must never reach a terminal or a stored field: C0/C1 controls,
/// DEL, and the bidirectional overrides that can visually reorder a name.
fn is_invisible_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi_body(chars);
        }
        Some(']') | Some('P') | Some('_') | Some('^') => {
            chars.next();
            skip_osc_body(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..=`~`.
fn skip_csi_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC / DCS / APC / PM: everything up to BEL or ESC `\`.
fn skip_osc_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_controls_and_escapes() {
        assert_eq!(sanitize("Ай\u{1b}[2Jгүл"), "Айгүл");
        assert_eq!(sanitize("\u{1b}]0;pwned\u{7}Марат"), "Марат");
        assert_eq!(sanitize("  Ли\tМин\r\nХо  "), "Ли Мин Хо");
        assert_eq!(sanitize("a\u{0}b\u{7f}c\u{202e}d"), "abcd");
        assert_eq!(sanitize("Müller\u{9b}31m"), "Müller");
    }

    proptest::proptest! {
        #[test]
        fn the_clean_shortcut_changes_nothing(s in "[ a-zA-Z\\t\\n\u{0}-\u{1f}\u{7f}-\u{a0}\u{1b}\u{9b}\u{9d}\u{200b}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{feff}\u{3000}йәЁ李\u{301}]{0,12}") {
            proptest::prop_assert_eq!(sanitize(&s), sanitize_slowly(&s));
        }
    }

    #[test]
    fn keeps_combining_marks_and_cjk() {
        assert_eq!(sanitize("Zoë Ñ 李小龍 й"), "Zoë Ñ 李小龍 й");
    }
}
