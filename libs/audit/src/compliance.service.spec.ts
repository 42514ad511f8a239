import { NotFoundError } from '@ledger/domain';
import { loadLedgerConfig } from '@ledger/ledger';
import { ComplianceService } from './compliance.service';
import { AGENCY, HandBuiltLedger, calendar } from './testing/hand-built-ledger';
import { StoreFixture, storeFixture } from './testing/store-fixture';

describe('ComplianceService', () => {
  let fixture: StoreFixture;
  const config = loadLedgerConfig({ LEDGER_AGENCY: 'configured-psb' });
  const service = (now: string, complaintResolutionDays = 60) =>
    new ComplianceService(fixture.store, config, { complaintResolutionDays, disclosureGraceDays: 20 }, calendar, () =>
      Date.parse(now),
    );

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
