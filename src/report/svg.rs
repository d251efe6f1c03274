//! The report's charts as inline SVG, drawn in Rust: the documents × concepts heat map, concept
//! shares over time, and the profile of each organisation. No JavaScript: titles (`<title>`)
//! give the exact figures on hover.
//!
//! Pipeline position: [`super::html`] calls these with data taken from
//! [`super::aggregate::Aggregates`]. Invariants: every text that comes from the corpus or the
//! taxonomy goes through [`escape`]; every chart has a stable `id` (`heatmap`, `trend`,
//! `org-profile`) that the tests and the page's CSS rely on.

use std::fmt::Write;

use super::html::escape;

/// One colour per concept, in taxonomy order (repeats after 14); also the codebook's colours.
pub const PALETTE: [&str; 14] = [
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
    "#393B79", "#AD494A", "#637939", "#CE6DBD",
];

/// The colour of the concept at this taxonomy position.
pub fn concept_colour(concept: usize) -> &'static str {
    PALETTE.get(concept % PALETTE.len()).copied().unwrap_or("#1F77B4")
}

/// A concept as a chart shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptLabel {
    /// The concept id.
    pub id: String,
    /// Its Thai name.
    pub th: String,
    /// Its English name.
    pub en: String,
}

/// A row of the heat map: a label and one value per concept.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatRow {
    /// The row's label (a document title).
    pub label: String,
    /// A second line in the hover title (the document id).
    pub detail: String,
    /// Passages tagged with each concept.
    pub values: Vec<u64>,
}

const CELL_W: usize = 34;
const CELL_H: usize = 18;
const ROW_LABEL_W: usize = 330;
const HEADER_H: usize = 170;

/// The documents × concepts heat map: one cell per document and concept, darker for more
/// tagged passages (scaled to the largest cell).
///
/// ```
/// use ruammue::report::svg::{heatmap, ConceptLabel, HeatRow};
/// let concepts = [ConceptLabel { id: "trust".into(), th: "ความไว้วางใจ".into(), en: "Trust".into() }];
/// let rows = [HeatRow { label: "ประชุม <1>".into(), detail: "a.txt".into(), values: vec![3] }];
/// let svg = heatmap(&rows, &concepts);
/// assert!(svg.starts_with("<svg") && svg.contains(r#"id="heatmap""#));
/// assert_eq!(svg.matches("<rect class=\"cell\"").count(), 1);
/// assert!(svg.contains("ประชุม &lt;1&gt;"));
/// ```
pub fn heatmap(rows: &[HeatRow], concepts: &[ConceptLabel]) -> String {
    let width = ROW_LABEL_W + CELL_W * concepts.len() + 10;
    let height = HEADER_H + CELL_H * rows.len() + 10;
    let max = rows.iter().flat_map(|r| r.values.iter().copied()).max().unwrap_or(0).max(1);
    let mut svg = open_svg("heatmap", width, height, "Heat map: tagged passages per document and concept");
    for (column, concept) in concepts.iter().enumerate() {
        let x = ROW_LABEL_W + column * CELL_W + CELL_W / 2;
        let _ = write!(
            svg,
            r#"<text class="col" transform="translate({x},{y}) rotate(-60)"><title>{full}</title>{label}</text>"#,
            y = HEADER_H - 6,
            full = escape(&format!("{} · {}", concept.th, concept.en)),
            label = escape(&shorten(&format!("{} · {}", concept.th, concept.en), 30)),
        );
    }
    for (row_index, row) in rows.iter().enumerate() {
        let y = HEADER_H + row_index * CELL_H;
        let _ = write!(
            svg,
            r#"<text class="row" x="{x}" y="{ty}"><title>{detail}</title>{label}</text>"#,
            x = ROW_LABEL_W - 6,
            ty = y + CELL_H - 5,
            detail = escape(&row.detail),
            label = escape(&shorten(&row.label, 48)),
        );
        for (column, concept) in concepts.iter().enumerate() {
            let value = row.values.get(column).copied().unwrap_or(0);
            heat_cell(&mut svg, ROW_LABEL_W + column * CELL_W, y, value, max, &row.label, concept);
        }
    }
    svg.push_str("</svg>");
    svg
}

fn heat_cell(svg: &mut String, x: usize, y: usize, value: u64, max: u64, row: &str, concept: &ConceptLabel) {
    let intensity = value as f64 / max as f64;
    let fill = if value == 0 { "#F2F2F2".to_string() } else { blue(intensity) };
    let _ = write!(
        svg,
        r#"<rect class="cell" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"><title>{row} × {concept}: {value}</title></rect>"#,
        w = CELL_W - 2,
        h = CELL_H - 2,
        row = escape(row),
        concept = escape(&concept.en),
    );
    if value > 0 {
        let colour = if intensity > 0.55 { "#FFFFFF" } else { "#222222" };
        let _ = write!(
            svg,
            r#"<text class="n" x="{cx}" y="{cy}" fill="{colour}">{value}</text>"#,
            cx = x + CELL_W / 2 - 1,
            cy = y + CELL_H - 6,
        );
    }
}

