use super::split::{join, split};
use super::*;
use crate::unit::plain_text;
use proptest::prelude::*;

fn round_trip(source: &str, format: Format) -> Document {
    let doc = Document::read(source, format);
    assert_eq!(doc.render_original(), source, "{format:?} round trip");
    assert_eq!(doc.skeleton.pieces.len(), doc.paragraphs.len() + 1);
    let json = doc.skeleton.to_json();
    assert_eq!(Skeleton::from_json(&json).unwrap(), doc.skeleton);
    doc
}

fn plains(doc: &Document) -> Vec<String> {
    doc.paragraphs.iter().map(|p| plain_text(p)).collect()
}

#[test]
fn text_paragraphs_and_line_breaks() {
    let src = "\n  Title line\n\nFirst line\nsecond line.\n   \n\nLast.  ";
    let doc = round_trip(src, Format::Text);
    assert_eq!(
        plains(&doc),
        ["Title line", "First line\nsecond line.", "Last."]
    );
    round_trip("", Format::Text);
    round_trip("\r\nA\r\n\r\nB\r\n", Format::Text);
}

#[test]
fn markdown_inline_markup_becomes_codes() {
    let src = "# Head &amp; *x*\n\nA \\* b **bold [l](u)** `c` <b>h</b> ![alt](i.png)\n> q1\n> q2\n\n- a\n- b\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
    let doc = round_trip(src, Format::Markdown);
    let p = plains(&doc);
    assert_eq!(p[0], "Head & x");
    assert_eq!(p[1], "A * b bold l  h alt");
    assert!(p.contains(&"a".to_string()) && p.contains(&"d".to_string()));
    assert!(!p.iter().any(|t| t.contains("code")), "{p:?}");
    // `**`…`**`, `[`…`](u)`, `<b>`…`</b>`, `![`…`](i.png)` pair; `c` stands alone.
    let kinds: Vec<TagKind> = doc.paragraphs[1]
        .iter()
        .filter_map(|i| code_id(i).map(|(k, _)| k))
        .collect();
    use TagKind::*;
    assert_eq!(kinds, [Bpt, Bpt, Ept, Ept, Ph, Bpt, Ept, Bpt, Ept]);
    // Emphasis across words and nested spans.
    round_trip("***both*** and _em_ __strong__ ~~del~~\n", Format::Markdown);
}

#[test]
fn html_blocks_inline_codes_entities() {
    let src = "<!DOCTYPE html>\n<html><head><title>Report &amp; news</title><style>p{}</style></head>\n<body>\n<p class=\"lead\">Kyiv &mdash; <b>talks</b> resumed<br>today. <a href='x?a=1&amp;b=2'>More</a></p>\n<script>if (a < b) {}</script><ul><li>One</li><li>Two &lt;3</li></ul><!-- note --></body></html>\n";
    let doc = round_trip(src, Format::Html);
    let p = plains(&doc);
    assert_eq!(
        p,
        [
            "Report & news",
            "Kyiv — talks resumedtoday. More",
            "One",
            "Two <3"
        ]
    );
    assert!(doc.skeleton.escapes.contains(&('&', "&amp;".into())));
    // A translation with `&` and `<` is escaped the way the source escapes them.
    let mut translated = doc.paragraphs.clone();
    translated[2] = vec![crate::unit::Inline::text("Один & <два>")];
    let out = doc.skeleton.render(&translated).unwrap();
    assert!(out.contains("<li>Один &amp; &lt;два></li>"), "{out}");
}

#[test]
fn html_mixed_spellings_stay_codes() {
    // `&` raw and as `&amp;`: the entity cannot be decoded without rewriting.
    let doc = round_trip("<p>AT&T and R&amp;D &foo; &#8217;</p>", Format::Html);
    assert_eq!(plains(&doc), ["AT&T and RD  \u{2019}"]);
    round_trip("<p>a < b > c <unterminated", Format::Html);
    round_trip("<P>Upper <B>case</b></P><i>unclosed <br/>", Format::Html);
}

#[test]
fn split_and_join_keep_codes_with_segments() {
    let doc = Document::read(
        "<p><b>One.</b> Two <i>three. Four</i> five.<br></p>",
        Format::Html,
    );
    let content = &doc.paragraphs[0];
    let plain = plain_text(content);
    assert_eq!(plain, "One. Two three. Four five.");
    let ranges = [(0, 4), (5, 15), (16, 26)];
    let parts = split(content, &ranges);
    assert_eq!(parts.gaps, ["", " ", " ", ""]);
    let seg_plain: Vec<String> = parts.segments.iter().map(|s| plain_text(s)).collect();
    assert_eq!(seg_plain, ["One.", "Two three.", "Four five."]);
    // <b>…</b> stays a pair in segment 1; <i> is cut: it begin / it end.
    let kinds = |s: &Content| {
        s.iter()
            .filter_map(|i| code_id(i).map(|(k, _)| k))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&parts.segments[0]), [TagKind::Bpt, TagKind::Ept]);
    assert_eq!(kinds(&parts.segments[1]), [TagKind::It]);
    assert_eq!(kinds(&parts.segments[2]), [TagKind::It, TagKind::Ph]);
    let joined = join(&parts.gaps, &parts.segments);
    assert_eq!(
        doc.skeleton.render(&[joined]).unwrap(),
        doc.render_original()
    );
}

fn markdownish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "word",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "!",
        "#",
        "> ",
        "- ",
        "1. ",
        "\\",
        "&amp;",
        "&",
        "<b>",
        "</b>",
        "<br>",
        "|",
        "---",
        "```",
        "Ж",
        "é",
        "\t",
        "\r\n",
        "~~",
        "<",
        ">",
        "&nbsp;",
        "&#38;",
        "<!-- c -->",
        "<p>",
        "</p>",
        "<script>x<y</script>",
        "<a href=\"u\">",
        "</a>",
        "'",
        "\"",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_document_round_trips(src in markdownish()) {
        for format in [Format::Text, Format::Markdown, Format::Html] {
            let doc = Document::read(&src, format);
            prop_assert_eq!(doc.render_original(), src.clone());
            // Any segmentation of any paragraph joins back to the same output.
            let mut rejoined = Vec::new();
            for p in &doc.paragraphs {
                let n = plain_text(p).chars().count();
                let ranges: Vec<(usize, usize)> = (0..n).step_by(3).map(|s| (s, (s + 2).min(n))).collect();
                let parts = split(p, &ranges);
                rejoined.push(join(&parts.gaps, &parts.segments));
            }
            prop_assert_eq!(doc.skeleton.render(&rejoined).unwrap(), src.clone());
        }
    }
}
