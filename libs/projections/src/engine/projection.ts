import { LedgerEvent, Recorded } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { UnknownEvent } from '@ledger/kernel';

/**
 * A named, versioned projection (Marten's named projections): it can be rebuilt by name, and a
 * change of `version` makes the runner rebuild it from the first event. `evolve` may mutate the
 * state it is given (rebuilds must be fast) and uses only event data, never the clock.
 */
export interface Projection<S> {
  readonly name: string;
  readonly version: number;
  canHandle(eventType: string): boolean;
  initialState(): S;
  evolve(state: S, event: Recorded<LedgerEvent>): S;
  /**
   * Events that are no licensing fact but that the projection reads all the same (the
   * working-day calendar's versions, which change every deadline); `canHandle` selects them too.
   */
  evolveOther?(state: S, event: Recorded<UnknownEvent>): S;
  /**
   * Whether a correction (met for the first time) changes a fact this projection folded in, so
   * the runner must fold every event again as corrected. Undefined: every correction does.
   */
  refoldsOn?(correction: Recorded<LedgerEvent>): boolean;
  /**
   * Whether the runner folds this stored event in at all, judged before it is decoded (a
   * partition skips the records of other partitions' agencies, the bulk of a rebuild's work).
   * A skipped event is counted as read all the same. Undefined: every event is folded in.
   */
  accepts?(stored: RecordedEvent): boolean;
  /** JSON-serialisable state, saved with the checkpoint in one transaction. */
  snapshot(state: S): unknown;
  restore(snapshot: unknown): S;
}
