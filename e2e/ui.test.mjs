// Opens the jirga UI in Debian's chromium, filters to a dyad, opens an event and checks
// what the event page shows. Usage: JIRGA_URL=http://127.0.0.1:PORT node ui.test.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.JIRGA_URL;
if (!base || !/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
  console.error('JIRGA_URL must be http://127.0.0.1:PORT');
  process.exit(2);
}
const source = process.env.E2E_SOURCE || 'RUS';
const target = process.env.E2E_TARGET || 'TAL';
const shots = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
  console.log('ok -', what);
}

// A fresh profile directory per run (launchPersistentContext takes it as userDataDir).
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'jirga-e2e-')), {
  viewport: { width: 1280, height: 900 },
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
const page = context.pages()[0] || await context.newPage();
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
try {
  const t0 = Date.now();
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForSelector('#events tbody tr');
  const firstRender = Date.now() - t0;
  console.log(`first render with events: ${firstRender} ms`);
  check(/\d+ events/.test(await page.textContent('#stats')), 'header shows store counts');

  // The timeline of all events: clicking a bar opens the events of that period.
  await page.waitForSelector('.timeline-box[data-ready=true]');
  const bar = await page.evaluate(() => {
    const canvas = document.getElementById('timeline-chart');
    const chart = Chart.getChart(canvas);
    const totals = chart.data.labels.map((_, i) => chart.data.datasets.reduce((n, d) => n + d.data[i], 0));
    const i = totals.indexOf(Math.max(...totals));
    // The top of the stack is the last dataset with a bar in this period.
    const ds = chart.data.datasets.map((d, k) => k).filter(k => chart.data.datasets[k].data[i] > 0).pop();
    const el = chart.getDatasetMeta(ds).data[i];
    const box = canvas.getBoundingClientRect();
    return { period: chart.data.labels[i], total: totals[i], x: box.left + el.x, y: box.top + (el.y + el.base) / 2 };
  });
  await page.screenshot({ path: shots + 'timeline.png' });
  await page.mouse.click(bar.x, bar.y);
  // (waitForURL tests the URL in node: the page's CSP forbids evaluating strings in it)
  await page.waitForURL(u => decodeURIComponent(new URL(u).hash).includes('since=' + bar.period));
  await page.waitForSelector('#total');
  const periodTotal = await page.textContent('#total');
  check(periodTotal.startsWith(`${bar.total} events`), `timeline bar ${bar.period} (${bar.total}) opens its events (${periodTotal.trim()})`);
  const dates = await page.$$eval('#events tbody tr', rows => rows.map(r => r.cells[0].textContent));
  check(dates.length > 0 && dates.every(d => d.startsWith(bar.period)), 'every event of the bar is in its period');
  await page.goto(base + '#/events');
  await page.waitForSelector('#events tbody tr');

  // Filter to a dyad through the form.
  await page.fill('input[name=source]', source);
  await page.fill('input[name=target]', target);
  await page.check('input[name=both]');
  await page.click('#apply');
  await page.waitForURL(u => new URL(u).hash.includes('source='));
  await page.waitForSelector('#events tbody tr');
  await page.waitForSelector('#dyad-chart');
  const total = await page.textContent('#total');
  check(/^\d+ events/.test(total), `dyad filter gives a count (${total.trim()})`);
  const pairs = await page.$$eval('#events tbody tr', rows => rows.map(r => [r.cells[1].textContent, r.cells[3].textContent]));
  check(pairs.length > 0, `dyad has events (${pairs.length} rows)`);
  check(pairs.every(([s, t]) => (s.startsWith(source) && t.startsWith(target)) || (s.startsWith(target) && t.startsWith(source))),
    'every row is between the two actors');
  await page.screenshot({ path: shots + 'dyad.png', fullPage: true });

  // Open the first event.
  const rowSentence = (await page.textContent('#events tbody tr a.event-link')).replace(/…$/, '');
  await page.click('#events tbody tr a.event-link');
  await page.waitForSelector('#sentence');
  const sentence = await page.textContent('#sentence');
  check(sentence.startsWith(rowSentence), 'event page shows the evidence sentence of the row');
  const marks = await page.$$eval('#sentence mark', ms => ms.map(m => [m.dataset.role, m.textContent]));
  check(marks.some(([r]) => r === 'trigger'), 'the trigger verb is highlighted');
  check(marks.some(([r]) => r === 'source' || r === 'target'), 'an actor is highlighted');
  for (const [, text] of marks) check(sentence.includes(text), `highlight "${text}" is part of the sentence`);
  const title = await page.textContent('#event-title');
  check(title.includes(source) && title.includes(target), `title names the dyad (${title})`);
  const facts = await page.textContent('#facts');
  check(/Certainty/.test(facts) && /Attribution/.test(facts), 'certainty and attribution are shown');
  check((await page.textContent('#explanation')).includes('Pattern'), 'explanation is shown');
  await page.screenshot({ path: shots + 'event.png', fullPage: true });

  // Network and meetings views render.
  await page.goto(base + '#/network');
  await page.waitForSelector('#graph canvas');
  await page.screenshot({ path: shots + 'network.png' });
  await page.goto(base + '#/meetings');
  await page.waitForSelector('#meetings tbody tr, main p.muted');
  await page.screenshot({ path: shots + 'meetings.png' });
  check(errors.length === 0, 'no JavaScript errors' + (errors.length ? ': ' + errors.join('; ') : ''));
} catch (e) {
  failed = true;
  console.error(e);
  await page.screenshot({ path: shots + 'failure.png', fullPage: true }).catch(() => {});
} finally {
  await context.close();
}
process.exit(failed ? 1 : 0);
