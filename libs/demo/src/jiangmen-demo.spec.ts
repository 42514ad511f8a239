import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkCompliance } from '@ledger/audit';
import { loadDefaultCalendar } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import { LedgerCommands, LedgerCoreModule, fromStoredEvent, loadLedgerConfig } from '@ledger/ledger';
import { YearlyFiguresAccumulator } from '@ledger/projections';
import { DemoSchedule } from './demo-schedule';
import { DemoRunSummary, DemoWriter, SimulatedClock } from './demo-writer';
import { JIANGMEN_CATALOGUE } from './jiangmen-catalogue';
import {
  CARRIED_OVER_ITEM,
  DemoPlan,
  DemoYear,
  SEED_DENIAL_REASON,
  expectedFigures,
  jiangmenPlan,
} from './jiangmen-plan';
import { LICENSED_ITEMS } from './licence-plan';

const calendar = loadDefaultCalendar();

/** Grants of the given items in the plan's year, counted from the item quotas and the special cases. */
function grantsOfItems(plan: DemoPlan, year: DemoYear, codes: readonly string[]): number {
  const y = plan.byYear[year]!;
  return JIANGMEN_CATALOGUE.reduce((n, item, i) => {
    if (!codes.includes(item.code)) return n;
    const denied = y.denials.filter((d) => d.itemCode === item.code).length;
    return n + y.itemQuotas[i] - denied - (item.code === CARRIED_OVER_ITEM ? y.carriedOver : 0);
  }, 0);
}
const LICENSED = LICENSED_ITEMS.map((i) => i.code);
const ONE_YEAR = LICENSED_ITEMS.filter((i) => i.term === 'one-year').map((i) => i.code);

