//! TSV and CSV glossary reader on arbitrary bytes (UTF-8, UTF-16 with a BOM),
//! with the header mode and CSV/TSV chosen by the first byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::glossary::{
    DelimitedOptions, Glossary, GlossaryFormat, HeaderMode, TbxStyle, TbxVersion,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = if selector & 1 == 0 {
        GlossaryFormat::Tsv
    } else {
        GlossaryFormat::Csv
    };
    let header = match (selector >> 1) % 3 {
        0 => HeaderMode::Auto,
        1 => HeaderMode::Yes,
        _ => HeaderMode::No,
    };
    let options = DelimitedOptions {
        header,
        source_lang: "ru".to_string(),
        target_lang: "en".to_string(),
    };
    let Ok((glossary, warnings)) = Glossary::parse_bytes(bytes, "fuzz.tsv", format, &options)
    else {
        return;
    };
    for warning in &warnings {
        let _ = warning.to_string();
    }
    for entry in &glossary.entries {
        let _ = tmkit::glossary::entry_label(entry);
        let _ = entry.languages();
    }
    // Writing what was read back out (both layouts) must not fail or panic.
    let mut out = Vec::new();
    glossary
        .write(&mut out, format, TbxVersion::V2, TbxStyle::default())
        .expect("writing to a Vec cannot fail");
    out.clear();
    glossary
        .write(
            &mut out,
            GlossaryFormat::Tbx,
            TbxVersion::V3,
            TbxStyle::default(),
        )
        .expect("writing to a Vec cannot fail");
});
