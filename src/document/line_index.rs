//! Byte offset → line/column conversion, done only when rendering.
//!
//! The tree stores byte offsets; a [`LineIndex`] is built lazily per source
//! file the first time a finding in it is rendered. Columns are counted in
//! UTF-16 code units because that is what Spectral (JavaScript) reports and
//! what editors (CodeMirror, LSP) expect; for ASCII they equal byte columns.

/// A 0-based line and 0-based UTF-16 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Start and end positions of a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// The byte offset of every line start in a text, and UTF-16 checkpoints
/// inside long lines.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// `(byte offset, UTF-16 units since its line start)` every
    /// [`CHECKPOINT`] bytes or so. Big JSON specs are often one line of
    /// megabytes; without these, each column would cost a scan from the
    /// start of that line.
    checkpoints: Vec<(u32, u32)>,
}

const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        // memchr-style scan over bytes: '\n' never occurs inside a UTF-8
        // multi-byte sequence, so byte scanning is exact. A lone '\r' (old
        // Mac) also ends a line, as YAML says; "\r\n" counts once.
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(p) = bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r') {
            let at = i + p;
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                starts.push(at as u32 + 1);
            }
            i = at + 1;
        }
        // UTF-16 checkpoints inside long lines only (short lines are
        // cheap to scan). A UTF-8 sequence is one UTF-16 unit, except a
        // 4-byte one (a supplementary character), which is two: count the
        // bytes that are not continuation bytes, plus the 4-byte leaders.
        let mut checkpoints = Vec::new();
        for (l, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(l + 1).map_or(bytes.len(), |&e| e as usize);
            let mut pos = start;
            let mut units = 0u32;
            while end - pos > CHECKPOINT {
                let mut next = pos + CHECKPOINT;
                while next < end && (bytes[next] & 0xC0) == 0x80 {
                    next += 1;
                }
                let chunk = &bytes[pos..next];
                units += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32
                    + chunk.iter().filter(|&&b| b >= 0xF0).count() as u32;
                checkpoints.push((next as u32, units));
                pos = next;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Number of lines (a text without newline has one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|&s| s as usize)
    }

    /// The 0-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&(offset as u32)) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Position of byte `offset` in `text` (the text this index was built on).
    /// Offsets past the end clamp to the end; offsets inside a UTF-8 sequence
    /// round down to its start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let mut start = self.starts[line] as usize;
        let mut base = 0u32;
        // Start from the last checkpoint on this line before `offset`.
        let i = self
            .checkpoints
            .partition_point(|&(o, _)| (o as usize) <= offset);
        if i > 0 {
            let (o, u) = self.checkpoints[i - 1];
            if o as usize >= start {
                start = o as usize;
                base = u;
            }
        }
        let segment = &text[start..offset];
        let character = if segment.is_ascii() {
            segment.len() as u32
        } else {
            segment.chars().map(|c| c.len_utf16() as u32).sum()
        };
        Position {
            line: line as u32,
            character: base + character,
        }
    }

    /// The byte offset in `text` of `position`, the inverse of
    /// [`Self::position`]: a character past the end of its line clamps to
    /// the line's end (its line break), a line past the last to the end of
    /// the text. The walk starts at the last checkpoint before the column,
    /// so a column deep in a long line costs no scan from its start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(line_start) = self.line_start(position.line as usize) else {
            return text.len();
        };
        let line_end = self
            .line_start(position.line as usize + 1)
            .unwrap_or(text.len());
        let (mut byte, mut units) = (line_start, 0u32);
        let first = self
            .checkpoints
            .partition_point(|&(o, _)| (o as usize) <= line_start);
        let last = self
            .checkpoints
            .partition_point(|&(o, _)| (o as usize) < line_end);
        let on_line = &self.checkpoints[first..last];
        let i = on_line.partition_point(|&(_, u)| u <= position.character);
        if i > 0 {
            let (o, u) = on_line[i - 1];
            byte = o as usize;
            units = u;
        }
        for c in text[byte..line_end].chars() {
            if units >= position.character || c == '\n' || c == '\r' {
                break;
            }
            units += c.len_utf16() as u32;
            byte += c.len_utf8();
        }
        byte
    }

    pub fn range(&self, text: &str, span: crate::document::Span) -> Range {
        Range {
            start: self.position(text, span.start as usize),
            end: self.position(text, span.end as usize),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn offsets_invert_positions_in_short_and_long_lines() {
        let long = format!("a: \"{}é😀x\"\nb: 1\r\nc", "y".repeat(10_000));
        for text in ["a: é😀x\nb: 1\n", long.as_str()] {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices() {
                if text[..offset].ends_with('\r') {
                    // Inside a "\r\n" break: no position of its own.
                    continue;
                }
                let p = index.position(text, offset);
                assert_eq!(index.offset(text, p), offset, "{p:?}");
            }
        }
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        let at = |line, character| Position { line, character };
        assert_eq!(index.offset(text, at(0, 99)), 2);
        assert_eq!(index.offset(text, at(1, 1)), 5);
        assert_eq!(index.offset(text, at(7, 0)), text.len());
    }

    use super::*;

    #[test]
    fn positions_are_zero_based_and_utf16() {
        let text = "a: 1\nb: \"é😀x\"\r\nc: 2";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(
            idx.position(text, 0),
            Position {
                line: 0,
                character: 0
            }
        );
        let x = text.find('x').unwrap();
        // é is 1 UTF-16 unit, 😀 is 2.
        assert_eq!(
            idx.position(text, x),
            Position {
                line: 1,
                character: 7
            }
        );
        let c = text.find('c').unwrap();
        assert_eq!(
            idx.position(text, c),
            Position {
                line: 2,
                character: 0
            }
        );
        assert_eq!(
            idx.position(text, 10_000),
            Position {
                line: 2,
                character: 4
            }
        );
    }

    #[test]
    fn long_lines_use_checkpoints_correctly() {
        // A single 50 KB line with multi-byte characters spread over it.
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(if i % 7 == 0 { "é😀" } else { "abcd" });
        }
        text.push_str("\nxyz");
        let idx = LineIndex::new(&text);
        for off in [
            0,
            1,
            4095,
            4096,
            4097,
            20_000,
            text.len() - 4,
            text.len() - 1,
        ] {
            let mut o = off;
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            let line_start = text[..o].rfind('\n').map(|p| p + 1).unwrap_or(0);
            let want: usize = text[line_start..o].chars().map(char::len_utf16).sum();
            assert_eq!(
                idx.position(&text, off).character as usize,
                want,
                "offset {off}"
            );
        }
    }
}
