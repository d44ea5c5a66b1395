//! The segmenter with arbitrary small SRX rules on arbitrary text: rules are
//! built from the input (up to six, patterns up to 24 characters), written as
//! an SRX document (so the loader sees them too), compiled, and run.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tmkit::lang::LangTag;
use tmkit::segment::Segmenter;

#[derive(Arbitrary, Debug)]
struct Rule {
    is_break: bool,
    before: String,
    after: String,
}

#[derive(Arbitrary, Debug)]
struct Input {
    cascade: bool,
    uax29: bool,
    rules: Vec<Rule>,
    text: String,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // XML 1.0 cannot carry these characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fuzz_target!(|input: Input| {
    if input.rules.len() > 6
        || input
            .rules
            .iter()
            .any(|r| r.before.chars().count() > 24 || r.after.chars().count() > 24)
        || input.text.len() > 2048
    {
        return;
    }
    let mut rules = String::new();
    for rule in &input.rules {
        rules.push_str(&format!(
            "<rule break=\"{}\"><beforebreak>{}</beforebreak><afterbreak>{}</afterbreak></rule>\n",
            if rule.is_break { "yes" } else { "no" },
            escape(&rule.before),
            escape(&rule.after)
        ));
    }
    let base = if input.uax29 {
        " tmkit:base=\"uax29\""
    } else {
        ""
    };
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" xmlns:tmkit=\"https://github.com/tmkit/srx\" version=\"2.0\">\
<header segmentsubflows=\"yes\" cascade=\"{}\"/><body><languagerules>\
<languagerule languagerulename=\"fuzz\"{base}>\n{rules}</languagerule></languagerules>\
<maprules><languagemap languagepattern=\".*\" languagerulename=\"fuzz\"/></maprules></body></srx>",
        if input.cascade { "yes" } else { "no" },
    );
    let (segmenter, _problems) =
        match Segmenter::from_srx_str(&xml, "fuzz.srx", &LangTag::parse("en")) {
            Ok(result) => result,
            Err(error) => panic!("a well-formed SRX document was refused: {error}\n{xml}"),
        };
    let nfc = tmkit::text::nfc(&input.text);
    let segments = segmenter.segment(&input.text);
    let mut previous_end = 0;
    for s in &segments {
        assert!(s.byte_start >= previous_end && s.byte_end <= nfc.len());
        assert_eq!(&nfc[s.byte_start..s.byte_end], s.text);
        previous_end = s.byte_end;
    }
});
