//! `tmkit check --format html -o report.html`: one self-contained page (no
//! network: inline style and script, a Content-Security-Policy that forbids
//! every fetch). Findings are grouped by kind; a name cluster lists its
//! spellings with counts and occurrences in context. Everything is readable
//! with JavaScript off (the clusters are open `<details>`); the script only
//! adds the filters (kind, severity, search), which the URL can set:
//! `report.html?q=kukhtin&kind=name-inconsistency&severity=warning` (or the
//! same after `#`). All text goes through [`tmkit::xml::escape_text`].

use super::output::CliError;
use std::collections::BTreeMap;
use std::path::Path;
use tmkit::check::{Finding, Severity};
use tmkit::workflow::memory_check::{MemoryReport, UnitSource};
use tmkit::workflow::publication::NameCluster;
use tmkit::xml::escape_text as esc;

/// One occurrence with the line it is on.
pub struct Place {
    /// `file:line:col` or `unit 42`.
    pub location: String,
    /// The line (or segment) around it, when known.
    pub context: Option<String>,
    /// The spelling to highlight in the context.
    pub highlight: String,
}

/// One spelling (name cluster) or variant (consistency group).
pub struct Group {
    /// The text.
    pub text: String,
    /// How often.
    pub count: usize,
    /// The recommended one.
    pub recommended: bool,
    /// Where (the first few, with context).
    pub places: Vec<Place>,
    /// Further places listed without context.
    pub more: Vec<String>,
}

/// One finding on the page.
pub struct Item {
    /// The finding.
    pub finding: Finding,
    /// `file:line:col`, or the unit.
    pub location: String,
    /// Spellings or variants.
    pub groups: Vec<Group>,
    /// For a consistency group: the shared segment.
    pub shared: Option<String>,
}

/// How many occurrences of a spelling are shown with their context.
pub const PLACES_WITH_CONTEXT: usize = 10;

/// The location of a finding as the text output shows it.
pub fn location(finding: &Finding) -> String {
    if finding.line > 0 {
        format!("{}:{}:{}", finding.file, finding.line, finding.column)
    } else if let Some(unit) = &finding.unit {
        format!("{} unit {unit}", finding.file)
    } else {
        format!("{} segment {}", finding.file, finding.segment.unwrap_or(0))
    }
}

/// Items for plain findings (one file, glossary findings of a publication).
pub fn plain_items(findings: &[Finding]) -> Vec<Item> {
    findings
        .iter()
        .map(|f| Item {
            location: location(f),
            finding: f.clone(),
            groups: Vec::new(),
            shared: None,
        })
        .collect()
}

/// Items for publication clusters; `line_of(file, line)` gives the text of a
/// line for the occurrences' context.
pub fn cluster_items(
    clusters: &[NameCluster],
    line_of: &mut dyn FnMut(&str, u64) -> Option<String>,
) -> Vec<Item> {
    clusters
        .iter()
        .map(|c| Item {
            location: location(&c.finding),
            finding: c.finding.clone(),
            groups: c
                .spellings
                .iter()
                .map(|s| Group {
                    text: s.text.clone(),
                    count: s.count,
                    recommended: s.approved,
                    places: s
                        .occurrences
                        .iter()
                        .take(PLACES_WITH_CONTEXT)
                        .map(|o| Place {
                            location: format!("{}:{}:{}", o.file, o.line, o.column),
                            context: line_of(&o.file, o.line),
                            highlight: s.text.clone(),
                        })
                        .collect(),
                    more: s
                        .occurrences
                        .iter()
                        .skip(PLACES_WITH_CONTEXT)
                        .map(|o| format!("{}:{}:{}", o.file, o.line, o.column))
                        .collect(),
                })
                .collect(),
            shared: None,
        })
        .collect()
}

/// The page for a memory check; the targets of the first occurrences of
/// each spelling are read again from `units` for their context.
pub fn memory_page(
    name: &str,
    report: &MemoryReport,
    units: &mut dyn UnitSource,
) -> Result<String, CliError> {
    let mut wanted: Vec<i64> = report
        .findings
        .iter()
        .flat_map(|f| &f.spellings)
        .flat_map(|s| s.occurrences.iter().take(PLACES_WITH_CONTEXT))
        .map(|o| o.segment as i64)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut targets: std::collections::HashMap<u64, String> = Default::default();
    units
        .some(&wanted, &mut |key, unit| {
            // Every variant's text: the context shown is the line that holds
            // the spelling (the target's, as names are looked for there).
            let texts: Vec<String> = unit.variants.iter().map(|v| v.text()).collect();
            targets.insert(key as u64, texts.join("\n"));
        })
        .map_err(|e| CliError::input(e.to_string()))?;
    let items: Vec<Item> = report
        .findings
        .iter()
        .map(|f| {
            let mut groups: Vec<Group> = f
                .spellings
                .iter()
                .map(|s| Group {
                    text: s.text.clone(),
                    count: s.count,
                    recommended: s.approved,
                    places: s
                        .occurrences
                        .iter()
                        .take(PLACES_WITH_CONTEXT)
                        .map(|o| Place {
                            location: format!("unit {}", o.unit),
                            context: targets.get(&o.segment).and_then(|t| {
                                t.lines().find(|l| l.contains(&s.text)).map(str::to_string)
                            }),
                            highlight: s.text.clone(),
                        })
                        .collect(),
                    more: s
                        .occurrences
                        .iter()
                        .skip(PLACES_WITH_CONTEXT)
                        .map(|o| format!("unit {}", o.unit))
                        .collect(),
                })
                .collect();
            groups.extend(f.variants.iter().map(|v| Group {
                text: v.text.clone(),
                count: v.count,
                recommended: false,
                places: Vec::new(),
                more: v.units.iter().map(|u| format!("unit {u}")).collect(),
            }));
            Item {
                location: location(&f.finding),
                finding: f.finding.clone(),
                groups,
                shared: f.shared.clone(),
            }
        })
        .collect();
    let summary = vec![
        ("units".to_string(), report.units.to_string()),
        ("checked".to_string(), report.checked.to_string()),
    ];
    Ok(page(&format!("tmkit check: {name}"), &summary, &items))
}

