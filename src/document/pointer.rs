//! JSON pointers (RFC 6901) and `$ref` strings (RFC 3986 reference + pointer
//! fragment).
//!
//! Only syntax lives here; following a pointer through a document (and
//! through `$ref`s on the way) is [`super::workspace`]'s job.

/// A `$ref` split into the part naming a file (empty for a local ref) and
/// the fragment after `#` (without the `#`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefParts<'a> {
    pub file: &'a str,
    pub fragment: Option<&'a str>,
}

pub fn split_ref(reference: &str) -> RefParts<'_> {
    match reference.split_once('#') {
        Some((file, frag)) => RefParts {
            file,
            fragment: Some(frag),
        },
        None => RefParts {
            file: reference,
            fragment: None,
        },
    }
}

/// Decodes a pointer fragment (`/components/schemas/A~1B`) into its
/// unescaped reference tokens. The fragment may be percent-encoded, as URI
/// fragments are (`/paths/~1pets~1%7Bid%7D`). The empty fragment is the
/// whole document.
pub fn parse_pointer(fragment: &str) -> Result<Vec<String>, String> {
    if fragment.is_empty() {
        return Ok(Vec::new());
    }
    let decoded = percent_decode(fragment)?;
    let Some(rest) = decoded.strip_prefix('/') else {
        return Err(format!("JSON pointer \"{fragment}\" must start with '/'"));
    };
    rest.split('/').map(unescape_token).collect()
}

fn unescape_token(token: &str) -> Result<String, String> {
    if !token.contains('~') {
        return Ok(token.to_string());
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                other => {
                    return Err(format!(
                        "invalid escape \"~{}\" in JSON pointer (only ~0 and ~1 are allowed)",
                        other.map(String::from).unwrap_or_default()
                    ));
                }
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Percent-decodes a URI component. Invalid escapes are an error; the
/// decoded bytes must be UTF-8.
pub fn percent_decode(s: &str) -> Result<String, String> {
    if !s.contains('%') {
        return Ok(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            match hex {
                Some(h) => {
                    out.push(u8::from_str_radix(h, 16).expect("checked hex digits"));
                    i += 3;
                }
                // A bare '%' is kept: real specs contain it unescaped.
                None => {
                    out.push(b'%');
                    i += 1;
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("\"{s}\" does not decode to UTF-8"))
}

/// Whether a `$ref` names a remote (http/https) resource.
pub fn is_remote(file: &str) -> bool {
    let lower = file.get(..8).unwrap_or(file).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_local_and_file_refs() {
        assert_eq!(
            split_ref("#/a"),
            RefParts {
                file: "",
                fragment: Some("/a")
            }
        );
        assert_eq!(
            split_ref("b.yaml"),
            RefParts {
                file: "b.yaml",
                fragment: None
            }
        );
        assert_eq!(
            split_ref("b.yaml#/x"),
            RefParts {
                file: "b.yaml",
                fragment: Some("/x")
            }
        );
    }

    #[test]
    fn remote_means_http_or_https_in_any_case() {
        assert!(is_remote("https://example.com/r.yaml"));
        assert!(is_remote("HTTP://example.com/r.yaml"));
        assert!(!is_remote("http.yaml"));
        assert!(!is_remote("file:///r.yaml"));
    }

    #[test]
    fn pointer_unescapes_in_rfc_order() {
        // "~01" is "~1" literally, not "/".
        assert_eq!(
            parse_pointer("/a~1b/c~0d/~01").unwrap(),
            vec!["a/b", "c~d", "~1"]
        );
        assert_eq!(parse_pointer("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_pointer("/").unwrap(), vec![""]);
        assert_eq!(
            parse_pointer("/paths/~1pets~1%7Bid%7D").unwrap(),
            vec!["paths", "/pets/{id}"]
        );
        assert!(parse_pointer("a").is_err());
        assert!(parse_pointer("/a~2").is_err());
    }
}