/// A blue from light (0) to dark (1).
fn blue(intensity: f64) -> String {
    let t = intensity.clamp(0.0, 1.0);
    let channel = |light: f64, dark: f64| (light + (dark - light) * t).round() as u8;
    format!("#{:02X}{:02X}{:02X}", channel(222.0, 8.0), channel(235.0, 48.0), channel(247.0, 107.0))
}

/// One line of the trend chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The concept at this taxonomy position (for its colour).
    pub concept: usize,
    /// Its label.
    pub label: String,
    /// Its share of the period's passages, one value per period (`None`: no passages then).
    pub values: Vec<Option<f64>>,
}

const TREND_W: usize = 900;
const TREND_H: usize = 380;
const TREND_LEFT: usize = 60;
const TREND_BOTTOM: usize = 110;
const TREND_TOP: usize = 20;
const LEGEND_W: usize = 260;

/// Concept shares over time: one line per concept, x = periods (labelled in both eras), y = the
/// share of the period's passages tagged with the concept. A period without a value (no dated
/// passages) breaks the line: each run of periods with values is its own polyline, and every
/// value has a dot.
///
/// ```
/// use ruammue::report::svg::{trend, Series};
/// let periods = vec!["ม.ค. 2567 / Jan 2024".to_string(), "ก.พ. 2567 / Feb 2024".to_string()];
/// let series = [Series { concept: 0, label: "Trust".into(), values: vec![Some(0.1), Some(0.3)] }];
/// let svg = trend(&periods, &series);
/// assert!(svg.contains(r#"id="trend""#) && svg.contains("<polyline"));
/// assert!(svg.contains("ม.ค. 2567"));
/// ```
pub fn trend(periods: &[String], series: &[Series]) -> String {
    let plot_w = TREND_W - TREND_LEFT - 20;
    let plot_h = TREND_H - TREND_TOP - TREND_BOTTOM;
    let max = series.iter().flat_map(|s| s.values.iter().flatten().copied()).fold(0.0_f64, f64::max);
    let max = nice_ceiling(max);
    let step = if periods.len() > 1 { plot_w as f64 / (periods.len() - 1) as f64 } else { 0.0 };
    let x_of = |i: usize| TREND_LEFT as f64 + if periods.len() > 1 { step * i as f64 } else { plot_w as f64 / 2.0 };
    let y_of = |v: f64| TREND_TOP as f64 + plot_h as f64 * (1.0 - v / max);
    let mut svg = open_svg("trend", TREND_W + LEGEND_W, TREND_H, "Concept shares over time");
    trend_axes(&mut svg, max, plot_w, plot_h);
    let label_every = periods.len().div_ceil(24).max(1);
    for (i, period) in periods.iter().enumerate().filter(|(i, _)| i % label_every == 0) {
        let _ = write!(
            svg,
            r#"<text class="tick" text-anchor="end" transform="translate({x:.1},{y}) rotate(-45)">{label}</text>"#,
            x = x_of(i),
            y = TREND_H - TREND_BOTTOM + 14,
            label = escape(period),
        );
    }
    for (index, line) in series.iter().enumerate() {
        let colour = concept_colour(line.concept);
        for run in runs(&line.values) {
            let points: Vec<String> = run.iter().map(|&(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(v))).collect();
            for point in &points {
                let (cx, cy) = point.split_once(',').unwrap_or(("0", "0"));
                let _ = write!(svg, r#"<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>"#);
            }
            let _ = write!(
                svg,
                r#"<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{points}"><title>{label}</title></polyline>"#,
                points = points.join(" "),
                label = escape(&line.label),
            );
        }
        legend_entry(&mut svg, index, colour, &line.label);
    }
    svg.push_str("</svg>");
    svg
}

/// The runs of consecutive periods with a value, each as (period index, value): a line is drawn
/// through a run and broken where a period has no value, so an empty period never looks like data
/// (a run of one period is a point alone).
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => current.push((i, *v)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

fn trend_axes(svg: &mut String, max: f64, plot_w: usize, plot_h: usize) {
    for tick in 0..=4 {
        let value = max * f64::from(tick) / 4.0;
        let y = TREND_TOP as f64 + plot_h as f64 * (1.0 - f64::from(tick) / 4.0);
        let _ = write!(
            svg,
            r##"<line x1="{x1}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#DDDDDD"/><text class="tick" x="{tx}" y="{ty:.1}" text-anchor="end">{pct:.0}%</text>"##,
            x1 = TREND_LEFT,
            x2 = TREND_LEFT + plot_w,
            tx = TREND_LEFT - 6,
            ty = y + 4.0,
            pct = value * 100.0,
        );
    }
}

fn legend_entry(svg: &mut String, index: usize, colour: &str, label: &str) {
    legend_entry_at(svg, TREND_W, TREND_TOP + index * 18, colour, label);
}

fn legend_entry_at(svg: &mut String, x: usize, y: usize, colour: &str, label: &str) {
    let _ = write!(
        svg,
        r#"<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/><text class="legend" x="{tx}" y="{ty}">{label}</text>"#,
        tx = x + 18,
        ty = y + 11,
        label = escape(&shorten(label, 36)),
    );
}

/// The smallest of 1, 2, 5 × 10^k at or above `value` (at least 1 %), for a round axis.
fn nice_ceiling(value: f64) -> f64 {
    let value = value.max(0.01);
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&c| c >= value - 1e-12).unwrap_or(value)
}

/// An organisation's profile: its name, passage count and the share of its passages per concept.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The organisation.
    pub name: String,
    /// Its documents and passages, for the caption.
    pub caption: String,
    /// Share of its passages tagged with each concept, in taxonomy order.
    pub shares: Vec<f64>,
}

