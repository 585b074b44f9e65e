//! Path text → [`JsonPath`], with the byte offset of the first problem.
//!
//! The grammar is the one Spectral rule sets are written in: nimma's, and
//! jsonpath-plus's where nimma defers to it (see the module docs of
//! [`crate::jsonpath`] for the list). jsonpath-plus itself parses with
//! regular-expression rewriting and accepts nearly anything, silently
//! matching nothing; here a path either means something definite or is an
//! error with an offset. Filter expressions are handed to
//! [`super::filter_parser`]. Never panics, whatever the input.

use super::FilterExpr;
use super::ast::{JsonPath, Segment, Selector};
use super::cursor::Cursor;
use super::filter_parser::{parse_filter, parse_js_string, quote_char, type_selector_step};

/// A path that does not parse: what is wrong, and the byte offset in the
/// path text where it was noticed. `message` already ends with
/// "at offset N" so it reads well on its own.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PathError {
    pub message: String,
    pub offset: usize,
}

impl PathError {
    pub(crate) fn at(offset: usize, msg: impl AsRef<str>) -> PathError {
        PathError {
            message: format!("{} at offset {offset}", msg.as_ref()),
            offset,
        }
    }
}

/// Parses a Spectral JSONPath. A path without a leading `$` is read as if
/// it had `$.` before it (`paths` is `$.paths`), as jsonpath-plus does.
pub fn parse(src: &str) -> Result<JsonPath, PathError> {
    let segments = PathParser { src, pos: 0 }.parse()?;
    Ok(JsonPath {
        source: src.to_string(),
        segments,
    })
}

/// Characters a dotted name (`.x-foo`, `.$ref`, `./pets/{id}`) may hold:
/// everything that does not start another step or close something.
fn is_name_char(c: char) -> bool {
    !matches!(
        c,
        '.' | '[' | ']' | '~' | '^' | '\'' | '"' | '(' | ')' | ','
    ) && !c.is_whitespace()
}

struct PathParser<'s> {
    src: &'s str,
    pos: usize,
}

impl<'s> super::cursor::Cursor<'s> for PathParser<'s> {
    fn src(&self) -> &'s str {
        self.src
    }

    fn pos(&self) -> usize {
        self.pos
    }

    fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }
}

impl<'s> PathParser<'s> {
    fn unexpected(&self) -> PathError {
        match self.peek() {
            None => PathError::at(self.pos, "unexpected end of path"),
            Some(c) if c.is_whitespace() => PathError::at(self.pos, "unexpected whitespace"),
            Some(c) => PathError::at(self.pos, format!("unexpected {}", quote_char(c))),
        }
    }

    fn parse(&mut self) -> Result<Vec<Segment>, PathError> {
        let mut segments = Vec::new();
        match self.peek() {
            None => return Err(PathError::at(0, "empty path")),
            Some('$') => {
                // `$ref` alone is a name (jsonpath-plus reads it as
                // `$['$ref']`); `$`, `$.x`, `$[..]`, `$..x` start at the root.
                let next = self.peek_nth(1);
                if next.is_some_and(|c| is_name_char(c) && c != '@') {
                    segments.push(Segment::Child(self.dotted_selectors(false)?));
                } else {
                    self.bump();
                }
            }
            Some('#') => {
                return Err(PathError::at(
                    0,
                    "a path cannot start with '#' (aliases must be resolved before the path is parsed)",
                ));
            }
            Some(c) if c == '*' || (is_name_char(c) && c != '@') => {
                segments.push(Segment::Child(self.dotted_selectors(false)?));
            }
            Some(_) => {}
        }
        while let Some(c) = self.peek() {
            let seg = match c {
                '.' if self.peek_nth(1) == Some('.') => {
                    self.pos += 2;
                    Segment::Descendant(self.dotted_selectors(true)?)
                }
                '.' => {
                    self.bump();
                    Segment::Child(self.dotted_selectors(false)?)
                }
                '[' => Segment::Child(self.bracket()?),
                '^' => {
                    self.bump();
                    Segment::Parent
                }
                '~' => {
                    self.bump();
                    if self.peek().is_some() {
                        // jsonpath-plus stops at `~` and ignores the rest;
                        // a path that says more than it means is an error.
                        return Err(PathError::at(
                            self.pos,
                            "'~' must be the last step of a path",
                        ));
                    }
                    Segment::PropertyName
                }
                '@' => match type_selector_step(self.src, self.pos)? {
                    Some((t, end)) => {
                        self.pos = end;
                        Segment::Child(vec![Selector::Filter(Box::new(FilterExpr::TypeSelector(
                            t,
                        )))])
                    }
                    None => return Err(self.unexpected()),
                },
                _ => return Err(self.unexpected()),
            };
            segments.push(seg);
        }
        Ok(segments)
    }

