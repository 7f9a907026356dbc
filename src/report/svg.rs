//! SVG: chart geometry: scales with nice ticks, bars, lines, sparklines and heat-map cells, computed
//! here (and unit-tested) so that templates only draw what they are given. Coordinates are
//! rounded to one decimal, so the same numbers always give the same SVG.

use serde::Serialize;

/// A linear axis from `min` to `max` with round tick values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

/// The "nice" number near `x`: 1, 2, 5 or 10 times a power of ten (Heckbert's algorithm).
fn nice(x: f64, round: bool) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let exp = x.log10().floor();
    let f = x / 10f64.powf(exp);
    let nf = if round {
        if f < 1.5 {
            1.0
        } else if f < 3.0 {
            2.0
        } else if f < 7.0 {
            5.0
        } else {
            10.0
        }
    } else if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nf * 10f64.powf(exp)
}

/// A scale from 0 (or below, for negative data) to at least `hi`, with about `n` ticks.
pub fn nice_scale(lo: f64, hi: f64, n: usize) -> Scale {
    let lo = lo.min(0.0);
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    let range = nice(hi - lo, false);
    let step = nice(range / (n.max(2) - 1) as f64, true);
    let min = (lo / step).floor() * step;
    let max = (hi / step).ceil() * step;
    let count = ((max - min) / step).round() as usize;
    let ticks = (0..=count)
        .map(|i| round_to(min + i as f64 * step, step))
        .collect();
    Scale { min, max, ticks }
}

fn round_to(v: f64, step: f64) -> f64 {
    let digits = (-step.log10().floor()).max(0.0) as i32;
    let m = 10f64.powi(digits);
    (v * m).round() / m
}

/// One decimal place.
pub fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

impl Scale {
    /// Where `v` falls on an axis of `length` pixels (0 at `min`).
    pub fn at(&self, v: f64, length: f64) -> f64 {
        if self.max == self.min {
            0.0
        } else {
            (v - self.min) / (self.max - self.min) * length
        }
    }
}

/// A label at a position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// An axis tick: a grid line at `y` and its text at (`x`, `text_y`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    pub x: f64,
    pub y: f64,
    pub text_y: f64,
    pub text: String,
}

fn tick(x: f64, y: f64, text: String) -> Tick {
    Tick {
        x,
        y,
        text_y: r1(y + 4.0),
        text,
    }
}

/// A short line across a bar: a target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub x1: f64,
    pub x2: f64,
    pub y: f64,
}

/// A bar with its label and value text placed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub label: Label,
    pub value: Label,
    /// Only for charts that draw a marker per bar (a target).
    pub marker: Option<Mark>,
}

/// Horizontal bars: one row per item, the label left, the value right of the bar.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HBars {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
}

/// Lays out horizontal bars for `items` (label, value, shown value).
pub fn hbars(items: &[(String, f64, String)], width: f64) -> HBars {
    let (label_w, value_w, row, gap) = (150.0, 90.0, 26.0, 6.0);
    let max = items.iter().map(|i| i.1).fold(0.0, f64::max);
    let scale = nice_scale(0.0, if max > 0.0 { max } else { 1.0 }, 5);
    let plot = width - label_w - value_w;
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v, shown))| {
            let y = i as f64 * row;
            let w = r1(scale.at(v.max(0.0), plot));
            Bar {
                x: label_w,
                y: r1(y + gap / 2.0),
                w,
                h: row - gap,
                label: Label {
                    x: label_w - 8.0,
                    y: r1(y + row / 2.0 + 4.0),
                    text: label.clone(),
                },
                value: Label {
                    x: r1(label_w + w + 6.0),
                    y: r1(y + row / 2.0 + 4.0),
                    text: shown.clone(),
                },
                marker: None,
            }
        })
        .collect();
    HBars {
        width,
        height: items.len() as f64 * row,
        bars,
    }
}

/// Vertical bars over months, with an optional target marker per bar and a y axis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VBars {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub plot_h: f64,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
}