const PANEL_W: usize = 420;
const PANEL_H: usize = 150;
const PANELS_PER_ROW: usize = 2;

/// One small bar chart per organisation: the share of its passages tagged with each concept,
/// all on the same scale.
///
/// ```
/// use ruammue::report::svg::{org_profiles, ConceptLabel, Profile};
/// let concepts = [ConceptLabel { id: "trust".into(), th: "ความไว้วางใจ".into(), en: "Trust".into() }];
/// let profiles = [Profile { name: "เทศบาล".into(), caption: "1 doc".into(), shares: vec![0.25] }];
/// let svg = org_profiles(&profiles, &concepts);
/// assert!(svg.contains(r#"id="org-profile""#) && svg.contains(r#"class="bar""#));
/// ```
pub fn org_profiles(profiles: &[Profile], concepts: &[ConceptLabel]) -> String {
    let rows = profiles.len().div_ceil(PANELS_PER_ROW).max(1);
    let max = nice_ceiling(profiles.iter().flat_map(|p| p.shares.iter().copied()).fold(0.0, f64::max));
    let height = (PANEL_H * rows).max(TREND_TOP + 18 * concepts.len());
    let mut svg =
        open_svg("org-profile", PANEL_W * PANELS_PER_ROW + LEGEND_W, height, "Concept profile of each organisation");
    for (index, concept) in concepts.iter().enumerate() {
        let label = format!("{} · {}", concept.th, concept.en);
        legend_entry_at(&mut svg, PANEL_W * PANELS_PER_ROW, TREND_TOP + index * 18, concept_colour(index), &label);
    }
    for (index, profile) in profiles.iter().enumerate() {
        let x = (index % PANELS_PER_ROW) * PANEL_W;
        let y = (index / PANELS_PER_ROW) * PANEL_H;
        profile_panel(&mut svg, x, y, profile, concepts, max);
    }
    svg.push_str("</svg>");
    svg
}

