// Opens the UI that `jirga demo` serves on its store of real (bundled) articles and checks
// what only coded news text has: explanations, attributions, places, meetings with
// several participants. Usage: JIRGA_URL=http://127.0.0.1:PORT node demo.test.mjs
import { baseUrl, checker, launch, shotsDir } from './harness.mjs';

const base = baseUrl();
const shots = shotsDir();

const check = checker('demo: ');

const { context, page, errors } = await launch();
let failed = false;
const api = path => page.evaluate(p => fetch('/api/' + p).then(r => r.json()), path);
try {
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForSelector('#events tbody tr');

  // The Russia–Taliban dyad through the form, then its first event.
  await page.fill('input[name=source]', 'RUS');
  await page.fill('input[name=target]', 'TAL');
  await page.check('input[name=both]');
  await page.click('#apply');
  await page.waitForURL(u => new URL(u).hash.includes('source='));
  await page.waitForSelector('#events tbody tr');
  const rows = await page.$$eval('#events tbody tr', rs => rs.length);
  check(rows > 0, `Russia–Taliban events listed (${rows})`);
  await page.click('#events tbody tr a.event-link');
  await page.waitForSelector('#sentence');
  const marks = await page.$$eval('#sentence mark', ms => ms.flatMap(m => m.dataset.role.split(' ')));
  check(marks.includes('trigger') && (marks.includes('source') || marks.includes('target')), `verb and actors highlighted (${marks.join(', ')})`);
  const pattern = await page.textContent('#explanation code');
  check(pattern && pattern !== '—', `why it was coded: pattern ${pattern}`);
  check(await page.$$eval('#explanation .tag', ts => ts.length) > 0, 'dictionary entries behind the coding are listed');

  // An attributed event (a claim someone made): the attribution is highlighted and named.
  const all = await api('events?limit=500');
  const attributed = all.events.find(e => e.record.attribution);
  check(attributed, 'the demo store has an attributed event');
  await page.goto(base + '#/event/' + encodeURIComponent(attributed.record.event_id));
  await page.waitForSelector('#sentence');
  const roles = await page.$$eval('#sentence mark', ms => ms.flatMap(m => m.dataset.role.split(' ')));
  check(roles.includes('attribution'), `attribution highlighted in "${attributed.record.sentence.text}"`);
  const facts = await page.textContent('#facts');
  check(facts.includes(attributed.record.attribution.code) && facts.includes(attributed.record.certainty),
    `attribution ${attributed.record.attribution.code} and certainty ${attributed.record.certainty} shown`);
  await page.screenshot({ path: shots + 'demo-event.png', fullPage: true });

  // A placed event: the place is highlighted when it is named in the evidence sentence.
  const inSentence = r => r.place && r.place.start >= r.sentence.start && r.place.end <= r.sentence.end && r.place.end > r.place.start;
  const placed = all.events.find(e => inSentence(e.record));
  if (placed) {
    await page.goto(base + '#/event/' + encodeURIComponent(placed.record.event_id));
    await page.waitForSelector('#sentence');
    const pr = await page.$$eval('#sentence mark', ms => ms.flatMap(m => m.dataset.role.split(' ').map(r => [r, m.textContent])));
    check(pr.some(([r]) => r === 'place'), `place "${placed.record.place.text}" highlighted`);
  } else {
    console.log('note - demo: no event names its place inside its own sentence');
  }

  // Meetings: one with several participants; its page lists every report.
  await page.goto(base + '#/meetings');
  await page.waitForSelector('#meetings tbody tr');
  const meetings = await page.$$eval('#meetings tbody tr', trs => trs.map(tr => tr.cells[3].querySelectorAll('a').length));
  const i = meetings.findIndex(n => n >= 2);
  check(i >= 0, `a meeting with two or more participants (${meetings.join(', ')} per meeting)`);
  await page.screenshot({ path: shots + 'demo-meetings.png', fullPage: true });
  await page.click(`#meetings tbody tr:nth-child(${i + 1}) a.meeting-link`);
  await page.waitForSelector('#meeting-reports tbody tr');
  check(await page.$$eval('#meeting-reports a.event-link', as => as.length) > 0, 'the meeting page lists its reports');
  check(errors.length === 0, 'no JavaScript errors' + (errors.length ? ': ' + errors.join('; ') : ''));
} catch (e) {
  failed = true;
  console.error(e);
  await page.screenshot({ path: shots + 'demo-failure.png', fullPage: true }).catch(() => {});
} finally {
  await context.close();
}
process.exit(failed ? 1 : 0);
