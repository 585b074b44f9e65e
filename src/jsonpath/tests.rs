//! Tests of the whole dialect: parse, filter, query, on small YAML
//! documents. One test per path form, filter operator, method and type
//! selector, plus error positions and a no-panic sweep over garbage input.

use std::sync::Arc;

use super::ast::{Access, BinOp, FilterExpr, Literal, Method, Segment, Selector, TypeSel, Var};
use super::{QueryMatch, parse, query};
use crate::document::workspace::LoadOptions;
use crate::document::{PathSeg, Workspace};

fn ws(text: &str) -> Workspace {
    Workspace::from_text("t.yaml", Arc::from(text), None, &LoadOptions::default())
        .expect("test document parses")
}

/// Renders a path as `a.b.0`; `~` results as `~key@a.b`.
fn show(m: &QueryMatch<'_>) -> String {
    let p = |path: &[PathSeg]| {
        path.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(".")
    };
    match m {
        QueryMatch::Node { path, .. } => p(path),
        QueryMatch::Key { key, path } => format!("~{key}@{}", p(path)),
    }
}

fn q_on(w: &Workspace, resolved: bool, path: &str) -> Vec<String> {
    let jp = parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    query(&jp, w.view(resolved)).iter().map(show).collect()
}

fn q(doc: &str, path: &str) -> Vec<String> {
    q_on(&ws(doc), true, path)
}

fn values(doc: &str, path: &str) -> Vec<serde_json::Value> {
    let w = ws(doc);
    let jp = parse(path).unwrap();
    query(&jp, w.view(true))
        .iter()
        .map(|m| match m {
            QueryMatch::Node { view, .. } => view.to_json().unwrap(),
            QueryMatch::Key { key, .. } => serde_json::Value::String(key.to_string()),
        })
        .collect()
}

fn err(path: &str) -> (String, usize) {
    match parse(path) {
        Ok(p) => panic!("{path} parsed: {:?}", p.segments),
        Err(e) => (e.message, e.offset),
    }
}

const API: &str = r#"
openapi: 3.0.0
info:
  title: Pets
  version: '1'
  x-foo: bar
paths:
  /pets:
    get:
      operationId: listPets
      description: List pets
      tags: [pets, animals]
      parameters:
        - name: limit
          in: query
        - name: X-Trace
          in: header
      responses:
        '200':
          description: OK
        default:
          description: Error
    put:
      summary: Put pets
  /pets/{id}:
    get:
      operationId: getPet
      responses:
        '200':
          $ref: '#/components/responses/Pet'
components:
  responses:
    Pet:
      description: A pet
  schemas:
    Pet:
      type: object
      title: Pet
      properties:
        id: {type: integer}
"#;

// ---------------------------------------------------------------- parser

#[test]
fn parses_root_and_dotted_names() {
    assert!(parse("$").unwrap().segments.is_empty());
    assert_eq!(
        parse("$.paths.x-foo.$ref./pets/{id}").unwrap().segments,
        vec![
            Segment::Child(vec![Selector::Name("paths".into())]),
            Segment::Child(vec![Selector::Name("x-foo".into())]),
            Segment::Child(vec![Selector::Name("$ref".into())]),
            Segment::Child(vec![Selector::Name("/pets/{id}".into())]),
        ]
    );
}

