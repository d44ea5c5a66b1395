//! TBX glossary reader (v2 `martif` and v3 `tbx`) on arbitrary bytes, then
//! the glossary's own checks and a TBX write of what was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmkit::glossary::{DelimitedOptions, Glossary, GlossaryFormat, TbxStyle, TbxVersion};

fuzz_target!(|data: &[u8]| {
    let options = DelimitedOptions::default();
    let Ok((glossary, warnings)) =
        Glossary::parse_bytes(data, "fuzz.tbx", GlossaryFormat::Tbx, &options)
    else {
        return;
    };
    for warning in &warnings {
        let _ = warning.to_string();
    }
    for entry in &glossary.entries {
        let _ = tmkit::glossary::entry_label(entry);
        let _ = entry.languages();
        let _ = entry.is_name();
    }
    let _ = glossary.lint();
    let mut out = Vec::new();
    for (format, version) in [
        (GlossaryFormat::Tbx, TbxVersion::V2),
        (GlossaryFormat::Tbx, TbxVersion::V3),
        (GlossaryFormat::Tsv, TbxVersion::V2),
        (GlossaryFormat::Csv, TbxVersion::V2),
    ] {
        out.clear();
        glossary
            .write(&mut out, format, version, TbxStyle::default())
            .expect("writing to a Vec cannot fail");
    }
});