/// Lays out vertical bars: `items` are (x label, value, shown value, target).
pub fn vbars(
    items: &[(String, f64, String, Option<f64>)],
    width: f64,
    height: f64,
    tick_fmt: &dyn Fn(f64) -> String,
) -> VBars {
    let (left, bottom, top) = (64.0, 24.0, 18.0);
    let plot_h = height - bottom - top;
    let max = items
        .iter()
        .map(|i| i.1.max(i.3.unwrap_or(0.0)))
        .fold(0.0, f64::max);
    let scale = nice_scale(0.0, if max > 0.0 { max } else { 1.0 }, 5);
    let slot = (width - left) / items.len().max(1) as f64;
    let bw = (slot * 0.62).min(48.0);
    let y_of = |v: f64| r1(top + plot_h - scale.at(v, plot_h));
    let bars = items
        .iter()
        .enumerate()
        .map(|(i, (label, v, shown, target))| {
            let cx = left + slot * (i as f64 + 0.5);
            let y = y_of(v.max(0.0));
            Bar {
                x: r1(cx - bw / 2.0),
                y,
                w: r1(bw),
                h: r1(top + plot_h - y),
                label: Label {
                    x: r1(cx),
                    y: r1(height - 6.0),
                    text: label.clone(),
                },
                value: Label {
                    x: r1(cx),
                    y: r1(y - 4.0),
                    text: shown.clone(),
                },
                marker: target.map(|t| Mark {
                    x1: r1(cx - bw / 2.0 - 4.0),
                    x2: r1(cx + bw / 2.0 + 4.0),
                    y: y_of(t),
                }),
            }
        })
        .collect();
    let ticks = scale
        .ticks
        .iter()
        .map(|&t| tick(left - 6.0, y_of(t), tick_fmt(t)))
        .collect();
    VBars {
        width,
        height,
        left,
        plot_h,
        bars,
        ticks,
    }
}

/// A line chart of several series over the same x labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lines {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    /// Where the plot ends on the right.
    pub plot_right: f64,
    pub series: Vec<Series>,
    pub x_labels: Vec<Label>,
    pub ticks: Vec<Tick>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    /// SVG path data.
    pub path: String,
    /// Points as (x, y) for markers.
    pub points: Vec<(f64, f64)>,
    /// Stroke dash pattern, so series differ without colour.
    pub dash: &'static str,
    /// The series name placed at its last point.
    pub end: Label,
}

const DASHES: [&str; 5] = ["", "6 3", "2 3", "8 3 2 3", "1 2"];

/// The room an x label such as "Oct 26" takes on the axis, with a gap, in SVG units.
const X_LABEL_ROOM: f64 = 56.0;

/// Every how many x labels one is kept: at most 7 labels, and at least `X_LABEL_ROOM`
/// between two of them on a plot `plot_w` wide.
fn label_every(n: usize, plot_w: f64) -> usize {
    if n < 2 {
        return 1;
    }
    let step = plot_w / (n - 1) as f64;
    let by_count = n.div_ceil(7);
    let by_room = (X_LABEL_ROOM / step).ceil() as usize;
    by_count.max(by_room).max(1)
}

