//! Parses the JavaScript subset inside `[?( ... )]` into a [`FilterExpr`].
//!
//! jsonpath-plus and nimma hand filter text to a JavaScript engine; we parse
//! it once, when the rule set loads, so a typo is an error with an offset
//! instead of a rule that silently never matches, and evaluation needs no
//! JS engine. Anything outside the subset (arithmetic, ternaries, globals
//! such as `Array.isArray`) is a parse error naming the construct, never a
//! guess. Evaluation lives in [`super::filter`]; path syntax around the
//! filter in [`super::parser`].
//!
//! Offsets are byte offsets into the whole path text, so errors point at
//! the right character of the rule set's `given`.

use super::ast::{Access, BinOp, FilterExpr, Literal, Method, TypeSel, Var};
use super::cursor::Cursor;
use super::parser::PathError;
use super::regex::JsRegex;

/// Deepest expression tree accepted. Evaluation and dropping recurse over
/// the tree, so untrusted input must not build a tree deep enough to
/// overflow the stack (`((((...`, `!!!!...`, `a == b == c ...`; `&&` and
/// `||` chains are built balanced and stay shallow).
const MAX_DEPTH: usize = 64;

/// Parses the filter expression starting at byte `pos` of `src` (just
/// after `[?`); `bracket` is the offset of the `[`, for "unterminated"
/// errors. Returns the expression and the offset of the closing `]`.
pub(crate) fn parse_filter(
    src: &str,
    pos: usize,
    bracket: usize,
) -> Result<(FilterExpr, usize), PathError> {
    let mut p = ExprParser {
        src,
        pos,
        bracket,
        depth: 0,
    };
    p.skip_ws();
    if p.peek() == Some(']') {
        return Err(p.err(p.pos, "empty filter expression"));
    }
    let e = p.parse_or()?;
    p.skip_ws();
    if p.peek() != Some(']') {
        return Err(p.unexpected_here());
    }
    Ok((e, p.pos))
}

struct ExprParser<'s> {
    src: &'s str,
    pos: usize,
    bracket: usize,
    /// Depth of the tree being built above the current position.
    depth: usize,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Type selectors as jsonpath-plus names them (`@string()`).
fn type_selector(name: &str) -> Option<TypeSel> {
    Some(match name {
        "string" => TypeSel::String,
        "number" => TypeSel::Number,
        "integer" => TypeSel::Integer,
        "boolean" => TypeSel::Boolean,
        "null" => TypeSel::Null,
        "array" => TypeSel::Array,
        "object" => TypeSel::Object,
        "scalar" => TypeSel::Scalar,
        "other" => TypeSel::Other,
        _ => return None,
    })
}

/// A character quoted for a message: `']'`, but `"'"`.
pub(crate) fn quote_char(c: char) -> String {
    if c == '\'' {
        "\"'\"".to_string()
    } else {
        format!("'{c}'")
    }
}

fn balanced(op: BinOp, mut items: Vec<FilterExpr>) -> FilterExpr {
    if items.len() == 1 {
        return items.pop().expect("one item");
    }
    let right = items.split_off(items.len() / 2);
    FilterExpr::Binary(
        op,
        Box::new(balanced(op, items)),
        Box::new(balanced(op, right)),
    )
}

/// Parses `@string()`-style type selectors where a path step is expected
/// (`$.info@string()`, which nimma reads as `$.info[?(@string())]`).
/// Returns the selector and the offset after `()`, `Ok(None)` when `pos`
/// does not start with `@name(`.
pub(crate) fn type_selector_step(
    src: &str,
    pos: usize,
) -> Result<Option<(TypeSel, usize)>, PathError> {
    let rest = &src[pos..];
    let Some(after_at) = rest.strip_prefix('@') else {
        return Ok(None);
    };
    let name_len = after_at
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after_at.len());
    let name = &after_at[..name_len];
    if name.is_empty() || !after_at[name_len..].starts_with('(') {
        return Ok(None);
    }
    let end = pos + 1 + name_len;
    if !src[end..].starts_with("()") {
        return Err(PathError::at(end, format!("expected '()' after '@{name}'")));
    }
    match type_selector(name) {
        Some(t) => Ok(Some((t, end + 2))),
        None => Err(PathError::at(pos, format!("unknown function @{name}()"))),
    }
}

