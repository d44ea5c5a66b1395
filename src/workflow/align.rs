//! Align a document and its translation: check and segment both texts,
//! align the segments, and turn the beads into translation units.
//!
//! ```
//! use tmkit::lang::LangTag;
//! use tmkit::workflow::align::{AlignSettings, Segmentation, UnsurePolicy, align_texts, units};
//!
//! let settings = AlignSettings::new(&LangTag::parse("ru"), &LangTag::parse("en"), Segmentation::Rules);
//! let doc = align_texts(
//!     "Михаил Кухтин прибыл в Донецк. Переговоры продолжаются.",
//!     "Mikhail Kukhtin arrived in Donetsk. Talks are continuing.",
//!     &settings,
//! ).unwrap();
//! assert_eq!(doc.alignment.beads.len(), 2);
//! let tus = units(&doc, &settings, "report-42", 0.5, UnsurePolicy::Skip);
//! assert_eq!(tus[0].variant("en").unwrap().text(), "Mikhail Kukhtin arrived in Donetsk.");
//! ```

use crate::align::lexicon::{Lexicon, LexiconCounts, MIN_BEAD_CONFIDENCE};
use crate::align::{Aligner, Alignment, Bead, FirstPass, Sentence};
use crate::lang::LangTag;
use crate::segment::{Segmenter, paragraphs};
use crate::unit::{Prop, TranslationUnit};
use std::sync::Arc;

/// How texts are split into segments.
#[derive(Clone, Debug)]
pub enum Segmentation {
    /// tmkit's built-in rules for each side's language.
    Rules,
    /// One segment per line as given (hunalign's convention); blank lines
    /// separate paragraphs and are not segments.
    Lines,
    /// Rules from SRX (source side, target side).
    Srx(Box<Segmenter>, Box<Segmenter>),
}

/// Everything that stays the same across the documents of a batch.
#[derive(Debug)]
pub struct AlignSettings {
    /// Source language.
    pub source_lang: LangTag,
    /// Target language.
    pub target_lang: LangTag,
    /// How texts are segmented.
    pub segmentation: Segmentation,
    /// The aligner (with glossary terms, when given).
    pub aligner: Aligner,
}

impl AlignSettings {
    /// Settings with a plain aligner for the language pair.
    pub fn new(source: &LangTag, target: &LangTag, segmentation: Segmentation) -> AlignSettings {
        AlignSettings {
            source_lang: source.clone(),
            target_lang: target.clone(),
            segmentation,
            aligner: Aligner::new(source, target),
        }
    }

    fn segmenter(&self, source_side: bool) -> Option<Segmenter> {
        match &self.segmentation {
            Segmentation::Lines => None,
            Segmentation::Rules => Some(Segmenter::for_language(if source_side {
                &self.source_lang
            } else {
                &self.target_lang
            })),
            Segmentation::Srx(s, t) => Some(if source_side {
                (**s).clone()
            } else {
                (**t).clone()
            }),
        }
    }
}

/// A problem with a document pair that stops it from being aligned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlignError {
    /// The bytes are not text.
    #[error("{name}: {message}")]
    NotText {
        /// File name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The text is not in the language `--lang` names.
    #[error(
        "{name}: the {side} text does not look like {expected} ({found}); check --lang (source:target)"
    )]
    WrongLanguage {
        /// File name.
        name: String,
        /// `source` or `target`.
        side: &'static str,
        /// The language expected.
        expected: String,
        /// What the text looks like.
        found: String,
    },
}

/// One side of an aligned document.
#[derive(Clone, Debug, Default)]
pub struct AlignedSide {
    /// The segments' texts.
    pub segments: Vec<String>,
    /// For `--lines`: the 0-based line of each segment; otherwise `0..n`.
    pub index: Vec<usize>,
    /// The paragraph of each segment (for a second pass).
    pub paragraphs: Vec<usize>,
}

impl AlignedSide {
    fn new(sentences: Vec<Sentence>, index: Vec<usize>) -> AlignedSide {
        let paragraphs = sentences.iter().map(|s| s.paragraph).collect();
        AlignedSide {
            segments: sentences.into_iter().map(|s| s.text).collect(),
            index,
            paragraphs,
        }
    }

    fn sentences(&self) -> Vec<Sentence> {
        self.segments
            .iter()
            .zip(&self.paragraphs)
            .map(|(text, &paragraph)| Sentence {
                text: text.clone(),
                paragraph,
            })
            .collect()
    }
}

/// The result for one document pair.
#[derive(Clone, Debug)]
pub struct AlignedDocument {
    /// Source segments.
    pub source: AlignedSide,
    /// Target segments.
    pub target: AlignedSide,
    /// The beads (indices into `source.segments` / `target.segments`).
    pub alignment: Alignment,
    /// What the first pass leaves for [`realign`] (anchors, length model).
    pub first_pass: Option<Arc<FirstPass>>,
}

