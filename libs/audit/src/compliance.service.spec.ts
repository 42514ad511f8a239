import { NotFoundError } from '@ledger/domain';
import { CalendarStore, loadLedgerConfig } from '@ledger/ledger';
import { ComplianceService } from './compliance.service';
import { AGENCY, HandBuiltLedger } from './testing/hand-built-ledger';
import { StoreFixture, storeFixture } from './testing/store-fixture';

const config = loadLedgerConfig({ LEDGER_AGENCY: 'configured-psb' });
const serviceAt = (fixture: StoreFixture, now: string, complaintResolutionDays = 60) =>
  new ComplianceService(
    fixture.store,
    config,
    { complaintResolutionDays, disclosureGraceDays: 20 },
    new CalendarStore(fixture.store, () => Date.parse(now), {}),
    () => Date.parse(now),
  );

describe('ComplianceService', () => {
  let fixture: StoreFixture;
  const service = (now: string, complaintResolutionDays = 60) => serviceAt(fixture, now, complaintResolutionDays);

  beforeEach(async () => {
    fixture = await storeFixture();
    const ledger = new HandBuiltLedger(AGENCY);
    ledger.complaint('c1', '2020-09-01');
    ledger.as('other-psb').complaint('c2', '2020-01-02');
    await fixture.append(ledger.events);
  });
  afterEach(() => fixture.close());

  it('reads the store once for the agency, as of its clock', async () => {
    const early = await service('2020-10-15T12:00:00+08:00').check({ agency: AGENCY, year: 2020 });
    expect(early).toMatchObject({
      cutOff: '2020-10-15',
      checkedOn: '2020-10-15',
      basedOn: { events: 1, lastPosition: '1' },
      findings: [],
    });
    const late = await service('2021-03-30T12:00:00+08:00').check({ agency: AGENCY, year: 2020 });
    expect(late.findings.map((f) => f.complaintId)).toEqual(['c1']);
  });

  it('takes the configured resolution period unless the query names one', async () => {
    const s = service('2021-03-30T12:00:00+08:00', 200);
    expect((await s.check({ agency: AGENCY, year: 2020 })).findings).toEqual([]);
    expect(
      (await s.check({ agency: AGENCY, year: 2020, complaintResolutionDays: 100 })).parameters.complaintResolutionDays,
    ).toBe(100);
    expect((await s.check({ agency: AGENCY, year: 2020, complaintResolutionDays: 100 })).findings).toHaveLength(1);
  });

  it('refuses an agency with no events as not found, except the configured one', async () => {
    await expect(service('2021-03-30T12:00:00+08:00').check({ agency: 'nobody', year: 2020 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service('2021-03-30T12:00:00+08:00').check({ agency: 'nobody', year: 2020 })).rejects.toMatchObject({
      code: 'AGENCY.NOT_FOUND',
      field: 'agency',
    });
    await expect(
      service('2021-03-30T12:00:00+08:00').check({ agency: 'configured-psb', year: 2020 }),
    ).resolves.toMatchObject({ findings: [], basedOn: { events: 0 } });
  });
});

describe('ComplianceService when the deadline runs into a year loaded later', () => {
  let fixture: StoreFixture;
  afterEach(() => fixture.close());
  const y2027 = (holidays: string[]) => ({
    region: 'CN',
    year: 2027,
    holidays,
    makeupWorkdays: [],
    source: 'hypothetical test arrangement',
  });
  beforeEach(async () => {
    fixture = await storeFixture();
    // 20 working days from 2026-12-10 end on the 5th working day of 2027; decided 11 January.
    const ledger = new HandBuiltLedger(AGENCY);
    ledger.file('x1', '2026-12-10T09:00:00+08:00');
    ledger.accept('x1', '2026-12-10');
    ledger.grant('x1', '2027-01-11');
    ledger.disclose('x1', '2027-01-12');
    await fixture.append(ledger.events);
  });
  const rulesOf = async (now: string) => {
    const report = await serviceAt(fixture, now).check({ agency: AGENCY, year: 2027 });
    return {
      rules: report.findings
        .filter((f) => f.applicationId === 'x1')
        .map((f) => (f.appliesTo ? `${f.rule} (${f.appliesTo})` : f.rule)),
      calendar2027: report.basedOn.calendar?.find((v) => v.year === 2027)?.version ?? null,
    };
  };

  it('reports it undetermined, then judges it with each version the ledger records, and names the version', async () => {
    const now = '2027-02-01T12:00:00+08:00';
    expect(await rulesOf(now)).toEqual({
      rules: ['CHECK.UNDETERMINED (DECISION.OVERDUE)', 'CHECK.UNDETERMINED (DISCLOSURE.MISSING)'],
      calendar2027: null,
    });
    const calendars = new CalendarStore(fixture.store, () => Date.parse(now), {});
    await calendars.load(y2027(['2027-01-01', '2027-01-04']), undefined, 'operator', AGENCY);
    expect(await rulesOf(now)).toEqual({ rules: [], calendar2027: 1 });
    await calendars.load(y2027(['2027-01-01']), '4 January is a working day', 'operator', AGENCY);
    expect(await rulesOf(now)).toEqual({ rules: ['DECISION.OVERDUE'], calendar2027: 2 });
  });
});
