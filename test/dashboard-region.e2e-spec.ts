import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { loadDefaultCalendar } from '@ledger/domain';
import { DEMO_CITY, DemoWriter, SimulatedClock, cityPlan } from '@ledger/demo';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, LedgerCoreModule, loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { CHROMIUM_ARGS, figureAt, loadReportsConfig } from '@ledger/reports';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * The dashboard's region view in headless Chromium (Debian's chromium, driven by playwright-core)
 * on a generated city of four agencies (`cityPlan`, as `ledger demo --agencies 4` writes it): the
 * region's figures shown must be the API's roll-up, each agency's row the API's standing and the
 * agency's own figures, and a credential bound to one agency sees the API refuse the city.
 * A screenshot goes to test/output/ (ignored by git).
 */
const OUTPUT = path.resolve(__dirname, 'output');
const city = cityPlan({ agencies: 4, scale: 0.002, years: [2019, 2020] });
/** The district of the second agency (pengjiang-psb in 蓬江区): the one region its bound credential covers. */
const bound = city.hierarchy.agencies[1];
/** Decisions recorded late in the bound agency, so that its rank and flags differ from the others'. */
const LATE_DECISIONS = 3;

type Json = Record<string, unknown>;
interface Standing {
  agency: string;
  name: string;
  headline: Record<string, number | { percent: number | null }>;
  ranks: Record<string, number | null>;
  flags: { code: string; count: number }[];
}

