import { recordStreamId } from '@ledger/domain';
import { YearlyFiguresAccumulator } from '@ledger/projections';
import { ComplianceOptions, ComplianceReport, checkCompliance } from './compliance-checks';
import { RULE_CODES, RuleCode } from './compliance-rules';
import {
  AGENCY,
  APPLICANT,
  COMPLAINANT,
  HandBuiltLedger,
  calendar,
  calendar2020Only,
} from './testing/hand-built-ledger';

/** The day the 2020 report was signed: every rule has had its time. */
const SIGNED = Date.parse('2021-03-30T18:00:00+08:00');

const check = (ledger: HandBuiltLedger, over: Partial<ComplianceOptions> = {}): ComplianceReport =>
  checkCompliance({ agency: AGENCY, year: 2020, calendar, now: SIGNED, ...over }, ledger.events);
const findings = (report: ComplianceReport, rule: RuleCode) => report.findings.filter((f) => f.rule === rule);

/** Filed and accepted on Monday 2 March 2020: the 20th working day after is 30 March (no holiday in between). */
function accepted(ledger: HandBuiltLedger, id: string, over: Parameters<HandBuiltLedger['file']>[2] = {}) {
  ledger.file(id, '2020-03-02T09:00:00+08:00', over);
  ledger.accept(id, '2020-03-02');
  return ledger;
}

