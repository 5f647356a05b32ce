// jirga UI: a small hash-routed single-page app over the JSON API.
// Every value from the API is put into the page with textContent (never innerHTML).
'use strict';

const main = document.getElementById('main');
let chart = null;
let graph = null;

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

async function api(path, params) {
  const qs = params ? '?' + new URLSearchParams(clean(params)) : '';
  const res = await fetch('/api/' + path + qs);
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// Loads a bundled library once, when a view first needs it (not before the first render).
const loading = {};
function need(global, src) {
  if (window[global]) return Promise.resolve();
  loading[src] = loading[src] || new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => { delete loading[src]; reject(new Error('cannot load ' + src)); };
    document.head.append(s);
  });
  return loading[src];
}
const needChart = () => need('Chart', '/ui/vendor/chart.umd.min.js');
const needGraph = () => need('cytoscape', '/ui/vendor/cytoscape.min.js');

function clean(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== '' && v !== undefined && v !== null) out[k] = v;
  return out;
}

function route() {
  const raw = location.hash.replace(/^#\/?/, '') || 'events';
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').map(decodeURIComponent), params: Object.fromEntries(new URLSearchParams(qs || '')) };
}

function go(view, params) {
  location.hash = '#/' + view + (params ? '?' + new URLSearchParams(clean(params)) : '');
}

function showError(e) {
  main.append(h('p', { class: 'error', role: 'alert', text: e.message || String(e) }));
}

function reset() {
  if (chart) { chart.destroy(); chart = null; }
  if (graph) { graph.destroy(); graph = null; }
  main.replaceChildren();
}

function eventLink(id, text) {
  return h('a', { href: '#/event/' + encodeURIComponent(id), class: 'event-link', text: text });
}

function actorText(a) {
  return a ? a.code : '—';
}

// The first time a view has its data on screen, a Performance API mark (read by the
// browser test: time from navigation start to the first useful render).
function markFirstRender() {
  if (!performance.getEntriesByName('jirga:first-render').length) performance.mark('jirga:first-render');
}

// ---------- events ----------
const FILTERS = [
  ['actor', 'Actor (either side)', 'RUS'], ['source', 'Source', 'RUS:GOV'], ['target', 'Target', 'TAL'],
  ['cameo', 'CAMEO code', '042'], ['plover', 'PLOVER type', 'CONSULT'],
  ['since', 'Since', '2018-01'], ['until', 'Until', '2018-12-31'],
  ['place', 'Place', 'AFG'], ['outlet', 'Outlet', 'Reuters'], ['text', 'Words', 'talks'],
];

function filterForm(p) {
  const form = h('form', { class: 'filters', id: 'filters' });
  for (const [name, label, ph] of FILTERS) {
    form.append(h('label', {}, label, h('input', { name, placeholder: ph, value: p[name] || '' })));
  }
  const cert = h('select', { name: 'certainty' }, h('option', { value: '', text: 'any' }),
    ['asserted', 'reported', 'alleged', 'denied', 'planned', 'hypothetical'].map(c =>
      h('option', { value: c, selected: p.certainty === c, text: c })));
  form.append(h('label', {}, 'Certainty', cert));
  const quad = h('select', { name: 'quad' }, h('option', { value: '', text: 'any' }),
    [['1', 'verbal coop.'], ['2', 'material coop.'], ['1,2', 'cooperation'], ['3', 'verbal conflict'], ['4', 'material conflict'], ['3,4', 'conflict']].map(([v, t]) =>
      h('option', { value: v, selected: p.quad === v, text: t })));
  form.append(h('label', {}, 'QuadClass', quad));
  form.append(h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'both', checked: p.both === 'true' }), 'both directions'));
  form.append(h('button', { type: 'submit', id: 'apply', text: 'Apply' }));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const fd = new FormData(form);
    const q = {};
    for (const [k, v] of fd.entries()) q[k] = k === 'both' ? 'true' : String(v).trim();
    go('events', q);
  });
  return form;
}

