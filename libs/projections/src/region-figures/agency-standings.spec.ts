import { LedgerEvents, accumulate } from '../yearly-figures/testing/ledger-events';
import { AgencyFindings, agencyStandings } from './agency-standings';

const bj = (local: string) => `${local}+08:00`;
const clean: AgencyFindings = { disclosuresMissing: 0, complaintsUnresolved: 0, signed: true };

/** Three agencies: on time 1 of 1, 1 of 3 (two overdue), and 2 of 2; one without decisions. */
function city() {
  const ledger = new LedgerEvents();
  const decide = (agency: LedgerEvents, id: string, decidedOn: string) => {
    agency.file(id, bj('2020-03-02T09:00:00'));
    agency.accept(id, bj('2020-03-02T10:00:00'));
    agency.grant(id, bj(`${decidedOn}T10:00:00`));
  };
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => ledger.of(id));
  for (const agency of [a, b, c, d]) agency.register('ZA-001', bj('2019-01-01T00:00:00'));
  decide(a, 'a1', '2020-03-05');
  decide(b, 'b1', '2020-03-05');
  decide(b, 'b2', '2020-06-30');
  decide(b, 'b3', '2020-07-30');
  decide(c, 'c1', '2020-03-05');
  decide(c, 'c2', '2020-03-06');
  const state = accumulate(ledger.events);
  return ['a', 'b', 'c', 'd'].map((agency) => ({
    agency,
    name: `${agency}局`,
    region: '440703',
    figures: state.figures(agency, 2020),
    findings: clean,
  }));
}

describe('when the agencies of a region are compared', () => {
  const standings = agencyStandings(city());

  it('ranks exact rates highest first, ties sharing a rank, and an agency without decisions unranked', () => {
    expect(standings.map((s) => s.ranks.onTimeRate)).toEqual([1, 3, 1, null]);
  });

  it('gives the headline figures with their exact fractions', () => {
    expect(standings[1].headline).toMatchObject({
      received: 3,
      decided: 3,
      overdue: 2,
      onTimeRate: { numerator: 1, denominator: 3, percent: 33.33 },
    });
  });

  it('flags overdue decisions and an on-time rate below the threshold, and nothing on a clean agency', () => {
    expect(standings[1].flags.map((f) => [f.code, f.count])).toEqual([
      ['DECISION.OVERDUE', 2],
      ['ON_TIME.BELOW_THRESHOLD', 1],
    ]);
    expect(standings[0].flags).toEqual([]);
    expect(standings[3].flags).toEqual([]);
  });

  it('compares the threshold exactly: 19 of 20 is not below 95%, 189 of 199 (94.97%) is', () => {
    const [one] = city();
    const at = (numerator: number, denominator: number) => ({
      ...one,
      figures: {
        ...one.figures,
        decisions: { ...one.figures.decisions, onTimeRate: { numerator, denominator, percent: null } },
      },
    });
    const [exact, under] = agencyStandings([at(19, 20), at(189, 199)]);
    expect(exact.flags.map((f) => f.code)).not.toContain('ON_TIME.BELOW_THRESHOLD');
    expect(under.flags.map((f) => f.code)).toContain('ON_TIME.BELOW_THRESHOLD');
    expect(agencyStandings([at(19, 20)], { onTimeBelow: 95.01 })[0].flags.map((f) => f.code)).toContain(
      'ON_TIME.BELOW_THRESHOLD',
    );
  });

  it('flags missing disclosures, unresolved complaints and figures no signed checkpoint covers', () => {
    const [one] = city();
    const [flagged] = agencyStandings([
      { ...one, findings: { disclosuresMissing: 3, complaintsUnresolved: 1, signed: false } },
    ]);
    expect(flagged.flags.map((f) => [f.code, f.count])).toEqual([
      ['DISCLOSURE.MISSING', 3],
      ['COMPLAINT.UNRESOLVED', 1],
      ['FIGURES.NOT_SIGNED', 1],
    ]);
    const [unknown] = agencyStandings([{ ...one, findings: { ...clean, signed: null } }]);
    expect(unknown.flags).toEqual([]);
  });
});
