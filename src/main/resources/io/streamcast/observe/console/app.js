// The Streamcast console: the fleet from /series?view=rows, a series from /series/{key}?history=N, models and
// dead letters from /console/status. Plain DOM and SVG, nothing loaded from elsewhere. Refreshes every 2 s.
'use strict';

const REFRESH_MS = 2000;
const SVG = 'http://www.w3.org/2000/svg';
const state = {
  token: sessionStorage.getItem('streamcast-token'),
  sort: { col: 'vsNaive', dir: -1 }, // worst first: the highest error against naive on top
  rows: [],
  busy: false,
};

const $ = (sel) => document.querySelector(sel);

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '\u2013';
  return Number(v).toLocaleString('en-US', { maximumSignificantDigits: 4 });
}

function when(ms) {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

async function api(path) {
  const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
  const r = await fetch(path, { headers, cache: 'no-store' });
  if (r.status === 401) {
    $('#token-form').hidden = false;
    throw new Error('this instance asks for a token: enter it above');
  }
  const body = await r.json();
  if (!r.ok) throw new Error((body.error || 'HTTP ' + r.status) + ': ' + (body.detail || ''));
  return body;
}

function showError(e) {
  const p = $('#error');
  p.hidden = !e;
  p.textContent = e ? String(e.message || e) : '';
}

// ---- fleet -------------------------------------------------------------------------------------------------

async function loadFleet() {
  const prefix = $('#prefix').value;
  const data = await api('/series?view=rows&limit=1000&prefix=' + encodeURIComponent(prefix));
  state.rows = data.rows;
  const missing = data.unreachable.length ? ', ' + data.unreachable.length + ' instance(s) not answering' : '';
  $('#fleet-count').textContent = data.rows.length + ' series' + (data.truncated ? ' (first 1,000)' : '')
    + ' on ' + data.instances.length + ' instance(s)' + missing;
  renderFleet();
  renderStatus(await api('/console/status'));
}

function compare(a, b) {
  const { col, dir } = state.sort;
  const x = a[col];
  const y = b[col];
  const xNull = x === null || x === undefined;
  const yNull = y === null || y === undefined;
  if (xNull || yNull) return xNull === yNull ? a.key.localeCompare(b.key) : xNull ? 1 : -1; // unknowns last
  if (typeof x === 'string') return dir * x.localeCompare(y);
  return dir * (Number(x) - Number(y)) || a.key.localeCompare(b.key);
}

function sparkline(values) {
  if (values.length < 2) return '<svg class="spark"></svg>';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const pts = values.map((v, i) => (i * 140 / (values.length - 1)).toFixed(1) + ','
    + (26 - (v - lo) / span * 24).toFixed(1)).join(' ');
  return '<svg class="spark" viewBox="0 0 140 28"><polyline points="' + pts + '"/></svg>';
}

function renderFleet() {
  const rows = state.rows.slice().sort(compare);
  document.querySelectorAll('#fleet th[data-col]').forEach((th) => {
    if (th.dataset.col === state.sort.col) th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
  });
  $('#fleet tbody').innerHTML = rows.map((r) => {
    if (r.error) return '<tr data-key="' + esc(r.key) + '"><td>' + esc(r.key) + '</td><td colspan="7" class="error">'
      + esc(r.error) + '</td></tr>';
    const ratio = r.vsNaive === null ? '' : r.vsNaive > 1 ? 'worse' : 'better';
    return '<tr data-key="' + esc(r.key) + '"' + (r.incidentOpen ? ' class="alerting"' : '') + '>'
      + '<td><a href="#/series/' + encodeURIComponent(r.key) + '">' + esc(r.key) + '</a></td>'
      + '<td>' + sparkline(r.spark) + '</td>'
      + '<td class="num">' + fmt(r.lastValue) + '</td>'
      + '<td class="num" title="interval ' + fmt(r.lower) + ' to ' + fmt(r.upper) + '">' + fmt(r.forecast) + '</td>'
      + '<td class="num">' + fmt(r.likelihood) + '</td>'
      + '<td>' + (r.incidentOpen ? '<span class="badge open">open</span>' : '') + '</td>'
      + '<td class="num">' + esc(r.modelVersion) + '</td>'
      + '<td class="num ' + ratio + '">' + (r.vsNaive === null ? '\u2013' : fmt(r.vsNaive) + '\u00d7') + '</td></tr>';
  }).join('');
}

function renderStatus(s) {
  $('#pipeline').textContent = s.pipeline;
  const st = $('#state');
  st.textContent = s.state;
  st.className = 'pill ' + s.state;
  const models = s.models.length ? s.models.map((m) => {
    const p = m.provenance;
    if (!p) return '<tr><td>' + esc(m.modelKey) + '</td><td colspan="8" class="error">' + esc(m.error) + '</td></tr>';
    return '<tr><td>' + esc(m.modelKey) + '</td><td class="num">' + p.version + '</td><td class="num">' + p.parent
      + '</td><td>' + esc(p.source) + '</td><td class="num">' + p.windows + '</td><td class="num">' + fmt(p.trainingLoss)
      + '</td><td class="num">' + fmt(p.canaryLoss) + '</td><td class="num">' + fmt(p.parentCanaryLoss)
      + '</td><td>' + when(p.createdAt) + '</td></tr>';
  }).join('') : '<tr><td colspan="9" class="muted">' + esc(s.modelsUnavailable
    || 'none published yet: keys use the initial weights of the spec') + '</td></tr>';
  $('#models tbody').innerHTML = models;
  $('#calendar tbody').innerHTML = s.calendar.length ? s.calendar.map((e) => '<tr data-id="' + esc(e.id) + '"><td>'
    + esc(e.id) + '</td><td>' + esc(e.key ? e.key : e.prefix ? e.prefix + '\u2026' : 'every key') + '</td><td>'
    + esc(e.start.replace('T', ' ').replace('Z', '')) + '</td><td>' + esc(e.end.replace('T', ' ').replace('Z', ''))
    + '</td><td>' + esc(e.repeat === 'none' ? '' : e.repeat + (e.until ? ' until ' + e.until.slice(0, 10) : ''))
    + '</td><td>' + esc(e.reason) + '</td><td>' + esc(e.from) + '</td></tr>').join('')
    : '<tr><td colspan="7" class="muted">' + esc(s.calendarUnavailable || 'no known events: add one with '
      + './streamcast calendar add') + '</td></tr>';
  const reasons = Object.keys(s.deadLetters).sort();
  $('#dead-letters tbody').innerHTML = reasons.length
    ? reasons.map((r) => '<tr><td>' + esc(r) + '</td><td class="num">' + s.deadLetters[r] + '</td></tr>').join('')
    : '<tr><td colspan="2" class="muted">none</td></tr>';
}

// ---- one series --------------------------------------------------------------------------------------------

async function loadSeries(key) {
  const s = await api('/series/' + encodeURIComponent(key) + '?history=' + $('#points').value);
  renderSeries(s);
  renderStatus(await api('/console/status'));
}

function el(parent, name, attrs, title) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (title) {
    const t = document.createElementNS(SVG, 'title');
    t.textContent = title;
    e.appendChild(t);
  }
  parent.appendChild(e);
  return e;
}