impl AlignedDocument {
    /// The source text of a bead (segments joined by a space).
    pub fn source_text(&self, bead: &Bead) -> String {
        self.source.segments[bead.source.clone()].join(" ")
    }

    /// The target text of a bead.
    pub fn target_text(&self, bead: &Bead) -> String {
        self.target.segments[bead.target.clone()].join(" ")
    }

    /// A bead's source indices as the user counts them (lines with `--lines`).
    pub fn source_index(&self, bead: &Bead) -> Vec<usize> {
        self.source.index[bead.source.clone()].to_vec()
    }

    /// A bead's target indices as the user counts them.
    pub fn target_index(&self, bead: &Bead) -> Vec<usize> {
        self.target.index[bead.target.clone()].to_vec()
    }
}

/// Decodes a file's bytes as text with the one plain-text decoder
/// ([`crate::text::decode_text`]): UTF-8 (a BOM is dropped) or UTF-16 with
/// a BOM. Binary data (NUL bytes) and invalid UTF-8 are errors naming the
/// line and column.
pub fn decode_text(bytes: &[u8], name: &str) -> Result<String, AlignError> {
    crate::text::decode_text(bytes)
        .map(std::borrow::Cow::into_owned)
        .map_err(|error| AlignError::NotText {
            name: error.position(name).to_string(),
            message: error.message,
        })
}

/// Languages written in Cyrillic, for the `--lang` sanity check.
const CYRILLIC_LANGUAGES: &[&str] = &[
    "ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "tt", "ba", "cv",
];
/// Languages written in Latin letters, for the `--lang` sanity check.
const LATIN_LANGUAGES: &[&str] = &[
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sk", "sl", "hr", "ro", "hu", "fi", "sv",
    "da", "no", "nb", "nn", "et", "lv", "lt", "tr", "ca", "eu", "gl", "ga", "id", "ms",
];

/// Checks that `text` is written in the script of `lang` (and, for Russian
/// and Ukrainian, that it does not use only the other's letters).
pub fn check_language(
    text: &str,
    lang: &LangTag,
    side: &'static str,
    name: &str,
) -> Result<(), AlignError> {
    let (mut cyrillic, mut latin, mut uk, mut ru) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(200_000) {
        if !c.is_alphabetic() {
            continue;
        }
        match c as u32 {
            0x0400..=0x052F => {
                cyrillic += 1;
                match c.to_lowercase().next().unwrap_or(c) {
                    'і' | 'ї' | 'є' | 'ґ' => uk += 1,
                    'ы' | 'э' | 'ъ' | 'ё' => ru += 1,
                    _ => {}
                }
            }
            0x0041..=0x024F => latin += 1,
            _ => {}
        }
    }
    let letters = cyrillic + latin;
    if letters < 20 {
        return Ok(());
    }
    let primary = lang.primary().to_ascii_lowercase();
    let wrong = |found: &str| AlignError::WrongLanguage {
        name: name.into(),
        side,
        expected: lang.to_string(),
        found: found.into(),
    };
    if CYRILLIC_LANGUAGES.contains(&primary.as_str()) && cyrillic * 2 < letters {
        return Err(wrong("it is mostly in Latin letters"));
    }
    if LATIN_LANGUAGES.contains(&primary.as_str()) && latin * 2 < letters {
        return Err(wrong("it is mostly in Cyrillic letters"));
    }
    // Distinctive letters: a Russian text has ы э ъ ё and no і ї є ґ, and
    // the other way round; require a clear majority before complaining.
    if primary == "ru" && uk > 20 && ru * 10 < uk {
        return Err(wrong(
            "it has Ukrainian letters і ї є ґ and no ы э ъ ё: Ukrainian?",
        ));
    }
    if primary == "uk" && ru > 20 && uk * 10 < ru {
        return Err(wrong(
            "it has Russian letters ы э ъ ё and no і ї є ґ: Russian?",
        ));
    }
    Ok(())
}

fn split(text: &str, segmenter: Option<&Segmenter>) -> (Vec<Sentence>, Vec<usize>) {
    let mut sentences = Vec::new();
    let mut index = Vec::new();
    match segmenter {
        None => {
            let mut paragraph = 0;
            let mut blank_before = false;
            for (line_no, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    blank_before = true;
                    continue;
                }
                if blank_before && !sentences.is_empty() {
                    paragraph += 1;
                }
                blank_before = false;
                sentences.push(Sentence {
                    text: line.to_string(),
                    paragraph,
                });
                index.push(line_no);
            }
        }
        Some(segmenter) => {
            let nfc = crate::text::nfc(text);
            let paras = paragraphs(&nfc);
            let mut p = 0;
            for segment in segmenter.segment(&nfc) {
                while p + 1 < paras.len() && segment.byte_start >= paras[p].1 {
                    p += 1;
                }
                index.push(sentences.len());
                sentences.push(Sentence {
                    text: segment.text,
                    paragraph: p,
                });
            }
        }
    }
    (sentences, index)
}

