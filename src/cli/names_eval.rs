//! `tmkit eval names`: precision/recall of name-variant detection on labelled
//! pairs, beside a plain Jaro–Winkler baseline. A thin layer over
//! `tmkit::names::eval`.

use super::output::{CliError, Format, Style, paint, print_json, write_stdout};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use tmkit::names::eval::{Report, Scores, evaluate, parse_pairs};

/// The team's labelled pairs, built into the binary so the command works
/// without a checkout.
const BUILT_IN_PAIRS: &str = include_str!("../../tests/data/name_pairs.tsv");

/// Arguments of `tmkit eval names`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Labelled pairs (TSV: a, b, same|different, category, note). Default:
    /// the built-in set, tests/data/name_pairs.tsv.
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// List at most this many misclassified pairs in text output (JSON lists all).
    #[arg(long, default_value_t = 100)]
    max_errors: usize,
}

/// Runs `tmkit eval names`.
pub fn run_eval(args: EvalArgs) -> Result<ExitCode, CliError> {
    let (source, text) = match &args.pairs {
        Some(path) => (path.display().to_string(), super::input::read_text(path)?),
        None => (
            "built-in tests/data/name_pairs.tsv".to_string(),
            BUILT_IN_PAIRS.to_string(),
        ),
    };
    let pairs =
        parse_pairs(&text).map_err(|error| CliError::input(format!("{source}: {error}")))?;
    if pairs.is_empty() {
        return Err(CliError::input(format!(
            "{source}: no pairs (expected lines `a<TAB>b<TAB>same|different`)"
        )));
    }
    let report = evaluate(&pairs);
    match args.format {
        Format::Json => {
            #[derive(serde::Serialize)]
            struct Output<'a> {
                pairs_file: &'a str,
                #[serde(flatten)]
                report: &'a Report,
            }
            print_json(&Output {
                pairs_file: &source,
                report: &report,
            })?;
        }
        Format::Text => write_stdout(&render_text(&source, &report, args.max_errors))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn row(name: &str, s: &Scores) -> String {
    format!(
        "{name:<38} {:>9.3} {:>7.3} {:>6.3} {:>5} {:>5} {:>5}",
        s.precision, s.recall, s.f1, s.true_positives, s.false_positives, s.false_negatives
    )
}

/// The human report (built whole, so a closed pipe ends output cleanly).
fn render_text(source: &str, report: &Report, max_errors: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} pairs ({} same, {} different) from {source}",
        paint("name variants:", Style::Accent),
        report.pairs,
        report.same_pairs,
        report.different_pairs
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        paint(
            &format!(
                "{:<38} {:>9} {:>7} {:>6} {:>5} {:>5} {:>5}",
                "system", "precision", "recall", "F1", "TP", "FP", "FN"
            ),
            Style::Strong
        )
    );
    let _ = writeln!(out, "{}", row("tmkit", &report.tmkit));
    let _ = writeln!(
        out,
        "{}",
        row("tmkit without lexicon veto", &report.tmkit_without_lexicon)
    );
    let _ = writeln!(
        out,
        "{}",
        row(
            "Jaro-Winkler >= 0.900 (fixed)",
            &report.jaro_winkler_at_0_90
        )
    );
    let _ = writeln!(
        out,
        "{}",
        row(
            &format!(
                "Jaro-Winkler >= {:.3} (best F1)",
                report.jaro_winkler_threshold
            ),
            &report.jaro_winkler
        )
    );
    let _ = writeln!(
        out,
        "{}",
        row(
            &format!(
                "Jaro-Winkler >= {:.3} (best accuracy)",
                report.jaro_winkler_accuracy_threshold
            ),
            &report.jaro_winkler_best_accuracy
        )
    );
    if report.jaro_winkler_precision_threshold.is_finite() {
        let _ = writeln!(
            out,
            "{}",
            row(
                &format!(
                    "Jaro-Winkler >= {:.3} (tmkit prec.)",
                    report.jaro_winkler_precision_threshold
                ),
                &report.jaro_winkler_at_tmkit_precision
            )
        );
    } else {
        let _ = writeln!(
            out,
            "Jaro-Winkler never reaches tmkit's precision at any threshold"
        );
    }
    let _ = writeln!(
        out,
        "{}",
        paint(
            "(Jaro-Winkler thresholds are chosen on these same pairs, which flatters the baseline.)",
            Style::Dim
        )
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", paint("tmkit by category:", Style::Strong));
    for category in &report.categories {
        let name = if category.category.is_empty() {
            "(none)"
        } else {
            &category.category
        };
        let _ = writeln!(
            out,
            "  {name:<16} {:>4}/{:<4}",
            category.correct, category.pairs
        );
    }
    if report.misclassified.is_empty() {
        return out;
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} ({})",
        paint("misclassified by tmkit:", Style::Strong),
        report.misclassified.len()
    );
    for miss in report.misclassified.iter().take(max_errors) {
        let expected = if miss.pair.same { "same" } else { "different" };
        let style = if miss.pair.same {
            Style::Warning
        } else {
            Style::Error
        };
        let _ = writeln!(
            out,
            "  line {:>3}  {} / {}  [{}] expected {expected}, tmkit: {}{}",
            miss.pair.line,
            miss.pair.a,
            miss.pair.b,
            miss.pair.category,
            paint(&miss.verdict, style),
            if miss.explanation.is_empty() {
                String::new()
            } else {
                format!(" ({})", miss.explanation)
            }
        );
    }
    if report.misclassified.len() > max_errors {
        let _ = writeln!(
            out,
            "  … {} more (use --max-errors or --format json)",
            report.misclassified.len() - max_errors
        );
    }
    out
}