describe('the Jiangmen demo plan', () => {
  describe('when at full scale', () => {
    const plan = jiangmenPlan();
    const figures = expectedFigures(plan, 2020);

    it('states every 2020 figure of the seed report', () => {
      expect(figures.items).toMatchObject({
        total: 102,
        inStandardCatalogue: 102,
        inOnlineHall: 102,
        fullyOnline: 85,
        fullyOnlineRate: { numerator: 85, denominator: 102, percent: 83.33 },
        immediateRate: { numerator: 72, denominator: 102, percent: 70.59 },
        averageRequiredVisits: { total: 10, count: 102, value: 0.098 },
        timeLimitCompressionRate: { percent: 93.79 },
      });
      expect(Object.keys(figures.items.byDepartment).sort()).toEqual(['交警', '出入境', '治安', '禁毒', '科信'].sort());
      expect(figures.applications).toEqual({
        received: 410_054,
        accepted: 410_054,
        notAccepted: 0,
        withdrawn: 0,
        pendingAtYearEnd: 1,
      });
      expect(figures.decisions).toMatchObject({
        total: 410_053,
        granted: 410_052,
        denied: 1,
        onTime: 410_053,
        overdue: 0,
        onTimeRate: { percent: 100 },
      });
      expect(figures.decisions.deniedReasons.map((d) => d.reason)).toEqual([SEED_DENIAL_REASON]);
      // 20,575 published (every grant to an organisation); every 出入境 grant exempt under 《护照法》.
      expect(figures.disclosure).toEqual({
        disclosed: 20_575,
        exempt: 55_806,
        disclosureRate: { numerator: 20_575, denominator: 20_575, percent: 100 },
      });
      expect(expectedFigures(plan, 2019).disclosure).toMatchObject({
        disclosed: 18_106,
        disclosureRate: { percent: 100 },
      });
      expect(figures.supervision).toMatchObject({
        externalSupervision: 142,
        enforcementInspections: 12,
        caseFilesReviewed: 80,
        complaintsReceived: 0,
        complaintsValid: 0,
        reconsiderations: 0,
        litigations: 0,
      });
      expect(figures.effect).toMatchObject({
        satisfactionRate: { percent: 95.56 },
        electronicCertificates: 14_936,
        certificatesMailed: 13_950,
      });
      const indicators = Object.fromEntries(
        figures.indicators.map((i) => [i.name, `${i.value} ${i.unit} (${i.source})`]),
      );
      expect(indicators).toMatchObject({
        公章刻制: '55122 枚 (公章治安管理信息系统)',
        平均刻制时长: '0.48 小时 (公章治安管理信息系统)',
        网上刻章: '30858 枚 (在线刻章业务平台)',
        车管业务预约: '380000 宗 (车管业务预约系统)',
        自助终端入驻率: '100 % (广东省政务服务自助终端管理平台)',
        剧毒化学品购买许可证件: '472 份 (剧毒化学品购买许可证件管理系统)',
      });
    });

    it('creates a licence for every grant of a licensed item and gives a plausible share of them a life after the grant', () => {
      const licences = figures.licences;
      const before = expectedFigures(plan, 2019).licences;
      expect(licences.granted).toBe(grantsOfItems(plan, 2020, LICENSED));
      expect(before.granted).toBe(grantsOfItems(plan, 2019, LICENSED));
      const share = (n: number, of: number) => n / of;
      expect(share(licences.changesApplied, licences.granted)).toBeGreaterThan(0.02);
      expect(share(licences.changesApplied, licences.granted)).toBeLessThan(0.1);
      expect(share(licences.postGrantInspections, licences.granted)).toBeGreaterThan(0.02);
      expect(share(licences.postGrantInspections, licences.granted)).toBeLessThan(0.1);
      // The one-year licences of 2019 come up for renewal in 2020: most apply, the rest lapse and are cancelled.
      const renewable = grantsOfItems(plan, 2019, ONE_YEAR);
      expect(share(licences.renewalsApplied, renewable)).toBeGreaterThan(0.4);
      expect(share(licences.renewalsApplied, renewable)).toBeLessThan(0.8);
      expect(licences.renewalsApplied).toBe(licences.renewed + licences.renewalsRefused + licences.deemedRenewals);
      expect(licences.renewalsDecidedBeforeExpiry).toBe(licences.renewed + licences.renewalsRefused);
      expect(licences.renewalsDecidedAfterExpiry).toBe(0);
      expect(licences.deemedRenewals).toBeGreaterThan(0);
      expect(licences.changesApplied).toBe(licences.changesApproved + licences.changesRefused);
      expect(licences.changesRefused).toBeGreaterThan(0);
      expect(licences.withdrawn).toBeGreaterThan(0);
      expect(licences.revoked).toBeGreaterThan(0);
      expect(licences.usesSuspended).toBeGreaterThan(0);
      expect(licences.cancelled).toBeGreaterThan(licences.withdrawn + licences.revoked + licences.renewalsRefused);
      expect(share(licences.cancelled, licences.granted + before.granted)).toBeLessThan(0.05);
      // The stock grows: this year's licences and most of last year's are in force on 31 December.
      expect(licences.inForceAtYearEnd).toBeGreaterThan(licences.granted);
      expect(licences.inForceAtYearEnd).toBeLessThan(licences.granted + before.granted);
      expect(before.renewalsApplied).toBe(0);
      expect(Object.keys(licences.byDepartment).sort()).toEqual(['交警', '治安', '禁毒'].sort());
      for (const key of Object.keys(licences).filter((k) => k !== 'byDepartment') as (keyof typeof licences)[])
        expect(Object.values(licences.byDepartment).reduce((s, d) => s + d[key as keyof typeof d], 0)).toBe(
          licences[key],
        );
    });

    it('denies the one application for a first-class precursor chemical purchase with a legal basis', () => {
      const [denial] = plan.byYear[2020]!.denials;
      const item = JIANGMEN_CATALOGUE.find((i) => i.code === denial.itemCode)!;
      expect(item.attributes[2020]).toMatchObject({ name: '第一类易制毒化学品购买许可', department: '禁毒' });
      expect(denial.legalBasis).toContain('《易制毒化学品管理条例》');
    });

    it('rectifies the three problems of 2019 the report lists', () => {
      expect(plan.byYear[2020]!.rectifications.map((r) => [r.year, r.status])).toEqual([
        [2019, 'completed'],
        [2019, 'completed'],
        [2019, 'completed'],
      ]);
      expect(figures.supervision.rectificationsCompleted).toBe(figures.supervision.rectificationsRequired + 3);
    });

    it('gives 2019 a weaker but similar year', () => {
      const before = expectedFigures(plan, 2019);
      expect(before.applications.received).toBeLessThan(figures.applications.received);
      expect(before.applications.received).toBeGreaterThan(0.8 * figures.applications.received);
      expect(before.effect.satisfactionRate.percent!).toBeLessThan(95.56);
      expect(before.items.fullyOnline).toBeLessThan(85);
      expect(before.items.timeLimitCompressionRate.percent!).toBeLessThan(93.79);
      expect(before.applications.pendingAtYearEnd).toBe(0);
      expect(before.effect.electronicCertificates).toBe(0);
    });

    it('keeps every item coherent: promised within statutory, an immediate item promises at most a day', () => {
      for (const item of JIANGMEN_CATALOGUE) {
        for (const year of [2019, 2020] as const) {
          const a = item.attributes[year];
          expect(a.promisedDays).toBeLessThanOrEqual(a.statutoryDays);
          if (a.handlingType === 'immediate') expect(a.promisedDays).toBeLessThanOrEqual(1);
          expect(a.disclosable).toBe(item.applicant === 'organisation' && a.department !== '出入境');
          expect(item.disclosureExemption).toBe(a.department === '出入境' ? '《中华人民共和国护照法》' : undefined);
        }
      }
      expect(new Set(JIANGMEN_CATALOGUE.map((i) => i.code)).size).toBe(102);
    });
  });

  describe.each([0.0005, 0.003, 0.01, 0.05, 0.37])('when scaled by %p', (scale) => {
    const plan = jiangmenPlan({ scale });
    const figures = expectedFigures(plan, 2020);

    it('keeps the catalogue, the special cases and the small counts exact', () => {
      const full = expectedFigures(jiangmenPlan(), 2020);
      expect(figures.items).toEqual(full.items);
      expect(figures.decisions.denied).toBe(1);
      expect(figures.decisions.deniedReasons.map((d) => d.reason)).toEqual([SEED_DENIAL_REASON]);
      expect(figures.applications.pendingAtYearEnd).toBe(1);
      expect(figures.decisions.total).toBe(figures.applications.received - 1);
      expect(figures.decisions.overdue).toBe(0);
      expect(figures.supervision).toEqual(full.supervision);
      expect(figures.indicators).toEqual(full.indicators);
      expect(figures.effect.satisfactionRate.percent).toBe(95.56);
      expect(expectedFigures(plan, 2019).effect.satisfactionRate.percent).toBe(93.33);
    });

    it('scales the volume', () => {
      expect(figures.applications.received).toBe(Math.round(410_054 * scale));
      expect(figures.effect.electronicCertificates).toBe(Math.round(14_936 * scale));
      // Every disclosable grant is published, every 出入境 grant exempted, whatever the scale.
      expect(figures.disclosure.disclosureRate).toMatchObject({
        numerator: figures.disclosure.disclosed,
        denominator: figures.disclosure.disclosed,
      });
      expect(figures.disclosure.exempt).toBeGreaterThan(0);
      expect(Math.abs(figures.disclosure.disclosed - 20_575 * scale)).toBeLessThanOrEqual(
        Math.max(2, 0.02 * 20_575 * scale),
      );
    });
  });

  it('is the same plan and the same commands every time', () => {
    const take = (plan: DemoPlan, n: number) => {
      const out = [];
      for (const cmd of new DemoSchedule(plan, calendar).commands()) {
        out.push(cmd);
        if (out.length === n) break;
      }
      return out;
    };
    expect(jiangmenPlan({ scale: 0.01 })).toEqual(jiangmenPlan({ scale: 0.01 }));
    expect(take(jiangmenPlan({ scale: 0.01 }), 3_000)).toEqual(take(jiangmenPlan({ scale: 0.01 }), 3_000));
  });

  describe('when laid out as commands', () => {
    const plan = jiangmenPlan({ scale: 0.01 });
    const schedule = new DemoSchedule(plan, calendar);
    const commands = [...schedule.commands()];

    it('yields as many commands as it announces, in business-time order, each with its own idempotency key', () => {
      expect(commands).toHaveLength(schedule.commandCount);
      expect(commands.every((c, i) => i === 0 || c.at >= commands[i - 1].at)).toBe(true);
      expect(new Set(commands.map((c) => c.idempotencyKey)).size).toBe(commands.length);
    });

    it('records the rarer facts too: supplements, suspensions, defaulted and rectified ratings, complaints, appeals', () => {
      const names = new Set(commands.map((c) => c.body.command));
      for (const name of [
        'request-supplement',
        'provide-supplement',
        'suspend-time-limit',
        'resume-time-limit',
        'record-visit',
        'disclose-decision',
        'issue-certificate',
        'rectify-bad-rating',
        'log-complaint',
        'resolve-complaint',
        'file-appeal',
        'conclude-appeal',
        'record-rectification',
        'update-rectification',
        'amend-item',
        'grant-licence',
        'inspect-licensee',
        'apply-for-licence-change',
        'decide-licence-change',
        'suspend-licence-use',
        'resume-licence-use',
        'apply-for-renewal',
        'decide-renewal',
        'record-deemed-renewal',
        'withdraw-licence',
        'revoke-licence',
        'record-cancellation-cause',
        'cancel-licence',
      ]) {
        expect(names).toContain(name);
      }
      expect(commands.some((c) => c.body.command === 'receive-rating' && c.body.defaulted === true)).toBe(true);
    });

    it('files and decides on working days in office hours, Beijing time, with plainly synthetic applicants', () => {
      const filings = commands.filter((c) => c.body.command === 'file-application');
      const outsideHours = (at: string, hours: RegExp) =>
        !hours.test(at.slice(11)) || !calendar.isWorkingDay(at.slice(0, 10));
      expect(
        filings.filter((f) => outsideHours(f.body.filedAt as string, /^(0[89]|1[0-6]):\d\d:\d\d\+08:00$/)),
      ).toEqual([]);
      const decisions = commands.filter((c) => c.body.command === 'make-decision');
      expect(decisions.filter((d) => outsideHours(d.body.at as string, /^(0[89]|1[0-7]):\d\d:\d\d\+08:00$/))).toEqual(
        [],
      );
      const applicants = new Set(
        filings.map((f) => {
          const { name, idNumber } = f.body.applicant as { name: string; idNumber: string };
          return `${name} ${idNumber}`;
        }),
      );
      expect(
        [...applicants].filter((a) => !/^示例(申请人\d{8} DEMO-\d{8}|企业\d{4}有限公司 DEMO-ORG-\d{4})$/.test(a)),
      ).toEqual([]);
    });

    it('grants each licence to its applicant on the day of the decision, and renews on the dates the law sets', () => {
      const licenceFacts = commands.filter((c) => c.idempotencyKey.includes(':licence:'));
      const decisions = new Map(
        commands.filter((c) => c.body.command === 'make-decision').map((c) => [c.body.applicationId, c.body]),
      );
      const filings = new Map(
        commands.filter((c) => c.body.command === 'file-application').map((c) => [c.body.applicationId, c.body]),
      );
      const grants = new Map(
        licenceFacts.filter((c) => c.body.command === 'grant-licence').map((c) => [c.body.licenceId, c.body]),
      );
      for (const grant of grants.values()) {
        expect(decisions.get(grant.applicationId)).toMatchObject({ outcome: 'granted' });
        expect(grant.validFrom).toBe(String(decisions.get(grant.applicationId)!.at).slice(0, 10));
        expect(grant.holder).toEqual(filings.get(grant.applicationId)!.applicant);
        expect(grant.licenceNumber).toMatch(/^粤江公（示例）\d{4}第\d{6}号$/);
      }
      const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from.slice(0, 10))) / 86_400_000;
      const validUntil = (c: (typeof licenceFacts)[number]) => String(grants.get(c.body.licenceId)!.validUntil);
      const of = (name: string) => licenceFacts.filter((c) => c.body.command === name);
      // 第五十条: applied for at least 30 days before expiry, decided on or before its last day, deemed only after it.
      expect(of('apply-for-renewal').length).toBeGreaterThan(0);
      for (const c of of('apply-for-renewal'))
        expect(daysBetween(c.body.at as string, validUntil(c))).toBeGreaterThanOrEqual(30);
      for (const c of of('decide-renewal'))
        expect(daysBetween(c.body.at as string, validUntil(c))).toBeGreaterThanOrEqual(0);
      // A lapsed licence is cancelled (第七十条(一)), whether its renewal was refused or never applied for.
      const expired = of('cancel-licence').filter((x) => x.body.cause === 'expired');
      expect(expired.length).toBeGreaterThan(of('decide-renewal').filter((x) => x.body.outcome === 'refused').length);
      for (const c of [...of('record-deemed-renewal'), ...expired])
        expect(daysBetween(c.body.at as string, validUntil(c))).toBeLessThan(0);
      const offHours = licenceFacts.filter(
        (c) =>
          !/^(0[89]|1[0-8]):\d\d:\d\d\+08:00$/.test(String(c.body.at).slice(11)) ||
          !calendar.isWorkingDay(String(c.body.at).slice(0, 10)),
      );
      expect(offHours).toEqual([]);
    });
  });
});