/// Checks, segments and aligns one document pair. A refused pair (empty side,
/// same text, not a translation) is an `Ok` with `alignment.refusal` set.
pub fn align_texts(
    source: &str,
    target: &str,
    settings: &AlignSettings,
) -> Result<AlignedDocument, AlignError> {
    align_named(source, target, settings, "source", "target")
}

/// [`align_texts`] with file names for messages.
pub fn align_named(
    source: &str,
    target: &str,
    settings: &AlignSettings,
    source_name: &str,
    target_name: &str,
) -> Result<AlignedDocument, AlignError> {
    check_language(source, &settings.source_lang, "source", source_name)?;
    check_language(target, &settings.target_lang, "target", target_name)?;
    let (src, src_index) = split(source, settings.segmenter(true).as_ref());
    let (tgt, tgt_index) = split(target, settings.segmenter(false).as_ref());
    let (alignment, first_pass) = settings.aligner.first_pass(&src, &tgt);
    Ok(AlignedDocument {
        source: AlignedSide::new(src, src_index),
        target: AlignedSide::new(tgt, tgt_index),
        alignment,
        first_pass: first_pass.map(Arc::new),
    })
}

/// A translation lexicon learned from the confident beads of aligned
/// documents (a first pass over a batch); see [`crate::align::lexicon`].
pub fn learn_lexicon<'a>(docs: impl IntoIterator<Item = &'a AlignedDocument>) -> Lexicon {
    let mut counts = LexiconCounts::default();
    for doc in docs {
        counts.add(&doc.source.segments, &doc.target.segments, &doc.alignment);
    }
    counts.build()
}

/// True when a second pass can change the document's first pass: not every
/// bead is a 1-1 pair as sure as those the lexicon learns from
/// ([`MIN_BEAD_CONFIDENCE`]).
pub fn needs_second_pass(doc: &AlignedDocument) -> bool {
    !doc.alignment
        .beads
        .iter()
        .all(|b| b.shape() == (1, 1) && b.confidence >= MIN_BEAD_CONFIDENCE)
}

/// Aligns a document again with a lexicon learned from its batch (the
/// second pass), reusing the first pass's anchors and length model when the
/// document has them; the segments stay as they are. A pair the second pass
/// finds unsure enough is refused like in the first.
pub fn realign(
    doc: &AlignedDocument,
    settings: &AlignSettings,
    lexicon: &Lexicon,
) -> AlignedDocument {
    let (source, target) = (doc.source.sentences(), doc.target.sentences());
    let alignment = match &doc.first_pass {
        Some(first) => settings
            .aligner
            .second_pass(first, &source, &target, lexicon),
        None => settings.aligner.align_with(&source, &target, Some(lexicon)),
    };
    AlignedDocument {
        source: doc.source.clone(),
        target: doc.target.clone(),
        alignment,
        first_pass: None,
    }
}

/// What happens to beads under the confidence threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsurePolicy {
    /// Kept as units marked unapproved (`x-status = needs-review`), which
    /// `tmkit match` penalises.
    MarkUnapproved,
    /// Left out.
    Skip,
}

pub use crate::tsv::{CONFIDENCE_PROP, DOCUMENT_PROP};