#[test]
fn parses_quoted_names_with_escapes() {
    let segs = parse(r#"$['a/b+c']["x"]['it\'s']["q\"d"]['\u00e9\n']['a.b~c^']"#)
        .unwrap()
        .segments;
    let names: Vec<_> = segs
        .iter()
        .map(|s| match s {
            Segment::Child(sels) => match &sels[..] {
                [Selector::Name(n)] => n.clone(),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["a/b+c", "x", "it's", "q\"d", "é\n", "a.b~c^"]);
}

#[test]
fn parses_wildcards_indices_slices_and_unions() {
    let child = |s: &str| match &parse(s).unwrap().segments[..] {
        [Segment::Child(sels)] => sels.clone(),
        other => panic!("{s}: {other:?}"),
    };
    assert_eq!(child("$.*"), vec![Selector::Wildcard]);
    assert_eq!(child("$[*]"), vec![Selector::Wildcard]);
    assert_eq!(child("$[0]"), vec![Selector::Index(0)]);
    assert_eq!(child("$[-1]"), vec![Selector::Index(-1)]);
    assert_eq!(
        child("$[1:3]"),
        vec![Selector::Slice {
            start: Some(1),
            end: Some(3),
            step: None
        }]
    );
    assert_eq!(
        child("$[::-2]"),
        vec![Selector::Slice {
            start: None,
            end: None,
            step: Some(-2)
        }]
    );
    assert_eq!(
        child("$[get, put]"),
        vec![Selector::Name("get".into()), Selector::Name("put".into())]
    );
    assert_eq!(
        child("$['a',\"b\"]"),
        vec![Selector::Name("a".into()), Selector::Name("b".into())]
    );
    assert_eq!(
        child("$[0,1]"),
        vec![Selector::Index(0), Selector::Index(1)]
    );
    assert_eq!(child("$[(@.length-1)]"), vec![Selector::Index(-1)]);
    assert_eq!(child("$[( @.length - 2 )]"), vec![Selector::Index(-2)]);
}

#[test]
fn parses_descendants_parent_and_property_name() {
    assert_eq!(
        parse("$..[description,title]").unwrap().segments,
        vec![Segment::Descendant(vec![
            Selector::Name("description".into()),
            Selector::Name("title".into())
        ])]
    );
    assert_eq!(
        parse("$..*").unwrap().segments,
        vec![Segment::Descendant(vec![Selector::Wildcard])]
    );
    assert_eq!(
        parse("$.paths.*~").unwrap().segments,
        vec![
            Segment::Child(vec![Selector::Name("paths".into())]),
            Segment::Child(vec![Selector::Wildcard]),
            Segment::PropertyName
        ]
    );
    let segs = parse("$..[?(@.type)]^").unwrap().segments;
    assert!(matches!(
        &segs[..],
        [Segment::Descendant(_), Segment::Parent]
    ));
}

#[test]
fn parses_filters_with_and_without_parentheses() {
    let expected = FilterExpr::Var(Var::Current, vec![Access::Name("x".into())]);
    for p in ["$[?(@.x)]", "$[?@.x]", "$[? (@.x) ]"] {
        match &parse(p).unwrap().segments[..] {
            [Segment::Child(sels)] => assert_eq!(
                sels,
                &vec![Selector::Filter(Box::new(expected.clone()))],
                "{p}"
            ),
            other => panic!("{other:?}"),
        }
    }
    // A `]` or `)` inside a string does not end the filter.
    assert!(parse("$[?(@.x == ')]')]").is_ok());
}

#[test]
fn parses_filter_precedence_like_javascript() {
    let Segment::Child(sels) = &parse("$[?(!@.a || @.b && @.c === 1)]").unwrap().segments[0] else {
        panic!()
    };
    let Selector::Filter(e) = &sels[0] else {
        panic!()
    };
    let var = |n: &str| Box::new(FilterExpr::Var(Var::Current, vec![Access::Name(n.into())]));
    assert_eq!(
        **e,
        FilterExpr::Binary(
            BinOp::Or,
            Box::new(FilterExpr::Not(var("a"))),
            Box::new(FilterExpr::Binary(
                BinOp::And,
                var("b"),
                Box::new(FilterExpr::Binary(
                    BinOp::StrictEq,
                    var("c"),
                    Box::new(FilterExpr::Literal(Literal::Number(1.0)))
                ))
            ))
        )
    );
}

#[test]
fn parses_filter_forms_into_the_ast() {
    let filter = |src: &str| match &parse(&format!("$[?({src})]")).unwrap().segments[..] {
        [Segment::Child(sels)] => match &sels[..] {
            [Selector::Filter(e)] => (**e).clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(
        filter("@['x-y'].z[0]"),
        FilterExpr::Var(
            Var::Current,
            vec![
                Access::Name("x-y".into()),
                Access::Name("z".into()),
                Access::Index(0)
            ]
        )
    );
    assert_eq!(
        filter("@string()"),
        FilterExpr::TypeSelector(TypeSel::String)
    );
    assert_eq!(
        filter("$.info"),
        FilterExpr::Var(Var::Root, vec![Access::Name("info".into())])
    );
    assert_eq!(filter("void 0"), FilterExpr::Literal(Literal::Undefined));
    assert_eq!(filter("-1.5"), FilterExpr::Literal(Literal::Number(-1.5)));
    assert_eq!(filter("0x10"), FilterExpr::Literal(Literal::Number(16.0)));
    // `x.match('str')` is compiled as a regex once, at parse time.
    assert!(matches!(
        filter("@property.match('^x-')"),
        FilterExpr::Call(_, Method::Match, args) if matches!(&args[..], [FilterExpr::Regex(_)])
    ));
    // nimma's `in`: `b.includes(a)`.
    assert!(matches!(
        filter("'get' in @.methods"),
        FilterExpr::Call(_, Method::Includes, _)
    ));
    assert!(matches!(
        filter("@.toLowerCase().length"),
        FilterExpr::Length(_)
    ));
}

#[test]
fn parses_paths_without_root() {
    assert_eq!(
        parse("paths").unwrap().segments,
        parse("$.paths").unwrap().segments
    );
    assert_eq!(
        parse("paths.*.get").unwrap().segments,
        parse("$.paths.*.get").unwrap().segments
    );
    assert_eq!(
        parse("$ref").unwrap().segments,
        parse("$['$ref']").unwrap().segments
    );
    assert_eq!(
        parse("[0]").unwrap().segments,
        parse("$[0]").unwrap().segments
    );
    assert_eq!(
        parse("..x").unwrap().segments,
        parse("$..x").unwrap().segments
    );
    assert_eq!(parse("*").unwrap().segments, parse("$.*").unwrap().segments);
}

#[test]
fn parses_type_selector_steps_as_filters() {
    assert_eq!(
        parse("$.info@string()").unwrap().segments,
        parse("$.info[?(@string())]").unwrap().segments
    );
    assert_eq!(
        parse("$..@object()").unwrap().segments,
        parse("$..[?(@object())]").unwrap().segments
    );
    assert_eq!(
        parse("$.info.@number()").unwrap().segments,
        parse("$.info[?(@number())]").unwrap().segments
    );
}

// ------------------------------------------------------------ parse errors

#[test]
fn errors_point_at_the_problem() {
    let cases: &[(&str, &str, usize)] = &[
        ("", "empty path at offset 0", 0),
        ("$.paths]", "unexpected ']' at offset 7", 7),
        ("$.info.title]x", "unexpected ']' at offset 12", 12),
        ("$.", "expected a name, '*' or '[' after '.' at offset 2", 2),
        (
            "$..",
            "expected a name, '*' or '[' after '..' at offset 3",
            3,
        ),
        ("$[", "unterminated '[' at offset 1", 1),
        ("$.a[0", "unterminated '[' at offset 3", 3),
        ("$[]", "empty '[]' at offset 2", 2),
        ("$[a,]", "expected a selector after ',' at offset 4", 4),
        ("$['abc", "unterminated string literal at offset 2", 2),
        ("$ .x", "unexpected whitespace at offset 1", 1),
        (
            "$.a~.b",
            "'~' must be the last step of a path at offset 4",
            4,
        ),
        (
            "$[a:b]",
            "invalid slice 'a:b' (quote a name that contains ':') at offset 2",
            2,
        ),
        ("$[::0]", "slice step cannot be 0 at offset 2", 2),
        (
            "$[99999999999999999999]",
            "index 99999999999999999999 is out of range at offset 2",
            2,
        ),
        (
            "#Alias",
            "a path cannot start with '#' (aliases must be resolved before the path is parsed) at offset 0",
            0,
        ),
        ("$.a@foo()", "unknown function @foo() at offset 3", 3),
        (
            "$[a,?(@.x)]",
            "a filter cannot be combined with other selectors in '[...]' at offset 4",
            4,
        ),
    ];
    for &(path, msg, offset) in cases {
        assert_eq!(err(path), (msg.to_string(), offset), "{path}");
    }
}

#[test]
fn filter_errors_point_at_the_problem() {
    let cases: &[(&str, &str, usize)] = &[
        (
            "$.paths[?(@.x",
            "unterminated filter expression starting at offset 7",
            7,
        ),
        (
            "$.paths[?(@.x == 'a'",
            "unterminated filter expression starting at offset 7",
            7,
        ),
        ("$[?()]", "expected an expression, found ')' at offset 4", 4),
        ("$[?]", "empty filter expression at offset 3", 3),
        ("$[?(@foo())]", "unknown function @foo() at offset 4", 4),
        ("$[?(@foo)]", "unknown variable @foo at offset 4", 4),
        (
            "$[?(@string)]",
            "expected '()' after '@string' at offset 11",
            11,
        ),
        (
            "$[?(@.x = 1)]",
            "'=' is an assignment; compare with '===' or '==' at offset 8",
            8,
        ),
        (
            "$[?(@.x == 'abc)]",
            "unterminated string literal at offset 11",
            11,
        ),
        (
            "$[?(/abc)]",
            "unterminated regular expression literal at offset 4",
            4,
        ),
        (
            "$[?(@.x.match(/(/))]",
            "invalid regular expression /(/: unclosed group at offset 14",
            14,
        ),
        (
            "$[?(/a/q.test(@))]",
            "invalid regular expression flag 'q' at offset 4",
            4,
        ),
        (
            "$[?(@.x ~= @.y)]",
            "'~=' needs a string literal pattern on its right at offset 11",
            11,
        ),
        (
            "$[?(1a)]",
            "identifier directly after a number literal at offset 5",
            5,
        ),
        (
            "$[?(@.)]",
            "expected a property name after '.', found ')' at offset 6",
            6,
        ),
        (
            "$[?(@.x]",
            "expected ')' to close '(' at offset 3, found ']' at offset 7",
            7,
        ),
        (
            "$[?(@.x.includes('a' 'b'))]",
            "expected ',' or ')' after an argument, found \"'\" at offset 21",
            21,
        ),
        (
            "$[(@.foo)]",
            "script expressions '[(...)]' are not supported (only '[(@.length-N)]'; use a filter '[?(...)]') at offset 1",
            1,
        ),
    ];
    for &(path, msg, offset) in cases {
        assert_eq!(err(path), (msg.to_string(), offset), "{path}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("$[?({}@{})]", "(".repeat(100_000), ")".repeat(100_000));
    assert!(err(&deep).0.contains("nests deeper than"));
    let nots = format!("$[?({}@)]", "!".repeat(100_000));
    assert!(err(&nots).0.contains("nests deeper than"));
    let eq_chain = format!("$[?(@{})]", " == @".repeat(100_000));
    assert!(err(&eq_chain).0.contains("nests deeper than"));
    // `&&` / `||` chains become balanced trees: long but shallow.
    let chain = format!("$[?(@.a{})]", " && @.a".repeat(100_000));
    assert_eq!(q("x: {a: 1}\ny: {}\n", &chain), ["x"]);
    let alternatives = format!(
        "$[?(@ === 'z'{})]",
        (0..500)
            .map(|i| format!(" || @ === 'v{i}'"))
            .collect::<String>()
    );
    assert_eq!(q("a: v1\nb: v499\nc: v500\n", &alternatives), ["a", "b"]);
}

/// A tiny xorshift generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VALID: &[&str] = &[
    "$",
    "$.paths[*][get,put].responses['200'].description",
    "$..parameters[?(@.in === 'header' && @.name.match(/^x-/i))]",
    "$.paths.*~",
    "$..[?(@.type)]^",
    "$..[description,title]",
    "$.info@string()",
    "$.tags[-1:][(@.length-1)]",
    "$[?(typeof @ === 'object' && !@array() || @property.startsWith(\"x\"))]",
    "$..[?(@path.includes('/pets') && @parent.info != void 0)]..$ref",
    r#"$[?(/\d+\/[a-z]{2,}/u.test(@property) || @.x.indexOf('\u00e9') !== -1)]"#,
];

#[test]
fn garbage_input_never_panics() {
    let doc = ws(API);
    let root = doc.view(true);
    let check = |src: &str| {
        if let Ok(p) = parse(src) {
            let _ = query(&p, root);
        }
    };
    // Every prefix of valid paths (at character boundaries).
    for v in VALID {
        parse(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        for (i, _) in v.char_indices() {
            check(&v[..i]);
            check(&v[i..]);
        }
    }
    // Random token soup.
    let tokens = [
        "$",
        ".",
        "..",
        "[",
        "]",
        "?",
        "(",
        ")",
        "@",
        "'",
        "\"",
        "*",
        ",",
        ":",
        "-",
        "1",
        "0",
        "a",
        "~",
        "^",
        "=",
        "==",
        "===",
        "!",
        "&&",
        "||",
        "<",
        ">",
        "/",
        "\\",
        " ",
        "é",
        "😀",
        ".length",
        ".match(",
        "/x/",
        ".test(",
        "typeof ",
        "@.",
        "@property",
        "@parent",
        "@path",
        "@root",
        "@string()",
        "x-y",
        "'a'",
        "void",
        "in",
        "~=",
        "\\u",
        "{",
        "}",
        "-1",
        "1e5",
        "0x",
        "null",
        "undefined",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..30_000 {
        let n = rng.below(14);
        let s: String = (0..n).map(|_| tokens[rng.below(tokens.len())]).collect();
        check(&s);
        check(&format!("$[?({s})]"));
    }
    // Random bytes (as valid UTF-8 via lossy conversion).
    for _ in 0..5_000 {
        let n = rng.below(24);
        let bytes: Vec<u8> = (0..n).map(|_| (rng.next() & 0x7f) as u8).collect();
        check(&String::from_utf8_lossy(&bytes));
    }
}

/// Paths as published rule sets write them (Spectral's oas and asyncapi
/// rule sets, the Zalando rule set, nimma's tests).
#[test]
fn real_world_paths_parse() {
    for p in [
        "$.paths[*][?( @property === 'get' || @property === 'put' || @property === 'post' || @property === 'delete' || @property === 'options' || @property === 'head' || @property === 'patch' || @property === 'trace' )]",
        "$..content..[?(@ && @.schema && (@.example !== void 0 || @.examples))]",
        "$.channels[*][publish,subscribe][?(@.schemaFormat === void 0)].payload",
        "$.components.messages[?(!@null() && @.schemaFormat === void 0)].payload",
        "$..[?(@ && typeof @.$ref === 'string')]",
        "$..[?(@.enum && @.enum.length < 2)]",
        "$.paths.*.*.responses[?(@property.match(/^(4|5)/))]",
        "$.paths.*[?( @property === 'get' )].responses[?( @property.match(/^2/) )]",
        r"$.paths[?(!@property.match(/^\/[a-z0-9-{}\/]*$/))]",
        "$.paths.*.*.responses[?(@property >= 200 && @property < 300)]",
        "$..properties[*]~",
        "$..parameters[?(@.in == 'header')].name",
        "$..[?(@property === 'headers' && @parentProperty !== 'components')]",
        "$.tags[*].name",
        "$.servers[*].url",
        "$..[?(@parent && @parent.user && @parent.user.name === 'Eva')]",
        "$.info.contact",
        "$..schemas[?(@.type === 'object' && !@.properties)]",
        "$[?(@ && @.example)]",
        "$.address~",
    ] {
        parse(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
}

// ----------------------------------------------------------------- query

#[test]
fn query_root_and_names() {
    assert_eq!(q(API, "$"), [""]);
    assert_eq!(q(API, "$.info.title"), ["info.title"]);
    assert_eq!(q(API, "$.info.x-foo"), ["info.x-foo"]);
    assert_eq!(
        q(API, "$.paths./pets.get.operationId"),
        ["paths./pets.get.operationId"]
    );
    assert_eq!(
        q(API, "$.paths['/pets/{id}'].get.operationId"),
        ["paths./pets/{id}.get.operationId"]
    );
    assert_eq!(q(API, r#"$.paths["/pets"].put"#), ["paths./pets.put"]);
    assert_eq!(q(API, "$.nope.deeper"), Vec::<String>::new());
    assert_eq!(q(API, "info.title"), ["info.title"]);
}

#[test]
fn query_ref_names_and_resolution() {
    let w = ws(API);
    // Unresolved: the `$ref` member is visible.
    assert_eq!(
        q_on(&w, false, "$.paths['/pets/{id}'].get.responses['200'].$ref"),
        ["paths./pets/{id}.get.responses.200.$ref"]
    );
    // Resolved: the ref is followed, its target's members appear under the
    // referring path.
    assert_eq!(
        q_on(
            &w,
            true,
            "$.paths['/pets/{id}'].get.responses['200'].description"
        ),
        ["paths./pets/{id}.get.responses.200.description"]
    );
    assert!(q_on(&w, true, "$.paths['/pets/{id}'].get.responses['200'].$ref").is_empty());
}

#[test]
fn query_wildcards() {
    assert_eq!(
        q(API, "$.info.*"),
        ["info.title", "info.version", "info.x-foo"]
    );
    assert_eq!(
        q(API, "$.info[*]"),
        ["info.title", "info.version", "info.x-foo"]
    );
    assert_eq!(
        q(API, "$.paths./pets.get.tags.*"),
        ["paths./pets.get.tags.0", "paths./pets.get.tags.1"]
    );
    assert!(
        q(API, "$.info.title.*").is_empty(),
        "a scalar has no children"
    );
}

#[test]
fn query_indices_and_slices() {
    let doc = "a: [0, 1, 2, 3, 4]\no: {'0': zero, '1': one}\n";
    assert_eq!(q(doc, "$.a[0]"), ["a.0"]);
    assert_eq!(q(doc, "$.a[-1]"), ["a.4"]);
    assert!(q(doc, "$.a[5]").is_empty());
    assert!(q(doc, "$.a[-6]").is_empty());
    assert_eq!(q(doc, "$.a.1"), ["a.1"], "a dotted number selects an index");
    assert_eq!(q(doc, "$.a['2']"), ["a.2"]);
    assert_eq!(q(doc, "$.o.0"), ["o.0"], "and a member named by digits");
    assert!(
        q(doc, "$.o[0]").is_empty(),
        "an index selects only array items"
    );
    assert_eq!(q(doc, "$.a[1:3]"), ["a.1", "a.2"]);
    assert_eq!(q(doc, "$.a[:2]"), ["a.0", "a.1"]);
    assert_eq!(q(doc, "$.a[-2:]"), ["a.3", "a.4"]);
    assert_eq!(q(doc, "$.a[::2]"), ["a.0", "a.2", "a.4"]);
    assert_eq!(
        q(doc, "$.a[::-2]"),
        ["a.0", "a.2", "a.4"],
        "document order even when stepping backwards"
    );
    assert_eq!(q(doc, "$.a[3:1:-1]"), ["a.2", "a.3"]);
    assert_eq!(q(doc, "$.a[(@.length-1)]"), ["a.4"]);
}

#[test]
fn query_unions() {
    assert_eq!(
        q(API, "$.paths./pets[get,put]"),
        ["paths./pets.get", "paths./pets.put"]
    );
    assert_eq!(
        q(API, "$.paths./pets['put','get']"),
        ["paths./pets.get", "paths./pets.put"]
    );
    assert_eq!(
        q(API, "$.paths./pets.get.tags[1,0,1]"),
        ["paths./pets.get.tags.0", "paths./pets.get.tags.1"]
    );
    assert_eq!(
        q(API, "$[info,openapi]"),
        ["openapi", "info"],
        "document order"
    );
    assert_eq!(
        q(API, "$..[description,title]"),
        [
            "info.title",
            "paths./pets.get.description",
            "paths./pets.get.responses.200.description",
            "paths./pets.get.responses.default.description",
            "paths./pets/{id}.get.responses.200.description",
            "components.responses.Pet.description",
            "components.schemas.Pet.title",
        ]
    );
}

#[test]
fn query_descendants() {
    assert_eq!(
        q(API, "$..operationId"),
        [
            "paths./pets.get.operationId",
            "paths./pets/{id}.get.operationId"
        ]
    );
    let doc = "a: {x: 1, b: {x: 2}}\nx: 3\n";
    assert_eq!(
        q(doc, "$..x"),
        ["a.x", "a.b.x", "x"],
        "including direct children of the root"
    );
    assert_eq!(
        q(doc, "$..*"),
        ["a", "a.x", "a.b", "a.b.x", "x"],
        "every descendant, not the root"
    );
    assert_eq!(q(doc, "$.a..x"), ["a.x", "a.b.x"]);
    assert_eq!(q(doc, "$..[?(@ === 2)]"), ["a.b.x"]);
    assert_eq!(q(doc, "$..b..*"), ["a.b.x"]);
}

#[test]
fn query_descendants_are_unique_by_path() {
    // nimma returns `bar.401.z.900.foo` twice for this one.
    let doc = r#"
bar:
  '200': {foo: a, z: {foo: b}}
  '401': {foo: c, z: {foo: d, '900': {foo: e}}}
"#;
    assert_eq!(
        q(doc, "$..[?( @property >= 400 )]..foo"),
        ["bar.401.foo", "bar.401.z.foo", "bar.401.z.900.foo"]
    );
    assert_eq!(q(doc, "$..[foo,foo]").len(), 5);
}

#[test]
fn query_parent() {
    assert_eq!(
        q(API, "$..[?(@.in === 'header')]^"),
        ["paths./pets.get.parameters"]
    );
    assert_eq!(q(API, "$.info.title^"), ["info"]);
    assert_eq!(q(API, "$.info.title^^"), [""]);
    assert!(q(API, "$^").is_empty(), "the root has no parent");
    assert_eq!(q(API, "$.info^.openapi"), ["openapi"]);
    assert_eq!(q(API, "$..description^"), q(API, "$..[?(@.description)]"));
}

#[test]
fn query_property_names() {
    assert_eq!(
        q(API, "$.paths.*~"),
        ["~/pets@paths./pets", "~/pets/{id}@paths./pets/{id}"]
    );
    assert_eq!(q(API, "$.info~"), ["~info@info"]);
    assert_eq!(
        q(API, "$.paths./pets.get.tags[*]~"),
        ["~0@paths./pets.get.tags.0", "~1@paths./pets.get.tags.1"]
    );
    assert!(q(API, "$~").is_empty());
    assert_eq!(values(API, "$.info.*~"), ["title", "version", "x-foo"]);
}

#[test]
fn query_returns_values() {
    assert_eq!(values(API, "$.info.title"), [serde_json::json!("Pets")]);
    assert_eq!(
        values(API, "$..parameters[?(@.in === 'query')].name"),
        [serde_json::json!("limit")]
    );
}

#[test]
fn query_survives_cyclic_refs() {
    let doc = r#"
components:
  schemas:
    Node:
      type: object
      properties:
        child:
          $ref: '#/components/schemas/Node'
        list:
          type: array
          items:
            $ref: '#/components/schemas/Node'
"#;
    assert_eq!(
        q(doc, "$..type"),
        [
            "components.schemas.Node.type",
            "components.schemas.Node.properties.list.type"
        ]
    );
    // The refs back to an ancestor are matched, not entered.
    assert_eq!(
        q(doc, "$..[?(@.type === 'object')]"),
        [
            "components.schemas.Node",
            "components.schemas.Node.properties.child",
            "components.schemas.Node.properties.list.items"
        ]
    );
}

#[test]
fn query_type_selector_steps() {
    assert_eq!(
        q(API, "$.info@string()"),
        ["info.title", "info.version", "info.x-foo"]
    );
    assert_eq!(
        q(API, "$.paths./pets.get@array()"),
        ["paths./pets.get.tags", "paths./pets.get.parameters"]
    );
}

// ----------------------------------------------------------------- filters

/// Whether `expr` holds for the candidate `x` (written as YAML flow).
fn holds(candidate: &str, expr: &str) -> bool {
    let doc = format!("x: {candidate}\nother: {{k: v, n: 7}}\n");
    let r = q(&doc, &format!("$[?({expr})]"));
    r.iter().any(|p| p == "x")
}

const ITEM: &str = r#"{name: abc, n: 1, f: 1.5, s: '10', b: true, nul: null, arr: [1, 2, x], obj: {k: v}, 'x-y': 5, e: '', z: 0}"#;

#[test]
fn filter_truthiness() {
    assert!(holds(ITEM, "@"));
    assert!(holds(ITEM, "@.name"));
    assert!(!holds(ITEM, "@.missing"));
    assert!(!holds(ITEM, "@.e"), "empty string is falsy");
    assert!(!holds(ITEM, "@.z"), "0 is falsy");
    assert!(!holds(ITEM, "@.nul"));
    assert!(holds("[]", "@"), "empty arrays are truthy");
    assert!(holds("{}", "@"), "empty objects are truthy");
    assert!(!holds("0", "@"));
    assert!(!holds("null", "@"));
    assert!(!holds("false", "@"));
}

#[test]
fn filter_member_access() {
    assert!(holds(ITEM, "@['x-y'] === 5"));
    assert!(holds(ITEM, "@[\"x-y\"] === 5"));
    assert!(holds(ITEM, "@.obj.k === 'v'"));
    assert!(holds(ITEM, "@.arr[2] === 'x'"));
    assert!(parse("$[?(@.arr.1 === 2)]").is_err(), "not JavaScript");
    assert!(holds(ITEM, "@.arr[5] === undefined"));
    assert!(
        holds(ITEM, "@.arr[-1] === undefined"),
        "JS arrays have no negative indices"
    );
    assert!(holds(ITEM, "@.name[0] === 'a'"));
    // Access on missing or scalar values is `undefined`, never an error.
    assert!(holds(ITEM, "@.missing.deeper.still === undefined"));
    assert!(holds(ITEM, "@.n.x === undefined"));
    assert!(holds(ITEM, "@.nul.x === undefined"));
}

#[test]
fn filter_equality() {
    assert!(holds(ITEM, "@.name == 'abc'"));
    assert!(holds(ITEM, "@.name === \"abc\""));
    assert!(holds(ITEM, "@.name != 'x'"));
    assert!(holds(ITEM, "@.name !== 'x'"));
    assert!(
        holds(ITEM, "@.s == 10"),
        "loose: numeric string equals number"
    );
    assert!(!holds(ITEM, "@.s === 10"), "strict: types differ");
    assert!(holds(ITEM, "@.s !== 10"));
    assert!(!holds(ITEM, "@.s != 10"));
    assert!(holds(ITEM, "@.n == true"), "true == 1");
    assert!(holds(ITEM, "@.missing == null"));
    assert!(holds(ITEM, "@.nul == undefined"));
    assert!(!holds(ITEM, "@.nul === undefined"));
    assert!(holds(ITEM, "@.nul === null"));
    assert!(holds(ITEM, "@.missing === undefined"));
    assert!(!holds(ITEM, "@.z == null"), "0 is not null");
    assert!(holds(ITEM, "@.e == 0"), "'' == 0");
    assert!(
        holds(ITEM, "@.arr == '1,2,x'"),
        "arrays compare as their toString"
    );
    assert!(holds(ITEM, "@.obj == '[object Object]'"));
    assert!(holds(ITEM, "@.obj === @.obj"), "objects by identity");
    assert!(!holds(ITEM, "@.obj === @root.other"));
    assert!(!holds(ITEM, "NaN == NaN"));
    assert!(holds(ITEM, "@.n === 1.0"));
}

#[test]
fn filter_relational() {
    assert!(holds(ITEM, "@.n < 2"));
    assert!(holds(ITEM, "@.n <= 1"));
    assert!(holds(ITEM, "@.f > 1"));
    assert!(holds(ITEM, "@.f >= 1.5"));
    assert!(
        holds(ITEM, "@.s > 9"),
        "numeric string vs number compares numerically"
    );
    assert!(
        holds(ITEM, "'10' < '9'"),
        "two strings compare lexicographically"
    );
    assert!(holds(ITEM, "'a' < 'b' && 'B' < 'a'"));
    assert!(
        !holds(ITEM, "@.missing < 1") && !holds(ITEM, "@.missing >= 1"),
        "undefined is NaN"
    );
    assert!(holds(ITEM, "@.nul < 1"), "null is 0");
    assert!(!holds(ITEM, "@.name < 1") && !holds(ITEM, "@.name >= 1"));
}

#[test]
fn filter_logic_and_grouping() {
    assert!(holds(ITEM, "@.name && @.n"));
    assert!(!holds(ITEM, "@.name && @.missing"));
    assert!(holds(ITEM, "@.missing || @.n"));
    assert!(!holds(ITEM, "@.missing || @.z"));
    assert!(holds(ITEM, "!@.missing"));
    assert!(holds(ITEM, "!!@.name"));
    assert!(!holds(ITEM, "!(@.name && @.n)"));
    assert!(
        holds(ITEM, "(@.missing || @.n) === 1"),
        "|| yields the operand, not a boolean"
    );
    assert!(holds(ITEM, "(@.name && @.n) === 1"));
    assert!(
        holds(ITEM, "@.missing || @.n === 1 && @.name"),
        "&& binds tighter than ||"
    );
}

#[test]
fn filter_typeof() {
    assert!(holds(ITEM, "typeof @.name === 'string'"));
    assert!(holds(ITEM, "typeof @.n === 'number'"));
    assert!(holds(ITEM, "typeof @.f === 'number'"));
    assert!(holds(ITEM, "typeof @.b === 'boolean'"));
    assert!(holds(ITEM, "typeof @.obj === 'object'"));
    assert!(holds(ITEM, "typeof @.arr === 'object'"));
    assert!(holds(ITEM, "typeof @.nul === 'object'"));
    assert!(holds(ITEM, "typeof @.missing === 'undefined'"));
    assert!(holds(ITEM, "typeof @.missing.x == 'undefined'"));
}

#[test]
fn filter_literals() {
    assert!(holds(ITEM, "true"));
    assert!(!holds(ITEM, "false"));
    assert!(!holds(ITEM, "null"));
    assert!(!holds(ITEM, "undefined"));
    assert!(!holds(ITEM, "void 0"));
    assert!(holds(ITEM, "@.missing === void 0"));
    assert!(holds(ITEM, "'it\\'s' === \"it's\""));
    assert!(holds(ITEM, "'\\u00e9' === 'é'"));
    assert!(holds(
        ITEM,
        "1e1 === 10 && .5 === 0.5 && 0x1f === 31 && -2 < 0"
    ));
    assert!(holds(ITEM, "Infinity > 1e308"));
}

#[test]
fn filter_regex_test() {
    assert!(holds(ITEM, "/^ab/.test(@.name)"));
    assert!(holds(ITEM, "/^AB/i.test(@.name)"));
    assert!(!holds(ITEM, "/^AB/.test(@.name)"));
    assert!(holds(ITEM, r"/^\d+$/.test(@.s)"));
    assert!(
        holds(ITEM, r"/^1$/.test(@.n)"),
        "the argument is converted to a string"
    );
    assert!(holds(ITEM, r"/\//.test('/pets')"));
    assert!(
        holds(ITEM, r"/[/]x/.test('/x')"),
        "a slash inside a class does not end the literal"
    );
    assert!(
        holds(ITEM, "/undefined/.test(@.missing)"),
        "String(undefined)"
    );
    assert!(
        holds(ITEM, "/^(?!x-)/.test(@.name)"),
        "look-ahead via the fallback engine"
    );
}

#[test]
fn filter_match() {
    assert!(holds(ITEM, "@.name.match(/^a/)"));
    assert!(holds(ITEM, "@.name.match('^a')"));
    assert!(holds(ITEM, "@.name.match(\"B\") === null"));
    assert!(holds(ITEM, "@.name.match(/b/) !== null"));
    assert!(holds(ITEM, "!@.name.match(/^z/)"));
    assert!(
        holds(ITEM, "@.n.match(/1/)"),
        "numbers use their string form"
    );
    // A method on a missing value throws: the filter is false either way.
    assert!(!holds(ITEM, "@.missing.match(/x/)"));
    assert!(!holds(ITEM, "!@.missing.match(/x/)"));
    assert!(holds(ITEM, "@.missing && @.missing.match(/x/) || true"));
    assert!(holds(ITEM, "@.name ~= '^a'"), "nimma's ~= operator");
}

#[test]
fn filter_string_and_array_methods() {
    assert!(holds(ITEM, "@.name.includes('bc')"));
    assert!(!holds(ITEM, "@.name.includes('x')"));
    assert!(holds(ITEM, "@.arr.includes(2)"));
    assert!(
        !holds(ITEM, "@.arr.includes('2')"),
        "array includes is strict"
    );
    assert!(holds(ITEM, "@.arr.includes('x')"));
    assert!(holds(ITEM, "'x' in @.arr"), "nimma's in");
    assert!(holds(ITEM, "@.name.indexOf('b') === 1"));
    assert!(holds(ITEM, "@.name.indexOf('q') === -1"));
    assert!(holds(ITEM, "@.arr.indexOf('x') !== -1"));
    assert!(holds(ITEM, "@.arr.indexOf(9) === -1"));
    assert!(
        holds(ITEM, "'aé😀b'.indexOf('b') === 4"),
        "UTF-16 positions"
    );
    assert!(holds(ITEM, "@.name.startsWith('ab')"));
    assert!(!holds(ITEM, "@.name.startsWith('b')"));
    assert!(holds(ITEM, "@.name.endsWith('bc')"));
    assert!(holds(ITEM, "@.name.toUpperCase() === 'ABC'"));
    assert!(holds(ITEM, "'MiXed'.toLowerCase() === 'mixed'"));
    assert!(
        holds(ITEM, "@.name.toUpperCase().startsWith('AB')"),
        "calls chain"
    );
    assert!(holds(ITEM, "@.name.length === 3"));
    assert!(holds(ITEM, "@.arr.length === 3"));
    assert!(holds(ITEM, "'😀'.length === 2"), "UTF-16 length");
    assert!(holds(ITEM, "@.name.toUpperCase().length === 3"));
    assert!(holds(ITEM, "@.obj.length === undefined"));
    assert!(
        holds("{length: 4}", "@.length === 4"),
        "an object's own length member"
    );
    assert!(
        !holds(ITEM, "@.obj.startsWith('x')"),
        "objects have no string methods"
    );
}

#[test]
fn filter_type_selectors() {
    let cases: &[(&str, &[&str])] = &[
        ("abc", &["@string()", "@scalar()"]),
        ("1", &["@number()", "@integer()", "@scalar()"]),
        ("1.0", &["@number()", "@integer()", "@scalar()"]),
        ("1.5", &["@number()", "@scalar()"]),
        ("true", &["@boolean()", "@scalar()"]),
        ("null", &["@null()", "@scalar()"]),
        ("[1]", &["@array()", "@object()"]),
        ("{a: 1}", &["@object()"]),
    ];
    let all = [
        "@string()",
        "@number()",
        "@integer()",
        "@boolean()",
        "@null()",
        "@array()",
        "@object()",
        "@scalar()",
        "@other()",
    ];
    for (candidate, yes) in cases {
        for sel in all {
            assert_eq!(
                holds(candidate, sel),
                yes.contains(&sel),
                "{sel} on {candidate}"
            );
        }
    }
    assert!(holds("abc", "!@number() && @string()"));
}

#[test]
fn filter_property() {
    let doc = "responses:\n  '200': {a: 1}\n  default: {a: 2}\nlist: [a, b, c]\n";
    assert_eq!(
        q(doc, "$.responses[?(@property === '200')]"),
        ["responses.200"]
    );
    assert!(
        q(doc, "$.responses[?(@property === 200)]").is_empty(),
        "keys are strings"
    );
    assert_eq!(
        q(doc, "$.responses[?(@property == 200)]"),
        ["responses.200"]
    );
    assert_eq!(
        q(doc, "$.responses[?(@property >= 200)]"),
        ["responses.200"]
    );
    assert_eq!(
        q(doc, "$.list[?(@property === 1)]"),
        ["list.1"],
        "indices are numbers"
    );
    assert_eq!(q(doc, "$.list[?(@property > 0)]"), ["list.1", "list.2"]);
    // Spectral throws here; we use the index's string form.
    assert_eq!(
        q(doc, r"$.list[?(@property.match(/^[02]$/))]"),
        ["list.0", "list.2"]
    );
    assert_eq!(
        q(doc, "$.list[?(@property.toString === undefined)]").len(),
        3
    );
    assert_eq!(
        q(doc, "$..[?(@property.startsWith('def'))]"),
        ["responses.default"]
    );
}

#[test]
fn filter_parent_and_parent_property() {
    // nimma's own test: `@parent` is the parent of the node whose children
    // are filtered (the grandparent of `@`).
    let doc = "bar: {user: {name: Eva}}\nfoo: {user: {name: John}}\n";
    assert_eq!(
        q(
            doc,
            "$..[?((@parentProperty === 'foo' || @parentProperty === 'bar') && @.name)]"
        ),
        ["bar.user", "foo.user"]
    );
    assert_eq!(
        q(
            doc,
            "$..[?(@parent && @parent.user && @parent.user.name === 'Eva')]"
        ),
        ["bar.user.name"]
    );
    assert_eq!(q(doc, "$.*[?(@parentProperty === 'foo')]"), ["foo.user"]);
    assert!(
        q(doc, "$[?(@parent)]").is_empty(),
        "children of the root have no @parent"
    );
    assert!(q(doc, "$[?(@parentProperty)]").is_empty());
    assert_eq!(
        q(doc, "$.bar[?(@parent.foo.user.name === 'John')]"),
        ["bar.user"]
    );
}

#[test]
fn filter_path_and_root() {
    assert_eq!(
        q(API, "$.paths[?(@path === \"$['paths']['/pets']\")]"),
        ["paths./pets"]
    );
    assert_eq!(
        q(
            API,
            "$..parameters[?(@path === \"$['paths']['/pets']['get']['parameters'][1]\")]"
        ),
        ["paths./pets.get.parameters.1"]
    );
    assert_eq!(
        q(API, "$..responses[?(@path.includes(\"['200']\"))]").len(),
        2
    );
    assert_eq!(
        q(
            API,
            "$.info[?(@root.openapi === '3.0.0' && @property === 'title')]"
        ),
        ["info.title"]
    );
    assert_eq!(q(API, "$.info[?($.info.title === @)]"), ["info.title"]);
    // Computed access is JavaScript the native parser leaves to the sandbox.
    assert_eq!(
        q(API, "$.info[?(@root.info[@property] === @)]").len(),
        q(API, "$.info.*").len()
    );
}

#[test]
fn filter_follows_refs_in_resolved_views() {
    assert_eq!(
        q(API, "$.paths.*.get.responses[?(@.description === 'A pet')]"),
        ["paths./pets/{id}.get.responses.200"]
    );
    assert!(
        q_on(
            &ws(API),
            false,
            "$.paths.*.get.responses[?(@.description === 'A pet')]"
        )
        .is_empty(),
        "unresolved views see the $ref object"
    );
}

/// spectral:oas's `ArrayProperties` alias tells arrays apart with
/// `constructor.name`; on a missing value it throws (no match), as in JS.
#[test]
fn constructor_name_tells_arrays_from_objects() {
    let doc = "a: {type: [array, 'null']}\nb: {type: array}\nc: {type: {x: 1}}\nd: {}\n";
    assert_eq!(
        q(doc, "$[?(@.type.constructor.name === 'Array')]"),
        vec!["a"]
    );
    assert_eq!(
        q(doc, "$[?(@.type.constructor.name === 'String')]"),
        vec!["b"]
    );
    assert_eq!(
        q(doc, "$[?(@.type.constructor.name === 'Object')]"),
        vec!["c"]
    );
    assert_eq!(
        q(doc, "$[?(@.type.constructor.name !== 'Array')]"),
        vec!["b", "c"]
    );
}

const JS_DOC: &str = "a: {name: X, k1: 1, k2: 2, k3: 3}\nb: {name: y}\nc: {name: x, n: 5}\n";

/// Filters the native parser does not handle run as JavaScript, with
/// jsonpath-plus's bindings; the expected paths are what jsonpath-plus
/// gives for the same document.
#[test]
fn javascript_filters_fall_back_to_the_sandbox() {
    let script = |path: &str| match &parse(path).unwrap().segments[..] {
        [.., Segment::Child(sels)] => {
            matches!(&sels[..], [Selector::Filter(e)] if matches!(**e, FilterExpr::Script(_)))
        }
        _ => false,
    };
    assert!(script("$[?(Object.keys(@).length > 2)]"));
    assert!(!script("$[?(@.name.toLowerCase() === 'x')]"), "native");
    assert_eq!(q(JS_DOC, "$[?(Object.keys(@).length > 2)]"), ["a"]);
    assert_eq!(q(JS_DOC, "$[?(@.n * 2 === 10)]"), ["c"]);
    assert_eq!(
        q(JS_DOC, "$[?(@.name === 'X' ? true : @.n > 4)]"),
        ["a", "c"]
    );
    assert_eq!(q(JS_DOC, "$[?(@property.charCodeAt(0) === 98)]"), ["b"]);
    // A filter that throws is false for that node (`ignoreEvalErrors`).
    assert_eq!(q(JS_DOC, "$[?(@.n.toFixed(0) === '5')]"), ["c"]);
    // `@path`, `@parent` (the root: parent of the node filtered from),
    // `@parentProperty` and `@root`.
    assert_eq!(
        q(JS_DOC, "$.a[?(@path.split(\"'\").length === 5 && @ > 1)]"),
        ["a.k2", "a.k3"]
    );
    assert_eq!(
        q(
            JS_DOC,
            "$.a[?(@parent.b.name.length === 1 && typeof @ === 'number' && @ % 2 === 1)]"
        ),
        ["a.k1", "a.k3"]
    );
    assert_eq!(
        q(
            JS_DOC,
            "$.a[?(@parentProperty + '' === 'a' && @root.c.n - 4 === @)]"
        ),
        ["a.k1"]
    );
    // `@` inside a string literal is text, not the candidate.
    assert_eq!(q("a: '@x'\nb: '@'\n", "$[?(@ + '' === '@' + 'x')]"), ["a"]);
}

/// A filter that loops is stopped at the sandbox's time limit: false, and
/// not run again in the lint; never a hang.
#[test]
fn a_looping_javascript_filter_is_stopped() {
    let started = std::time::Instant::now();
    assert!(q(JS_DOC, "$[?((() => { while (true) {} })())]").is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

/// Not native and not JavaScript: an error at the native parser's offset,
/// with QuickJS's reason.
#[test]
fn a_javascript_filter_syntax_error_has_a_position() {
    let (msg, at) = err("$[?(Object.keys(@).length >)]");
    assert_eq!(at, 4, "{msg}");
    assert!(msg.starts_with("unsupported identifier 'Object'"), "{msg}");
    assert!(msg.contains("not valid JavaScript"), "{msg}");
}
