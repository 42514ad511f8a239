import { CalendarHistory, WorkingDayCounter } from '@ledger/domain';
import { Projection } from '../engine/projection';
import { YearlyFiguresAccumulator } from './yearly-figures.accumulator';

/** Bump when the figures' definitions change: the runner then rebuilds from the first event. */
// 2: applications keyed by (agency, id); attribution by the timeline core.
// 3: the calendar's recorded versions judge every decision again (basedOn.calendar).
// 4: the licence section (licence events are counted).
export const YEARLY_FIGURES_VERSION = 4;
export const YEARLY_FIGURES = 'yearly-figures';

/** The yearly figures as a named projection over every agency's events. */
export function yearlyFiguresProjection(
  calendar: WorkingDayCounter | CalendarHistory,
  timeZone: string,
): Projection<YearlyFiguresAccumulator> {
  return {
    name: YEARLY_FIGURES,
    version: YEARLY_FIGURES_VERSION,
    // Every ledger event may matter to some figure; the accumulator ignores the others cheaply.
    canHandle: () => true,
    initialState: () => new YearlyFiguresAccumulator({ calendar, timeZone }),
    evolve: (state, event) => {
      state.apply(event);
      return state;
    },
    // The working-day calendar's versions: each one may change every deadline.
    evolveOther: (state, event) => {
      state.applyOther(event);
      return state;
    },
    snapshot: (state) => state.snapshot(),
    restore: (snapshot) => YearlyFiguresAccumulator.restore(snapshot, { calendar, timeZone }),
  };
}
