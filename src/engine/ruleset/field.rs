//! `then.field` paths that are not JSONPath: `info.contact`,
//! `responses['200']`, `responses["4XX"].content`, `tags[0].name`.
//!
//! Spectral reads these with lodash's `toPath`; the same forms are accepted
//! here, strictly: an empty segment or an unclosed bracket is an error with
//! its position, not a path that silently never matches. A bare number in
//! brackets is an array index; every other segment (dotted numbers too, as
//! in `responses.200`) is a key.

use crate::document::PathSeg;

/// A field path error: the message and the byte offset in the field string.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct FieldError {
    pub message: String,
    pub offset: usize,
}

fn error(offset: usize, message: impl Into<String>) -> FieldError {
    FieldError {
        message: message.into(),
        offset,
    }
}

pub(super) fn parse_plain(field: &str) -> Result<Vec<PathSeg>, FieldError> {
    if field.is_empty() {
        return Err(error(0, "\"field\" must not be empty"));
    }
    let bytes = field.as_bytes();
    let mut segs = Vec::new();
    let mut i = 0;
    // Whether a dotted name may start here (at the start and after `.`).
    let mut expect_name = true;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                let (seg, next) = bracket(field, i)?;
                segs.push(seg);
                i = next;
                expect_name = false;
                match bytes.get(i) {
                    None | Some(b'[') => {}
                    Some(b'.') => {
                        i += 1;
                        expect_name = true;
                        if i == bytes.len() {
                            return Err(error(i, "the field path ends with \".\""));
                        }
                    }
                    Some(_) => return Err(error(i, "expected \".\" or \"[\" after \"]\"")),
                }
            }
            b'.' => return Err(error(i, "empty segment in the field path")),
            _ if expect_name => {
                let end = field[i..]
                    .find(['.', '['])
                    .map(|n| i + n)
                    .unwrap_or(field.len());
                segs.push(PathSeg::Key(field[i..end].to_string()));
                i = end;
                expect_name = false;
                if bytes.get(i) == Some(&b'.') {
                    i += 1;
                    expect_name = true;
                    if i == bytes.len() {
                        return Err(error(i, "the field path ends with \".\""));
                    }
                }
            }
            _ => return Err(error(i, "expected \".\" or \"[\"")),
        }
    }
    Ok(segs)
}

/// Parses `[...]` starting at `open`; returns the segment and the offset
/// after `]`.
fn bracket(field: &str, open: usize) -> Result<(PathSeg, usize), FieldError> {
    let bytes = field.as_bytes();
    let start = open + 1;
    match bytes.get(start) {
        Some(&q @ (b'\'' | b'"')) => {
            let mut key = String::new();
            let mut chars = field[start + 1..].char_indices();
            while let Some((n, c)) = chars.next() {
                let at = start + 1 + n;
                if c == '\\' {
                    match chars.next() {
                        Some((_, escaped)) => key.push(escaped),
                        None => break,
                    }
                } else if c as u32 == q as u32 {
                    if bytes.get(at + 1) != Some(&b']') {
                        return Err(error(at + 1, "expected \"]\" after the quoted key"));
                    }
                    return Ok((PathSeg::Key(key), at + 2));
                } else {
                    key.push(c);
                }
            }
            Err(error(open, "unclosed quote in \"[...]\""))
        }
        _ => {
            let Some(len) = field[start..].find(']') else {
                return Err(error(open, "unclosed \"[\""));
            };
            let inner = field[start..start + len].trim();
            if inner.is_empty() {
                return Err(error(open, "empty \"[]\" in the field path"));
            }
            let seg = match inner.parse::<usize>() {
                Ok(n) if inner.bytes().all(|b| b.is_ascii_digit()) => PathSeg::Index(n),
                _ => PathSeg::Key(inner.to_string()),
            };
            Ok((seg, start + len + 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(segs: &[&str]) -> Vec<PathSeg> {
        segs.iter().map(|s| PathSeg::Key(s.to_string())).collect()
    }

    #[test]
    fn dotted_paths_are_keys() {
        assert_eq!(
            parse_plain("info.contact").unwrap(),
            keys(&["info", "contact"])
        );
        assert_eq!(
            parse_plain("responses.200").unwrap(),
            keys(&["responses", "200"])
        );
        assert_eq!(parse_plain("description").unwrap(), keys(&["description"]));
    }

    #[test]
    fn brackets_hold_quoted_keys_and_indices() {
        assert_eq!(
            parse_plain("responses['200']").unwrap(),
            keys(&["responses", "200"])
        );
        assert_eq!(
            parse_plain("responses[\"4XX\"].content").unwrap(),
            keys(&["responses", "4XX", "content"])
        );
        assert_eq!(parse_plain("['a.b']").unwrap(), keys(&["a.b"]));
        assert_eq!(
            parse_plain("tags[0].name").unwrap(),
            vec![
                PathSeg::Key("tags".into()),
                PathSeg::Index(0),
                PathSeg::Key("name".into())
            ]
        );
        assert_eq!(
            parse_plain("a[1][2]").unwrap(),
            vec![
                PathSeg::Key("a".into()),
                PathSeg::Index(1),
                PathSeg::Index(2)
            ]
        );
        assert_eq!(parse_plain("a[b]").unwrap(), keys(&["a", "b"]));
    }

    #[test]
    fn malformed_paths_report_where() {
        assert_eq!(parse_plain("a..b").unwrap_err().offset, 2);
        assert_eq!(parse_plain("a.").unwrap_err().offset, 2);
        assert_eq!(parse_plain("a[0").unwrap_err().offset, 1);
        assert_eq!(parse_plain("a['x").unwrap_err().offset, 1);
        assert_eq!(parse_plain("a['x']b").unwrap_err().offset, 6);
        assert_eq!(parse_plain("a[]").unwrap_err().offset, 1);
        assert_eq!(parse_plain(".a").unwrap_err().offset, 0);
    }
}