async function viewEvents(p) {
  main.append(filterForm(p));
  const limit = 50;
  const offset = Number(p.offset || 0);
  if (p.source && p.target) {
    main.append(h('h2', { text: `Timeline ${p.source} ↔ ${p.target}` }));
    dyadChart(main, { source: p.source, target: p.target, both: p.both === 'true' ? 'true' : 'false', by: 'month', since: p.since, until: p.until });
  } else {
    timelineChart(main, p);
  }
  const box = h('div', { id: 'results' }, h('p', { class: 'muted', text: 'Loading…' }));
  main.append(box);
  try {
    const q = Object.assign({}, p, { limit, offset });
    const page = await api('events', q);
    box.replaceChildren();
    box.append(h('p', { id: 'total', text: `${page.total} events` + (page.total ? ` (showing ${offset + 1}–${offset + page.events.length})` : '') }));
    const tbody = h('tbody');
    for (const e of page.events) {
      const r = e.record;
      tbody.append(h('tr', { class: 'event-row' },
        h('td', { text: e.date || '—' }),
        h('td', { text: actorText(r.source) }),
        h('td', {}, h('span', { class: 'q' + r.quad_class, text: r.cameo }), r.plover ? ' ' + r.plover.event : ''),
        h('td', { text: actorText(r.target) }),
        h('td', { text: r.certainty + (r.negated ? ' (negated)' : '') }),
        h('td', {}, eventLink(r.event_id, r.sentence.text.length > 160 ? r.sentence.text.slice(0, 160) + '…' : r.sentence.text)),
        h('td', { text: r.outlet || '' })));
    }
    box.append(h('table', { id: 'events' },
      h('thead', {}, h('tr', {}, ['Date', 'Source', 'Event', 'Target', 'Certainty', 'Evidence', 'Outlet'].map(t => h('th', { text: t })))),
      tbody));
    markFirstRender();
    const pager = h('div', { class: 'pager' });
    if (offset > 0) pager.append(h('a', { href: '#', text: '← previous', onclick: ev => { ev.preventDefault(); go('events', Object.assign({}, p, { offset: Math.max(0, offset - limit) })); } }));
    if (offset + limit < page.total) pager.append(h('a', { href: '#', text: 'next →', onclick: ev => { ev.preventDefault(); go('events', Object.assign({}, p, { offset: offset + limit })); } }));
    box.append(pager);
  } catch (e) { box.replaceChildren(); showError(e); }
}

// ---------- event page ----------
function highlighted(text, hls) {
  const el = h('p', { class: 'sentence', id: 'sentence' });
  // The same words in two roles (a target that is also the place) are one mark with both.
  const spans = [];
  for (const hl of hls) {
    const same = spans.find(x => x.start === hl.start && x.end === hl.end);
    if (same) same.roles.push(hl.role); else spans.push({ start: hl.start, end: hl.end, roles: [hl.role] });
  }
  let at = 0;
  for (const sp of spans) {
    if (sp.start < at) continue; // overlapping spans: keep the first
    el.append(text.slice(at, sp.start));
    const roles = sp.roles.join(' ');
    el.append(h('mark', { class: 'hl ' + sp.roles.map(r => 'hl-' + r).join(' '), title: sp.roles.join(', '), 'data-role': roles, text: text.slice(sp.start, sp.end) }));
    at = sp.end;
  }
  el.append(text.slice(at));
  return el;
}

