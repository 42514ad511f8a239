import { DEFAULT_TIME_ZONE } from './time';

/**
 * What a decider may know besides the command and the stream's state. The clock and the time
 * zone come in as data: the domain never calls `new Date()`.
 */
export interface DecisionContext {
  /** The instant the command is decided, epoch ms (the server's clock). */
  readonly now: number;
  readonly timeZone: string;
}

export const contextAt = (now: number, timeZone = DEFAULT_TIME_ZONE): DecisionContext => ({ now, timeZone });

/**
 * A pure decider (emmett `typing/decider.ts`): `decide` turns a command into events or throws a
 * DomainError; `evolve` folds events into state; `initialState` is the state of an empty stream.
 */
export interface Decider<Command, Event, State, Context = DecisionContext> {
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds events into a state with a decider's `evolve`. */
export function fold<E, S>(decider: { evolve(s: S, e: E): S; initialState(): S }, events: Iterable<E>): S {
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
