import type { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { CHROMIUM_ARGS, figureAt, loadReportsConfig } from '@ledger/reports';
import { DemoLedger, writeDemoLedger } from '@ledger/reports/testing/demo-ledger';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * The dashboard in headless Chromium (Debian's chromium, driven by playwright-core) against the
 * API on the demo ledger: the figures it shows must be the API's, its charts the monthly series'.
 * A screenshot goes to test/output/ (ignored by git).
 */
const OUTPUT = path.resolve(__dirname, 'output');

describe('the dashboard', () => {
  let dir: string;
  let demo: DemoLedger;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let key: string;
  let reportingKey: string;
  const api = async (url: string, bearer = key) => {
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-dashboard-e2e-'));
    demo = await writeDemoLedger(dir, 0.002);
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    key = keys.create('supervisor-dashboard', ['reporting', 'supervisor']).key;
    reportingKey = keys.create('reporting-only', ['reporting']).key;
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: demo.plan.agency });
    app = await createApi({ config, eventStore: new SqliteEventStore(demo.eventsFile), masterKey: demo.masterKey, access: { mode: 'required', apiKeysFile: keys.file } }, false);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    // launch() gives Chromium a fresh, temporary profile of its own.
    browser = await chromium.launch({ executablePath: loadReportsConfig().chromiumPath, headless: true, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and its script to anyone, and nothing else without a key', async () => {
    expect((await fetch(`${base}/ui`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${base}/ui/dashboard.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/v1/figures/2020`)).status).toBe(401);
  });

  it('shows the API\'s 2020 figures, the year before, the monthly charts and the audit findings; screenshot in test/output/', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !/status of 40[13]/.test(m.text()) && errors.push(m.text()));

    await page.goto(`${base}/ui?year=2020&agency=jiangmen-psb`);
    // Without a key the page asks for one rather than showing nothing.
    await page.waitForFunction("document.querySelector('[data-testid=status]').textContent.includes('需要 API 密钥')");
    await page.fill('input[name=key]', key);
    await page.click('#query button[type=submit]');
    await page.waitForSelector('[data-testid=status][data-loaded="jiangmen-psb:2020"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=audit] table, [data-testid=audit] [data-audit-clean]');

    const figures = await api('/v1/figures/2020');
    const cells = await page.$$eval('[data-figure]', (nodes) => nodes.map((n) => ({ path: n.getAttribute('data-figure')!, value: JSON.parse(n.getAttribute('data-value')!), text: n.textContent })));
    expect(cells.length).toBeGreaterThan(60);
    for (const cell of cells) expect({ path: cell.path, value: cell.value }).toEqual({ path: cell.path, value: figureAt(figures, cell.path) ?? null });
    const shown = Object.fromEntries(cells.map((c) => [c.path, c.text]));
    expect(shown['applications.received']).toBe(String(figureAt(figures, 'applications.received')));
    expect(shown['previousYear.applications.received']).toBe(String(figureAt(figures, 'previousYear.applications.received')));
    expect(shown['effect.satisfactionRate.percent']).toBe('95.56%');
    expect(shown['items.fullyOnlineRate.percent']).toBe('83.33%');

    const monthly = await api('/v1/figures/2020/monthly');
    expect(await page.getAttribute('[data-testid=chart-applications] svg', 'data-totals')).toBe((monthly.applications as { received: number[] }).received.join(','));
    expect(await page.getAttribute('[data-testid=chart-decisions] svg', 'data-totals')).toBe((monthly.decisions as { total: number[] }).total.join(','));
    expect(await page.$$eval('[data-testid=chart-applications] rect', (r) => r.length)).toBeGreaterThan(12);

    const departments = (await api('/v1/figures/2020/departments')).departments as Record<string, unknown>;
    expect(await page.$$eval('[data-testid=departments] tbody tr td:first-child', (tds) => tds.map((t) => t.textContent))).toEqual(Object.keys(departments));

    const compliance = await api('/v1/audit/compliance/2020');
    const flagged = Object.entries(compliance.summary as Record<string, number>).filter(([, n]) => n > 0);
    for (const [rule, n] of flagged) expect(await page.textContent(`[data-testid=audit] [data-rule="${rule}"]`)).toBe(String(n));

    expect(await page.textContent('[data-testid=report-status]')).toContain('二、存在问题和困难');

    // Replay the denied application from its link.
    const denied = (figures.decisions as { deniedReasons: { applicationId: string }[] }).deniedReasons[0].applicationId;
    await page.click(`[data-testid=denials] button[data-replay="${denied}"]`);
    await page.waitForSelector('[data-testid=replay] table');
    expect(await page.textContent('[data-testid=replay]')).toContain('DecisionMade.v1');

    mkdirSync(OUTPUT, { recursive: true });
    const screenshot = path.join(OUTPUT, 'dashboard-2020.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.locator('[data-testid=chart-applications]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-2020-charts.png') });
    console.log(`dashboard screenshots: ${screenshot}, ${path.join(OUTPUT, 'dashboard-2020-charts.png')}`);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('says the audit findings are not available to a key without the supervisor role', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/ui`);
    await page.fill('input[name=key]', reportingKey);
    await page.fill('input[name=year]', '2020');
    await page.click('#query button[type=submit]');
    await page.waitForSelector('[data-testid=status][data-loaded]');
    expect(await page.textContent('[data-testid=audit] [data-audit-unavailable]')).toContain('supervisor');
    // The figures are there all the same.
    expect(await page.textContent('[data-figure="decisions.total"]')).toBe(String(figureAt(await api('/v1/figures/2020', reportingKey), 'decisions.total')));
    await page.close();
  }, 60_000);
});