async function viewEvent(id) {
  try {
    const d = await api('events/' + encodeURIComponent(id));
    const r = d.hit.record;
    main.append(h('p', {}, h('a', { href: 'javascript:history.back()', text: '← back' })));
    main.append(h('h2', { id: 'event-title', text: `${actorText(r.source)} → ${r.cameo}${r.plover ? ' ' + r.plover.event : ''} → ${actorText(r.target)}` }));
    if (d.title) main.append(h('p', { class: 'muted', text: d.title }));
    main.append(highlighted(r.sentence.text, d.highlights));
    main.append(h('p', { class: 'legend' }, ['source', 'target', 'trigger', 'attribution', 'place'].map(k => h('span', {}, h('mark', { class: 'hl hl-' + k, text: k })))));
    const facts = [
      ['Event id', r.event_id], ['Date', d.hit.date || '—'], ['Source', r.source ? `${r.source.code} (“${r.source.text}”)` : '—'],
      ['Target', r.target ? `${r.target.code} (“${r.target.text}”)` : '—'], ['CAMEO', r.cameo],
      ['PLOVER', r.plover ? [r.plover.event, r.plover.mode].filter(Boolean).join(' / ') : '—'],
      ['Goldstein', String(r.goldstein)], ['QuadClass', String(r.quad_class)],
      ['Certainty', r.certainty], ['Negated', r.negated ? 'yes' : 'no'],
      ['Attribution', r.attribution ? `${r.attribution.code} (“${r.attribution.text}”)` : '—'],
      ['When', r.when ? [r.when.date, r.when.text ? `“${r.when.text}”` : ''].filter(Boolean).join(' ') : '—'],
      ['Place', r.place ? [r.place.text, r.place.city, r.place.country].filter(Boolean).join(', ') : '—'],
      ['Outlet', r.outlet || '—'], ['Document', r.doc_id], ['Dictionary / model', `${r.dict_version} / ${r.model_version}`],
    ];
    // Facts that name something the store can filter on link to those events.
    const links = {
      Source: r.source && '#/events?actor=' + encodeURIComponent(r.source.code),
      Target: r.target && '#/events?actor=' + encodeURIComponent(r.target.code),
      CAMEO: '#/events?cameo=' + encodeURIComponent(r.cameo),
      PLOVER: r.plover && '#/events?plover=' + encodeURIComponent(r.plover.event),
      Outlet: r.outlet && '#/events?outlet=' + encodeURIComponent(r.outlet),
      Place: r.place && (r.place.country || r.place.city) && '#/events?place=' + encodeURIComponent(r.place.country || r.place.city),
      Document: '#/doc/' + encodeURIComponent(r.doc_id),
    };
    main.append(h('dl', { class: 'facts', id: 'facts' }, facts.map(([k, v]) => [h('dt', { text: k }),
      h('dd', {}, links[k] ? h('a', { href: links[k], 'data-fact': k, text: v }) : v)])));
    if (r.source && r.target) {
      main.append(h('p', {}, h('a', { id: 'dyad-link', href: '#/dyad?' + new URLSearchParams({ source: r.source.code.slice(0, 3), target: r.target.code.slice(0, 3), both: 'true' }),
        text: `Trend of ${r.source.code.slice(0, 3)} ↔ ${r.target.code.slice(0, 3)} over time` })));
    }
    if (r.url) main.append(h('p', {}, 'Source article: ', h('a', { href: r.url, rel: 'noopener noreferrer', text: r.url })));
    const ex = r.explanation || {};
    main.append(h('h3', { text: 'Why it was coded' }));
    main.append(h('div', { id: 'explanation' },
      h('p', {}, 'Pattern: ', h('code', { text: ex.pattern || '—' })),
      ex.entries && ex.entries.length ? h('p', {}, 'Dictionary entries: ', ex.entries.map(e => h('span', { class: 'tag', text: e }))) : null,
      ex.notes && ex.notes.length ? h('ul', {}, ex.notes.map(n => h('li', { text: n }))) : null));
    if (d.incident) {
      const inc = d.incident;
      main.append(h('h3', { text: `Incident ${inc.info.incident}: ${inc.info.reports} reports, ${inc.info.documents} documents, ${inc.info.outlets} outlets` }));
      main.append(h('table', {}, h('tbody', {}, inc.reports.map(rep => h('tr', {},
        h('td', { text: rep.date || '—' }), h('td', { text: rep.outlet || '' }), h('td', { text: rep.certainty }),
        h('td', {}, eventLink(rep.event_id, rep.sentence)))))));
    }
  } catch (e) { showError(e); }
}

