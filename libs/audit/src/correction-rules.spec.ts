import { ComplianceChecks, ComplianceReport } from './compliance-checks';
import { AGENCY, HandBuiltLedger, calendar } from './testing/hand-built-ledger';

const SIGNED = Date.parse('2021-06-30T18:00:00+08:00');

/** The checks of 2020 over the ledger's events, with report texts signed (or not) at `signedAt` (ledger time). */
function check(ledger: HandBuiltLedger, signedAt?: string, year = 2020): ComplianceReport {
  const checks = new ComplianceChecks({ agency: AGENCY, year, calendar, now: SIGNED });
  const events = [...ledger.events];
  const texts = {
    type: 'ReportTextsSupplied.v1',
    data: { year, problems: 'p', measures: 'm', signatory: '某某市公安局', date: '2021-03-30' },
    metadata: { agency: AGENCY, ledgerTime: signedAt },
    position: 'texts',
  };
  for (const event of events) {
    if (signedAt !== undefined && event.metadata.ledgerTime > signedAt && texts.position === 'texts') {
      checks.passOver(texts as never);
      texts.position = 'done';
    }
    checks.apply(event);
  }
  if (signedAt !== undefined && texts.position === 'texts') checks.passOver(texts as never);
  return checks.report();
}

describe('corrections in the audit', () => {
  const ledger = new HandBuiltLedger();
  ledger.file('a1', '2020-03-02T09:00:00+08:00');
  ledger.accept('a1', '2020-03-02');
  const decision = ledger.grant('a1', '2020-03-10');
  ledger.disclose('a1', '2020-03-10');
  ledger.ledgerTime = '2021-03-01T00:00:00.000Z';
  ledger.correct(decision, '2021-03-01', { correctedAt: '2020-03-09' });
  ledger.ledgerTime = '2021-04-15T00:00:00.000Z';
  ledger.correct(decision, '2021-04-15', { correctedAt: '2020-03-06' });
  ledger.file('b1', '2021-03-02T09:00:00+08:00');
  const other = ledger.accept('b1', '2021-03-02');
  ledger.correct(other, '2021-04-15', { correctedAt: '2021-03-03' });

  it('lists every correction of a fact of the year, as a note', () => {
    const recorded = check(ledger).findings.filter((f) => f.rule === 'CORRECTION.RECORDED');
    expect(recorded.map((f) => [f.severity, f.details.correctedAt, f.details.recordedAt])).toEqual([
      ['info', '2020-03-09T10:00:00+08:00', '2021-03-01T00:00:00.000Z'],
      ['info', '2020-03-06T10:00:00+08:00', '2021-04-15T00:00:00.000Z'],
    ]);
    expect(recorded[0].details).toMatchObject({ correctedType: 'DecisionMade.v1', correctedEventId: decision.eventId });
  });

  it("flags the corrections recorded after the year's report was signed, and only those", () => {
    const after = check(ledger, '2021-03-30T10:00:00.000Z').findings.filter(
      (f) => f.rule === 'CORRECTION.AFTER_SIGNING',
    );
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      severity: 'warning',
      details: { correctedAt: '2020-03-06T10:00:00+08:00', signedAt: '2021-03-30T10:00:00.000Z' },
    });
  });

  it('flags nothing while the report is not signed', () => {
    expect(check(ledger).findings.filter((f) => f.rule === 'CORRECTION.AFTER_SIGNING')).toEqual([]);
  });
});