describe('the dashboard’s region view', () => {
  let dir: string;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let cityKey: string;
  let boundKey: string;
  const api = async (url: string, bearer = cityKey) => {
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json() as Promise<Json>;
  };
  /** A fresh browser context (its own cookies) signed in through the page's form, on the given query. */
  const signedIn = async (credential: string, query: string) => {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // 404s: no checkpoint signed yet, and the region a bound credential may not see.
    page.on('console', (m) => m.type() === 'error' && !/status of 40[134]/.test(m.text()) && errors.push(m.text()));
    await page.goto(`${base}/ui?${query}`);
    await page.waitForSelector('[data-testid=signin]:not([hidden])');
    await page.fill('[data-testid=signin] input[name=key]', credential);
    await page.click('[data-testid=signin] button[type=submit]');
    return { context, page, errors };
  };
  const cells = (page: Page, selector: string, attribute: string) =>
    page.$$eval(
      selector,
      (nodes, name) =>
        nodes.map((n) => ({
          key: n.getAttribute(name)!,
          value: JSON.parse(n.getAttribute('data-value')!) as unknown,
          text: n.textContent,
        })),
      attribute,
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-dashboard-region-e2e-'));
    const masterKey = randomBytes(32);
    const eventsFile = path.join(dir, 'events.sqlite');
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: city.plans[0].agency });
    // The city written through the command handlers, as `ledger demo --agencies 4` does.
    const clock = new SimulatedClock();
    const moduleRef = await Test.createTestingModule({
      imports: [
        LedgerCoreModule.forRoot({ eventStore: new SqliteEventStore(eventsFile), clock: clock.now, config, masterKey }),
      ],
    }).compile();
    await moduleRef.init();
    const writer = new DemoWriter(moduleRef.get(LedgerCommands), clock, loadDefaultCalendar());
    for (const plan of city.plans) expect((await writer.write(plan, { concurrency: 256 })).failures).toEqual([]);
    await moduleRef.close();

    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    cityKey = keys.create('city-supervisor', ['reporting', 'supervisor']).key;
    boundKey = keys.create('district-supervisor', ['reporting', 'supervisor'], { agencies: [bound.agency] }).key;
    const adminKey = keys.create('operator', ['admin', 'clerk']).key;
    app = await createApi(
      {
        config,
        eventStore: new SqliteEventStore(eventsFile),
        masterKey,
        access: { mode: 'required', apiKeysFile: keys.file },
      },
      false,
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    // The region hierarchy loaded through the API, as an operator would.
    const loaded = await fetch(`${base}/v1/admin/regions`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(city.hierarchy),
    });
    expect(loaded.status).toBe(200);
    await recordLateDecisions(adminKey);
    browser = await chromium.launch({
      executablePath: loadReportsConfig().chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 300_000);

  /** An item of the bound agency and LATE_DECISIONS of its applications decided past the statutory 20 working days. */
  async function recordLateDecisions(bearer: string): Promise<void> {
    const post = async (url: string, body: Json) => {
      const res = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ agency: bound.agency, ...body }),
      });
      if (res.status !== 201) throw new Error(`${url} → ${res.status} ${await res.text()}`);
    };
    await post('/v1/items', {
      code: 'E2E-LATE',
      name: '测试事项',
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      handlingType: 'promised',
      requiredVisits: 1,
      fullyOnline: false,
      inStandardCatalogue: true,
      inOnlineHall: true,
      disclosable: true,
      effectiveFrom: '2019-01-01T00:00:00+08:00',
    });
    for (let n = 1; n <= LATE_DECISIONS; n++) {
      const id = `e2e-late-${n}`;
      await post('/v1/applications', {
        applicationId: id,
        itemCode: 'E2E-LATE',
        channel: 'online',
        filedAt: '2020-03-02T09:00:00+08:00',
        applicant: { name: '示例申请人', idNumber: `DEMO-LATE-${n}` },
      });
      await post(`/v1/applications/${id}/acceptance`, { accepted: true, at: '2020-03-02T10:00:00+08:00' });
      await post(`/v1/applications/${id}/decision`, { outcome: 'granted', at: '2020-06-30T10:00:00+08:00' });
    }
  }

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the city's roll-up and each agency's figures, ranks and flags as the API has them; screenshot in test/output/", async () => {
    const { context, page, errors } = await signedIn(cityKey, `year=2020&region=${DEMO_CITY.code}&onTimeBelow=99.9`);
    await page.waitForSelector(`[data-testid=status][data-loaded="region:${DEMO_CITY.code}:2020"]`, {
      timeout: 30_000,
    });
    expect(await page.isVisible('[data-testid=region-view]')).toBe(true);
    expect(await page.isHidden('#agency-view')).toBe(true);
    // Every region of the hierarchy can be chosen.
    expect(
      await page.$$eval('[data-testid=region-select] option[data-level]', (o) => o.map((n) => n.getAttribute('value'))),
    ).toEqual(expect.arrayContaining(city.hierarchy.regions.map((r) => r.code)));

    // The roll-up table: every figure shown is the API's roll-up at that path.
    const rollUp = await api(`/v1/figures/2020?region=${DEMO_CITY.code}`);
    const shown = await cells(page, '[data-testid=region-figures] [data-figure]', 'data-figure');
    expect(shown.length).toBeGreaterThan(60);
    for (const cell of shown)
      expect({ path: cell.key, value: cell.value }).toEqual({
        path: cell.key,
        value: figureAt(rollUp, cell.key) ?? null,
      });
    const text = Object.fromEntries(shown.map((c) => [c.key, c.text]));
    expect(text['applications.received']).toBe(String(figureAt(rollUp, 'applications.received')));
    expect(text['previousYear.decisions.total']).toBe(String(figureAt(rollUp, 'previousYear.decisions.total')));
    expect(await page.textContent('#region-caption')).toContain(`${DEMO_CITY.name}（${DEMO_CITY.code}），4 个机关`);

    // The agencies table: one row per agency of the API's standings, in its order, each cell its headline, rank and flags.
    const standings = (await api(`/v1/figures/2020/agencies?region=${DEMO_CITY.code}&onTimeBelow=99.9`))
      .agencies as Standing[];
    expect(standings.map((s) => s.agency).sort()).toEqual(city.plans.map((p) => p.agency).sort());
    expect(
      await page.$$eval('[data-testid=region-agencies] tbody tr', (trs) =>
        trs.map((tr) => tr.getAttribute('data-agency')),
      ),
    ).toEqual(standings.map((s) => s.agency));
    for (const standing of standings) {
      const row = `[data-testid=region-agencies] tr[data-agency="${standing.agency}"]`;
      const own = await api(`/v1/figures/2020?agency=${standing.agency}`);
      for (const cell of await cells(page, `${row} [data-headline]`, 'data-headline')) {
        const headline = standing.headline[cell.key];
        const expected = typeof headline === 'number' ? headline : headline.percent;
        expect({ agency: standing.agency, figure: cell.key, value: cell.value }).toEqual({
          agency: standing.agency,
          figure: cell.key,
          value: expected,
        });
      }
      // The same numbers as the agency's own figures.
      expect(await page.getAttribute(`${row} [data-headline=received]`, 'data-value')).toBe(
        String(figureAt(own, 'applications.received')),
      );
      expect(await page.getAttribute(`${row} [data-headline=overdue]`, 'data-value')).toBe(
        String(figureAt(own, 'decisions.overdue')),
      );
      expect(await page.getAttribute(`${row} [data-headline=onTimeRate]`, 'data-value')).toBe(
        JSON.stringify(figureAt(own, 'decisions.onTimeRate.percent')),
      );
      for (const [rate, rank] of Object.entries(standing.ranks))
        expect(await page.getAttribute(`${row} [data-headline=${rate}]`, 'data-rank')).toBe(
          rank === null ? '' : String(rank),
        );
      expect(
        await page.$$eval(`${row} [data-flag]`, (pills) =>
          pills.map((p) => ({ code: p.getAttribute('data-flag'), count: Number(p.getAttribute('data-count')) })),
        ),
      ).toEqual(standing.flags.map((f) => ({ code: f.code, count: f.count })));
      expect(await page.getAttribute(`${row} a[data-agency-link]`, 'href')).toBe(
        `/ui?year=2020&agency=${standing.agency}`,
      );
    }
    // The late decisions show: the bound agency is flagged for them and ranked below the others on its on-time rate.
    const late = standings.find((s) => s.agency === bound.agency)!;
    const lateRow = `[data-testid=region-agencies] tr[data-agency="${bound.agency}"]`;
    expect(await page.getAttribute(`${lateRow} [data-flag="DECISION.OVERDUE"]`, 'data-count')).toBe(
      String(figureAt(await api(`/v1/figures/2020?agency=${bound.agency}`), 'decisions.overdue')),
    );
    expect(
      Number(await page.getAttribute(`${lateRow} [data-flag="DECISION.OVERDUE"]`, 'data-count')),
    ).toBeGreaterThanOrEqual(LATE_DECISIONS);
    expect(await page.isVisible(`${lateRow} [data-flag="ON_TIME.BELOW_THRESHOLD"]`)).toBe(true);
    expect(late.ranks.onTimeRate).toBe(standings.length);
    expect(await page.textContent('#region-agencies-caption')).toContain('低于 99.9% 时标记');
    // No checkpoint is signed on this ledger: every agency carries FIGURES.NOT_SIGNED, and the page shows it.
    expect(await page.$$('[data-testid=region-agencies] [data-flag="FIGURES.NOT_SIGNED"]')).toHaveLength(
      standings.length,
    );

    // The total row is the roll-up's, and equals the sum of the rows above it.
    for (const total of await cells(page, '[data-testid=region-agencies] [data-total]', 'data-total')) {
      if (typeof total.value !== 'number' || total.key.endsWith('Rate')) continue;
      const rows = await page.$$eval(`[data-testid=region-agencies] tbody [data-headline=${total.key}]`, (tds) =>
        tds.map((td) => Number(td.getAttribute('data-value'))),
      );
      expect({ figure: total.key, total: total.value }).toEqual({
        figure: total.key,
        total: rows.reduce((n, v) => n + v, 0),
      });
    }
    expect(await page.getAttribute('[data-total=received]', 'data-value')).toBe(
      String(figureAt(rollUp, 'applications.received')),
    );
    expect(await page.getAttribute('[data-total=onTimeRate]', 'data-value')).toBe(
      JSON.stringify(figureAt(rollUp, 'decisions.onTimeRate.percent')),
    );

    mkdirSync(OUTPUT, { recursive: true });
    const screenshot = path.join(OUTPUT, 'dashboard-region-2020.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`region dashboard screenshot: ${screenshot}`);

    // An agency's link opens that agency's own view, on the same session.
    const second = standings[1];
    await page.click(`[data-testid=region-agencies] tr[data-agency="${second.agency}"] a[data-agency-link]`);
    await page.waitForSelector(`[data-testid=status][data-loaded="${second.agency}:2020"]`, { timeout: 30_000 });
    expect(await page.isVisible('#agency-view')).toBe(true);
    expect(await page.getAttribute('[data-testid=figures] [data-figure="applications.received"]', 'data-value')).toBe(
      String(figureAt(await api(`/v1/figures/2020?agency=${second.agency}`), 'applications.received')),
    );
    expect(errors).toEqual([]);
    // Back to the region view the link was followed from.
    await page.goBack();
    await page.waitForSelector(`[data-testid=status][data-loaded="region:${DEMO_CITY.code}:2020"]`, {
      timeout: 30_000,
    });
    await context.close();
  }, 180_000);

  it('shows the API’s problem for a threshold out of range, naming the field', async () => {
    const { context, page } = await signedIn(cityKey, `year=2020&region=${DEMO_CITY.code}&onTimeBelow=101`);
    const res = await fetch(`${base}/v1/figures/2020/agencies?region=${DEMO_CITY.code}&onTimeBelow=101`, {
      headers: { authorization: `Bearer ${cityKey}` },
    });
    const problem = (await res.json()) as { code: string; detail: string; errors: { field: string }[] };
    expect(res.status).toBe(400);
    expect(problem.errors.map((e) => e.field)).toEqual(['onTimeBelow']);
    const box = page.locator('[data-testid=region-refusal]');
    await box.waitFor({ state: 'visible' });
    expect(await box.getAttribute('data-status')).toBe('400');
    expect(await box.locator('[data-code]').textContent()).toBe(problem.code);
    expect(await box.locator('[data-detail]').textContent()).toBe(problem.detail);
    expect(await box.textContent()).toContain('查询条件不被接受：onTimeBelow');
    await context.close();
  }, 60_000);

  it('shows a credential bound to one agency its district, and the API’s refusal of the city', async () => {
    const { context, page } = await signedIn(boundKey, `year=2020&region=${bound.region}`);
    await page.waitForSelector(`[data-testid=status][data-loaded="region:${bound.region}:2020"]`, { timeout: 30_000 });
    expect(
      await page.$$eval('[data-testid=region-agencies] tbody tr', (trs) =>
        trs.map((tr) => tr.getAttribute('data-agency')),
      ),
    ).toEqual([bound.agency]);
    const district = await api(`/v1/figures/2020?region=${bound.region}`, boundKey);
    expect(await page.getAttribute('[data-testid=region-figures] [data-figure="decisions.total"]', 'data-value')).toBe(
      String(figureAt(district, 'decisions.total')),
    );

    // The city holds agencies the credential does not act for: the API answers as for an unknown region.
    const refusal = await fetch(`${base}/v1/figures/2020?region=${DEMO_CITY.code}`, {
      headers: { authorization: `Bearer ${boundKey}` },
    });
    const problem = (await refusal.json()) as { code: string; detail: string };
    expect(refusal.status).toBe(404);
    await page.selectOption('[data-testid=region-select]', DEMO_CITY.code);
    await page.click('#query button[type=submit]');
    const box = page.locator('[data-testid=region-refusal]');
    await box.waitFor({ state: 'visible' });
    expect(await box.getAttribute('data-status')).toBe(String(refusal.status));
    expect(await box.locator('[data-code]').textContent()).toBe(problem.code);
    expect(await box.locator('[data-detail]').textContent()).toBe(problem.detail);
    expect(await box.textContent()).toContain(`无法查看地区 ${DEMO_CITY.code}`);
    // The district's numbers do not stay on the page beside the refusal.
    expect(await page.isVisible('[data-testid=region-figures]')).toBe(false);
    expect(await page.isVisible('[data-testid=region-agencies]')).toBe(false);
    expect(await page.textContent('[data-testid=status]')).toContain(`无法查看地区 ${DEMO_CITY.code}`);
    await context.close();
  }, 120_000);
});
