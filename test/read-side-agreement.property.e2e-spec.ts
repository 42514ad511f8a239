/**
 * Property: however a legacy import recorded an application — out of order, with amended items,
 * without its filing or acceptance, with several extensions or suspensions, withdrawn and then
 * decided — the yearly figures, the compliance checks and the audit replay agree on whether its
 * decision was on time, late or undeterminable, and on the department and item it belongs to.
 */
import fc from 'fast-check';
import { ComplianceFinding, checkCompliance, replayApplication } from '@ledger/audit';
import { LedgerEvent, Recorded, UNASSIGNED_DEPARTMENT, localYearOf, recordStreamId } from '@ledger/domain';
import {
  AGENCY,
  LedgerEvents,
  accumulate,
  calendar,
} from '../libs/projections/src/yearly-figures/testing/ledger-events';

const TZ = 'Asia/Shanghai';
const ID = 'A-1';
const DAY_MS = 86_400_000;
const START = Date.parse('2020-01-01T00:00:00+08:00');
/** Instants from 2020-01-01 to 2021-06-30, at whole hours of the Beijing working day. */
const instant = fc
  .record({ day: fc.integer({ min: 0, max: 545 }), hour: fc.integer({ min: 8, max: 18 }) })
  .map(({ day, hour }) => {
    const ms = START + day * DAY_MS + hour * 3_600_000;
    return new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace('.000', '');
  });

type Step =
  | { kind: 'file'; at: string; itemCode?: string; department?: string; statutoryDays: unknown }
  | { kind: 'accept' | 'suspend' | 'resume' | 'withdraw' | 'notAccept'; at: string }
  | { kind: 'extend'; at: string; days: unknown }
  | { kind: 'decide'; at: string; outcome: 'granted' | 'denied' };

const filing = fc.record({
  kind: fc.constant('file' as const),
  at: instant,
  itemCode: fc.constantFrom('ZA-1', 'JD-1', undefined),
  department: fc.constantFrom('治安', '交警', '禁毒', undefined),
  statutoryDays: fc.constantFrom<unknown>(20, 20, 15, 0, 5, undefined, 'twenty'),
});
const plain = (kind: 'accept' | 'suspend' | 'resume' | 'withdraw' | 'notAccept') =>
  fc.record({ kind: fc.constant(kind), at: instant });
const extension = fc.record({
  kind: fc.constant('extend' as const),
  at: instant,
  days: fc.constantFrom<unknown>(10, 10, 5, 3, 0, 2.5, -1, 'ten'),
});
const decision = fc.record({
  kind: fc.constant('decide' as const),
  at: instant,
  outcome: fc.constantFrom('granted' as const, 'denied' as const),
});

/** One application's stream as a legacy import might hold it: one decision, anything else around it, in any order. */
const legacyStream: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.option(filing, { freq: 6, nil: undefined }),
    fc.array(plain('accept'), { maxLength: 2 }),
    fc.array(extension, { maxLength: 2 }),
    fc.array(fc.oneof(plain('suspend'), plain('resume')), { maxLength: 4 }),
    fc.array(fc.oneof(plain('withdraw'), plain('notAccept')), { maxLength: 1 }),
    decision,
  )
  .chain(([file, accepts, extensions, pauses, closings, decide]) => {
    const steps: Step[] = [...(file ? [file] : []), ...accepts, ...extensions, ...pauses, ...closings, decide];
    return fc.shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length });
  });

function record(steps: Step[]): Recorded<LedgerEvent>[] {
  const ledger = new LedgerEvents();
  // ZA-1 moves from 治安 to 交警 in 2021; JD-1 stays with 禁毒.
  ledger.register('ZA-1', '2019-01-01T00:00:00+08:00', { department: '治安' });
  ledger.amend('ZA-1', '2021-01-01T00:00:00+08:00', { department: '交警' });
  ledger.register('JD-1', '2019-01-01T00:00:00+08:00', { department: '禁毒' });
  for (const step of steps) {
    switch (step.kind) {
      case 'file': {
        const { itemCode, department, statutoryDays } = step;
        ledger.file(ID, step.at, { itemCode, department, statutoryDays } as never);
        break;
      }
      case 'extend':
        ledger.extend(ID, step.at, step.days as number);
        break;
      case 'decide':
        if (step.outcome === 'granted') ledger.grant(ID, step.at);
        else ledger.deny(ID, step.at, '不符合法定条件');
        break;
      default:
        ledger[step.kind](ID, step.at);
    }
  }
  return ledger.events;
}

type Verdict = 'on-time' | 'overdue' | 'unknown';

function figuresSay(events: Recorded<LedgerEvent>[], year: number) {
  const accumulator = accumulate(events);
  const decisions = accumulator.figures(AGENCY, year).decisions;
  const verdict: Verdict = decisions.onTime === 1 ? 'on-time' : decisions.overdue === 1 ? 'overdue' : 'unknown';
  expect(decisions.onTime + decisions.overdue + decisions.deadlineUnknown).toBe(1);
  const department = Object.entries(accumulator.departments(AGENCY, year)).find(
    ([, b]) => b.decisions.total === 1,
  )?.[0];
  const item = Object.entries(accumulator.items(AGENCY, year)).find(([, b]) => b.decisions.total === 1)?.[0];
  return { verdict, department, item };
}

const TIMELINESS = (f: ComplianceFinding) =>
  f.applicationId === ID &&
  (f.rule === 'DECISION.OVERDUE' ||
    f.rule === 'DECISION.WITHOUT_ACCEPTANCE' ||
    (f.rule === 'CHECK.UNDETERMINED' && f.appliesTo === 'DECISION.OVERDUE'));

function checksSay(events: Recorded<LedgerEvent>[], year: number) {
  const findings = checkCompliance({ agency: AGENCY, year, calendar, timeZone: TZ }, events).findings.filter(
    TIMELINESS,
  );
  expect(findings.length).toBeLessThanOrEqual(1);
  const [finding] = findings;
  const verdict: Verdict =
    finding === undefined ? 'on-time' : finding.rule === 'DECISION.OVERDUE' ? 'overdue' : 'unknown';
  // Every finding names its application's attribution; a finding names no department when nobody can be named.
  const department = finding === undefined ? undefined : (finding.department ?? UNASSIGNED_DEPARTMENT);
  return { verdict, department, item: finding?.itemCode };
}

function replaySays(events: Recorded<LedgerEvent>[]): Verdict {
  const stream = events.filter((e) => e.streamId === recordStreamId('application', AGENCY, ID));
  const step = replayApplication(ID, stream, { calendar, timeZone: TZ }).steps.find(
    (s) => s.type === 'DecisionMade.v1',
  );
  return step?.onTime === true ? 'on-time' : step?.onTime === false ? 'overdue' : 'unknown';
}

describe('figures, compliance checks and replay of legacy-style streams', () => {
  it('agree per application on the decision being on time, late or undeterminable, and on its department and item', () => {
    fc.assert(
      fc.property(legacyStream, (steps) => {
        const events = record(steps);
        const decided = steps.find((s) => s.kind === 'decide')!;
        const year = localYearOf(decided.at, TZ);
        const figures = figuresSay(events, year);
        const checks = checksSay(events, year);
        expect(checks.verdict).toBe(figures.verdict);
        expect(replaySays(events)).toBe(figures.verdict);
        if (checks.department !== undefined) {
          expect(checks.department).toBe(figures.department);
          expect(checks.item).toBe(figures.item);
        }
      }),
      { numRuns: 400 },
    );
  });
});