/** A fresh SQLite ledger with the demo's simulated clock, as the CLI builds it. */
async function openLedger() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledger-demo-'));
  const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
  const clock = new SimulatedClock();
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [LedgerCoreModule.forRoot({ eventStore: store, clock: clock.now, config, masterKey: randomBytes(32) })],
  }).compile();
  await moduleRef.init();
  const writer = new DemoWriter(moduleRef.get(LedgerCommands), clock, calendar);
  /** The figures from the events, optionally only those the ledger had recorded by `asOf`. */
  const figures = async (asOf?: string) => {
    const accumulator = new YearlyFiguresAccumulator({ calendar });
    const limit = asOf === undefined ? Infinity : Date.parse(asOf);
    for await (const stored of store.readAll()) {
      const event = fromStoredEvent(stored);
      if (Date.parse(event.metadata.ledgerTime) <= limit) accumulator.apply(event);
    }
    return accumulator;
  };
  const close = async () => {
    await moduleRef.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { store, writer, figures, close };
}

type Ledger = Awaited<ReturnType<typeof openLedger>>;

function expectFiguresOf(accumulator: YearlyFiguresAccumulator, plan: DemoPlan, year: DemoYear): void {
  const expected = expectedFigures(plan, year);
  const actual = accumulator.figures(plan.agency, year);
  expect(actual.items).toEqual(expected.items);
  expect(actual.applications).toEqual(expected.applications);
  expect(actual.decisions).toEqual({ ...expected.decisions, deadlineUnknown: 0 });
  expect(actual.disclosure).toEqual(expected.disclosure);
  expect(actual.supervision).toEqual(expected.supervision);
  expect(actual.effect).toEqual({ ...expected.effect, satisfactionFormula: actual.effect.satisfactionFormula });
  expect(actual.indicators).toEqual(
    [...expected.indicators].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
  expect(actual.licences).toEqual(expected.licences);
}

describe('when the demo is written at a reduced scale', () => {
  const plan = jiangmenPlan({ scale: 0.006 });
  let ledger: Ledger;
  let first: DemoRunSummary;
  let accumulator: YearlyFiguresAccumulator;
  const ledgerLag: number[] = [];

  beforeAll(async () => {
    ledger = await openLedger();
    first = await ledger.writer.write(plan, { concurrency: 256 });
    accumulator = await ledger.figures();
    for await (const stored of ledger.store.readAll()) {
      const { metadata } = fromStoredEvent(stored);
      ledgerLag.push(Date.parse(metadata.ledgerTime) - Date.parse(metadata.businessTime));
    }
  }, 120_000);

  afterAll(() => ledger?.close());

  it('records every command through the command handlers, refusing none', () => {
    expect(first.failures).toEqual([]);
    expect(first.failed).toBe(0);
    expect(first.completed).toBe(first.total);
    expect(first.recordedEvents).toBe(first.total);
  });

  it.each([2020, 2019] as DemoYear[])('gives figures for %p, computed from the events, equal to the plan', (year) => {
    expectFiguresOf(accumulator, plan, year);
  });

  it.each([2020, 2019])('finds nothing to flag in %p, the licences after the grant included', async (year) => {
    const events = [];
    for await (const stored of ledger.store.readAll()) events.push(fromStoredEvent(stored));
    const report = checkCompliance({ agency: plan.agency, year, calendar }, events);
    expect(report.findings.map((f) => `${f.rule}: ${f.summary}`)).toEqual([]);
  });

  it('records each event a few minutes after its business time', () => {
    expect(Math.min(...ledgerLag)).toBeGreaterThan(0);
    expect(Math.max(...ledgerLag)).toBeLessThanOrEqual(5 * 60_000);
  });

  it('gives the 2020 figures as they stood on the day the report was signed, and fewer as of mid-2020', async () => {
    expectFiguresOf(await ledger.figures('2021-03-30T18:00:00+08:00'), plan, 2020);
    const midYear = (await ledger.figures('2020-06-30T18:00:00+08:00')).figures(plan.agency, 2020);
    expect(midYear.applications.received).toBeGreaterThan(0);
    expect(midYear.applications.received).toBeLessThan(expectedFigures(plan, 2020).applications.received / 2);
    expect(midYear.indicators).toEqual([]);
  });
});

describe('when only 2020 is written', () => {
  const plan = jiangmenPlan({ scale: 0.002, years: [2020] });
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await openLedger();
  });
  afterAll(() => ledger?.close());

  it('registers the catalogue as of 2019, amends it for 2020, and gives the 2020 figures', async () => {
    const summary = await ledger.writer.write(plan);
    expect(summary.failures).toEqual([]);
    const accumulator = await ledger.figures();
    expectFiguresOf(accumulator, plan, 2020);
    expect(accumulator.figures(plan.agency, 2019).items).toEqual(
      expectedFigures(jiangmenPlan({ years: [2019] }), 2019).items,
    );
    expect(accumulator.figures(plan.agency, 2019).applications.received).toBe(0);
  }, 60_000);

  it('records nothing twice when run again on the same store', async () => {
    const before = await ledger.store.headPosition();
    const again = await ledger.writer.write(plan);
    expect(again).toMatchObject({ failed: 0, recordedEvents: 0, replayed: again.total });
    expect(await ledger.store.headPosition()).toEqual(before);
  }, 60_000);
});
