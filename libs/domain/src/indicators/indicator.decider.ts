import { Decider, DecisionContext } from '../shared/decider';
import { ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { localYearOf } from '../shared/time';
import { IndicatorCommand, ReportIndicator } from './indicator.commands';
import { IndicatorEvent, IndicatorReported } from './indicator.events';

/** The figure in force for one indicator name and year: the latest report. */
export interface IndicatorValue {
  readonly name: string;
  readonly year: number;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
  /** Business time of the report. */
  readonly at: string;
}

/**
 * The latest report per name and year. Keyed by year as well as name so the state stays right
 * whether a stream holds one year (`indicatorStreamId`) or several.
 */
export interface IndicatorState {
  readonly latest: Readonly<Record<string, IndicatorValue>>;
}

// The year has no '|', so the first '|' separates it from any name.
const keyOf = (year: number, name: string): string => `${year}|${name}`;

/** The latest report of an indicator for a year, if any. */
export function latestIndicator(state: IndicatorState, year: number, name: string): IndicatorValue | undefined {
  return state.latest[keyOf(year, name)];
}

/** The latest report of every indicator (of one year, when given), in the order first reported. */
export function indicatorsOf(state: IndicatorState, year?: number): IndicatorValue[] {
  return Object.values(state.latest).filter((indicator) => year === undefined || indicator.year === year);
}

/** 1990–2100, and not after the current year in the agency's time zone: a figure is for a year that has begun. */
function requireYear(year: number, context: DecisionContext): number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1990 || year > 2100) {
    throw new ValidationError(
      'INDICATOR.YEAR_OUT_OF_RANGE',
      `year must be a year from 1990 to 2100, got ${JSON.stringify(year)}`,
      'year',
    );
  }
  const currentYear = localYearOf(context.now, context.timeZone);
  if (year > currentYear)
    throw new ValidationError(
      'INDICATOR.YEAR_IN_FUTURE',
      `year ${year} is after the current year ${currentYear}`,
      'year',
    );
  return year;
}

function requireValue(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(
      'INDICATOR.INVALID_VALUE',
      `value must be a finite number, 0 or more, got ${JSON.stringify(value)}`,
      'value',
    );
  }
  return value;
}

function report(command: ReportIndicator, state: IndicatorState, context: DecisionContext): IndicatorReported[] {
  const name = requireText(
    command.name,
    'name',
    'INDICATOR.NAME_REQUIRED',
    'what the figure counts (e.g. seals carved)',
  );
  const year = requireYear(command.year, context);
  const value = requireValue(command.value);
  const unit = requireText(command.unit, 'unit', 'INDICATOR.UNIT_REQUIRED', 'the unit of the figure (e.g. 枚, hours)');
  const source = requireText(command.source, 'source', 'INDICATOR.SOURCE_REQUIRED', 'the system that reported it');
  requireBusinessTime(command.at, 'at', context.now);
  const previous = latestIndicator(state, year, name);
  // Upstream systems resend on every run; the same figure from the same source is no new fact.
  if (previous && previous.value === value && previous.unit === unit && previous.source === source) return [];
  if (previous)
    requireBusinessTime(command.at, 'at', context.now, {
      at: previous.at,
      what: `the report of ${name} it supersedes`,
    });
  return [{ type: 'IndicatorReported.v1', data: { name, year, value, unit, source }, at: command.at }];
}

/**
 * Indicators reported by other systems, one stream per agency and year (`indicatorStreamId`).
 * A new report for a name and year supersedes the earlier one; an identical resend records nothing.
 */
export const indicatorDecider: Decider<IndicatorCommand, IndicatorEvent, IndicatorState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'ReportIndicator':
        return report(command, state, context);
      default:
        return assertNever(command.type, 'indicator command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'IndicatorReported.v1': {
        const { name, year, value, unit, source } = event.data;
        return { latest: { ...state.latest, [keyOf(year, name)]: { name, year, value, unit, source, at: event.at } } };
      }
      default:
        return assertNever(event.type, 'indicator event');
    }
  },

  initialState: () => ({ latest: {} }),
};
