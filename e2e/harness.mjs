// What both browser tests share: the server address, the screenshot folder, checks that
// print TAP-like lines, and Debian's chromium started headless with a fresh profile.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** JIRGA_URL, which must be a loopback address; exits 2 otherwise. */
export function baseUrl() {
  const base = process.env.JIRGA_URL;
  if (!base || !/^http:\/\/127\.0\.0\.1:\d+\/?$/.test(base)) {
    console.error('JIRGA_URL must be http://127.0.0.1:PORT');
    process.exit(2);
  }
  return base;
}

/** e2e/screenshots/, created. */
export function shotsDir() {
  const shots = new URL('./screenshots/', import.meta.url).pathname;
  mkdirSync(shots, { recursive: true });
  return shots;
}

/** A check that throws when `cond` is false and prints "ok - PREFIXwhat" when true. */
export function checker(prefix = '') {
  return (cond, what) => {
    if (!cond) throw new Error('check failed: ' + what);
    console.log('ok - ' + prefix + what);
  };
}

/** Chromium with a fresh profile directory per run; the page's JavaScript errors collect in `errors`. */
export async function launch() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'jirga-e2e-')), {
    viewport: { width: 1280, height: 900 },
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  return { context, page, errors };
}
