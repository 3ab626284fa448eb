/**
 * A kept scheduled report, from the link in the report mail (report.html?grain=day&period=2026-11-30): each file is
 * asked of GET /staff/reports/{grain}/{period}/{file} with the console's staff token, as JSON (a fetch would drop the
 * token on the cross-origin redirect), and opened at the 5-minute link it answers. Opens the page straight away.
 */

const SESSION = 'redress.console.session';
const $ = (id) => document.getElementById(id);
const token = () => sessionStorage.getItem(SESSION);

const params = new URLSearchParams(location.search);
const grain = params.get('grain') ?? '';
const period = params.get('period') ?? '';

async function open(file) {
  const path = `/staff/reports/${encodeURIComponent(grain)}/${encodeURIComponent(period)}/${encodeURIComponent(file)}`;
  const res = await fetch(new URL(path, location.origin), { headers: { authorization: `Bearer ${token()}`, accept: 'application/json, application/problem+json' }, cache: 'no-store' });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    const named = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new Error(res.status === 404 ? `No ${grain} report for ${period} is kept.` : `${problem.title ?? res.statusText}${named ? ` (${named})` : ''}`);
  }
  location.assign((await res.json()).url);
}

function start() {
  $('report-title').textContent = `KPI report · ${grain} · ${period}`;
  if (!token()) {
    $('report-sign-in').hidden = false;
    return;
  }
  const links = { 'report-page': 'index.html', 'report-csv': `kpis-${grain}-${period}.csv`, 'report-chart': 'chart.svg' };
  for (const [id, file] of Object.entries(links)) {
    $(id).addEventListener('click', (e) => {
      e.preventDefault();
      open(file).catch((err) => ($('report-status').textContent = err.message));
    });
  }
  $('report-files').hidden = false;
  $('report-status').textContent = 'Opening the report…';
  open('index.html').catch((err) => ($('report-status').textContent = err.message));
}

start();