/// Writes `page` to `out` (standard output when `None` or `-`).
pub fn write_page(out: Option<&Path>, page: &str) -> Result<(), CliError> {
    let out = out.unwrap_or(Path::new("-"));
    if tmkit::fsutil::is_stdout(out) {
        return super::output::write_stdout(page);
    }
    tmkit::fsutil::write_output(out, |w| w.write_all(page.as_bytes())).map_err(|e| {
        CliError::io(
            format!("{}: cannot write the report: {e}", out.display()),
            &e,
        )
    })
}

fn severity_word(severity: Severity) -> &'static str {
    severity.as_str()
}

/// `text` escaped, with the first occurrence of `highlight` in `<mark>`.
fn marked(text: &str, highlight: &str) -> String {
    match (!highlight.is_empty())
        .then(|| text.find(highlight))
        .flatten()
    {
        Some(at) => format!(
            "{}<mark>{}</mark>{}",
            esc(&text[..at]),
            esc(highlight),
            esc(&text[at + highlight.len()..])
        ),
        None => esc(text),
    }
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
.finding{border:1px solid #ddd;border-radius:4px;margin:.5em 0;padding:.3em .7em}
.finding>summary{cursor:pointer}.sev{font-weight:bold;text-transform:uppercase;font-size:.8em;margin-right:.4em}
.error .sev{color:#b00}.warning .sev{color:#a60}.note .sev{color:#067}
.loc{color:#555;font-family:monospace}.ctx{font-family:monospace;background:#f6f6f6;padding:.1em .3em;white-space:pre-wrap}
mark{background:#fd4}table{border-collapse:collapse}td,th{padding:.15em .6em;text-align:left;vertical-align:top}
.rec{color:#070;font-weight:bold}#filters{background:#f3f3f3;padding:.5em;border-radius:4px}
#filters label{margin-right:1em}.more{color:#555;font-size:.9em}";

const SCRIPT: &str = r#"(function(){
var f=document.getElementById('filters');f.hidden=false;
var q=document.getElementById('q');
var boxes=[].slice.call(f.querySelectorAll('input[type=checkbox]'));
var items=[].slice.call(document.querySelectorAll('.finding'));
function params(){var s=location.search.slice(1)+'&'+location.hash.slice(1),o={};
s.split('&').forEach(function(p){if(!p)return;var kv=p.split('=');var k=decodeURIComponent(kv[0]);
var v=decodeURIComponent((kv[1]||'').replace(/\+/g,' '));(o[k]=o[k]||[]).push(v);});return o;}
var p=params();if(p.q)q.value=p.q[0];
['kind','severity'].forEach(function(name){if(!p[name])return;boxes.forEach(function(b){
if(b.name===name)b.checked=p[name].indexOf(b.value)>=0;});});
function apply(){var text=q.value.trim().toLowerCase();var on={kind:[],severity:[]};
boxes.forEach(function(b){if(b.checked)on[b.name].push(b.value);});var shown=0;
items.forEach(function(it){var ok=on.kind.indexOf(it.dataset.kind)>=0&&on.severity.indexOf(it.dataset.severity)>=0&&
(!text||it.textContent.toLowerCase().indexOf(text)>=0);it.hidden=!ok;if(ok)shown++;});
[].slice.call(document.querySelectorAll('section.kind')).forEach(function(s){
s.hidden=!s.querySelector('.finding:not([hidden])');});
document.getElementById('shown').textContent=shown;document.body.dataset.shown=shown;}
q.addEventListener('input',apply);boxes.forEach(function(b){b.addEventListener('change',apply);});apply();})();"#;

/// The whole page.
pub fn page(title: &str, summary: &[(String, String)], items: &[Item]) -> String {
    let mut by_kind: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in items {
        by_kind
            .entry(item.finding.rule.id())
            .or_default()
            .push(item);
    }
    let count = |s: Severity| items.iter().filter(|i| i.finding.severity == s).count();
    let mut html = String::with_capacity(4096 + items.len() * 600);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style></head>\n<body>\n",
        esc(title)
    ));
    html.push_str(&format!("<h1>{}</h1>\n<p id=\"summary\">", esc(title)));
    for (label, value) in summary {
        html.push_str(&format!("{}: <b>{}</b> · ", esc(label), esc(value)));
    }
    html.push_str(&format!(
        "errors: <b>{}</b> · warnings: <b>{}</b> · notes: <b>{}</b> · findings shown: <b id=\"shown\">{}</b></p>\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
        items.len()
    ));
    // Filters: hidden until the script shows them (they need it).
    html.push_str("<form id=\"filters\" hidden onsubmit=\"return false\">\n<p><label>Search <input id=\"q\" type=\"search\" name=\"q\" placeholder=\"name, unit, file…\"></label></p>\n<p>");
    for kind in by_kind.keys() {
        html.push_str(&format!(
            "<label><input type=\"checkbox\" name=\"kind\" value=\"{k}\" checked> {k} ({n})</label>",
            k = esc(kind),
            n = by_kind[kind].len()
        ));
    }
    html.push_str("</p>\n<p>");
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        html.push_str(&format!(
            "<label><input type=\"checkbox\" name=\"severity\" value=\"{s}\" checked> {s}</label>",
            s = severity_word(severity)
        ));
    }
    html.push_str("</p>\n</form>\n");
    if items.is_empty() {
        html.push_str("<p>No findings.</p>\n");
    }
    for (kind, list) in &by_kind {
        html.push_str(&format!(
            "<section class=\"kind\" id=\"kind-{k}\">\n<h2>{k} ({n})</h2>\n",
            k = esc(kind),
            n = list.len()
        ));
        for item in list {
            render_item(&mut html, item);
        }
        html.push_str("</section>\n");
    }
    html.push_str(&format!("<script>{SCRIPT}</script>\n</body></html>\n"));
    html
}

fn render_item(html: &mut String, item: &Item) {
    let f = &item.finding;
    let severity = severity_word(f.severity);
    html.push_str(&format!(
        "<details open class=\"finding {severity}\" data-kind=\"{}\" data-severity=\"{severity}\">\n<summary><span class=\"sev\">{severity}</span>{} <span class=\"loc\">{}</span></summary>\n",
        esc(f.rule.id()),
        esc(&f.message),
        esc(&item.location)
    ));
    if !f.context.is_empty() && item.groups.is_empty() {
        html.push_str(&format!(
            "<p class=\"ctx\">{}</p>\n",
            marked(&f.context, &f.span)
        ));
    }
    if let Some(suggestion) = &f.suggestion {
        html.push_str(&format!(
            "<p>Use <b class=\"rec\">{}</b>{}</p>\n",
            esc(suggestion),
            f.glossary
                .as_deref()
                .map(|g| format!(" (approved in {})", esc(g)))
                .unwrap_or_default()
        ));
    }
    if let Some(shared) = &item.shared {
        html.push_str(&format!(
            "<p>Shared segment: <span class=\"ctx\">{}</span></p>\n",
            esc(shared)
        ));
    }
    if !item.groups.is_empty() {
        html.push_str(
            "<table class=\"groups\"><tr><th>spelling</th><th>count</th><th>where</th></tr>\n",
        );
        for group in &item.groups {
            html.push_str(&format!(
                "<tr class=\"group\"><td>{}{}</td><td>{}</td><td>",
                esc(&group.text),
                if group.recommended {
                    " <span class=\"rec\">(recommended)</span>"
                } else {
                    ""
                },
                group.count
            ));
            for place in &group.places {
                html.push_str(&format!(
                    "<div><span class=\"loc\">{}</span>",
                    esc(&place.location)
                ));
                if let Some(context) = &place.context {
                    html.push_str(&format!(
                        " <span class=\"ctx\">{}</span>",
                        marked(context, &place.highlight)
                    ));
                }
                html.push_str("</div>");
            }
            if !group.more.is_empty() {
                let shown: Vec<String> = group.more.iter().take(200).map(|m| esc(m)).collect();
                html.push_str(&format!(
                    "<div class=\"more\">{}{}</div>",
                    shown.join(", "),
                    if group.more.len() > 200 {
                        format!(" and {} more", group.more.len() - 200)
                    } else {
                        String::new()
                    }
                ));
            }
            html.push_str("</td></tr>\n");
        }
        html.push_str("</table>\n");
    }
    html.push_str("</details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use tmkit::check::{Rule, TextFile};

    #[test]
    fn text_is_escaped_everywhere() {
        let file = TextFile::new("<a>.txt", "x <script>alert(1)</script> \"q\"");
        let mut finding = Finding::at(
            &file,
            2..10,
            Rule::NameVariant,
            Severity::Error,
            "<m&>".into(),
        );
        finding.suggestion = Some("</b>".into());
        let page = page("t<i>", &[], &plain_items(&[finding]));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains("&lt;m&amp;&gt;"));
        assert!(page.contains("&lt;/b&gt;"));
        assert!(page.contains("t&lt;i&gt;"));
        assert_eq!(page.matches("<script>").count(), 1);
    }
}