function niceTicks(lo, hi, n) {
  const raw = (hi - lo) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step && out.length < 50; v += step) out.push(v);
  return out;
}

function frame(svg, h, x0, x1, y0, y1, width, height) {
  const m = { l: 64, r: 16, t: 10, b: 26 };
  const X = (t) => m.l + (t - x0) / ((x1 - x0) || 1) * (width - m.l - m.r);
  const Y = (v) => height - m.b - (v - y0) / ((y1 - y0) || 1) * (height - m.t - m.b);
  for (const v of niceTicks(y0, y1, 5)) {
    el(svg, 'line', { class: 'grid', x1: m.l, x2: width - m.r, y1: Y(v), y2: Y(v) });
    el(svg, 'text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }).textContent = fmt(v);
  }
  el(svg, 'line', { class: 'axis', x1: m.l, x2: width - m.r, y1: height - m.b, y2: height - m.b });
  el(svg, 'line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: height - m.b });
  if (h.length > 1) {
    for (let i = 0; i <= 5; i++) {
      const t = x0 + (x1 - x0) * i / 5;
      el(svg, 'text', { x: X(t), y: height - 8, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle',
        class: 'x-tick' }).textContent = when(t).slice(5, 16);
    }
  }
  return { X, Y };
}

function renderSeries(s) {
  $('#series-key').textContent = s.key;
  const f = s.forecast;
  const facts = [
    ['Last value', fmt(s.lastValue) + (s.lastEventTimeIso ? ' at ' + s.lastEventTimeIso.replace('T', ' ') : '')],
    ['Next forecast', fmt(f.mean) + ' (' + Math.round(f.level * 100) + '%: ' + fmt(f.lower) + ' to ' + fmt(f.upper) + ')'],
    ...(s.ahead ? [['Ahead', s.ahead.length + ' steps, to ' + when(s.ahead[s.ahead.length - 1].ts) + ': '
      + fmt(s.ahead[s.ahead.length - 1].mean) + ' (' + fmt(s.ahead[s.ahead.length - 1].lower) + ' to '
      + fmt(s.ahead[s.ahead.length - 1].upper) + ')']] : []),
    ['Likelihood', fmt(s.anomaly.likelihood) + (s.anomaly.incidentOpen ? ' \u2014 alert open' : '')],
    ['Model version', s.modelVersion],
    ['MAE vs naive', s.vsNaive === null ? '\u2013' : fmt(s.vsNaive) + '\u00d7'],
    ['Steps', s.steps],
  ];
  $('#series-facts').innerHTML = facts.map(([k, v]) => '<div><span class="muted">' + esc(k) + '</span><b>' + esc(v)
    + '</b></div>').join('');
  const h = s.history.filter((p) => p.value !== null);
  $('#series-note').textContent = h.length + ' recent points, kept in memory by ' + s.servedBy
    + ' (the instance that holds this key) since it took the key over.';
  drawValues($('#chart'), h, s);
  drawLikelihood($('#likelihood-chart'), h);
}

function drawValues(svg, h, s) {
  svg.replaceChildren();
  if (h.length === 0) return;
  const step = h.length > 1 ? (h[h.length - 1].ts - h[0].ts) / (h.length - 1) : 60000;
  const nextTs = h[h.length - 1].ts + step;
  const f = s.forecast;
  // forecast.horizon: the key's next forecasts, drawn past its last point.
  const ahead = (s.ahead || []).filter((p) => p.mean !== null && p.lower !== null && p.upper !== null);
  const endTs = ahead.length ? Math.max(nextTs, ahead[ahead.length - 1].ts) : nextTs;
  const ys = h.flatMap((p) => [p.value, p.lower, p.upper]).concat([f.lower, f.upper])
    .concat(ahead.flatMap((p) => [p.lower, p.upper]))
    .filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  const pad = (y1 - y0) * 0.05 || 1;
  y0 -= pad;
  y1 += pad;
  const { X, Y } = frame(svg, h, h[0].ts, endTs, y0, y1, 1000, 360);
  // Calendar events first, under everything: a shaded span over each run of points that fell in one.
  for (let i = 0; i < h.length; i++) {
    if (!h[i].calendar) continue;
    let j = i;
    while (j + 1 < h.length && h[j + 1].calendar) j++;
    const half = step / 2;
    el(svg, 'rect', { class: 'calendar-band', x: X(h[i].ts - half), y: 10, width: Math.max(2, X(h[j].ts + half) - X(h[i].ts - half)),
      height: 324 }, 'calendar event ' + when(h[i].ts) + ' to ' + when(h[j].ts) + ': no alerts, no learning');
    i = j;
  }
  // The band and the forecast line run over stretches of consecutive forecast points.
  let run = [];
  const runs = [];
  for (const p of h) {
    if (p.mean !== undefined && p.mean !== null) run.push(p);
    else if (run.length) { runs.push(run); run = []; }
  }
  if (run.length) runs.push(run);
  for (const r of runs) {
    const top = r.map((p) => X(p.ts) + ',' + Y(p.upper));
    const bottom = r.slice().reverse().map((p) => X(p.ts) + ',' + Y(p.lower));
    el(svg, 'polygon', { class: 'band', points: top.concat(bottom).join(' ') });
    el(svg, 'polyline', { class: 'mean', points: r.map((p) => X(p.ts) + ',' + Y(p.mean)).join(' ') });
  }
  el(svg, 'polyline', { class: 'values', points: h.map((p) => X(p.ts) + ',' + Y(p.value)).join(' ') });
  for (const p of h) {
    const tip = when(p.ts) + '  value ' + fmt(p.value) + (p.mean !== undefined
      ? '  forecast ' + fmt(p.mean) + ' (' + fmt(p.lower) + ' to ' + fmt(p.upper) + ')' : '')
      + '  likelihood ' + fmt(p.likelihood);
    el(svg, 'circle', { class: 'point', cx: X(p.ts), cy: Y(p.value), r: h.length > 400 ? 1.2 : 2.2 }, tip);
    if (p.alert) {
      const x = X(p.ts);
      const y = Y(p.value) - 8;
      const opens = p.alert === 'open' || p.alert === 'suppressed';
      const kind = p.alert === 'open' ? 'alert-marker' : p.alert === 'suppressed' ? 'suppressed-marker' : 'resolved-marker';
      el(svg, 'path', { class: kind,
        d: opens ? `M${x - 6},${y - 10} L${x + 6},${y - 10} L${x},${y} Z` : `M${x - 5},${y - 5} h10 v10 h-10 Z` },
      (p.alert === 'open' ? 'alert opened (' + p.severity + ')' : p.alert === 'suppressed'
        ? 'alert suppressed by a calendar event (' + p.severity + ')' : 'alert resolved') + ' at ' + tip);
    }
  }
  if (ahead.length) {
    const top = ahead.map((p) => X(p.ts) + ',' + Y(p.upper));
    const bottom = ahead.slice().reverse().map((p) => X(p.ts) + ',' + Y(p.lower));
    el(svg, 'polygon', { class: 'ahead-band', points: top.concat(bottom).join(' ') });
    el(svg, 'polyline', { class: 'ahead-mean', points: ahead.map((p) => X(p.ts) + ',' + Y(p.mean)).join(' ') });
    ahead.forEach((p, i) => el(svg, 'circle', { class: 'ahead', cx: X(p.ts), cy: Y(p.mean), r: 2.5 },
      'step ' + (i + 1) + ' ahead, ' + when(p.ts) + ': ' + fmt(p.mean) + ' (' + fmt(p.lower) + ' to ' + fmt(p.upper) + ')'));
  }
  if (f.mean !== null) {
    el(svg, 'line', { class: 'next-bar', x1: X(nextTs), x2: X(nextTs), y1: Y(f.lower), y2: Y(f.upper) });
    el(svg, 'circle', { class: 'next', cx: X(nextTs), cy: Y(f.mean), r: 4 },
      'next forecast ' + fmt(f.mean) + ' (' + fmt(f.lower) + ' to ' + fmt(f.upper) + ')');
  }
}

function drawLikelihood(svg, h) {
  svg.replaceChildren();
  const pts = h.filter((p) => p.likelihood !== null);
  if (pts.length < 2) return;
  const { X, Y } = frame(svg, pts, pts[0].ts, pts[pts.length - 1].ts, 0, 1, 1000, 120);
  el(svg, 'polyline', { class: 'likelihood', points: pts.map((p) => X(p.ts) + ',' + Y(p.likelihood)).join(' ') });
}

// ---- routing and refresh -----------------------------------------------------------------------------------

function seriesKey() {
  const m = location.hash.match(/^#\/series\/(.+)$/);
  return m ? decodeURIComponent(m[1]) : null;
}

async function refresh() {
  if (state.busy) return;
  state.busy = true;
  try {
    const key = seriesKey();
    $('#fleet-view').hidden = key !== null;
    $('#series-view').hidden = key === null;
    if (key === null) await loadFleet();
    else await loadSeries(key);
    $('#updated').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB');
    showError(null);
  } catch (e) {
    showError(e);
  } finally {
    state.busy = false;
  }
}

document.querySelectorAll('#fleet th[data-col]').forEach((th) => th.addEventListener('click', () => {
  const col = th.dataset.col;
  state.sort = { col, dir: state.sort.col === col ? -state.sort.dir : (th.dataset.type === 'text' ? 1 : -1) };
  renderFleet();
}));
$('#prefix').addEventListener('input', refresh);
$('#points').addEventListener('change', refresh);
$('#token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.token = $('#token').value.trim();
  sessionStorage.setItem('streamcast-token', state.token);
  $('#token-form').hidden = true;
  refresh();
});
window.addEventListener('hashchange', refresh);
refresh();
setInterval(refresh, REFRESH_MS);