/// Translation units for the paired beads of a document (1-0 and 0-1 beads
/// never become units): props `x-align-confidence` (two decimals) and
/// `x-document`; beads under `min_confidence` are marked
/// `x-status = needs-review` or skipped.
pub fn units(
    doc: &AlignedDocument,
    settings: &AlignSettings,
    document: &str,
    min_confidence: f64,
    unsure: UnsurePolicy,
) -> Vec<TranslationUnit> {
    let prop = |kind: &str, value: String| Prop {
        kind: kind.into(),
        attrs: vec![("type".into(), kind.into())],
        value,
    };
    let mut out = Vec::new();
    for bead in doc.alignment.beads.iter().filter(|b| b.is_pair()) {
        let sure = bead.confidence >= min_confidence;
        if !sure && unsure == UnsurePolicy::Skip {
            continue;
        }
        let mut unit = TranslationUnit::pair(
            settings.source_lang.original(),
            &doc.source_text(bead),
            settings.target_lang.original(),
            &doc.target_text(bead),
        );
        unit.attrs
            .push(("srclang".into(), settings.source_lang.original().into()));
        unit.props
            .push(prop(CONFIDENCE_PROP, format!("{:.2}", bead.confidence)));
        unit.props.push(prop(DOCUMENT_PROP, document.to_string()));
        if !sure {
            unit.props.push(prop("x-status", "needs-review".into()));
        }
        out.push(unit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(mode: Segmentation) -> AlignSettings {
        AlignSettings::new(&LangTag::parse("ru"), &LangTag::parse("en"), mode)
    }

    #[test]
    fn lines_mode_keeps_line_numbers_and_paragraphs() {
        let ru = "Первая строка про Донецк.\n\nВторая строка, 2019 год.\nТретья.\n";
        let en = "The first line about Donetsk.\n\nThe second line, 2019.\nThe third.\n";
        let doc = align_texts(ru, en, &settings(Segmentation::Lines)).unwrap();
        assert_eq!(doc.source.index, vec![0, 2, 3]);
        assert_eq!(doc.alignment.beads.len(), 3);
        assert_eq!(doc.source_index(&doc.alignment.beads[1]), vec![2]);
    }

    #[test]
    fn wrong_language_is_an_error() {
        let en = "This is plainly an English text about the weather and nothing else.";
        let err = align_texts(en, en, &settings(Segmentation::Rules)).unwrap_err();
        assert!(
            matches!(err, AlignError::WrongLanguage { side: "source", .. }),
            "{err}"
        );
    }

    #[test]
    fn invalid_utf8_and_binary_are_reported_with_a_line() {
        let err = decode_text(b"ok\nbad \xff here", "a.txt").unwrap_err();
        assert!(
            err.to_string().contains("a.txt:2:5: not valid UTF-8"),
            "{err}"
        );
        let err = decode_text(b"\x7fELF\x00\x01", "b.bin").unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
        assert_eq!(
            decode_text("\u{feff}текст".as_bytes(), "c").unwrap(),
            "текст"
        );
    }

    #[test]
    fn only_documents_with_unsure_or_uneven_beads_need_a_second_pass() {
        let s = settings(Segmentation::Lines);
        let ru = "Михаил Кухтин прибыл в Донецк 3 марта.\nВстреча длилась два часа.\nИтоги не объявлены.";
        let en = "Mikhail Kukhtin arrived in Donetsk on 3 March.\nThe meeting lasted two hours.\nNo results were announced.";
        let mut doc = align_texts(ru, en, &s).unwrap();
        assert!(doc.first_pass.is_some());
        doc.alignment
            .beads
            .iter_mut()
            .for_each(|b| b.confidence = 0.97);
        assert!(!needs_second_pass(&doc));
        doc.alignment.beads[1].confidence = 0.9;
        assert!(needs_second_pass(&doc));
        let merged = "Mikhail Kukhtin arrived in Donetsk on 3 March. The meeting lasted two hours.\nNo results were announced.";
        let doc = align_texts(ru, merged, &s).unwrap();
        assert_eq!(doc.alignment.beads[0].shape(), (2, 1));
        assert!(needs_second_pass(&doc));
        // The second pass reuses the first's anchors and gives what
        // aligning afresh with the lexicon gives.
        let lexicon = learn_lexicon([&doc]);
        let again = realign(&doc, &s, &lexicon);
        let afresh = s.aligner.align_with(
            &doc.source.sentences(),
            &doc.target.sentences(),
            Some(&lexicon),
        );
        assert_eq!(again.alignment, afresh);
        assert!(again.first_pass.is_none());
    }

    #[test]
    fn unsure_beads_are_marked_or_skipped() {
        let ru = "Михаил Кухтин прибыл в Донецк 3 марта.\nВстреча длилась два часа.";
        let en = "Mikhail Kukhtin arrived in Donetsk on 3 March.\nThe meeting lasted two hours.";
        let s = settings(Segmentation::Lines);
        let doc = align_texts(ru, en, &s).unwrap();
        let all = units(&doc, &s, "d", 1.01, UnsurePolicy::MarkUnapproved);
        assert_eq!(all.len(), 2);
        assert!(
            all.iter()
                .all(|u| u.props.iter().any(|p| p.kind == "x-status"))
        );
        assert!(units(&doc, &s, "d", 1.01, UnsurePolicy::Skip).is_empty());
        let sure = units(&doc, &s, "d", 0.0, UnsurePolicy::Skip);
        assert!(
            sure[0]
                .props
                .iter()
                .any(|p| p.kind == DOCUMENT_PROP && p.value == "d")
        );
        assert!(sure[0].props.iter().all(|p| p.kind != "x-status"));
    }
}