fn method(name: &str) -> Option<(Method, usize)> {
    Some(match name {
        "test" => (Method::Test, 1),
        "match" => (Method::Match, 1),
        "includes" => (Method::Includes, 1),
        "indexOf" => (Method::IndexOf, 1),
        "startsWith" => (Method::StartsWith, 1),
        "endsWith" => (Method::EndsWith, 1),
        "toLowerCase" => (Method::ToLowerCase, 0),
        "toUpperCase" => (Method::ToUpperCase, 0),
        _ => return None,
    })
}

impl<'s> super::cursor::Cursor<'s> for ExprParser<'s> {
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

impl<'s> ExprParser<'s> {
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// Whether the input continues with keyword `kw` as a whole word.
    fn at_keyword(&self, kw: &str) -> bool {
        self.rest().starts_with(kw) && !self.rest()[kw.len()..].starts_with(is_ident_char)
    }

    fn err(&self, offset: usize, msg: impl AsRef<str>) -> PathError {
        PathError::at(offset, msg)
    }

    fn unterminated(&self) -> PathError {
        PathError {
            message: format!(
                "unterminated filter expression starting at offset {}",
                self.bracket
            ),
            offset: self.bracket,
        }
    }

    /// The error for whatever stops the parse here: the end of the text,
    /// an operator the subset lacks, or a stray character.
    fn unexpected_here(&self) -> PathError {
        self.unexpected_expecting(None)
    }

