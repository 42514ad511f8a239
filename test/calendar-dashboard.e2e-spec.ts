import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { SqliteEventStore } from '@ledger/event-store';
import { loadLedgerConfig } from '@ledger/ledger';
import { ApiKeyFile } from '@ledger/operations';
import { CHROMIUM_ARGS, loadReportsConfig } from '@ledger/reports';
import { createApi } from '../apps/ledger-api/src/bootstrap';

/**
 * The dashboard in headless Chromium on an API whose business clock reads 15 November 2026:
 * next year's working-day calendar is missing, and the page says so until an operator loads it.
 */
describe('the dashboard and a missing calendar year', () => {
  let dir: string;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let supervisorKey: string;
  let adminKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-calendar-dashboard-'));
    const keys = new ApiKeyFile(path.join(dir, 'api-keys.json'));
    supervisorKey = keys.create('supervisor', ['supervisor']).key;
    adminKey = keys.create('operator', ['admin']).key;
    const now = Date.parse('2026-11-15T10:00:00+08:00');
    app = await createApi(
      {
        config: loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_AGENCY: 'test-psb' }),
        eventStore: new SqliteEventStore(path.join(dir, 'events.sqlite')),
        clock: () => now,
        access: { mode: 'required', apiKeysFile: keys.file },
      },
      false,
    );
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
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

  const signedIn = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/ui`);
    await page.waitForSelector('[data-testid=signin]:not([hidden])');
    await page.fill('[data-testid=signin] input[name=key]', supervisorKey);
    // Listened for before signing in: the page asks for the calendar as soon as the session is shown.
    const calendar = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/calendar');
    await page.click('[data-testid=signin] button[type=submit]');
    await page.waitForSelector('[data-testid=session]:not([hidden])');
    expect((await calendar).status()).toBe(200);
    return { context, page };
  };

  it('warns at the top of the page that 2027 is missing, and no longer once it is loaded', async () => {
    const before = await signedIn();
    const warning = before.page.locator('[data-testid=calendar-warning]');
    await warning.waitFor({ state: 'visible' });
    expect(await warning.textContent()).toContain('2027 年的工作日历尚未载入');
    expect(await warning.textContent()).toContain('ledger calendar load cn-2027.json');
    await before.context.close();

    const loaded = await fetch(`${base}/v1/admin/calendar/2027`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'CN',
        year: 2027,
        holidays: ['2027-01-01'],
        makeupWorkdays: [],
        source: 'hypothetical test arrangement',
      }),
    });
    expect(loaded.status).toBe(200);

    const after = await signedIn();
    // The page asked and got no warning back.
    await after.page.waitForLoadState('networkidle');
    expect(await after.page.isHidden('[data-testid=calendar-warning]')).toBe(true);
    await after.context.close();
  });
});