// ---------- document ----------
async function viewDocument(id) {
  try {
    const d = await api('documents/' + encodeURIComponent(id));
    main.append(h('h2', { id: 'doc-title', text: d.title || d.id }));
    main.append(h('p', { class: 'muted' }, [d.date, d.outlet, d.author, d.language].filter(Boolean).join(' · '),
      d.url ? [' · ', h('a', { href: d.url, rel: 'noopener noreferrer', text: d.url })] : null));
    main.append(h('h3', { text: `${d.events.length} events coded in this document` }));
    main.append(h('table', { id: 'doc-events' }, h('tbody', {}, d.events.map(r => h('tr', {},
      h('td', { text: actorText(r.source) }), h('td', {}, h('span', { class: 'q' + r.quad_class, text: r.cameo })),
      h('td', { text: actorText(r.target) }), h('td', { text: r.certainty + (r.negated ? ' (negated)' : '') }),
      h('td', {}, eventLink(r.event_id, r.sentence.text)))))));
    main.append(h('h3', { text: 'Text' }), h('pre', { class: 'doc-text', text: d.text }));
  } catch (e) { showError(e); }
}

// ---------- dyad chart ----------
function periodRange(period, by) {
  if (by === 'month' || period.length <= 7) return { since: period, until: period };
  const start = new Date(period + 'T00:00:00Z');
  const end = new Date(start.getTime() + (by === 'week' ? 6 : 0) * 86400000);
  return { since: period, until: end.toISOString().slice(0, 10) };
}

async function dyadChart(parent, q) {
  const box = h('div', { class: 'chart-box' }, h('canvas', { id: 'dyad-chart' }));
  parent.append(box);
  try {
    const [pts] = await Promise.all([api('series', q), needChart()]);
    if (!pts.length) { box.replaceChildren(h('p', { class: 'muted', text: 'No events between these actors.' })); return; }
    const labels = pts.map(p => p.period);
    chart = new Chart(box.querySelector('canvas'), {
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'Cooperation (reports, Quad 1+2)', data: pts.map(p => p.quad_reports[0] + p.quad_reports[1]), backgroundColor: '#2e9e5b', stack: 's' },
          { type: 'bar', label: 'Conflict (reports, Quad 3+4)', data: pts.map(p => -(p.quad_reports[2] + p.quad_reports[3])), backgroundColor: '#c8323c', stack: 's' },
          { type: 'line', label: 'Goldstein mean', data: pts.map(p => p.goldstein_mean), borderColor: '#1d2330', yAxisID: 'g', tension: .2 },
        ],
      },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: { y: { ticks: { precision: 0 }, title: { display: true, text: 'reports (conflict below 0)' } }, g: { position: 'right', min: -10, max: 10, title: { display: true, text: 'Goldstein' }, grid: { display: false } } },
        onClick: (_ev, els) => {
          if (!els.length) return;
          // The series counts events that were not negated: so does the list behind it.
          // A click on the cooperation or conflict bar opens only that class.
          const range = periodRange(labels[els[0].index], q.by || 'month');
          const quad = ['1,2', '3,4'][els[0].datasetIndex] || '';
          go('events', Object.assign({ source: q.source, target: q.target, both: q.both === 'false' ? '' : 'true', negated: 'false', quad }, range));
        },
      },
    });
  } catch (e) { box.replaceChildren(); showError(e); }
}

// A timeline of any filter: events per period; a click on a bar opens its events.
async function timelineChart(parent, p) {
  const q = Object.assign({}, p);
  delete q.offset; delete q.limit;
  const oneMonth = p.since && p.until && p.since.slice(0, 7) === p.until.slice(0, 7);
  const by = oneMonth ? 'day' : 'month';
  const box = h('div', { class: 'chart-box timeline-box' }, h('canvas', { id: 'timeline-chart' }));
  parent.append(box);
  try {
    const [pts] = await Promise.all([api('timeline', Object.assign({}, q, { by })), needChart()]);
    if (!pts.length) { box.replaceChildren(h('p', { class: 'muted', text: 'No dated events for this filter.' })); return; }
    const labels = pts.map(x => x.period);
    const quads = [['verbal coop.', '#7cc79a'], ['material coop.', '#2e9e5b'], ['verbal conflict', '#e38b8f'], ['material conflict', '#c8323c']];
    chart = new Chart(box.querySelector('canvas'), {
      type: 'bar',
      data: { labels, datasets: quads.map(([label, color], i) => ({ label, data: pts.map(x => x.quad_reports[i]), backgroundColor: color, stack: 's' })) },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { title: { display: true, text: `Events per ${by} (click a bar for its events)` } },
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: 'reports' } } },
        onClick: (_ev, els) => {
          if (!els.length) return;
          const range = periodRange(labels[els[0].index], by);
          go('events', Object.assign({}, q, range));
        },
      },
    });
    box.dataset.ready = 'true';
  } catch (e) { box.replaceChildren(); showError(e); }
}

