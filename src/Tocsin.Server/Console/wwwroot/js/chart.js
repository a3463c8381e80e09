// A small line chart of a rule's metric window, drawn as SVG in the page from GET /api/v1/rules/{id}/series.
// No chart library: one polyline per series, a dashed line per threshold, the value range and the window's ends as text.
// Presentation goes through attributes and CSS classes (the CSP refuses style="" attributes).

const NS = 'http://www.w3.org/2000/svg';
export const WIDTH = 320;
export const HEIGHT = 120;
// Room for the value labels on the left and the time labels below.
const PAD = { left: 40, right: 6, top: 8, bottom: 18 };

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const fmt = (v) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(3));
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * @param {{from: string, to: string, series: {metric: string, labels: object, points: {at: string, value: number}[]}[],
 *          thresholds: {level: string, metric: string, op: string, value: number}[]}} data
 * @param {string} label what the chart shows, for screen readers
 */
export function lineChart(data, label) {
  const t0 = Date.parse(data.from);
  const t1 = Date.parse(data.to);
  const metrics = new Set(data.series.map((x) => x.metric));
  const lines = data.thresholds.filter((t) => metrics.has(t.metric));
  const values = data.series.flatMap((x) => x.points.map((p) => p.value)).concat(lines.map((t) => t.value));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) { lo -= 1; hi += 1; }
  const margin = (hi - lo) * 0.08; // so the highest point and a threshold at the edge stay visible
  lo -= margin;
  hi += margin;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at) => PAD.left + ((Date.parse(at) - t0) / Math.max(1, t1 - t0)) * plotW;
  const y = (v) => PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const r = (n) => Math.round(n * 10) / 10;

  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'chart', role: 'img', 'aria-label': label },
    s('title', {}, label),
    s('rect', { class: 'chart-frame', x: PAD.left, y: PAD.top, width: plotW, height: plotH }),
    s('text', { class: 'chart-axis', x: PAD.left - 4, y: PAD.top + 8, 'text-anchor': 'end' }, fmt(hi)),
    s('text', { class: 'chart-axis', x: PAD.left - 4, y: PAD.top + plotH, 'text-anchor': 'end' }, fmt(lo)),
    s('text', { class: 'chart-axis', x: PAD.left, y: HEIGHT - 4 }, clock.format(t0)),
    s('text', { class: 'chart-axis', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' }, clock.format(t1)));
  for (const t of lines) {
    svg.append(s('line', { class: `chart-threshold ${t.level}`, x1: PAD.left, x2: PAD.left + plotW, y1: r(y(t.value)), y2: r(y(t.value)),
      'data-value': t.value }, s('title', {}, `${t.level}: ${t.metric} ${t.op} ${t.value}`)));
  }
  data.series.forEach((series, i) => {
    const name = `${series.metric}${Object.keys(series.labels).length ? ` {${Object.entries(series.labels).map(([k, v]) => `${k}=${v}`).join(', ')}}` : ''}`;
    // data-values carries the samples as drawn, so a reader (or a test) can check the line against the numbers.
    svg.append(s('polyline', { class: `chart-line c${i % 4}`, points: series.points.map((p) => `${r(x(p.at))},${r(y(p.value))}`).join(' '),
      'data-values': series.points.map((p) => p.value).join(','), 'data-metric': series.metric }, s('title', {}, name)));
    // A lone sample has no line to draw; a dot shows it.
    if (series.points.length === 1) svg.append(s('circle', { class: `chart-dot c${i % 4}`, cx: r(x(series.points[0].at)), cy: r(y(series.points[0].value)), r: 2.5 }));
  });
  return svg;
}
