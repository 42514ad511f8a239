import { LedgerEvent, Recorded } from '@ledger/domain';

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
  /** JSON-serialisable state, saved with the checkpoint in one transaction. */
  snapshot(state: S): unknown;
  restore(snapshot: unknown): S;
}
