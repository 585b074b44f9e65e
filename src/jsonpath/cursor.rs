//! The character cursor that both JSONPath parsers (paths, and the filter
//! expressions inside them) read with. Positions are byte offsets into the
//! source, so errors can point at them.

pub(super) trait Cursor<'s> {
    fn src(&self) -> &'s str;
    fn pos(&self) -> usize;
    fn set_pos(&mut self, pos: usize);

    /// The unread part of the source.
    fn rest(&self) -> &'s str {
        &self.src()[self.pos()..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    /// Consumes one character.
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.set_pos(self.pos() + c.len_utf8());
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }
}