fn profile_panel(svg: &mut String, x: usize, y: usize, profile: &Profile, concepts: &[ConceptLabel], max: f64) {
    let _ = write!(
        svg,
        r#"<text class="panel" x="{x}" y="{ty}">{name}</text><text class="caption" x="{x}" y="{cy}">{caption}</text>"#,
        ty = y + 14,
        cy = y + 28,
        name = escape(&shorten(&profile.name, 40)),
        caption = escape(&profile.caption),
    );
    let bar_w = (PANEL_W - 30) / concepts.len().max(1);
    let plot_h = PANEL_H - 50;
    let base = y + PANEL_H - 12;
    for (concept_index, concept) in concepts.iter().enumerate() {
        let share = profile.shares.get(concept_index).copied().unwrap_or(0.0);
        let h = (plot_h as f64 * share / max).round() as usize;
        let _ = write!(
            svg,
            r#"<rect class="bar" x="{bx}" y="{by}" width="{w}" height="{h}" fill="{colour}"><title>{name} · {th} / {en}: {pct:.1}%</title></rect>"#,
            bx = x + concept_index * bar_w,
            by = base - h,
            w = bar_w.saturating_sub(3).max(1),
            colour = concept_colour(concept_index),
            name = escape(&profile.name),
            th = escape(&concept.th),
            en = escape(&concept.en),
            pct = share * 100.0,
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{x}" y1="{base}" x2="{x2}" y2="{base}" stroke="#999999"/>"##,
        x2 = x + bar_w * concepts.len(),
    );
}

/// `<svg …>` with a stable id, a size and an accessible title.
fn open_svg(id: &str, width: usize, height: usize, title: &str) -> String {
    format!(
        r#"<svg id="{id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"><title>{title}</title>"#,
        title = escape(title),
    )
}

/// `text` cut to `max` characters, with `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)] // In tests a panic is the failure report.
mod tests {
    use super::*;

    fn concepts(n: usize) -> Vec<ConceptLabel> {
        (0..n).map(|i| ConceptLabel { id: format!("c{i}"), th: format!("แนวคิด{i}"), en: format!("C{i}") }).collect()
    }

    #[test]
    fn heatmap_has_a_cell_per_document_and_concept_scaled_to_the_largest() {
        let rows = vec![
            HeatRow { label: "a".into(), detail: "a.txt".into(), values: vec![0, 4, 2] },
            HeatRow { label: "b".into(), detail: "b.txt".into(), values: vec![1, 0, 0] },
        ];
        let svg = heatmap(&rows, &concepts(3));
        assert_eq!(svg.matches(r#"<rect class="cell""#).count(), 6);
        assert!(svg.contains(&format!(r#"fill="{}""#, blue(1.0))), "largest cell is darkest");
        assert!(svg.contains(r##"fill="#F2F2F2""##), "empty cells are grey");
        assert!(svg.contains("a × C1: 4"));
    }

    #[test]
    fn heatmap_escapes_labels() {
        let rows = vec![HeatRow { label: "<script>&".into(), detail: "\"x\"".into(), values: vec![1] }];
        let svg = heatmap(&rows, &concepts(1));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;") && svg.contains("&quot;x&quot;"));
    }

    /// The `points` of each polyline, as lists of points.
    fn polylines(svg: &str) -> Vec<Vec<&str>> {
        svg.split(r#"points=""#).skip(1).map(|rest| rest.split('"').next().unwrap().split(' ').collect()).collect()
    }

    #[test]
    fn trend_draws_a_point_per_period_with_data_and_skips_gaps() {
        let periods: Vec<String> = (1..=3).map(|m| format!("P{m}")).collect();
        let series = vec![Series { concept: 1, label: "C1".into(), values: vec![Some(0.5), None, Some(0.25)] }];
        let svg = trend(&periods, &series);
        let lines = polylines(&svg);
        assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1], "no line across the gap: {lines:?}");
        assert_eq!(svg.matches("<circle").count(), 2, "a dot per period with data");
        assert!(svg.contains(concept_colour(1)));
        assert!(svg.contains(">50%<"), "axis tops at 50 %: {svg}");
    }

    #[test]
    fn an_empty_period_breaks_the_line_between_runs() {
        let periods: Vec<String> = (1..=6).map(|m| format!("P{m}")).collect();
        let values = vec![Some(0.1), Some(0.2), None, None, Some(0.3), Some(0.0)];
        let svg = trend(&periods, &[Series { concept: 0, label: "C0".into(), values }]);
        let lines = polylines(&svg);
        assert_eq!(lines.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2], "{lines:?}");
        let x = |point: &str| point.split(',').next().unwrap().parse::<f64>().unwrap();
        assert!(x(lines[0][1]) < x(lines[1][0]), "the second run starts after the gap");
        assert_eq!(svg.matches("<circle").count(), 4);
    }

    #[test]
    fn a_single_period_still_has_a_point() {
        let series = vec![Series { concept: 0, label: "C0".into(), values: vec![Some(0.1)] }];
        let svg = trend(&["P".to_string()], &series);
        assert!(svg.contains(r#"points="4"#), "{svg}");
    }

    #[test]
    fn nice_ceiling_rounds_up_to_1_2_5() {
        assert_eq!(nice_ceiling(0.37), 0.5);
        assert_eq!(nice_ceiling(0.12), 0.2);
        assert_eq!(nice_ceiling(0.0), 0.01);
        assert!((nice_ceiling(1.0) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn profiles_draw_a_bar_per_concept_and_organisation() {
        let profiles = vec![
            Profile { name: "ก".into(), caption: "1".into(), shares: vec![0.1, 0.2] },
            Profile { name: "ข".into(), caption: "2".into(), shares: vec![0.0, 0.4] },
            Profile { name: "ค".into(), caption: "3".into(), shares: vec![0.3, 0.0] },
        ];
        let svg = org_profiles(&profiles, &concepts(2));
        assert_eq!(svg.matches(r#"class="bar""#).count(), 6);
        assert!(svg.contains(&format!(r#"height="{}""#, 2 * PANEL_H)), "two rows of panels");
    }

    #[test]
    fn shorten_counts_characters() {
        assert_eq!(shorten("ประชุมสภา", 20), "ประชุมสภา");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