describe('compliance checks', () => {
  describe('when an application was handled by the book', () => {
    it('finds nothing, and lists every rule with 0', () => {
      const ledger = accepted(new HandBuiltLedger(), 'ok');
      ledger.grant('ok', '2020-03-30');
      ledger.disclose('ok', '2020-03-31');
      ledger.rate('ok', '2020-04-01', 5);
      const report = check(ledger);
      expect(report.findings).toEqual([]);
      expect(report.summary).toEqual(Object.fromEntries(RULE_CODES.map((c) => [c, 0])));
      expect(report.bySeverity).toEqual({ error: 0, warning: 0, info: 0 });
      expect(report.basedOn).toEqual({ events: 5, lastPosition: '5' });
      expect(report).toMatchObject({
        agency: AGENCY,
        year: 2020,
        cutOff: '2020-12-31',
        checkedOn: '2021-03-30',
        parameters: { complaintResolutionDays: 60, disclosureGraceDays: 20, supplementNoticeDays: 5 },
      });
    });
  });

  describe('DECISION.OVERDUE', () => {
    it('does not report a decision on the deadline day', () => {
      const ledger = accepted(new HandBuiltLedger(), 'a');
      ledger.deny('a', '2020-03-30T23:59:00+08:00');
      expect(findings(check(ledger), 'DECISION.OVERDUE')).toEqual([]);
    });

    it('reports a decision the working day after, with the deadline and the events behind it', () => {
      const ledger = accepted(new HandBuiltLedger(), 'a');
      ledger.deny('a', '2020-03-31');
      const [finding] = findings(check(ledger), 'DECISION.OVERDUE');
      expect(finding).toMatchObject({
        rule: 'DECISION.OVERDUE',
        severity: 'error',
        applicationId: 'a',
        itemCode: 'A',
        department: '治安',
        details: {
          acceptedOn: '2020-03-02',
          deadline: '2020-03-30',
          decidedOn: '2020-03-31',
          limitDays: 20,
          extensionDays: 0,
          suspendedWorkingDays: 0,
          workingDaysLate: 1,
        },
      });
      expect(finding.events.map((e) => [e.streamId, e.revision, e.position, e.type])).toEqual([
        [`application-${AGENCY}.a`, 0, '1', 'ApplicationFiled.v1'],
        [`application-${AGENCY}.a`, 1, '2', 'ApplicationAccepted.v1'],
        [`application-${AGENCY}.a`, 2, '3', 'DecisionMade.v1'],
      ]);
      expect(finding.events[2].at).toBe('2020-03-31T10:00:00+08:00');
      expect(finding.summary).toContain('2020-03-30');
      expect(finding.summary).toContain('1 working day(s) late');
    });

    it('counts working days across a holiday: accepted before National Day 2020, due 2 November', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('n', '2020-09-28T09:00:00+08:00');
      ledger.accept('n', '2020-09-28');
      ledger.grant('n', '2020-11-02');
      ledger.file('m', '2020-09-28T09:00:00+08:00');
      ledger.accept('m', '2020-09-28');
      ledger.deny('m', '2020-11-10');
      const overdue = findings(check(ledger), 'DECISION.OVERDUE');
      expect(overdue.map((f) => [f.applicationId, f.details.deadline, f.details.workingDaysLate])).toEqual([
        ['m', '2020-11-02', 6],
      ]);
    });

    it('moves the deadline by an approved extension', () => {
      const ledger = accepted(new HandBuiltLedger(), 'on-time');
      ledger.extend('on-time', '2020-03-20', 10);
      ledger.grant('on-time', '2020-04-14');
      accepted(ledger, 'late');
      const ext = ledger.extend('late', '2020-03-20', 10);
      ledger.grant('late', '2020-04-15');
      const overdue = findings(check(ledger), 'DECISION.OVERDUE');
      expect(overdue.map((f) => [f.applicationId, f.details.deadline, f.details.extensionDays])).toEqual([
        ['late', '2020-04-14', 10],
      ]);
      expect(overdue[0].events.map((e) => e.position)).toContain(ext.position);
    });

    it('moves the deadline by the working days of a suspension', () => {
      const ledger = accepted(new HandBuiltLedger(), 'on-time');
      ledger.suspend('on-time', '2020-03-10');
      ledger.resume('on-time', '2020-03-12');
      ledger.grant('on-time', '2020-04-01');
      accepted(ledger, 'late');
      ledger.suspend('late', '2020-03-10');
      ledger.resume('late', '2020-03-12');
      ledger.grant('late', '2020-04-02');
      const overdue = findings(check(ledger), 'DECISION.OVERDUE');
      expect(overdue.map((f) => [f.applicationId, f.details.deadline, f.details.suspendedWorkingDays])).toEqual([
        ['late', '2020-04-01', 2],
      ]);
      expect(overdue[0].events.map((e) => e.type)).toEqual([
        'ApplicationFiled.v1',
        'ApplicationAccepted.v1',
        'TimeLimitSuspended.v1',
        'TimeLimitResumed.v1',
        'DecisionMade.v1',
      ]);
    });

    it('checks only decisions made in the year', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('old', '2019-11-01T09:00:00+08:00');
      ledger.accept('old', '2019-11-01');
      ledger.grant('old', '2020-01-02');
      ledger.file('later', '2020-12-01T09:00:00+08:00');
      ledger.accept('later', '2020-12-01');
      ledger.grant('later', '2021-02-01');
      // 2019-11-01 + 20 working days = 2019-11-29: decided in 2020, so reported in 2020, not 2019.
      expect(findings(check(ledger), 'DECISION.OVERDUE').map((f) => f.applicationId)).toEqual(['old']);
      expect(findings(check(ledger, { year: 2019 }), 'DECISION.OVERDUE')).toEqual([]);
      expect(findings(check(ledger, { year: 2021 }), 'DECISION.OVERDUE').map((f) => f.applicationId)).toEqual([
        'later',
      ]);
    });

    it('reports as undetermined a decision made while suspended, or whose timeliness needs a year the calendar lacks', () => {
      const ledger = accepted(new HandBuiltLedger(), 'open');
      ledger.suspend('open', '2020-03-10');
      ledger.grant('open', '2020-06-01');
      // Accepted in 2019, which the calendar lacks: the working days passed before the decision are unknown.
      ledger.file('w', '2019-12-20T09:00:00+08:00');
      ledger.accept('w', '2019-12-20');
      ledger.grant('w', '2020-01-10');
      // Deadline in 2021, but only 7 working days (22–24, 28–31 Dec) had passed before the decision: provably on time.
      ledger.file('y', '2020-12-21T09:00:00+08:00');
      ledger.accept('y', '2020-12-21');
      ledger.grant('y', '2020-12-31');
      const report = check(ledger, { calendar: calendar2020Only });
      expect(findings(report, 'DECISION.OVERDUE')).toEqual([]);
      const undetermined = findings(report, 'CHECK.UNDETERMINED');
      expect(undetermined.map((f) => [f.applicationId, f.appliesTo, f.severity])).toEqual([
        ['open', 'DECISION.OVERDUE', 'info'],
        ['w', 'DECISION.OVERDUE', 'info'],
        // Its disclosure due date, 20 working days on, is in 2021.
        ['y', 'DISCLOSURE.MISSING', 'info'],
      ]);
      expect(undetermined[0].details.reason).toContain('suspended');
      expect(undetermined[1].details.reason).toContain('2019');
    });

    it('agrees with the figures on how many decisions of the year were overdue', () => {
      const ledger = new HandBuiltLedger();
      const days = ['2020-03-27', '2020-03-30', '2020-03-31', '2020-04-30', '2020-05-06', '2020-06-01'];
      days.forEach((day, i) => {
        accepted(ledger, `x${i}`);
        if (i % 2) ledger.extend(`x${i}`, '2020-03-05', 10);
        if (i % 3 === 0) {
          ledger.suspend(`x${i}`, '2020-03-16');
          ledger.resume(`x${i}`, '2020-03-20');
        }
        ledger.grant(`x${i}`, day);
      });
      const figures = new YearlyFiguresAccumulator({ calendar, timeZone: 'Asia/Shanghai' });
      for (const e of ledger.events) figures.apply(e);
      const overdue = figures.figures(AGENCY, 2020).decisions.overdue;
      expect(overdue).toBeGreaterThan(0);
      expect(check(ledger).summary['DECISION.OVERDUE']).toBe(overdue);
    });
  });

  describe('DECISION.WITHOUT_ACCEPTANCE', () => {
    it('reports a decision with no acceptance before it, even after a refusal to accept, and does not call it overdue', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('never', '2020-05-06T09:00:00+08:00');
      ledger.grant('never', '2020-05-07');
      ledger.file('refused', '2020-05-06T09:00:00+08:00');
      ledger.notAccept('refused', '2020-05-06');
      ledger.grant('refused', '2020-08-01');
      const report = check(ledger);
      expect(
        findings(report, 'DECISION.WITHOUT_ACCEPTANCE').map((f) => [
          f.applicationId,
          f.severity,
          f.details.notAcceptedOn,
          f.events.map((e) => e.type),
        ]),
      ).toEqual([
        ['never', 'error', null, ['ApplicationFiled.v1', 'DecisionMade.v1']],
        ['refused', 'error', '2020-05-06', ['ApplicationFiled.v1', 'ApplicationNotAccepted.v1', 'DecisionMade.v1']],
      ]);
      expect(findings(report, 'DECISION.OVERDUE')).toEqual([]);
      expect(findings(report, 'CHECK.UNDETERMINED')).toEqual([]);
    });

    it('does not report a decision after an acceptance recorded later than a non-acceptance', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('b', '2020-05-06T09:00:00+08:00');
      ledger.accept('b', '2020-05-06');
      ledger.grant('b', '2020-05-07');
      expect(findings(check(ledger), 'DECISION.WITHOUT_ACCEPTANCE')).toEqual([]);
    });
  });

  describe('DENIAL.REASON_OR_BASIS_MISSING', () => {
    it('reports a denial lacking its legal basis, or with a blank reason, and names what is missing', () => {
      const ledger = accepted(new HandBuiltLedger(), 'no-basis');
      ledger.deny('no-basis', '2020-03-10', { reason: '材料虚假' });
      accepted(ledger, 'blank-reason');
      ledger.deny('blank-reason', '2020-03-10', { reason: '  ', legalBasis: '《行政许可法》第三十八条' });
      accepted(ledger, 'neither');
      ledger.deny('neither', '2020-03-10', {});
      accepted(ledger, 'complete');
      ledger.deny('complete', '2020-03-10');
      const found = findings(check(ledger), 'DENIAL.REASON_OR_BASIS_MISSING');
      expect(found.map((f) => [f.applicationId, f.details.reasonMissing, f.details.legalBasisMissing])).toEqual([
        ['no-basis', false, true],
        ['blank-reason', true, false],
        ['neither', true, true],
      ]);
      expect(found[0].summary).toContain('legalBasis');
      expect(found[0].summary).not.toContain('材料虚假');
    });

    it('does not look at granted decisions', () => {
      const ledger = accepted(new HandBuiltLedger(), 'g');
      ledger.grant('g', '2020-03-10');
      ledger.disclose('g', '2020-03-11');
      expect(check(ledger).findings).toEqual([]);
    });
  });

  describe('DISCLOSURE.MISSING', () => {
    // Granted Thursday 5 March 2020: the 20th working day after is 2 April.
    const granted = (id: string, over: Parameters<HandBuiltLedger['file']>[2] = {}, ledger = new HandBuiltLedger()) => {
      accepted(ledger, id, over);
      ledger.grant(id, '2020-03-05');
      return ledger;
    };

    it('reports a granted decision of a disclosable item neither disclosed nor exempted', () => {
      const [finding] = findings(check(granted('g')), 'DISCLOSURE.MISSING');
      expect(finding).toMatchObject({
        applicationId: 'g',
        severity: 'warning',
        details: { decidedOn: '2020-03-05', disclosureDue: '2020-04-02', disclosedOn: null, exempt: null },
      });
      expect(finding.events.map((e) => e.type)).toEqual(['DecisionMade.v1']);
    });

    it('accepts a disclosure on the due date, or an exemption', () => {
      const ledger = granted('on-due');
      ledger.disclose('on-due', '2020-04-02');
      granted('exempt', {}, ledger);
      ledger.exempt('exempt', '2020-03-06');
      expect(findings(check(ledger), 'DISCLOSURE.MISSING')).toEqual([]);
    });

    it('reports a disclosure after the due date as late, citing it', () => {
      const ledger = granted('late');
      const late = ledger.disclose('late', '2020-04-03');
      const [finding] = findings(check(ledger), 'DISCLOSURE.MISSING');
      expect(finding.details).toMatchObject({ disclosureDue: '2020-04-02', disclosedOn: '2020-04-03', exempt: false });
      expect(finding.events.map((e) => e.position)).toContain(late.position);
    });

    it('follows the configured grace period', () => {
      const ledger = granted('g');
      ledger.disclose('g', '2020-03-06');
      expect(findings(check(ledger), 'DISCLOSURE.MISSING')).toEqual([]);
      expect(
        findings(check(ledger, { disclosureGraceDays: 0 }), 'DISCLOSURE.MISSING').map((f) => f.details.disclosureDue),
      ).toEqual(['2020-03-05']);
    });

    it('ignores items that may not be disclosed, and denials', () => {
      const ledger = granted('passport', { itemCode: 'B', department: '出入境', disclosable: false });
      accepted(ledger, 'denied');
      ledger.deny('denied', '2020-03-05');
      expect(findings(check(ledger), 'DISCLOSURE.MISSING')).toEqual([]);
    });

    it('does not report a disclosure that is not yet due on the day of the check', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('dec', '2020-12-01T09:00:00+08:00');
      ledger.accept('dec', '2020-12-01');
      ledger.grant('dec', '2020-12-28');
      expect(findings(check(ledger, { now: Date.parse('2021-01-05T12:00:00+08:00') }), 'DISCLOSURE.MISSING')).toEqual(
        [],
      );
      expect(findings(check(ledger), 'DISCLOSURE.MISSING').map((f) => f.applicationId)).toEqual(['dec']);
    });
  });

  describe('SUPPLEMENT.NOTICE_LATE', () => {
    it('accepts a notice on the 5th working day after filing and reports one the day after', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('in-time', '2020-03-02T09:00:00+08:00');
      ledger.requestSupplement('in-time', '2020-03-09');
      ledger.file('late', '2020-03-02T09:00:00+08:00');
      ledger.requestSupplement('late', '2020-03-10');
      const found = findings(check(ledger), 'SUPPLEMENT.NOTICE_LATE');
      expect(found.map((f) => [f.applicationId, f.severity, f.details])).toEqual([
        [
          'late',
          'warning',
          { filedOn: '2020-03-02', noticeDue: '2020-03-09', noticeOn: '2020-03-10', workingDaysLate: 1 },
        ],
      ]);
      expect(found[0].events.map((e) => e.type)).toEqual(['ApplicationFiled.v1', 'SupplementRequested.v1']);
    });

    it('counts working days: holidays do not use up the five days', () => {
      const ledger = new HandBuiltLedger();
      ledger.file('h', '2020-09-28T09:00:00+08:00');
      // 29, 30 Sep, 9 Oct, Saturday 10 Oct (make-up working day), 12 Oct.
      ledger.requestSupplement('h', '2020-10-12');
      expect(findings(check(ledger), 'SUPPLEMENT.NOTICE_LATE')).toEqual([]);
    });

    it('reports a notice with no filing before it as undetermined', () => {
      const ledger = new HandBuiltLedger();
      ledger.requestSupplement('orphan', '2020-03-10');
      expect(findings(check(ledger), 'CHECK.UNDETERMINED').map((f) => [f.applicationId, f.appliesTo])).toEqual([
        ['orphan', 'SUPPLEMENT.NOTICE_LATE'],
      ]);
    });
  });

  describe('RATING.BAD_NOT_RECTIFIED', () => {
    const rated = (id: string, level: 1 | 2 | 3, at = '2020-06-01', ledger = new HandBuiltLedger()) => {
      accepted(ledger, id);
      ledger.grant(id, '2020-03-05');
      ledger.disclose(id, '2020-03-06');
      ledger.rate(id, at, level);
      return ledger;
    };

    it('reports a level 1 or 2 rating not rectified by the year end', () => {
      const ledger = rated('one', 1);
      rated('two', 2, '2020-07-01', ledger);
      rated('three', 3, '2020-07-01', ledger);
      const found = findings(check(ledger), 'RATING.BAD_NOT_RECTIFIED');
      expect(
        found.map((f) => [f.applicationId, f.details.level, f.details.rectifiedOn, f.events.map((e) => e.type)]),
      ).toEqual([
        ['one', 1, null, ['RatingReceived.v1']],
        ['two', 2, null, ['RatingReceived.v1']],
      ]);
    });

    it('accepts a rectification within the year and reports one made after it', () => {
      const ledger = rated('fixed', 2);
      ledger.rectifyRating('fixed', '2020-06-10');
      rated('late', 2, '2020-12-20', ledger);
      ledger.rectifyRating('late', '2021-01-05');
      const found = findings(check(ledger), 'RATING.BAD_NOT_RECTIFIED');
      expect(found.map((f) => [f.applicationId, f.details.rectifiedOn, f.events.length])).toEqual([
        ['late', '2021-01-05', 2],
      ]);
    });

    it('judges the first rectification after the rating, not a later one', () => {
      const ledger = rated('twice', 1, '2020-12-20');
      ledger.rectifyRating('twice', '2021-01-05');
      ledger.rectifyRating('twice', '2021-02-01');
      const found = findings(check(ledger), 'RATING.BAD_NOT_RECTIFIED');
      expect(found.map((f) => [f.applicationId, f.details.rectifiedOn, f.events.map((e) => e.revision)])).toEqual([
        ['twice', '2021-01-05', [found[0].events[0].revision, found[0].events[0].revision + 1]],
      ]);
    });

    it('does not count a rectification recorded before the rating', () => {
      const ledger = new HandBuiltLedger();
      accepted(ledger, 'r');
      ledger.grant('r', '2020-03-05');
      ledger.disclose('r', '2020-03-06');
      ledger.rectifyRating('r', '2020-03-07');
      ledger.rate('r', '2020-03-08', 1);
      expect(findings(check(ledger), 'RATING.BAD_NOT_RECTIFIED').map((f) => f.applicationId)).toEqual(['r']);
    });

    it('checks ratings received in the year only, as of the day of the check when the year is not over', () => {
      const ledger = rated('old', 1, '2019-06-01');
      expect(findings(check(ledger), 'RATING.BAD_NOT_RECTIFIED')).toEqual([]);
      const current = rated('now', 2, '2020-06-01');
      const report = check(current, { now: Date.parse('2020-06-05T12:00:00+08:00') });
      expect(report.cutOff).toBe('2020-06-05');
      expect(findings(report, 'RATING.BAD_NOT_RECTIFIED').map((f) => f.details.cutOff)).toEqual(['2020-06-05']);
    });
  });

  describe('COMPLAINT.UNRESOLVED', () => {
    it('reports a complaint open more than 60 days at the year end, not one open exactly 60', () => {
      const ledger = new HandBuiltLedger();
      ledger.complaint('sixty', '2020-11-01');
      ledger.complaint('sixty-one', '2020-10-31');
      const found = findings(check(ledger), 'COMPLAINT.UNRESOLVED');
      expect(found.map((f) => [f.complaintId, f.severity, f.details.daysOpen, f.details.resolvedOn])).toEqual([
        ['sixty-one', 'warning', 61, null],
      ]);
      expect(found[0].events.map((e) => [e.streamId, e.type])).toEqual([
        [`complaint-${AGENCY}.sixty-one`, 'ComplaintLogged.v1'],
      ]);
    });

    it('follows the configured resolution period', () => {
      const ledger = new HandBuiltLedger();
      ledger.complaint('sixty', '2020-11-01');
      expect(
        findings(check(ledger, { complaintResolutionDays: 30 }), 'COMPLAINT.UNRESOLVED').map((f) => [
          f.complaintId,
          f.details.resolutionDays,
        ]),
      ).toEqual([['sixty', 30]]);
    });

    it('accepts a resolution within the year and reports one made after it', () => {
      const ledger = new HandBuiltLedger();
      ledger.complaint('done', '2020-07-01');
      ledger.resolveComplaint('done', '2020-12-30');
      ledger.complaint('late', '2020-07-01');
      ledger.resolveComplaint('late', '2021-01-10');
      const found = findings(check(ledger), 'COMPLAINT.UNRESOLVED');
      expect(found.map((f) => [f.complaintId, f.details.resolvedOn, f.events.map((e) => e.type)])).toEqual([
        ['late', '2021-01-10', ['ComplaintLogged.v1', 'ComplaintResolved.v1']],
      ]);
    });

    it('reports complaints of earlier years still open, not those logged after the cut-off', () => {
      const ledger = new HandBuiltLedger();
      ledger.complaint('2019', '2019-05-01');
      ledger.complaint('2021', '2021-01-05');
      expect(findings(check(ledger), 'COMPLAINT.UNRESOLVED').map((f) => [f.complaintId, f.details.daysOpen])).toEqual([
        ['2019', 610],
      ]);
    });

    it('counts to the day of the check when the year is not over', () => {
      const ledger = new HandBuiltLedger();
      ledger.complaint('c', '2020-10-31');
      expect(findings(check(ledger, { now: Date.parse('2020-12-01T09:00:00+08:00') }), 'COMPLAINT.UNRESOLVED')).toEqual(
        [],
      );
      expect(
        findings(check(ledger, { now: Date.parse('2020-12-31T09:00:00+08:00') }), 'COMPLAINT.UNRESOLVED'),
      ).toHaveLength(1);
    });

    it('takes the department from the complaint, else from its item, else from its application', () => {
      const ledger = new HandBuiltLedger();
      ledger.item('B', '出入境', false);
      ledger.file('app', '2020-03-02T09:00:00+08:00', { itemCode: 'C', department: '禁毒' });
      ledger.complaint('own', '2020-01-02', { department: '交警' });
      ledger.complaint('via-app', '2020-01-02', { applicationId: 'app' });
      ledger.complaint('via-item', '2020-01-02', { itemCode: 'B' });
      ledger.complaint('none', '2020-01-02');
      const found = findings(check(ledger), 'COMPLAINT.UNRESOLVED');
      expect(found.map((f) => [f.complaintId, f.department ?? null, f.itemCode ?? null])).toEqual([
        ['own', '交警', null],
        ['via-app', '禁毒', 'C'],
        ['via-item', '出入境', 'B'],
        ['none', null, null],
      ]);
    });

    it("takes its item's department as the catalogue stood at the complaint's time, before its application's", () => {
      const ledger = new HandBuiltLedger();
      ledger.item('ZA-1', '治安');
      ledger.record(recordStreamId('item', AGENCY, 'ZA-1'), 'ItemAmended.v1', '2020-06-01T00:00:00+08:00', {
        code: 'ZA-1',
        changes: { department: '交警' },
        effectiveFrom: '2020-06-01T00:00:00+08:00',
      });
      ledger.file('app', '2020-01-02T09:00:00+08:00', { itemCode: 'C', department: '禁毒' });
      ledger.complaint('before', '2020-05-04', { itemCode: 'ZA-1', applicationId: 'app' });
      ledger.complaint('after', '2020-07-01', { itemCode: 'ZA-1', applicationId: 'app' });
      const found = findings(check(ledger), 'COMPLAINT.UNRESOLVED');
      expect(found.map((f) => [f.complaintId, f.department ?? null, f.itemCode ?? null])).toEqual([
        ['before', '治安', 'ZA-1'],
        ['after', '交警', 'ZA-1'],
      ]);
    });
  });

  describe('when the ledger holds several agencies', () => {
    it("checks only the agency's events", () => {
      const ledger = new HandBuiltLedger('other-psb');
      accepted(ledger, 'theirs');
      ledger.grant('theirs', '2020-05-01');
      ledger.as(AGENCY);
      accepted(ledger, 'ours');
      ledger.grant('ours', '2020-03-30');
      ledger.disclose('ours', '2020-03-30');
      const report = check(ledger);
      expect(report.findings).toEqual([]);
      expect(report.basedOn).toEqual({ events: 4, lastPosition: '7' });
      expect(check(ledger, { agency: 'other-psb' }).summary).toMatchObject({
        'DECISION.OVERDUE': 1,
        'DISCLOSURE.MISSING': 1,
      });
    });
  });

  describe('when every rule is broken once', () => {
    let report: ComplianceReport;
    beforeAll(() => {
      const ledger = accepted(new HandBuiltLedger(), 'late');
      ledger.grant('late', '2020-04-01');
      ledger.disclose('late', '2020-04-02');
      ledger.file('unaccepted', '2020-05-06T09:00:00+08:00');
      ledger.deny('unaccepted', '2020-05-07', { reason: '不符合条件' });
      ledger.file('silent', '2020-03-02T09:00:00+08:00');
      ledger.requestSupplement('silent', '2020-03-20');
      ledger.rate('late', '2020-04-05', 1);
      ledger.complaint('c1', '2020-06-01');
      report = check(ledger);
    });

    it('counts the findings per rule and per severity', () => {
      expect(report.summary).toEqual({
        'DECISION.OVERDUE': 1,
        'DECISION.WITHOUT_ACCEPTANCE': 1,
        'DENIAL.REASON_OR_BASIS_MISSING': 1,
        'DISCLOSURE.MISSING': 0,
        'SUPPLEMENT.NOTICE_LATE': 1,
        'RATING.BAD_NOT_RECTIFIED': 1,
        'COMPLAINT.UNRESOLVED': 1,
        // The denial records no notice of the right to appeal either (第三十八条第二款).
        'DENIAL.RIGHTS_NOTICE_MISSING': 1,
        'CERTIFICATE.LATE': 0,
        'RENEWAL.DECIDED_AFTER_EXPIRY': 0,
        'LICENCE.NOT_CANCELLED': 0,
        'CORRECTION.AFTER_SIGNING': 0,
        'CORRECTION.RECORDED': 0,
        'CHECK.UNDETERMINED': 0,
      });
      expect(report.bySeverity).toEqual({ error: 4, warning: 3, info: 0 });
      expect(report.findings.map((f) => f.rule)).toEqual([
        'DECISION.OVERDUE',
        'DECISION.WITHOUT_ACCEPTANCE',
        'DENIAL.REASON_OR_BASIS_MISSING',
        'SUPPLEMENT.NOTICE_LATE',
        'RATING.BAD_NOT_RECTIFIED',
        'COMPLAINT.UNRESOLVED',
        'DENIAL.RIGHTS_NOTICE_MISSING',
      ]);
    });

    it('shows no personal data and no free text of the events in the findings', () => {
      const json = JSON.stringify(report.findings);
      for (const value of [
        APPLICANT.name,
        APPLICANT.idNumber,
        APPLICANT.phone,
        COMPLAINANT.name,
        COMPLAINANT.phone,
        '办理时间过长',
        '不符合条件',
      ])
        expect(json).not.toContain(value);
    });
  });
});
