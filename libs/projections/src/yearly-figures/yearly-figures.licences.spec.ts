import { LedgerEvent, Recorded } from '@ledger/domain';
import { YearlyFigures } from './figures.types';
import { AGENCY, LedgerEvents, accumulate, calendar } from './testing/ledger-events';
import { YearlyFiguresAccumulator } from './yearly-figures.accumulator';

const bj = (local: string) => `${local}T10:00:00+08:00`;
const licencesOf = (events: readonly Recorded<LedgerEvent>[], year: number): YearlyFigures['licences'] =>
  accumulate(events).figures(AGENCY, year).licences;

/** A licence granted on `day`, valid from that day until `until`, of item ZA-1 (治安) unless told otherwise. */
function grant(ledger: LedgerEvents, id: string, day: string, until?: string, department = '治安') {
  return ledger.licence(id, 'LicenceGranted.v1', bj(day), {
    licenceNumber: `No.${id}`,
    applicationId: `app-${id}`,
    itemCode: department === '治安' ? 'ZA-1' : 'JD-1',
    department,
    holder: { name: 'x' },
    validFrom: day,
    ...(until !== undefined ? { validUntil: until } : {}),
    renewalLeadDays: 30,
  });
}

describe('licence figures', () => {
  describe('when licences are granted, changed, renewed and ended across years', () => {
    const ledger = new LedgerEvents();
    grant(ledger, 'l1', '2019-03-01', '2020-06-30');
    ledger.licence('l1', 'LicenceRenewalApplied.v1', bj('2020-05-01'), {});
    ledger.licence('l1', 'LicenceRenewalDecided.v1', bj('2020-06-20'), {
      outcome: 'renewed',
      validUntil: '2023-06-30',
    });
    grant(ledger, 'l2', '2020-02-01', '2020-08-31');
    ledger.licence('l2', 'LicenceRenewalApplied.v1', bj('2020-07-01'), {});
    // Decided after expiry: lapsed from 1 September to the decision, in force again after it.
    ledger.licence('l2', 'LicenceRenewalDecided.v1', bj('2020-09-10'), {
      outcome: 'renewed',
      validUntil: '2023-08-31',
    });
    grant(ledger, 'l3', '2020-03-01', '2020-10-31', '禁毒');
    ledger.licence('l3', 'LicenceRenewalApplied.v1', bj('2020-09-01'), {});
    ledger.licence('l3', 'LicenceDeemedRenewed.v1', bj('2020-11-02'), { validUntil: '2023-10-31' });
    grant(ledger, 'l4', '2020-04-01', '2020-12-30');
    ledger.licence('l4', 'LicenceChangeApplied.v1', bj('2020-05-01'), { requestedChange: 'x' });
    ledger.licence('l4', 'LicenceChangeDecided.v1', bj('2020-05-10'), { outcome: 'approved' });
    ledger.licence('l4', 'LicenceChangeApplied.v1', bj('2020-06-01'), { requestedChange: 'y' });
    ledger.licence('l4', 'LicenceChangeDecided.v1', bj('2020-06-10'), { outcome: 'refused', reason: 'r' });
    grant(ledger, 'l5', '2020-04-01');
    ledger.licence('l5', 'LicenceWithdrawn.v1', bj('2020-08-01'), { reason: 'r', legalBasis: 'b', compensation: 'c' });
    ledger.licence('l5', 'LicenceCancelled.v1', bj('2020-08-02'), { cause: 'withdrawn' });
    grant(ledger, 'l6', '2020-04-01');
    ledger.licence('l6', 'LicenceRevoked.v1', bj('2021-01-05'), { reason: 'r', legalBasis: 'b' });
    ledger.licence('l6', 'LicenseeInspected.v1', bj('2020-07-01'), {
      inspectionId: 'i1',
      findings: 'ok',
      rectificationRequired: false,
    });
    ledger.licence('l6', 'LicenceUseSuspended.v1', bj('2020-09-01'), { reason: 'r', legalBasis: 'b' });
    const figures2020 = licencesOf(ledger.events, 2020);

    it('counts each fact in the year of its business time', () => {
      expect(figures2020).toMatchObject({
        granted: 5,
        changesApplied: 2,
        changesApproved: 1,
        changesRefused: 1,
        renewalsApplied: 3,
        renewed: 2,
        renewalsRefused: 0,
        deemedRenewals: 1,
        withdrawn: 1,
        revoked: 0,
        cancelled: 1,
        usesSuspended: 1,
        postGrantInspections: 1,
      });
      expect(licencesOf(ledger.events, 2021)).toMatchObject({ granted: 0, revoked: 1, renewed: 0 });
      expect(licencesOf(ledger.events, 2019)).toMatchObject({ granted: 1, inForceAtYearEnd: 1 });
    });

    it('tells renewals decided before expiry from those decided after', () => {
      expect(figures2020).toMatchObject({ renewalsDecidedBeforeExpiry: 1, renewalsDecidedAfterExpiry: 1 });
    });

    it('counts in force at the year end: renewed, renewed late, deemed renewed and without a term, not expired or withdrawn', () => {
      // l1, l2, l3 renewed; l4 expired on 30 December; l5 withdrawn; l6 without a term (revoked only in 2021).
      expect(figures2020.inForceAtYearEnd).toBe(4);
      expect(licencesOf(ledger.events, 2021).inForceAtYearEnd).toBe(3);
    });

    it('breaks the counts down by the department copied from the application', () => {
      expect(Object.keys(figures2020.byDepartment)).toEqual(['治安', '禁毒']);
      expect(figures2020.byDepartment['禁毒']).toMatchObject({ granted: 1, deemedRenewals: 1, inForceAtYearEnd: 1 });
      expect(figures2020.byDepartment['治安']).toMatchObject({ granted: 4, inForceAtYearEnd: 3 });
    });

    it('restores from a snapshot to the same figures', () => {
      const accumulator = accumulate(ledger.events);
      const restored = YearlyFiguresAccumulator.restore(JSON.parse(JSON.stringify(accumulator.snapshot())), {
        calendar,
      });
      expect(restored.figures(AGENCY, 2020).licences).toEqual(figures2020);
    });
  });

  it('does not count a licence in force before its grant, whatever its validFrom', () => {
    const ledger = new LedgerEvents();
    ledger.licence('l1', 'LicenceGranted.v1', bj('2021-01-04'), {
      licenceNumber: 'n',
      applicationId: 'a',
      itemCode: 'ZA-1',
      department: '治安',
      holder: { name: 'x' },
      validFrom: '2020-12-31',
      renewalLeadDays: 30,
    });
    expect(licencesOf(ledger.events, 2020).inForceAtYearEnd).toBe(0);
    expect(licencesOf(ledger.events, 2021).inForceAtYearEnd).toBe(1);
  });

  it('refreshes every year document from the grant on when a licence ends', () => {
    const ledger = new LedgerEvents();
    grant(ledger, 'l1', '2019-03-01');
    ledger.file('a1', bj('2020-03-02'));
    ledger.file('a2', bj('2021-03-02'));
    const accumulator = accumulate(ledger.events);
    const revocation = ledger.licence('l1', 'LicenceRevoked.v1', bj('2021-05-01'), { reason: 'r', legalBasis: 'b' });
    expect(accumulator.affectedYears(revocation).map((y) => y.year)).toEqual([2019, 2020, 2021]);
  });
});
