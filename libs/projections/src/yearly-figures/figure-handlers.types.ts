import type { EventHandlers } from '@ledger/kernel';
import type { AgencyState } from './agency-state';
import type { FiguresState } from './figures-state';

/** The event being counted: the figures, its agency's state and when it happened (epoch ms, local day and year). */
export interface Counting {
  readonly figures: FiguresState;
  readonly agency: AgencyState;
  readonly ms: number;
  readonly day: number;
  readonly year: number;
}

/** Every event type's counting handler: the compiler refuses a map that forgets one. */
export type AllCountingHandlers = EventHandlers<Counting>;

/** The counting handlers of one concern's event types (applications, catalogue, supervision). */
export type CountingHandlers<T extends keyof AllCountingHandlers> = Pick<AllCountingHandlers, T>;