    /// Like [`Self::unexpected_here`], naming what would have fit when the
    /// problem is a stray character.
    fn unexpected_expecting(&self, expected: Option<&str>) -> PathError {
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return self.unterminated();
        };
        if rest.starts_with('=') && !rest.starts_with("==") {
            return self.err(self.pos, "'=' is an assignment; compare with '===' or '=='");
        }
        for op in [
            "??", "<<", ">>", "**", "+", "-", "*", "/", "%", "?", ":", "&", "|", "^", "~",
        ] {
            if rest.starts_with(op) {
                return self.err(
                    self.pos,
                    format!("unsupported operator '{op}' in filter expression"),
                );
            }
        }
        if self.at_keyword("instanceof") {
            return self.err(
                self.pos,
                "unsupported operator 'instanceof' in filter expression",
            );
        }
        match expected {
            Some(what) => self.err(
                self.pos,
                format!("expected {what}, found {}", quote_char(c)),
            ),
            None => self.err(
                self.pos,
                format!("unexpected {} in filter expression", quote_char(c)),
            ),
        }
    }

    fn enter(&mut self, n: usize) -> Result<(), PathError> {
        self.depth += n;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                self.pos,
                format!("filter expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self, n: usize) {
        self.depth -= n;
    }

    fn parse_or(&mut self) -> Result<FilterExpr, PathError> {
        self.parse_chain("||", BinOp::Or, Self::parse_and)
    }

    fn parse_and(&mut self) -> Result<FilterExpr, PathError> {
        self.parse_chain("&&", BinOp::And, Self::parse_eq)
    }

    /// `a op b op c ...` for `&&` / `||`. These are associative (same value,
    /// same left-to-right short-circuit either way), so the chain becomes a
    /// balanced tree: a hundred `||` alternatives stay seven levels deep.
    fn parse_chain(
        &mut self,
        token: &str,
        op: BinOp,
        operand: fn(&mut Self) -> Result<FilterExpr, PathError>,
    ) -> Result<FilterExpr, PathError> {
        let mut items = vec![operand(self)?];
        let mut added = 0;
        loop {
            self.skip_ws();
            if !self.eat(token) {
                break;
            }
            // The tree gains a level each time the count passes a power of
            // two.
            if items.len().is_power_of_two() {
                added += 1;
                self.enter(1)?;
            }
            items.push(operand(self)?);
        }
        self.leave(added);
        Ok(balanced(op, items))
    }

    fn parse_eq(&mut self) -> Result<FilterExpr, PathError> {
        let mut left = self.parse_rel()?;
        let mut added = 0;
        loop {
            self.skip_ws();
            // Longest operators first: `===` before `==`.
            let op = if self.eat("===") {
                BinOp::StrictEq
            } else if self.eat("!==") {
                BinOp::StrictNe
            } else if self.eat("==") {
                BinOp::Eq
            } else if self.eat("!=") {
                BinOp::Ne
            } else {
                break;
            };
            added += 1;
            self.enter(1)?;
            let right = self.parse_rel()?;
            left = FilterExpr::Binary(op, Box::new(left), Box::new(right));
        }
        self.leave(added);
        Ok(left)
    }

    fn parse_rel(&mut self) -> Result<FilterExpr, PathError> {
        enum Rel {
            Cmp(BinOp),
            In,
            RegexMatch,
        }
        let mut left = self.parse_unary()?;
        let mut added = 0;
        loop {
            self.skip_ws();
            if self.rest().starts_with("<<") || self.rest().starts_with(">>") {
                break;
            }
            let op = if self.eat("<=") {
                Rel::Cmp(BinOp::Le)
            } else if self.eat(">=") {
                Rel::Cmp(BinOp::Ge)
            } else if self.eat("<") {
                Rel::Cmp(BinOp::Lt)
            } else if self.eat(">") {
                Rel::Cmp(BinOp::Gt)
            } else if self.at_keyword("in") {
                self.pos += 2;
                Rel::In
            } else if self.eat("~=") {
                Rel::RegexMatch
            } else {
                break;
            };
            added += 1;
            self.enter(1)?;
            left = match op {
                Rel::Cmp(op) => {
                    let right = self.parse_unary()?;
                    FilterExpr::Binary(op, Box::new(left), Box::new(right))
                }
                // nimma's reading of `a in b`: `b.includes(a)`.
                Rel::In => {
                    let right = self.parse_unary()?;
                    FilterExpr::Call(Box::new(right), Method::Includes, vec![left])
                }
                // nimma's `x ~= 'pattern'`: a regex test of a string.
                Rel::RegexMatch => {
                    self.skip_ws();
                    let lit_at = self.pos;
                    let right = self.parse_unary()?;
                    let FilterExpr::Literal(Literal::String(pattern)) = right else {
                        return Err(
                            self.err(lit_at, "'~=' needs a string literal pattern on its right")
                        );
                    };
                    let re = JsRegex::new(&pattern, "").map_err(|e| self.err(lit_at, e))?;
                    FilterExpr::Call(Box::new(FilterExpr::Regex(re)), Method::Test, vec![left])
                }
            };
        }
        self.leave(added);
        Ok(left)
    }

    fn parse_unary(&mut self) -> Result<FilterExpr, PathError> {
        self.skip_ws();
        let at = self.pos;
        if self.rest().starts_with('!') && !self.rest().starts_with("!=") {
            self.bump();
            self.enter(1)?;
            let e = self.parse_unary()?;
            self.leave(1);
            return Ok(FilterExpr::Not(Box::new(e)));
        }
        if self.at_keyword("typeof") {
            self.pos += "typeof".len();
            self.enter(1)?;
            let e = self.parse_unary()?;
            self.leave(1);
            return Ok(FilterExpr::TypeOf(Box::new(e)));
        }
        if self.at_keyword("void") {
            // `void 0` is how minified JS (and nimma's own tests) spell
            // `undefined`; the operand has no side effects to keep.
            self.pos += "void".len();
            self.enter(1)?;
            self.parse_unary()?;
            self.leave(1);
            return Ok(FilterExpr::Literal(Literal::Undefined));
        }
        if self.rest().starts_with('-') {
            self.bump();
            self.skip_ws();
            if self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                let n = self.parse_number()?;
                return self.parse_postfix(FilterExpr::Literal(Literal::Number(-n)));
            }
            return Err(self.err(
                at,
                "unsupported operator '-' in filter expression (only negative number literals)",
            ));
        }
        if self.rest().starts_with('+') {
            return Err(self.err(at, "unsupported operator '+' in filter expression"));
        }
        let primary = self.parse_primary()?;
        self.parse_postfix(primary)
    }

    fn parse_primary(&mut self) -> Result<FilterExpr, PathError> {
        self.skip_ws();
        let at = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.unterminated());
        };
        match c {
            '(' => {
                self.bump();
                self.enter(1)?;
                let e = self.parse_or()?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(self
                        .unexpected_expecting(Some(&format!("')' to close '(' at offset {at}"))));
                }
                self.leave(1);
                Ok(e)
            }
            '@' => self.parse_at(),
            '$' if !self.rest()[1..].starts_with(is_ident_char) => {
                self.bump();
                Ok(FilterExpr::Var(Var::Root, Vec::new()))
            }
            '\'' | '"' => Ok(FilterExpr::Literal(Literal::String(self.parse_string()?))),
            '/' => self.parse_regex(),
            '0'..='9' | '.' if c != '.' || self.peek_nth(1).is_some_and(|d| d.is_ascii_digit()) => {
                Ok(FilterExpr::Literal(Literal::Number(self.parse_number()?)))
            }
            c if is_ident_start(c) => {
                let name = self.ident();
                Ok(FilterExpr::Literal(match name {
                    "true" => Literal::Bool(true),
                    "false" => Literal::Bool(false),
                    "null" => Literal::Null,
                    "undefined" => Literal::Undefined,
                    "NaN" => Literal::Number(f64::NAN),
                    "Infinity" => Literal::Number(f64::INFINITY),
                    "in" | "instanceof" => {
                        return Err(self.err(at, format!("expected an expression before '{name}'")));
                    }
                    _ => {
                        return Err(self.err(
                            at,
                            format!("unsupported identifier '{name}' in filter expression (use @, @.name, @property, @parent, @parentProperty, @path or @root)"),
                        ));
                    }
                }))
            }
            ']' | ')' => Err(self.err(
                at,
                format!("expected an expression, found {}", quote_char(c)),
            )),
            '[' | '{' => Err(self.err(
                at,
                "array and object literals are not supported in filter expressions",
            )),
            _ => Err(self.unexpected_here()),
        }
    }

    fn ident(&mut self) -> &'s str {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.bump();
        }
        &self.src[start..self.pos]
    }

    /// `@`, `@property`, `@string()`, ...
    fn parse_at(&mut self) -> Result<FilterExpr, PathError> {
        let at = self.pos;
        self.bump();
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.bump();
        }
        let name = &self.src[start..self.pos];
        let var = match name {
            "" => Var::Current,
            "property" => Var::Property,
            "parentProperty" => Var::ParentProperty,
            "parent" => Var::Parent,
            "path" => Var::Path,
            "root" => Var::Root,
            _ => {
                let called = self.peek() == Some('(');
                if let Some(t) = type_selector(name) {
                    if !self.eat("()") {
                        return Err(self.err(self.pos, format!("expected '()' after '@{name}'")));
                    }
                    return Ok(FilterExpr::TypeSelector(t));
                }
                return Err(if called {
                    self.err(at, format!("unknown function @{name}()"))
                } else {
                    self.err(at, format!("unknown variable @{name}"))
                });
            }
        };
        Ok(FilterExpr::Var(var, Vec::new()))
    }

    /// Member accesses, `.length` and method calls after a primary.
    fn parse_postfix(&mut self, mut e: FilterExpr) -> Result<FilterExpr, PathError> {
        loop {
            let before = self.pos;
            self.skip_ws();
            let dot_at = self.pos;
            // Optional chaining reads like plain access here: access on a
            // missing value already yields `undefined`.
            if self.eat("?.")
                || (self.rest().starts_with('.') && !self.rest().starts_with("..") && self.eat("."))
            {
                if self.peek() == Some('[') {
                    // `@?.['x']`
                    e = self.parse_bracket_access(e)?;
                    continue;
                }
                self.skip_ws();
                let name_at = self.pos;
                if !self.peek().is_some_and(is_ident_start) {
                    return Err(match self.peek() {
                        None => self.unterminated(),
                        Some(c) => self.err(
                            name_at,
                            format!(
                                "expected a property name after '.', found {}",
                                quote_char(c)
                            ),
                        ),
                    });
                }
                let name = self.ident();
                self.skip_ws();
                if self.peek() == Some('(') {
                    e = self.parse_call(e, name, name_at, dot_at)?;
                    continue;
                }
                e = match e {
                    FilterExpr::Var(v, mut acc) => {
                        acc.push(Access::Name(name.to_string()));
                        FilterExpr::Var(v, acc)
                    }
                    other if name == "length" => FilterExpr::Length(Box::new(other)),
                    _ => {
                        return Err(self.err(
                            name_at,
                            format!(
                                "unsupported property access '.{name}' on a computed value (only '.length' and methods)"
                            ),
                        ));
                    }
                };
                continue;
            }
            if self.peek() == Some('[') {
                e = self.parse_bracket_access(e)?;
                continue;
            }
            self.pos = before;
            return Ok(e);
        }
    }

    /// `['name']` or `[0]` after a variable.
    fn parse_bracket_access(&mut self, e: FilterExpr) -> Result<FilterExpr, PathError> {
        let open = self.pos;
        self.bump();
        self.skip_ws();
        let key_at = self.pos;
        let access = match self.peek() {
            Some('\'' | '"') => Access::Name(self.parse_string()?),
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let neg = self.eat("-");
                let n = self.parse_number()?;
                let n = if neg { -n } else { n };
                if n.fract() == 0.0 && n.abs() < 9.0e15 {
                    Access::Index(n as i64)
                } else {
                    Access::Name(crate::js::number_to_string(n))
                }
            }
            None => return Err(self.unterminated()),
            _ => {
                return Err(self.err(
                    key_at,
                    "only string and number literals are supported inside '[...]' in a filter expression",
                ));
            }
        };
        self.skip_ws();
        if !self.eat("]") {
            return Err(if self.peek().is_none() {
                self.unterminated()
            } else {
                self.err(
                    self.pos,
                    format!("expected ']' to close '[' at offset {open}"),
                )
            });
        }
        match e {
            FilterExpr::Var(v, mut acc) => {
                acc.push(access);
                Ok(FilterExpr::Var(v, acc))
            }
            _ => Err(self.err(
                open,
                "'[...]' access is only supported on @, @parent, @root and $",
            )),
        }
    }

    fn parse_call(
        &mut self,
        receiver: FilterExpr,
        name: &str,
        name_at: usize,
        dot_at: usize,
    ) -> Result<FilterExpr, PathError> {
        let Some((m, arity)) = method(name) else {
            return Err(self.err(
                name_at,
                format!("unsupported method .{name}() in filter expression"),
            ));
        };
        // `(`
        self.bump();
        let mut args = Vec::new();
        self.enter(1)?;
        self.skip_ws();
        if !self.eat(")") {
            loop {
                let arg_at = self.pos;
                let arg = self.parse_or()?;
                args.push((arg, arg_at));
                self.skip_ws();
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return Err(self.unexpected_expecting(Some("',' or ')' after an argument")));
                }
                self.skip_ws();
            }
        }
        self.leave(1);
        if args.len() != arity {
            return Err(self.err(
                name_at,
                format!(
                    ".{name}() takes {arity} argument{} here, got {}",
                    if arity == 1 { "" } else { "s" },
                    args.len()
                ),
            ));
        }
        if m == Method::Test && !matches!(receiver, FilterExpr::Regex(_)) {
            return Err(self.err(
                dot_at,
                ".test() is only supported on a regex literal, as in /re/.test(@)",
            ));
        }
        let args = args
            .into_iter()
            .map(|(arg, at)| match (m, arg) {
                // `s.match('x')` is `s.match(new RegExp('x'))`: compile it
                // now, once, like a literal.
                (Method::Match, FilterExpr::Literal(Literal::String(p))) => JsRegex::new(&p, "")
                    .map(FilterExpr::Regex)
                    .map_err(|e| self.err(at, e)),
                (_, arg) => Ok(arg),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FilterExpr::Call(Box::new(receiver), m, args))
    }

    /// A JS string literal; the cursor is on the opening quote.
    fn parse_string(&mut self) -> Result<String, PathError> {
        let start = self.pos;
        let (s, end) = parse_js_string(self.src, start)?;
        self.pos = end;
        Ok(s)
    }

    fn parse_number(&mut self) -> Result<f64, PathError> {
        let start = self.pos;
        let rest = self.rest();
        let radix = match rest.get(..2) {
            Some("0x" | "0X") => 16,
            Some("0o" | "0O") => 8,
            Some("0b" | "0B") => 2,
            _ => 10,
        };
        let value = if radix != 10 {
            self.pos += 2;
            let digits_at = self.pos;
            while self.peek().is_some_and(|c| c.is_digit(radix)) {
                self.bump();
            }
            let digits = &self.src[digits_at..self.pos];
            if digits.is_empty() {
                return Err(self.err(start, "invalid number literal"));
            }
            // Digits only, so this fails only past u128 — as huge as JS's
            // own approximation would make it anyway.
            u128::from_str_radix(digits, radix)
                .map(|v| v as f64)
                .unwrap_or(f64::INFINITY)
        } else {
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
            if self.peek() == Some('.') && self.peek_nth(1) != Some('.') {
                self.bump();
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.bump();
                }
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                let save = self.pos;
                self.bump();
                if matches!(self.peek(), Some('+' | '-')) {
                    self.bump();
                }
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.bump();
                    }
                } else {
                    self.pos = save;
                }
            }
            let text = &self.src[start..self.pos];
            text.parse::<f64>()
                .map_err(|_| self.err(start, "invalid number literal"))?
        };
        if self.peek().is_some_and(is_ident_char) {
            return Err(self.err(self.pos, "identifier directly after a number literal"));
        }
        Ok(value)
    }

    /// `/source/flags`; the cursor is on the opening slash.
    fn parse_regex(&mut self) -> Result<FilterExpr, PathError> {
        let start = self.pos;
        self.bump();
        let body_at = self.pos;
        let mut in_class = false;
        loop {
            match self.bump() {
                None | Some('\n' | '\r') => {
                    return Err(self.err(start, "unterminated regular expression literal"));
                }
                Some('\\') => {
                    if self.bump().is_none() {
                        return Err(self.err(start, "unterminated regular expression literal"));
                    }
                }
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('/') if !in_class => break,
                Some(_) => {}
            }
        }
        let body = &self.src[body_at..self.pos - 1];
        let flags_at = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.bump();
        }
        let flags = &self.src[flags_at..self.pos];
        if body.is_empty() {
            return Err(self.err(start, "empty regular expression literal"));
        }
        JsRegex::new(body, flags)
            .map(FilterExpr::Regex)
            .map_err(|e| self.err(start, e))
    }
}

