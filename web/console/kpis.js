/**
 * The KPI dashboard: GET /staff/kpis with the console's staff token, one uPlot chart per KPI group, the table behind
 * each chart underneath (the same numbers, readable without the chart), a CSV of each table and of the whole KPI
 * table. Times in hours, shares in percent; periods are the policy's local days, weeks or months.
 */
/* global uPlot */

const SESSION = 'redress.console.session';
const HOUR = 3_600_000;
const $ = (id) => document.getElementById(id);

const token = () => sessionStorage.getItem(SESSION);
const hours = (ms) => (ms === undefined || ms === null ? null : ms / HOUR);
const pct = (rate) => (rate && rate.value !== null && rate.value !== undefined ? rate.value * 100 : null);

const CLOCK_LABELS = {
  acknowledgment: 'Acknowledgment',
  firstResponse: 'First response',
  infoRequest: 'Information request',
  resolution: 'Resolution',
  seniorResponse: 'Senior response',
  disputeUpdate: 'Dispute update',
  disputeDecision: 'Dispute decision',
  maxProcessing: 'Maximum processing',
};
const KPI_LABELS = {
  csat: 'Customer satisfaction',
  firstResponseTime: 'First response time',
  resolutionTime: 'Resolution time',
  firstContactResolution: 'First-contact resolution',
  escalationRate: 'Escalation rate',
};

/** A time target in hours, as drawn on its chart; undefined without one. */
const timeTarget = (t) => (t ? t.below.amount / (t.below.unit === 'minutes' ? 60 : 1) : undefined);
const shareTarget = (t) => (t ? (t.atLeast ?? t.atMost) * 100 : undefined);

/**
 * The charts. Each measure reads one number from a KPI line; with "All cases" every measure is a series, by a
 * dimension the first measure is drawn once per value (one line per category, agent …).
 */
function chartSpecs(table) {
  const t = table.targets ?? {};
  const clocks = [...new Set(table.lines.flatMap((l) => Object.keys(l.slaAttainment)))];
  const time = (measure, stat) => (l) => hours(l.times[measure]?.[stat]);
  return [
    {
      id: 'frt',
      title: 'First response time (hours)',
      unit: 'h',
      measures: [
        ['median', time('frt_calendar', 'median_ms')],
        ['p90', time('frt_calendar', 'p90_ms')],
        ['median, business hours', time('frt_business', 'median_ms')],
      ],
      target: timeTarget(t.firstResponseTime),
    },
    {
      id: 'resolution',
      title: 'Resolution time (hours)',
      unit: 'h',
      measures: [
        ['median', time('resolution_calendar', 'median_ms')],
        ['p90', time('resolution_calendar', 'p90_ms')],
        ['median, business hours', time('resolution_business', 'median_ms')],
      ],
      target: timeTarget(t.resolutionTime),
    },
    {
      id: 'sla',
      title: 'Promises kept (% of due promises, per clock)',
      unit: '%',
      measures: clocks.map((c) => [CLOCK_LABELS[c] ?? c, (l) => pct(l.slaAttainment[c])]),
      target: shareTarget(t.slaAttainment),
    },
    {
      id: 'satisfaction',
      title: 'Satisfaction and first-contact resolution (%)',
      unit: '%',
      measures: [
        ['CSAT (4–5 of 5)', (l) => pct(l.csat)],
        ['first-contact resolution', (l) => pct(l.firstContactResolution)],
        ['escalated', (l) => pct(l.escalationRate)],
      ],
      target: shareTarget(t.csat),
    },
    {
      id: 'received',
      title: 'Cases received, and open at the end of the period',
      unit: '',
      measures: [
        ['received', (l) => l.received],
        ['open at the end', (l) => l.times.backlog_age?.n ?? 0],
      ],
    },
    {
      id: 'backlog',
      title: 'Age of the open cases at the end of the period (hours)',
      unit: 'h',
      measures: [
        ['median', time('backlog_age', 'median_ms')],
        ['p90', time('backlog_age', 'p90_ms')],
      ],
    },
  ].filter((c) => c.measures.length > 0);
}

/** Rows (one per period) × columns (one per series), the target as its own column. */
function chartData(spec, table) {
  const values = [...new Set(table.lines.map((l) => l.dim_value))].sort();
  const lineAt = new Map(table.lines.map((l) => [`${l.period}\u0000${l.dim_value}`, l]));
  const series =
    table.dimension === 'all'
      ? spec.measures.map(([label, get]) => ({ label, get: (p) => { const l = lineAt.get(`${p}\u0000all`); return l ? get(l) : null; } }))
      : values.map((v) => ({ label: v, get: (p) => { const l = lineAt.get(`${p}\u0000${v}`); return l ? spec.measures[0][1](l) : null; } }));
  if (spec.target !== undefined) series.push({ label: 'target', get: () => spec.target, target: true });
  const rows = table.periods.map((p) => ({ period: p.period, values: series.map((s) => s.get(p.period)) }));
  return { series, rows, measureNote: table.dimension === 'all' ? '' : ` — ${spec.measures[0][0]}, by ${table.dimension}` };
}

const format = (x, unit) => (x === null || x === undefined ? '—' : `${Math.round(x * 10) / 10}${unit === '%' ? ' %' : unit === 'h' ? ' h' : ''}`);