/// Lays out `series` (name, values with gaps) over `x` labels; every `label_every`-th x label
/// is kept, counted back from the last (the newest month is always named), so that labels
/// are evenly spaced and never overlap.
pub fn lines(
    x: &[String],
    series: &[(String, Vec<Option<f64>>)],
    width: f64,
    height: f64,
    tick_fmt: &dyn Fn(f64) -> String,
) -> Lines {
    let (left, right, bottom, top) = (56.0, 96.0, 24.0, 12.0);
    let plot_w = width - left - right;
    let plot_h = height - bottom - top;
    let max = series
        .iter()
        .flat_map(|s| s.1.iter().flatten())
        .fold(0.0f64, |a, &b| a.max(b));
    let scale = nice_scale(0.0, if max > 0.0 { max } else { 1.0 }, 5);
    let step = if x.len() > 1 {
        plot_w / (x.len() - 1) as f64
    } else {
        0.0
    };
    let px = |i: usize| r1(left + step * i as f64);
    let py = |v: f64| r1(top + plot_h - scale.at(v, plot_h));
    let mut ends: Vec<Label> = Vec::new();
    let series: Vec<Series> = series
        .iter()
        .enumerate()
        .map(|(k, (name, values))| {
            let points: Vec<(f64, f64)> = values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (px(i), py(v))))
                .collect();
            let mut path = String::new();
            let mut pen_up = true;
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        path.push_str(&format!(
                            "{}{} {} ",
                            if pen_up { "M" } else { "L" },
                            px(i),
                            py(*v)
                        ));
                        pen_up = false;
                    }
                    None => pen_up = true,
                }
            }
            let last = points.last().copied().unwrap_or((left, top + plot_h));
            ends.push(Label {
                x: r1(last.0 + 8.0),
                y: r1(last.1 + 4.0),
                text: name.clone(),
            });
            Series {
                name: name.clone(),
                path: path.trim_end().to_string(),
                points,
                dash: DASHES[k % DASHES.len()],
                end: ends[k].clone(),
            }
        })
        .collect();
    // Spread end labels that would overlap (at least 13 px apart), keeping their order.
    let mut order: Vec<usize> = (0..series.len()).collect();
    order.sort_by(|&a, &b| ends[a].y.total_cmp(&ends[b].y));
    let mut last_y = f64::MIN;
    let mut series = series;
    for i in order {
        let y = series[i].end.y.max(last_y + 13.0);
        series[i].end.y = r1(y);
        last_y = y;
    }
    let every = label_every(x.len(), plot_w);
    let x_labels = x
        .iter()
        .enumerate()
        .filter(|(i, _)| (x.len() - 1 - i).is_multiple_of(every))
        .map(|(i, t)| Label {
            x: px(i),
            y: r1(height - 6.0),
            text: t.clone(),
        })
        .collect();
    let ticks = scale
        .ticks
        .iter()
        .map(|&t| tick(left - 6.0, py(t), tick_fmt(t)))
        .collect();
    Lines {
        width,
        height,
        left,
        plot_right: width - right,
        series,
        x_labels,
        ticks,
    }
}

/// A sparkline path through `values` (gaps skipped) in a `width` x `height` box.
pub fn sparkline(values: &[Option<f64>], width: f64, height: f64) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    if known.is_empty() {
        return String::new();
    }
    let (lo, hi) = known
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let step = if values.len() > 1 {
        width / (values.len() - 1) as f64
    } else {
        0.0
    };
    let mut d = String::new();
    let mut pen_up = true;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let y = if hi > lo {
                height - 1.0 - (v - lo) / span * (height - 2.0)
            } else {
                height / 2.0
            };
            d.push_str(&format!(
                "{}{} {} ",
                if pen_up { "M" } else { "L" },
                r1(i as f64 * step),
                r1(y)
            ));
            pen_up = false;
        } else {
            pen_up = true;
        }
    }
    d.trim_end().to_string()
}

/// A heat-map cell: position, the share it shows, and a fill strength from 0 to 1.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub text: String,
    /// Where the text goes: the cell's centre.
    pub text_x: f64,
    pub text_y: f64,
    /// 0 to 1; `None` for a cell with no value (drawn hatched).
    pub strength: Option<f64>,
    /// The fill opacity that shows the strength (never fully transparent).
    pub opacity: Option<f64>,
    /// Dark text on light cells, light on dark.
    pub dark_text: bool,
}

/// Lays out a grid of `rows` x `cols` cells with row labels of `label_w` pixels.
pub fn heat(
    values: &[Vec<Option<f64>>],
    texts: &[Vec<String>],
    label_w: f64,
    cell_w: f64,
    cell_h: f64,
) -> Vec<Cell> {
    let max = values
        .iter()
        .flatten()
        .flatten()
        .fold(0.0f64, |a, &b| a.max(b));
    let mut cells = Vec::new();
    for (r, row) in values.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let strength = v.map(|v| {
                if max > 0.0 {
                    r1(v / max * 10.0) / 10.0
                } else {
                    0.0
                }
            });
            let (x, y) = (r1(label_w + c as f64 * cell_w), r1(r as f64 * cell_h));
            cells.push(Cell {
                x,
                y,
                w: cell_w - 2.0,
                h: cell_h - 2.0,
                text: texts[r][c].clone(),
                text_x: r1(x + (cell_w - 2.0) / 2.0),
                text_y: r1(y + (cell_h - 2.0) / 2.0 + 4.0),
                strength,
                opacity: strength.map(|s| ((0.08 + s * 0.92) * 100.0).round() / 100.0),
                dark_text: strength.is_none_or(|s| s < 0.55),
            });
        }
    }
    cells
}

#[cfg(test)]
mod tests;
