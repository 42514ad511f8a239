import type { INestApplication } from '@nestjs/common';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { SqliteEventStore } from '@ledger/event-store';
import { createSigningKeyFile } from '@ledger/integrity';
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
  let adminKey: string;
  const api = async (url: string, bearer = key, method = 'GET') => {
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  /** A fresh browser context (its own cookies) signed in through the page's form. */
  const signedIn = async (credential: string, url = `${base}/ui?year=2020&agency=jiangmen-psb`) => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid=signin]:not([hidden])');
    await page.fill('[data-testid=signin] input[name=key]', credential);
    await page.click('[data-testid=signin] button[type=submit]');
    await page.waitForSelector('[data-testid=status][data-loaded]', { timeout: 30_000 });
    return { context, page };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-dashboard-e2e-'));
    demo = await writeDemoLedger(dir, 0.002);
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    createSigningKeyFile(
      path.join(dir, 'signing.key'),
      path.join(dir, 'signing.pub'),
      `ledger.${demo.plan.agency}/events`,
    );
    key = keys.create('supervisor-dashboard', ['reporting', 'supervisor']).key;
    reportingKey = keys.create('reporting-only', ['reporting']).key;
    adminKey = keys.create('operator', ['admin', 'reporting']).key;
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: demo.plan.agency });
    app = await createApi(
      {
        config,
        eventStore: new SqliteEventStore(demo.eventsFile),
        masterKey: demo.masterKey,
        access: { mode: 'required', apiKeysFile: keys.file },
      },
      false,
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    // launch() gives Chromium a fresh, temporary profile of its own.
    browser = await chromium.launch({
      executablePath: loadReportsConfig().chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and its script to anyone, and nothing else without a credential', async () => {
    expect((await fetch(`${base}/ui`)).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await fetch(`${base}/ui/dashboard.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/v1/figures/2020`)).status).toBe(401);
  });

  it("signs in once, then shows the API's 2020 figures, the year before, the monthly charts and the audit findings; screenshot in test/output/", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // 401 before signing in; 404 from the integrity endpoints while no checkpoint is signed yet.
    page.on('console', (m) => m.type() === 'error' && !/status of 40[134]/.test(m.text()) && errors.push(m.text()));

    await page.goto(`${base}/ui?year=2020&agency=jiangmen-psb`);
    // Not signed in: the page asks for a credential rather than showing nothing.
    await page.locator('[data-testid=status]', { hasText: '请先登录' }).waitFor();
    expect(await page.isVisible('[data-testid=signin]')).toBe(true);
    await page.fill('[data-testid=signin] input[name=key]', key);
    await page.click('[data-testid=signin] button[type=submit]');
    await page.waitForSelector('[data-testid=status][data-loaded="jiangmen-psb:2020"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=audit] table, [data-testid=audit] [data-audit-clean]');

    // The credential went into an HttpOnly cookie, out of the page's reach.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'ledger_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    type Storage = { document: { cookie: string }; sessionStorage: object; localStorage: object };
    expect(await page.evaluate(() => (globalThis as unknown as Storage).document.cookie)).toBe('');
    expect(
      await page.evaluate(() =>
        JSON.stringify([
          { ...(globalThis as unknown as Storage).sessionStorage },
          { ...(globalThis as unknown as Storage).localStorage },
        ]),
      ),
    ).toBe('[{},{}]');
    expect(await page.textContent('[data-testid=session]')).toContain('监督');
    // The agency by its own name, as the report signs it.
    expect(await page.textContent('#figures-caption')).toMatch(/^江门市公安局（jiangmen-psb）/);

    const figures = await api('/v1/figures/2020');
    const cells = await page.$$eval('[data-figure]', (nodes) =>
      nodes.map((n) => ({
        path: n.getAttribute('data-figure')!,
        value: JSON.parse(n.getAttribute('data-value')!),
        text: n.textContent,
      })),
    );
    expect(cells.length).toBeGreaterThan(60);
    for (const cell of cells)
      expect({ path: cell.path, value: cell.value }).toEqual({
        path: cell.path,
        value: figureAt(figures, cell.path) ?? null,
      });
    const shown = Object.fromEntries(cells.map((c) => [c.path, c.text]));
    expect(shown['applications.received']).toBe(String(figureAt(figures, 'applications.received')));
    expect(shown['previousYear.applications.received']).toBe(
      String(figureAt(figures, 'previousYear.applications.received')),
    );
    expect(shown['effect.satisfactionRate.percent']).toBe('95.56%');
    expect(shown['items.fullyOnlineRate.percent']).toBe('83.33%');

    // Colours say whether a change is good: fewer complaints and fewer visits are better, a higher rate is better.
    for (const [path, better] of [
      ['supervision.complaintsReceived', 'down'],
      ['items.averageRequiredVisits.value', 'down'],
      ['effect.satisfactionRate.percent', 'up'],
      ['items.fullyOnlineRate.percent', 'up'],
    ] as const) {
      const now = figureAt(figures, path) as number;
      const before = figureAt(figures, `previousYear.${path}`) as number;
      const expected = now === before ? 'same' : now > before === (better === 'up') ? 'better' : 'worse';
      expect({
        path,
        change: await page.getAttribute(`tr[data-row="${path}"] td[data-change]`, 'data-change'),
      }).toEqual({ path, change: expected });
    }
    // Volumes are neither good nor bad.
    expect(await page.getAttribute('tr[data-row="applications.received"] td[data-change]', 'data-change')).toMatch(
      /^(neutral|same)$/,
    );

    const monthly = await api('/v1/figures/2020/monthly');
    expect(await page.getAttribute('[data-testid=chart-applications] svg', 'data-totals')).toBe(
      (monthly.applications as { received: number[] }).received.join(','),
    );
    expect(await page.getAttribute('[data-testid=chart-decisions] svg', 'data-totals')).toBe(
      (monthly.decisions as { total: number[] }).total.join(','),
    );
    expect(await page.$$eval('[data-testid=chart-applications] rect', (r) => r.length)).toBeGreaterThan(12);

    const departments = (await api('/v1/figures/2020/departments')).departments as Record<string, unknown>;
    expect(
      await page.$$eval('[data-testid=departments] tbody tr td:first-child', (tds) => tds.map((t) => t.textContent)),
    ).toEqual(Object.keys(departments));

    const compliance = await api('/v1/audit/compliance/2020');
    const flagged = Object.entries(compliance.summary as Record<string, number>).filter(([, n]) => n > 0);
    for (const [rule, n] of flagged)
      expect(await page.textContent(`[data-testid=audit] [data-rule="${rule}"]`)).toBe(String(n));
    // Findings in Chinese; English on request.
    const findings = compliance.findings as { summary: string }[];
    if (findings.length > 0) {
      const [zh, en] = findings[0].summary.split(' / ');
      expect(await page.textContent('[data-testid=audit] [data-finding] [data-summary]')).toBe(zh);
      await page.check('#findings-english');
      await page.locator('[data-testid=audit] [data-finding] [data-summary]').first().filter({ hasText: en }).waitFor();
      await page.uncheck('#findings-english');
    }

    expect(await page.textContent('[data-testid=report-status]')).toContain('二、存在问题和困难');

    // Replay the denied application from its link: Chinese event names, local times, the deadline and on-time columns.
    const denied = (figures.decisions as { deniedReasons: { applicationId: string }[] }).deniedReasons[0].applicationId;
    await page.click(`[data-testid=denials] button[data-replay="${denied}"]`);
    await page.waitForSelector('[data-testid=replay] table');
    const replay = (await api(`/v1/audit/applications/${denied}/replay`)) as {
      steps: {
        type: string;
        actor: string;
        principal: string | null;
        onTime?: boolean | null;
        deadline: { status: string; deadline?: string } | null;
      }[];
    };
    const rows = await page.$$eval('[data-testid=replay] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(rows).toHaveLength(replay.steps.length);
    expect(await page.textContent('[data-testid=replay]')).not.toContain('.v1');
    expect(rows.map((r) => r[1])).toContain('作出行政许可决定');
    for (const row of rows) {
      expect(row[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$/);
      expect(row[3]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00$/);
    }
    const decision = replay.steps.findIndex((step) => step.type === 'DecisionMade.v1');
    expect(rows[decision][6]).toBe(
      replay.steps[decision].onTime === true ? '按时' : replay.steps[decision].onTime === false ? '超期' : '期限未知',
    );
    const known = replay.steps[decision].deadline;
    if (known?.status === 'known') expect(rows[decision][5]).toContain(known.deadline);
    // 记录人: the actor, and the principal that recorded it for them when that is another.
    replay.steps.forEach((step, i) => {
      expect(rows[i][4]).toContain(step.actor);
      if (step.principal && step.principal !== step.actor) expect(rows[i][4]).toContain(`经 ${step.principal} 记录`);
      else expect(rows[i][4]).not.toContain('经 ');
    });

    // The report opens as a plain link, and its number links answer in the browser (no 401).
    const [report] = await Promise.all([
      context.waitForEvent('page'),
      page.click('[data-testid=report-links] a[data-report=html]'),
    ]);
    await report.waitForLoadState();
    const link = await report.getAttribute('a[href*="/v1/figures/2020"]', 'href');
    expect(link).toBeTruthy();
    const followed = await report.goto(new URL(link!, base).toString());
    expect(followed?.status()).toBe(200);
    await report.close();

    mkdirSync(OUTPUT, { recursive: true });
    const screenshot = path.join(OUTPUT, 'dashboard-2020.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.locator('[data-testid=chart-applications]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUTPUT, 'dashboard-2020-charts.png') });
    console.log(`dashboard screenshots: ${screenshot}, ${path.join(OUTPUT, 'dashboard-2020-charts.png')}`);
    expect(errors).toEqual([]);

    // Signing out ends the session: the figures answer 401 and the page asks for a credential again.
    await page.click('#signout');
    await page.locator('[data-testid=status]', { hasText: '已退出' }).waitFor();
    expect((await context.request.get(`${base}/v1/figures/2020`)).status()).toBe(401);
    await page.reload();
    await page.waitForSelector('[data-testid=signin]:not([hidden])');
    await context.close();
  }, 120_000);

  it('shows a reporting-only user the figures but no replay, print or audit actions it could not take', async () => {
    const { context, page } = await signedIn(reportingKey);
    expect(await page.textContent('[data-testid=audit] [data-audit-unavailable]')).toContain('supervisor');
    expect(await page.$$('button[data-replay], button[data-trail]')).toHaveLength(0);
    expect(await page.isVisible('#replay-form')).toBe(false);
    expect(await page.isVisible('[data-testid=projections]')).toBe(false);
    // The figures are there all the same, and the report links.
    expect(await page.textContent('[data-figure="decisions.total"]')).toBe(
      String(figureAt(await api('/v1/figures/2020', reportingKey), 'decisions.total')),
    );
    expect(await page.isVisible('[data-testid=report-links] a[data-report=pdf]')).toBe(true);
    // What the page hides the API refuses too.
    expect((await context.request.get(`${base}/v1/audit/applications/x/replay`)).status()).toBe(403);
    await context.close();
  }, 60_000);

  it('shows an operator the projections and the integrity state as the API has them', async () => {
    await api('/v1/integrity/checkpoints', key, 'POST');
    const { context, page } = await signedIn(adminKey);
    await page.waitForSelector('[data-testid=projections] tr[data-projection="yearly-figures"]');
    const [status] = (await api('/v1/admin/projections', adminKey)) as unknown as {
      position: string | null;
      lag: { events: number };
    }[];
    expect(await page.textContent('[data-testid=projections] [data-position]')).toBe(status.position ?? '—');
    expect(await page.textContent('[data-testid=projections] [data-last-error]')).toBe('无');
    const note = await (await fetch(`${base}/v1/integrity/checkpoint`)).text();
    expect(await page.textContent('[data-testid=integrity] [data-tree-size]')).toBe(note.split('\n')[1]);
    expect(await page.getAttribute('[data-testid=integrity] [data-cosignatures]', 'data-cosignatures')).toBe('0');
    // No `ledger verify` has run on this ledger: the page says so rather than implying a result.
    expect(await page.getAttribute('[data-testid=integrity] [data-last-verify]', 'data-last-verify')).toBe('none');
    // An admin without the supervisor role gets no replay actions.
    expect(await page.$$('button[data-replay]')).toHaveLength(0);
    await context.close();
  }, 60_000);
});
