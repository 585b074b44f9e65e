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

/// The byte offset of every line start in a text.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        // memchr-style scan over bytes: '\n' never occurs inside a UTF-8
        // multi-byte sequence, so byte scanning is exact. A lone '\r' (old
        // Mac) also ends a line, as YAML says; "\r\n" counts once.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
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
        let start = self.starts[line] as usize;
        let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
        Position {
            line: line as u32,
            character: character as u32,
        }
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
    use super::*;

    #[test]
    fn positions_are_zero_based_and_utf16() {
        let text = "a: 1\nb: \"é😀x\"\r\nc: 2";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.position(text, 0), Position { line: 0, character: 0 });
        let x = text.find('x').unwrap();
        // é is 1 UTF-16 unit, 😀 is 2.
        assert_eq!(idx.position(text, x), Position { line: 1, character: 7 });
        let c = text.find('c').unwrap();
        assert_eq!(idx.position(text, c), Position { line: 2, character: 0 });
        assert_eq!(idx.position(text, 10_000), Position { line: 2, character: 4 });
    }
}