function viewDyad(p) {
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Source', h('input', { name: 'source', value: p.source || '', placeholder: 'RUS', required: true })),
    h('label', {}, 'Target', h('input', { name: 'target', value: p.target || '', placeholder: 'TAL', required: true })),
    h('label', {}, 'By', h('select', { name: 'by' }, ['month', 'week', 'day'].map(b => h('option', { value: b, selected: p.by === b, text: b })))),
    h('label', {}, 'Since', h('input', { name: 'since', value: p.since || '' })),
    h('label', {}, 'Until', h('input', { name: 'until', value: p.until || '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'oneway', checked: p.both === 'false' }), 'one direction only'),
    h('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const fd = Object.fromEntries(new FormData(form).entries());
    go('dyad', { source: fd.source.trim(), target: fd.target.trim(), by: fd.by, since: fd.since, until: fd.until, both: fd.oneway ? 'false' : 'true' });
  });
  main.append(form);
  if (p.source && p.target) {
    main.append(h('p', { class: 'muted', text: 'Click a bar or point to see the events behind it.' }));
    dyadChart(main, { source: p.source, target: p.target, by: p.by || 'month', both: p.both || 'true', since: p.since, until: p.until });
  }
}

// ---------- network ----------
async function viewNetwork(p) {
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Actor (empty: most reported dyads)', h('input', { name: 'actor', value: p.actor || '', placeholder: 'RUS' })),
    h('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', ev => { ev.preventDefault(); go('network', { actor: new FormData(form).get('actor').trim() }); });
  main.append(form, h('p', { class: 'muted', text: 'Click an actor or a link to see its events.' }));
  const box = h('div', { id: 'graph' });
  main.append(box);
  try {
    const nodes = new Map();
    const edges = [];
    if (p.actor) {
      const partners = await api('partners', { actor: p.actor, limit: 40 });
      nodes.set(p.actor, 0);
      for (const pa of partners) {
        nodes.set(pa.partner, pa.reports);
        const coop = pa.quad_reports[0] + pa.quad_reports[1];
        edges.push({ s: p.actor, t: pa.partner, w: pa.reports, coop: coop >= pa.reports - coop });
      }
    } else {
      const s = await api('summary', { top: 60 });
      for (const d of s.top_dyads) {
        nodes.set(d.source, (nodes.get(d.source) || 0) + d.reports);
        nodes.set(d.target, (nodes.get(d.target) || 0) + d.reports);
        edges.push({ s: d.source, t: d.target, w: d.reports, coop: null });
      }
    }
    await needGraph();
    const maxW = Math.max(1, ...edges.map(e => e.w));
    graph = cytoscape({
      container: box,
      elements: [
        ...[...nodes.keys()].map(id => ({ data: { id, label: id } })),
        ...edges.map((e, i) => ({ data: { id: 'e' + i, source: e.s, target: e.t, w: 1 + 7 * e.w / maxW, color: e.coop === null ? '#8894aa' : e.coop ? '#2e9e5b' : '#c8323c' } })),
      ],
      style: [
        { selector: 'node', style: { label: 'data(label)', 'background-color': '#3d6bd6', color: '#1d2330', 'font-size': 11 } },
        { selector: 'edge', style: { width: 'data(w)', 'line-color': 'data(color)', 'curve-style': 'bezier', 'target-arrow-shape': p.actor ? 'none' : 'triangle', 'target-arrow-color': 'data(color)', opacity: .7 } },
      ],
      layout: { name: 'cose', animate: false },
    });
    graph.on('tap', 'node', ev => go('events', { actor: ev.target.id() }));
    graph.on('tap', 'edge', ev => go('events', { source: ev.target.data('source'), target: ev.target.data('target'), both: p.actor ? 'true' : '' }));
  } catch (e) { box.remove(); showError(e); }
}

// ---------- meetings ----------
async function viewMeetings(p) {
  const form = h('form', { class: 'filters' },
    h('label', {}, 'Actor', h('input', { name: 'actor', value: p.actor || '', placeholder: 'TAL' })),
    h('label', {}, 'Since', h('input', { name: 'since', value: p.since || '' })),
    h('label', {}, 'Until', h('input', { name: 'until', value: p.until || '' })),
    h('button', { type: 'submit', text: 'Show' }));
  form.addEventListener('submit', ev => { ev.preventDefault(); go('meetings', Object.fromEntries(new FormData(form).entries())); });
  main.append(form);
  try {
    const ms = await api('meetings', { actor: p.actor, since: p.since, until: p.until, limit: 100 });
    if (!ms.length) { main.append(h('p', { class: 'muted', text: 'No meetings.' })); return; }
    const who = list => list.map(a => h('a', { class: 'tag', href: '#/events?actor=' + encodeURIComponent(a.code), title: a.text, text: a.code }));
    main.append(h('table', { id: 'meetings' },
      h('thead', {}, h('tr', {}, ['Dates', 'Event', 'Place', 'Came', 'Stayed away', 'Reports'].map(t => h('th', { text: t })))),
      h('tbody', {}, ms.map(m => h('tr', {},
        h('td', { text: [m.date_first, m.date_last].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(' – ') || '—' }),
        h('td', { text: m.cameo }), h('td', { text: m.place || '' }),
        h('td', {}, who(m.attendees)), h('td', {}, who(m.absent)),
        h('td', {}, h('a', { href: '#/meeting/' + m.incidents.join(','), class: 'meeting-link', text: `${m.reports} (${m.outlets} outlets)` })))))));
  } catch (e) { showError(e); }
}

// One meeting: its incidents (one per pair of participants when a report names several)
// and every report behind them.
async function viewMeeting(ids) {
  try {
    const list = ids.split(',').filter(x => /^\d+$/.test(x)).slice(0, 200);
    const incs = await Promise.all(list.map(i => api('incidents/' + i)));
    const parties = [...new Set(incs.flatMap(x => x.info.pair))].filter(Boolean);
    main.append(h('h2', { id: 'meeting-title', text: `Meeting: ${parties.join(', ')}` }));
    main.append(h('p', {}, 'Participants: ', parties.map(c => h('a', { class: 'tag', href: '#/events?actor=' + encodeURIComponent(c), text: c }))));
    const seen = new Set();
    const reports = incs.flatMap(x => x.reports).filter(r => !seen.has(r.event_id) && seen.add(r.event_id));
    main.append(h('p', { id: 'meeting-total', text: `${reports.length} reports in ${incs.length} incident${incs.length > 1 ? 's' : ''}` },
      ' · ', incs.map(x => h('a', { href: '#/events?incident=' + x.info.incident, class: 'tag', text: `incident ${x.info.incident} (${x.info.pair.join('–')})` }))));
    main.append(h('table', { id: 'meeting-reports' }, h('tbody', {}, reports.map(r => h('tr', {},
      h('td', { text: r.date || '—' }), h('td', { text: r.cameo }), h('td', { text: r.outlet || '' }),
      h('td', { text: r.certainty + (r.negated ? ' (negated)' : '') }), h('td', {}, eventLink(r.event_id, r.sentence)))))));
  } catch (e) { showError(e); }
}

// ---------- router ----------
async function render() {
  reset();
  const { parts, params } = route();
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.view === parts[0]));
  switch (parts[0]) {
    case 'event': return viewEvent(parts.slice(1).join('/'));
    case 'doc': return viewDocument(parts.slice(1).join('/'));
    case 'dyad': return viewDyad(params);
    case 'network': return viewNetwork(params);
    case 'meetings': return viewMeetings(params);
    case 'meeting': return viewMeeting(parts[1] || '');
    default: return viewEvents(params);
  }
}

window.addEventListener('hashchange', render);
render();
api('summary', { top: 1 }).then(s => {
  document.getElementById('stats').textContent = `${s.events} events · ${s.incidents} incidents · ${s.documents} documents`;
}).catch(() => {});
