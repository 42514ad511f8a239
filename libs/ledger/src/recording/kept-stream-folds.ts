import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { LruMap } from './lru-map';

/** Streams whose fold a reader keeps: the catalogue's items, in bounded memory. */
export const FOLDS_KEPT = 4_096;

/** How to fold one kind of stream; `evolve` returns a new state and never changes the one it is given. */
export interface StreamFold<S> {
  readonly initialState: () => S;
  readonly evolve: (state: S, event: RecordedEvent) => S;
}

interface Folded<S> {
  readonly state: S;
  /** The last revision folded into `state`; -1 for none. */
  readonly revision: number;
}

/**
 * The fold of streams that rules look across to (an item's rules, read by every filing), kept
 * with the last revision folded. Each read brings the fold up to date by reading only the events
 * after that revision, so it answers with every event committed before the read, by this process
 * or any other, as folding the whole stream would: a stream only grows, and a recorded event never
 * changes. What the kept fold saves is decoding and folding the events it has already folded.
 */
export class KeptStreamFolds<S> {
  private readonly folds: LruMap<string, Folded<S>>;

  constructor(
    private readonly store: EventStore,
    private readonly fold: StreamFold<S>,
    capacity = FOLDS_KEPT,
  ) {
    this.folds = new LruMap(capacity);
  }

  async current(streamId: string): Promise<S> {
    const kept = this.folds.get(streamId);
    let { state, revision } = kept ?? { state: this.fold.initialState(), revision: -1 };
    for await (const event of this.store.readStream(streamId, { fromRevision: revision + 1 })) {
      state = this.fold.evolve(state, event);
      revision = event.revision;
    }
    // Reads of one stream may overlap; the one that folded furthest is kept. An empty stream is
    // not kept: there is nothing to save on it, and unknown names would crowd out the real ones.
    const latest = this.folds.get(streamId);
    if (revision >= 0 && (latest === undefined || latest.revision < revision))
      this.folds.set(streamId, { state, revision });
    return state;
  }
}
