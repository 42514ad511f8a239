import { ComplianceOptions, ComplianceReport, checkCompliance } from './compliance-checks';
import { RuleCode } from './compliance-rules';
import { AGENCY, HandBuiltLedger, calendar } from './testing/hand-built-ledger';

const SIGNED = Date.parse('2021-03-30T18:00:00+08:00');
const check = (ledger: HandBuiltLedger, over: Partial<ComplianceOptions> = {}): ComplianceReport =>
  checkCompliance({ agency: AGENCY, year: 2020, calendar, now: SIGNED, ...over }, ledger.events);
const findings = (report: ComplianceReport, rule: RuleCode) => report.findings.filter((f) => f.rule === rule);

function granted(ledger: HandBuiltLedger, id: string, decidedOn = '2020-03-30') {
  ledger.file(id, '2020-03-02T09:00:00+08:00');
  ledger.accept(id, '2020-03-02');
  ledger.grant(id, decidedOn);
  ledger.disclose(id, decidedOn);
  return ledger;
}

describe('compliance rules of the licence life', () => {
  describe('CERTIFICATE.LATE (第四十四条)', () => {
    it('finds a certificate later than the 10th working day after the grant, and not one on it', () => {
      // Granted Monday 30 March 2020: the 10th working day after is 14 April (Qingming, 4–6 April, in between).
      const ledger = granted(granted(new HandBuiltLedger(), 'on-time'), 'late');
      ledger.certificate('on-time', '2020-04-14');
      ledger.certificate('late', '2020-04-15');
      ledger.certificate('late', '2020-04-30');
      const late = findings(check(ledger), 'CERTIFICATE.LATE');
      expect(late).toHaveLength(1);
      expect(late[0]).toMatchObject({
        applicationId: 'late',
        severity: 'warning',
        details: { decidedOn: '2020-03-30', certificateDue: '2020-04-14', issuedOn: '2020-04-15', workingDaysLate: 1 },
      });
    });
  });

  describe('DENIAL.RIGHTS_NOTICE_MISSING (第三十八条第二款)', () => {
    const deny = (ledger: HandBuiltLedger, id: string, notified?: boolean) => {
      ledger.file(id, '2020-03-02T09:00:00+08:00');
      ledger.accept(id, '2020-03-02');
      ledger.record(`application-${AGENCY}.${id}`, 'DecisionMade.v1', '2020-03-20', {
        applicationId: id,
        outcome: 'denied',
        reason: 'r',
        legalBasis: 'b',
        ...(notified === undefined ? {} : { appealRightsNotified: notified }),
      });
    };

    it('finds a denial that does not record the notice, or records it was not given; not one that records it', () => {
      const ledger = new HandBuiltLedger();
      deny(ledger, 'told', true);
      deny(ledger, 'not-told', false);
      deny(ledger, 'legacy');
      const found = findings(check(ledger), 'DENIAL.RIGHTS_NOTICE_MISSING');
      expect(found.map((f) => [f.applicationId, f.details.recordedNotTold])).toEqual([
        ['not-told', true],
        ['legacy', false],
      ]);
    });
  });

  describe('RENEWAL.DECIDED_AFTER_EXPIRY (第五十条)', () => {
    it('finds a renewal decided after the last day of validity, not one decided on it nor a deemed renewal', () => {
      const ledger = new HandBuiltLedger();
      ledger.grantLicence('late', '2019-01-10', '2020-06-30');
      ledger.licence('late', 'LicenceRenewalApplied.v1', '2020-05-01', {});
      ledger.licence('late', 'LicenceRenewalDecided.v1', '2020-07-01', {
        outcome: 'renewed',
        validUntil: '2023-06-30',
      });
      ledger.grantLicence('on-day', '2019-01-10', '2020-06-30');
      ledger.licence('on-day', 'LicenceRenewalApplied.v1', '2020-05-01', {});
      ledger.licence('on-day', 'LicenceRenewalDecided.v1', '2020-06-30', {
        outcome: 'renewed',
        validUntil: '2023-06-30',
      });
      ledger.grantLicence('deemed', '2019-01-10', '2020-06-30');
      ledger.licence('deemed', 'LicenceRenewalApplied.v1', '2020-05-01', {});
      ledger.licence('deemed', 'LicenceDeemedRenewed.v1', '2020-07-01', { validUntil: '2023-06-30' });
      const found = findings(check(ledger), 'RENEWAL.DECIDED_AFTER_EXPIRY');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        licenceId: 'late',
        department: '治安',
        severity: 'error',
        details: { validUntil: '2020-06-30', decidedOn: '2020-07-01' },
      });
      expect(findings(check(ledger), 'LICENCE.NOT_CANCELLED')).toEqual([]);
    });
  });

  describe('LICENCE.NOT_CANCELLED (第七十条)', () => {
    it('finds licences expired, revoked or with a stated cause and not cancelled 20 working days after', () => {
      const ledger = new HandBuiltLedger();
      ledger.grantLicence('expired', '2019-01-10', '2020-06-30');
      ledger.grantLicence('revoked', '2019-01-10');
      ledger.licence('revoked', 'LicenceRevoked.v1', '2020-08-03', { reason: 'r', legalBasis: 'b' });
      ledger.grantLicence('dissolved', '2019-01-10');
      ledger.licence('dissolved', 'CancellationCauseRecorded.v1', '2020-09-01', { cause: 'holder-terminated' });
      ledger.grantLicence('cancelled', '2019-01-10');
      ledger.licence('cancelled', 'LicenceRevoked.v1', '2020-08-03', { reason: 'r', legalBasis: 'b' });
      ledger.licence('cancelled', 'LicenceCancelled.v1', '2020-08-04', { cause: 'revoked' });
      ledger.grantLicence('recent', '2019-01-10');
      ledger.licence('recent', 'LicenceWithdrawn.v1', '2020-12-21', {
        reason: 'r',
        legalBasis: 'b',
        compensation: 'c',
      });
      ledger.grantLicence('in-force', '2019-01-10', '2022-12-31');
      const found = findings(check(ledger), 'LICENCE.NOT_CANCELLED');
      expect(found.map((f) => [f.licenceId, f.details.causeOn])).toEqual([
        ['expired', '2020-07-01'],
        ['revoked', '2020-08-03'],
        ['dissolved', '2020-09-01'],
      ]);
    });

    it('does not find a licence whose renewal is pending at expiry (it is deemed renewed)', () => {
      const ledger = new HandBuiltLedger();
      ledger.grantLicence('pending', '2019-01-10', '2020-06-30');
      ledger.licence('pending', 'LicenceRenewalApplied.v1', '2020-05-01', {});
      expect(findings(check(ledger), 'LICENCE.NOT_CANCELLED')).toEqual([]);
    });
  });
});