function csvOf(header, rows) {
  const field = (v) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const PALETTE = ['#1f5fa8', '#c2571a', '#2e7d32', '#7b3fa0', '#a4161a', '#00838f', '#5d4037', '#6a6a00'];

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function renderChart(spec, table, container) {
  const { series, rows, measureNote } = chartData(spec, table);
  const figure = el('section', { className: 'kpi-chart', id: `chart-${spec.id}` });
  const title = el('h2', { id: `chart-${spec.id}-title` }, spec.title + measureNote);
  const plot = el('div', { className: 'kpi-plot', role: 'img' });
  plot.setAttribute('aria-labelledby', title.id);
  const tableEl = el('table', { className: 'kpi-table', id: `table-${spec.id}` });
  tableEl.append(
    el('caption', { className: 'visually-hidden' }, `${spec.title}: the numbers behind the chart`),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Period'), ...series.map((s) => el('th', { scope: 'col' }, s.label)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, el('th', { scope: 'row' }, r.period), ...r.values.map((v) => el('td', {}, format(v, spec.unit)))))),
  );
  const csvButton = el('button', { type: 'button', className: 'secondary', id: `csv-${spec.id}` }, 'Download this table (CSV)');
  csvButton.addEventListener('click', () =>
    download(`kpis-${spec.id}-${table.grain}-${table.dimension}-${table.from}.csv`, csvOf(['period', ...series.map((s) => s.label)], rows.map((r) => [r.period, ...r.values]))),
  );
  figure.append(title, plot, el('div', { className: 'kpi-actions' }, csvButton), tableEl);
  container.append(figure);

  const width = Math.max(320, Math.min(960, container.clientWidth || 960));
  // eslint-disable-next-line new-cap
  new uPlot(
    {
      width,
      height: 260,
      // One tick per period, named by its local start date: the periods are the policy's local days, weeks or months.
      scales: { x: { time: false, range: () => [-0.5, rows.length - 0.5] } },
      axes: [
        { splits: () => rows.map((_, i) => i), values: (_, splits) => splits.map((i) => rows[i]?.period ?? '') },
        { label: spec.unit === '%' ? 'percent' : spec.unit === 'h' ? 'hours' : 'cases', size: 60 },
      ],
      series: [
        { label: 'period', value: (_, i) => rows[i]?.period ?? '—' },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.target ? '#555' : PALETTE[i % PALETTE.length],
          width: 2,
          dash: s.target ? [6, 4] : undefined,
          points: { show: true },
          value: (_, v) => format(v, spec.unit),
        })),
      ],
    },
    [rows.map((_, i) => i), ...series.map((_, i) => rows.map((r) => r.values[i]))],
    plot,
  );
}

function renderSummary(table) {
  const latest = table.periods.at(-1)?.period;
  const lines = table.lines.filter((l) => l.period === latest && l.targets.length > 0);
  $('kpi-summary').hidden = lines.length === 0;
  $('kpi-summary-note').textContent = `Period starting ${latest} (${table.timeZone}); policy ${table.policy.name} ${table.policy.version}.`;
  const body = $('kpi-targets').tBodies[0];
  body.replaceChildren(
    ...lines.flatMap((l) =>
      l.targets.map((c) => {
        const [kpi, clock] = c.kpi.split('.');
        const name = `${KPI_LABELS[kpi] ?? kpi}${clock ? ` (${CLOCK_LABELS[clock] ?? clock})` : ''}${table.dimension === 'all' ? '' : ` — ${l.dim_value}`}`;
        const actual = c.actual === null ? '—' : c.kpi.endsWith('Time') ? format(c.actual / HOUR, 'h') : format(c.actual * 100, '%');
        const verdict = c.met === null ? 'no data' : c.met ? 'met' : 'missed';
        return el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, c.target), el('td', {}, actual), el('td', { className: c.met === false ? 'missed' : c.met ? 'met' : '' }, verdict), el('td', {}, c.clause));
      }),
    ),
  );
}

function query(extra = {}) {
  const form = new FormData($('kpi-filters'));
  const params = new URLSearchParams();
  for (const [k, v] of form) if (v) params.set(k, String(v));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

async function fetchKpis(params) {
  const res = await fetch(new URL(`/staff/kpis?${params}`, location.origin), { headers: { authorization: `Bearer ${token()}`, accept: 'application/json, text/csv, application/problem+json' }, cache: 'no-store' });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    throw new Error(problem.detail ?? `The KPI request failed (${res.status}).`);
  }
  return res;
}

async function load() {
  const status = $('kpi-status');
  status.textContent = 'Loading…';
  try {
    const table = await (await fetchKpis(query())).json();
    $('kpi-from').value = table.from;
    $('kpi-to').value = table.to;
    renderSummary(table);
    const charts = $('kpi-charts');
    charts.replaceChildren();
    for (const spec of chartSpecs(table)) renderChart(spec, table, charts);
    status.textContent = `${table.periods.length} ${table.grain}${table.periods.length === 1 ? '' : 's'} from ${table.from}, ${table.lines.length} lines, ${table.timeZone}.`;
    document.body.dataset.loaded = 'true';
  } catch (e) {
    status.textContent = e.message;
  }
}

function start() {
  if (!token()) {
    $('kpi-sign-in').hidden = false;
    $('kpi-filters').hidden = true;
    return;
  }
  $('kpi-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  $('kpi-csv-all').addEventListener('click', async (e) => {
    e.preventDefault();
    try {
      const res = await fetchKpis(query({ format: 'csv' }));
      download(`kpis-${$('kpi-period').value}-${$('kpi-dimension').value}-${$('kpi-from').value}.csv`, await res.text());
    } catch (err) {
      $('kpi-status').textContent = err.message;
    }
  });
  void load();
}

start();
