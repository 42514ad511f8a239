import { CorrectionIndex, isCorrection } from '@ledger/domain';
import { EventStore, RecordedEvent, comparePositions, readAllAheadThrough } from '@ledger/event-store';
import { DecodedEvent, decodeStoredEvent } from './event-codec';

/**
 * The ledger read as corrected, for readers that meet it event by event in the store's order
 * (the figures, the compliance checks, the report's counts): each licensing fact is handed on
 * with the corrections known merged in (`CorrectionIndex`, the one application of corrections),
 * and each correction is learnt as it comes. A correction always follows the event it names (it
 * is appended to that event's stream), so a reader folding in one pass has already counted that
 * event as first recorded when it learns the correction: `decode` says so (`learnt`), and the
 * reader must fold again from the first event, knowing it (`foldCorrectedLedger` does).
 */
export class LedgerCorrections {
  constructor(readonly index = new CorrectionIndex()) {}

  /** Decoded once, facts corrected; `learnt` is true for a correction met for the first time. */
  decode(stored: RecordedEvent): { readonly decoded: DecodedEvent; readonly learnt: boolean } {
    const decoded = decodeStoredEvent(stored);
    if (decoded.kind !== 'fact') return { decoded, learnt: false };
    if (isCorrection(decoded.event)) return { decoded, learnt: this.index.add(decoded.event) };
    const corrected = this.index.correct(decoded.event);
    return { decoded: corrected === decoded.event ? decoded : { kind: 'fact', event: corrected }, learnt: false };
  }
}

/** A fold over the ledger's events: a fresh state, and each decoded event folded in (facts as corrected). */
export interface LedgerFold<S> {
  initial(): S;
  apply(state: S, decoded: DecodedEvent, stored: RecordedEvent): S;
}

export interface CorrectedFold<S> {
  readonly state: S;
  /** 1, or 2 when the events read held a correction: the first pass learnt it, the second applied it. */
  readonly passes: number;
  readonly corrections: LedgerCorrections;
}

/**
 * Folds the events `read` yields into a fresh state, every fact as corrected by the corrections
 * among them. One pass, unless it meets a correction: then once more from the first event,
 * knowing them all (corrections are rare; a ledger without any pays nothing). `read` must yield
 * the same events each time it is called: bound it (by a position taken before, or a ledger time).
 */
export async function foldCorrectedLedger<S>(
  read: () => AsyncIterable<RecordedEvent>,
  fold: LedgerFold<S>,
  corrections: LedgerCorrections = new LedgerCorrections(),
): Promise<CorrectedFold<S>> {
  for (let passes = 1; ; passes++) {
    let state = fold.initial();
    let learnt = false;
    for await (const stored of read()) {
      const reading = corrections.decode(stored);
      learnt ||= reading.learnt;
      state = fold.apply(state, reading.decoded, stored);
    }
    // A second pass learns nothing new from the same events: it is the last.
    if (!learnt || passes === 2) return { state, passes, corrections };
  }
}

export interface LedgerRange {
  /** Only the events recorded (ledger time) by this instant: an as-of read. */
  readonly asOf?: string;
  /** Only the stored events this accepts (an agency's, say), judged before decoding. */
  readonly accept?: (stored: RecordedEvent) => boolean;
}

/**
 * The events of the store up to its head as it is now (and recorded by `asOf`), as a reader
 * `foldCorrectedLedger` may call twice and get the same events: events appended meanwhile are
 * beyond the head taken here. Read ahead on another thread where the store can (SQLite in a
 * file, for a long ledger: `readAllAheadThrough`), so that this thread only decodes and folds.
 */
export async function ledgerRange(
  store: Pick<EventStore, 'headPosition' | 'readAll'>,
  range: LedgerRange = {},
): Promise<() => AsyncIterable<RecordedEvent>> {
  const head = await store.headPosition();
  const { asOf, accept } = range;
  return async function* events() {
    if (!head) return;
    for await (const stored of readAllAheadThrough(store, head)) {
      if (comparePositions(stored.position, head) > 0) return;
      // ISO-8601 UTC strings of equal form compare in time order.
      if (asOf !== undefined && String(stored.metadata.ledgerTime) > asOf) continue;
      if (accept === undefined || accept(stored)) yield stored;
    }
  };
}
