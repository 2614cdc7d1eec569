// Shared set-up for the browser tests: starts the real salesdesk server on a fresh demo
// database and a headless Chromium driven by playwright-core.
//
//   SALESDESK_BIN       the server binary (default ../build/release/salesdesk from web/)
//   SALESDESK_CHROMIUM  the browser (default /usr/bin/chromium)
//   SALESDESK_WEB_DIST  the built web app (default web/dist)
//
// When the binary is missing the suites are skipped with the reason, except under CI
// (CI set), where that is an error; a missing web/dist is always an error (run
// `npm run build` first).
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = resolve(WEB, process.env.SALESDESK_BIN ?? '../build/release/salesdesk');
export const DIST = resolve(WEB, process.env.SALESDESK_WEB_DIST ?? 'dist');
export const CHROMIUM = process.env.SALESDESK_CHROMIUM ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'salesdesk-demo';

/** Why the suites cannot run here, or null. Pass as `{ skip }` to describe(). */
export const skip = existsSync(BIN) || process.env.CI ? false : `salesdesk binary not found at ${BIN} (set SALESDESK_BIN)`;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

async function waitHealthy(base, child, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`salesdesk serve exited with ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      const res = await fetch(`${base}/api/v1/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`salesdesk did not become healthy in ${timeoutMs} ms:\n${readFileSync(logFile, 'utf8')}`);
}

/**
 * Creates a demo database in a temporary folder and serves it with web/dist.
 * Resolves to { base, adminEmail, stop() }; stop() kills the server and removes the folder.
 */
export async function startServer() {
  if (!existsSync(BIN)) throw new Error(`salesdesk binary not found at ${BIN} (build it, or set SALESDESK_BIN)`);
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run \`npm run build\` in web/ first`);
  const dir = mkdtempSync(join(tmpdir(), 'salesdesk-browser-'));
  const db = join(dir, 't.db');
  try {
    await run(BIN, ['init', '--db', db], { timeout: 60_000 });
    const demo = await run(BIN, ['demo', '--db', db], { timeout: 300_000, maxBuffer: 16 << 20 });
    const printed = `${demo.stdout}\n${demo.stderr}`;
    const adminEmail = process.env.SALESDESK_ADMIN_EMAIL ?? /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(printed)?.[0];
    if (!adminEmail) throw new Error(`no admin e-mail in the output of \`salesdesk demo\`:\n${printed}`);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const logFile = join(dir, 'serve.log');
    const log = openSync(logFile, 'a');
    const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', DIST], {
      stdio: ['ignore', log, log],
    });
    await waitHealthy(base, child, logFile);
    return {
      base,
      adminEmail,
      async stop() {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await once(child, 'exit');
          clearTimeout(timer);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The set-up every suite shares: call it at the top of a describe() body, before any
 * before() of its own. It registers a before() hook that starts the server (startServer)
 * and then the browser (launchBrowser), and an after() hook that closes the browser and
 * then stops the server (each only if it was started, so a failed start still cleans up).
 * It returns an object whose `server` ({ base, adminEmail, stop }) and `browser` fields are
 * filled in when that before() hook has run: read them inside tests and later hooks, not
 * while describe() is being set up, where they are still undefined.
 */
export function useServerAndBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** A new context + page with the given browser language. */
export async function newPage(browser, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form and waits for the signed-in frame. */
export async function signIn(page, base, email, password = DEMO_PASSWORD) {
  await page.goto(`${base}/#/dashboard`);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav').waitFor({ timeout: 20_000 });
}

/** GET an API path with the page's cookies; resolves to { status, body }. */
export function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } });
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }, path);
}

/**
 * A signed-in API client outside the browser (session cookie + CSRF token), for setting up
 * data as another user. Resolves to { user, call(method, path, body?) → { status, body } }.
 */
export async function apiSession(base, email, password = DEMO_PASSWORD) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: base },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign in ${email}: ${res.status}`);
  const body = await res.json();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = body.csrf_token ?? body.user?.csrf_token;
  return {
    user: body.user,
    async call(method, path, payload, headers = {}) {
      const r = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, Origin: base, ...headers },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      const text = await r.text();
      let parsed = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      return { status: r.status, body: parsed, headers: r.headers };
    },
  };
}