/// Parses a JS string literal (either quote) starting at `start`; returns
/// its value and the offset after the closing quote. Shared with the path
/// parser's `['name']`.
pub(crate) fn parse_js_string(src: &str, start: usize) -> Result<(String, usize), PathError> {
    let mut chars = src[start..].char_indices();
    let (_, quote) = chars.next().expect("caller checked the quote");
    let mut out = String::new();
    let unterminated = || PathError::at(start, "unterminated string literal");
    // Offsets in `chars` are relative to `start`.
    loop {
        let Some((_, c)) = chars.next() else {
            return Err(unterminated());
        };
        if c == quote {
            return Ok((out, start + chars.offset()));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((esc_at, e)) = chars.next() else {
            return Err(unterminated());
        };
        let esc_at = start + esc_at - 1;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' => out.push('\0'),
            // A line continuation: the backslash and newline vanish.
            '\n' => {}
            'x' => {
                let hex: String = chars.clone().take(2).map(|(_, c)| c).collect();
                let v = (hex.len() == 2)
                    .then(|| u32::from_str_radix(&hex, 16).ok())
                    .flatten()
                    .ok_or_else(|| PathError::at(esc_at, "invalid \\x escape"))?;
                chars.nth(1);
                out.push(char::from_u32(v).expect("two hex digits"));
            }
            'u' => {
                let cp = parse_unicode_escape(&mut chars)
                    .ok_or_else(|| PathError::at(esc_at, "invalid \\u escape"))?;
                let cp = if (0xD800..0xDC00).contains(&cp) {
                    // A high surrogate must pair with a following `\uDC00`-ish
                    // low surrogate into one character.
                    let mut look = chars.clone();
                    let low = match (look.next(), look.next()) {
                        (Some((_, '\\')), Some((_, 'u'))) => parse_unicode_escape(&mut look),
                        _ => None,
                    };
                    match low {
                        Some(low) if (0xDC00..0xE000).contains(&low) => {
                            chars = look;
                            0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
                        }
                        _ => return Err(PathError::at(esc_at, "lone surrogate in \\u escape")),
                    }
                } else {
                    cp
                };
                out.push(
                    char::from_u32(cp)
                        .ok_or_else(|| PathError::at(esc_at, "invalid \\u escape"))?,
                );
            }
            other => out.push(other),
        }
    }
}

/// The code point of `XXXX` or `{X...}` after `\u`.
fn parse_unicode_escape(chars: &mut std::str::CharIndices<'_>) -> Option<u32> {
    let mut look = chars.clone();
    if look.next().map(|(_, c)| c) == Some('{') {
        let mut hex = String::new();
        loop {
            match look.next()?.1 {
                '}' => break,
                c if c.is_ascii_hexdigit() && hex.len() < 8 => hex.push(c),
                _ => return None,
            }
        }
        *chars = look;
        return u32::from_str_radix(&hex, 16).ok();
    }
    let hex: String = chars.clone().take(4).map(|(_, c)| c).collect();
    if hex.len() != 4 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    chars.nth(3);
    u32::from_str_radix(&hex, 16).ok()
}
