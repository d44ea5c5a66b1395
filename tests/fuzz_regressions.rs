//! Inputs the fuzzers (`fuzz/`, `benches/fuzz.sh`) found to crash tmkit, each
//! reduced to what triggers the bug and run here on the stable toolchain, so
//! a fixed crash cannot come back unnoticed.

use tmkit::glossary::{DelimitedOptions, Glossary, GlossaryFormat};

/// `tbx_reader`: an XML declaration whose `encoding=` is followed by a
/// byte that is not an ASCII quote (here invalid UTF-8, read as U+FFFD)
/// made the TBX encoding sniffer slice inside a character and panic.
#[test]
fn tbx_declaration_with_a_non_ascii_quote_is_an_error_not_a_panic() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=".to_vec();
    bytes.extend_from_slice(&[0xb7, 0xb7]);
    bytes.extend_from_slice(b"UTF-8\xb7?><martif type=\"TBX\"><text><body/></text></martif>");
    let result = Glossary::parse_bytes(
        &bytes,
        "crash.tbx",
        GlossaryFormat::Tbx,
        &DelimitedOptions::default(),
    );
    // Without a usable declaration the file is read as UTF-8, which it is not.
    let error = result.expect_err("invalid UTF-8 must be an error");
    assert!(error.to_string().contains("crash.tbx"), "{error}");

    // The same declaration with a valid non-ASCII character after `=`.
    let text = "<?xml version=\"1.0\" encoding=«UTF-8»?>\n<martif type=\"TBX\"><text><body/></text></martif>";
    let loaded = Glossary::parse_bytes(
        text.as_bytes(),
        "crash.tbx",
        GlossaryFormat::Tbx,
        &DelimitedOptions::default(),
    );
    assert!(loaded.is_ok(), "{loaded:?}");
}