    /// What follows `.` or `..` (or starts a path without `$`): a name,
    /// `*`, a bracket, or a type selector.
    fn dotted_selectors(&mut self, deep: bool) -> Result<Vec<Selector>, PathError> {
        let Some(c) = self.peek() else {
            let what = if deep { "'..'" } else { "'.'" };
            return Err(PathError::at(
                self.pos,
                format!("expected a name, '*' or '[' after {what}"),
            ));
        };
        match c {
            '*' if !self
                .peek_nth(1)
                .is_some_and(|c| is_name_char(c) && c != '@' && c != '*') =>
            {
                self.bump();
                Ok(vec![Selector::Wildcard])
            }
            // `.[` is tolerated as `[` (nimma and jsonpath-plus accept it).
            '[' => self.bracket(),
            '@' if type_selector_step(self.src, self.pos)?.is_some() => {
                let (t, end) = type_selector_step(self.src, self.pos)?.expect("checked");
                self.pos = end;
                Ok(vec![Selector::Filter(Box::new(FilterExpr::TypeSelector(
                    t,
                )))])
            }
            c if is_name_char(c) => Ok(vec![Selector::Name(self.name())]),
            _ => Err(self.unexpected()),
        }
    }

    /// A dotted name. It stops before a type selector step
    /// (`$.info@string()`).
    fn name(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if !is_name_char(c) {
                break;
            }
            if c == '@'
                && self.pos > start
                && matches!(type_selector_step(self.src, self.pos), Ok(Some(_)) | Err(_))
            {
                break;
            }
            self.bump();
        }
        self.src[start..self.pos].to_string()
    }

    /// The filter at `self.pos` as JavaScript, or `native` (the native
    /// parser's error, which has the precise offset) when it is not valid
    /// JavaScript either.
    fn script_filter(&self, native: PathError) -> Result<(FilterExpr, usize), PathError> {
        // Too deep for the native parser is too deep, full stop.
        if native.message.contains("nests deeper than") {
            return Err(native);
        }
        let Some(close) = super::js_filter::expression_end(self.src, self.pos) else {
            return Err(native);
        };
        // `[?( ... )]`: the outer parentheses are jsonpath-plus's syntax.
        let text = super::js_filter::strip_outer_parens(self.src[self.pos..close].trim());
        if text.trim().is_empty() {
            return Err(native);
        }
        // `text` is a slice of the path text: its address gives its offset.
        let offset = text.as_ptr() as usize - self.src.as_ptr() as usize;
        let Some(filter) = super::js_filter::ScriptFilter::new(text, offset) else {
            return Err(native);
        };
        match crate::sandbox::check_filter(&filter) {
            Ok(()) => Ok((FilterExpr::Script(std::sync::Arc::new(filter)), close)),
            // Say why the fallback did not take it either, where the
            // native message alone would read as "not supported here".
            Err(js) if native.message.contains("unsupported") => Err(PathError {
                message: format!("{} (and it is not valid JavaScript: {js})", native.message),
                offset: native.offset,
            }),
            Err(_) => Err(native),
        }
    }

    /// `[...]`: a filter, a union of names / indices / slices / `*`, or
    /// the one script expression we understand, `[(@.length-N)]`.
    fn bracket(&mut self) -> Result<Vec<Selector>, PathError> {
        let open = self.pos;
        self.bump();
        self.skip_ws();
        match self.peek() {
            // Both `[?(expr)]` and `[?expr]`: the parenthesised form is just
            // an expression in parentheses.
            Some('?') => {
                self.bump();
                let (expr, close) = match parse_filter(self.src, self.pos, open) {
                    Ok(parsed) => parsed,
                    // Native first; what it cannot parse may still be
                    // JavaScript that jsonpath-plus would run.
                    Err(native) => self.script_filter(native)?,
                };
                self.pos = close + 1;
                return Ok(vec![Selector::Filter(Box::new(expr))]);
            }
            Some('(') => return self.script(open),
            _ => {}
        }
        let mut sels = Vec::new();
        loop {
            self.skip_ws();
            let item_at = self.pos;
            match self.peek() {
                None => return Err(PathError::at(open, "unterminated '['")),
                Some('\'' | '"') => {
                    let (s, end) = parse_js_string(self.src, self.pos)?;
                    self.pos = end;
                    sels.push(Selector::Name(s));
                }
                Some(']') if sels.is_empty() => return Err(PathError::at(item_at, "empty '[]'")),
                Some(']' | ',') => {
                    return Err(PathError::at(item_at, "expected a selector after ','"));
                }
                Some('?') => {
                    return Err(PathError::at(
                        item_at,
                        "a filter cannot be combined with other selectors in '[...]'",
                    ));
                }
                Some(_) => {
                    let sel = self.union_item()?;
                    sels.push(sel);
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(']') => {
                    self.bump();
                    return Ok(sels);
                }
                None => return Err(PathError::at(open, "unterminated '['")),
                Some(_) => return Err(self.unexpected()),
            }
        }
    }

    /// An unquoted item of `[...]`: `*`, `3`, `-1`, `1:5:2`, or a name.
    fn union_item(&mut self) -> Result<Selector, PathError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, ',' | ']') {
                break;
            }
            if matches!(c, '[' | '\'' | '"' | '(' | ')') {
                return Err(self.unexpected());
            }
            self.bump();
        }
        let token = self.src[start..self.pos].trim_end();
        if token == "*" {
            return Ok(Selector::Wildcard);
        }
        if is_int(token) {
            return token
                .parse::<i64>()
                .map(Selector::Index)
                .map_err(|_| PathError::at(start, format!("index {token} is out of range")));
        }
        if token.contains(':') {
            return slice(token, start);
        }
        if let Some(ws) = token.find(char::is_whitespace) {
            return Err(PathError::at(
                start + ws,
                "unexpected whitespace (quote names that contain spaces)",
            ));
        }
        Ok(Selector::Name(token.to_string()))
    }

    /// `[(@.length-N)]`, jsonpath-plus's idiom for "the N-th from the end";
    /// other script expressions would need a JS engine.
    fn script(&mut self, open: usize) -> Result<Vec<Selector>, PathError> {
        let unsupported = || {
            PathError::at(
                open,
                "script expressions '[(...)]' are not supported (only '[(@.length-N)]'; use a filter '[?(...)]')",
            )
        };
        self.bump();
        self.skip_ws();
        if !self.rest().starts_with("@.length") {
            return Err(unsupported());
        }
        self.pos += "@.length".len();
        self.skip_ws();
        if self.bump() != Some('-') {
            return Err(unsupported());
        }
        self.skip_ws();
        let digits_at = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        let n: i64 = self.src[digits_at..self.pos]
            .parse()
            .map_err(|_| unsupported())?;
        self.skip_ws();
        if self.bump() != Some(')') {
            return Err(unsupported());
        }
        self.skip_ws();
        if self.bump() != Some(']') {
            return Err(unsupported());
        }
        if n == 0 {
            // `@.length-0` is one past the end: nothing.
            return Ok(vec![Selector::Slice {
                start: Some(0),
                end: Some(0),
                step: None,
            }]);
        }
        Ok(vec![Selector::Index(-n)])
    }
}

fn is_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `start:end:step`, each part optional.
fn slice(token: &str, at: usize) -> Result<Selector, PathError> {
    let parts: Vec<&str> = token.split(':').map(str::trim).collect();
    if parts.len() > 3 {
        return Err(PathError::at(at, format!("invalid slice '{token}'")));
    }
    let mut nums = [None; 3];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() {
            continue;
        }
        if !is_int(p) {
            return Err(PathError::at(
                at,
                format!("invalid slice '{token}' (quote a name that contains ':')"),
            ));
        }
        nums[i] = Some(
            p.parse::<i64>()
                .map_err(|_| PathError::at(at, format!("slice bound {p} is out of range")))?,
        );
    }
    if nums[2] == Some(0) {
        return Err(PathError::at(at, "slice step cannot be 0"));
    }
    Ok(Selector::Slice {
        start: nums[0],
        end: nums[1],
        step: nums[2],
    })
}
