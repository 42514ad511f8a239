/**
 * Property: a ledger with corrections, read event by event as corrected (the figures' and the
 * compliance checks' one pass, `foldCorrectedLedger`), gives exactly what the same facts give
 * when every corrected event is merged into its stream first (`correctedHistory`, the command
 * side's shape of the rule) and no correction is left: two shapes of one rule must agree.
 */
import fc from 'fast-check';
import { checkCompliance, ComplianceChecks } from '@ledger/audit';
import { LedgerEvent, Recorded, correctedHistory, isCorrection } from '@ledger/domain';
import { RecordedEvent, parsePosition } from '@ledger/event-store';
import { foldCorrectedLedger } from '@ledger/kernel';
import { YearlyFiguresAccumulator } from '@ledger/projections';
import { AGENCY, LedgerEvents, calendar } from '@ledger/projections/yearly-figures/testing/ledger-events';

const TZ = 'Asia/Shanghai';
const YEARS = [2020, 2021, 2022];

/** A day of 2020–2021 at a working hour, as an ISO-8601 instant in China time. */
const dayAt = (day: number, hour = 10) => {
  const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  return `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;
};

const application = fc.record({
  filedDay: fc.integer({ min: 0, max: 700 }),
  acceptAfter: fc.integer({ min: 0, max: 3 }),
  decideAfter: fc.integer({ min: 1, max: 45 }),
  outcome: fc.constantFrom('granted' as const, 'denied' as const),
  disclosed: fc.boolean(),
  channel: fc.constantFrom('online', 'window'),
});

/** What a supervisor puts right: which application's which fact, and how. */
const correction = fc.record({
  app: fc.nat(),
  what: fc.constantFrom('outcome', 'decisionDay', 'acceptanceDay', 'channel', 'disclosureDay'),
  shift: fc.integer({ min: -20, max: 40 }),
});

type Application = { filedDay: number; acceptAfter: number; decideAfter: number } & Record<string, unknown>;

function record(apps: Application[], corrections: Correction[]) {
  const ledger = new LedgerEvents();
  ledger.register('ZA-001', '2019-01-01T00:00:00+08:00', { department: '治安' });
  const facts = apps.map((app, i) => {
    const id = `A-${i}`;
    const filed = ledger.file(id, dayAt(app.filedDay, 9), { channel: app.channel as 'online' });
    const accepted = ledger.accept(id, dayAt(app.filedDay + app.acceptAfter));
    const decidedOn = app.filedDay + app.acceptAfter + app.decideAfter;
    const decided =
      app.outcome === 'granted' ? ledger.grant(id, dayAt(decidedOn)) : ledger.deny(id, dayAt(decidedOn), '不符合条件');
    const disclosed =
      app.disclosed && app.outcome === 'granted' ? ledger.disclose(id, dayAt(decidedOn + 2)) : undefined;
    return { app, filed, accepted, decided, decidedOn, disclosed };
  });
  // Corrections come after every fact (as they do: made when a review finds the error).
  for (const c of corrections) {
    const fact = facts[c.app % facts.length];
    switch (c.what) {
      case 'outcome':
        ledger.correct(fact.decided, dayAt(730), {
          fields:
            fact.app.outcome === 'granted'
              ? { outcome: 'denied', reason: '复核不符合条件', legalBasis: '《行政许可法》第三十八条' }
              : { outcome: 'granted' },
        });
        break;
      case 'decisionDay':
        // Never before the acceptance: the correction decider refuses that (the fact would be impossible).
        ledger.correct(fact.decided, dayAt(730), {
          correctedAt: dayAt(Math.max(fact.app.filedDay + fact.app.acceptAfter + 1, fact.decidedOn + c.shift)),
        });
        break;
      case 'acceptanceDay':
        ledger.correct(fact.accepted, dayAt(730), {
          correctedAt: dayAt(Math.min(fact.decidedOn - 1, Math.max(fact.app.filedDay, fact.app.filedDay + c.shift))),
        });
        break;
      case 'channel':
        ledger.correct(fact.filed, dayAt(730), { fields: { channel: c.shift % 2 === 0 ? 'app' : 'terminal' } });
        break;
      case 'disclosureDay':
        if (fact.disclosed)
          ledger.correct(fact.disclosed, dayAt(730), { correctedAt: dayAt(fact.decidedOn + Math.abs(c.shift)) });
        break;
    }
  }
  return ledger.events;
}

interface Correction {
  app: number;
  what: 'outcome' | 'decisionDay' | 'acceptanceDay' | 'channel' | 'disclosureDay';
  shift: number;
}

const stored = (event: Recorded<LedgerEvent>): RecordedEvent => ({
  eventId: event.eventId,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  position: parsePosition(event.position),
  data: event.data as never,
  metadata: event.metadata as never,
});

/** The events with each stream's corrections merged in and dropped, in the store's order. */
function mergedFirst(events: readonly Recorded<LedgerEvent>[]): Recorded<LedgerEvent>[] {
  const byStream = new Map<string, Recorded<LedgerEvent>[]>();
  for (const event of events) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
  const corrected = new Map<string, Recorded<LedgerEvent>>();
  for (const stream of byStream.values())
    for (const event of correctedHistory(stream)) corrected.set(event.eventId, event);
  return events.filter((e) => !isCorrection(e)).map((e) => corrected.get(e.eventId)!);
}

const read = (events: readonly Recorded<LedgerEvent>[]) =>
  async function* () {
    for (const event of events) yield stored(event);
  };

const figuresFold = {
  initial: () => new YearlyFiguresAccumulator({ calendar, timeZone: TZ }),
  apply: (state: YearlyFiguresAccumulator, decoded: { kind: string; event: unknown }) => {
    if (decoded.kind === 'fact') state.apply(decoded.event as Recorded<LedgerEvent>);
    return state;
  },
};

const NOT_CORRECTION_LISTING = (rule: string) => !rule.startsWith('CORRECTION.');

describe('a ledger with corrections, read as corrected in one pass', () => {
  it('gives the figures, breakdowns and compliance findings of its facts merged first', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(application, { minLength: 1, maxLength: 6 }),
        fc.array(correction, { minLength: 1, maxLength: 5 }),
        async (apps, corrections) => {
          const events = record(apps, corrections);
          const merged = mergedFirst(events);
          const folded = await foldCorrectedLedger(read(events), figuresFold);
          const reference = await foldCorrectedLedger(read(merged), figuresFold);
          // The corrections were learnt in the first pass and applied in the second.
          expect(folded.passes).toBe(events.some(isCorrection) ? 2 : 1);
          expect(reference.passes).toBe(1);
          for (const year of YEARS) {
            expect(folded.state.figures(AGENCY, year)).toEqual(reference.state.figures(AGENCY, year));
            expect(folded.state.departments(AGENCY, year)).toEqual(reference.state.departments(AGENCY, year));
            expect(folded.state.items(AGENCY, year)).toEqual(reference.state.items(AGENCY, year));
            const options = { agency: AGENCY, year, calendar, timeZone: TZ, now: Date.parse('2023-01-01T00:00:00Z') };
            const checked = await foldCorrectedLedger(read(events), {
              initial: () => new ComplianceChecks(options),
              apply: (checks, decoded) => {
                if (decoded.kind === 'fact') checks.apply(decoded.event);
                return checks;
              },
            });
            const findings = checked.state.report().findings.filter((f) => NOT_CORRECTION_LISTING(f.rule));
            expect(findings).toEqual(checkCompliance(options, merged).findings);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('counts a ledger whose corrections are left out as first recorded (the corrections do change it)', async () => {
    const ledger = new LedgerEvents();
    ledger.register('ZA-001', '2019-01-01T00:00:00+08:00', { department: '治安' });
    ledger.file('A-1', dayAt(10, 9));
    ledger.accept('A-1', dayAt(10));
    const decided = ledger.grant('A-1', dayAt(14));
    ledger.correct(decided, dayAt(400), {
      fields: { outcome: 'denied', reason: '复核不符合条件', legalBasis: '《行政许可法》第三十八条' },
    });
    const asRecorded = ledger.events.filter((e) => !isCorrection(e));
    const corrected = await foldCorrectedLedger(read(ledger.events), figuresFold);
    const original = await foldCorrectedLedger(read(asRecorded), figuresFold);
    expect(original.state.figures(AGENCY, 2020).decisions).toMatchObject({ granted: 1, denied: 0 });
    expect(corrected.state.figures(AGENCY, 2020).decisions).toMatchObject({ granted: 0, denied: 1 });
  });
});
