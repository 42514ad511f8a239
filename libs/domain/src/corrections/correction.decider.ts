import { Decider } from '../shared/decider';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { requireBusinessTime, requireText } from '../shared/rules';
import { instantOf } from '../supervision/supervision.guards';
import type { LedgerEvent } from '../ledger-event';
import { CORRECTABLE_FIELDS } from './correctable-fields';
import { FactCorrected } from './correction.events';

/**
 * POST /v1/corrections: the right values of one recorded event. `at` is when the correction is
 * made (the command's time when absent); `correctedAt` is the right business time of the event.
 */
export type CorrectFact = Readonly<{
  type: 'CorrectFact';
  streamId: string;
  eventId: string;
  correctedAt?: string;
  fields?: Readonly<Record<string, unknown>>;
  reason: string;
  authorisedBy: string;
  at?: string;
}>;
export type CorrectionCommand = CorrectFact;

/** A fact of the stream as it stands, corrections applied (the executor folds the corrected history). */
export interface StandingFact {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  readonly data: Readonly<Record<string, unknown>>;
}
export type CorrectionState = readonly StandingFact[];

export const correctionDecider: Decider<CorrectionCommand, LedgerEvent, CorrectionState> = {
  initialState: () => [],
  evolve: (state, event) => {
    // The executor hands on recorded events; their id is what a correction names.
    const eventId = (event as { readonly eventId?: unknown }).eventId;
    if (typeof eventId !== 'string') return state;
    return [...state, { eventId, type: event.type, at: event.at, data: event.data as Record<string, unknown> }];
  },
  decide(command, state, context): FactCorrected[] {
    const target = state.find((fact) => fact.eventId === command.eventId);
    if (!target)
      throw new NotFoundError(
        'CORRECTION.EVENT_NOT_FOUND',
        `${command.streamId} holds no fact with id ${command.eventId} (a correction itself is corrected by correcting the original again)`,
        'eventId',
      );
    const rules = CORRECTABLE_FIELDS[target.type];
    if (!rules)
      throw new IllegalTransitionError(
        'CORRECTION.NOT_CORRECTABLE',
        `${target.type} is not a licensing fact a correction may change`,
        'eventId',
      );
    const fields = changedFields(command.fields ?? {}, rules, target);
    const correctedAt = changedTime(command.correctedAt, target, state, context.now);
    if (Object.keys(fields).length === 0 && correctedAt === undefined)
      throw new ValidationError(
        'CORRECTION.NO_CHANGE',
        'name at least one field or the business time whose recorded value is wrong, with its right value',
        'fields',
      );
    requireConsistentDenial(target, fields);
    const reason = requireText(
      command.reason,
      'reason',
      'CORRECTION.REASON_REQUIRED',
      'why the recorded fact is wrong',
    );
    const authorisedBy = requireText(
      command.authorisedBy,
      'authorisedBy',
      'CORRECTION.AUTHORISER_REQUIRED',
      'who authorised the correction',
    );
    const at = command.at ?? instantOf(context.now);
    requireBusinessTime(at, 'at', context.now);
    return [
      {
        type: 'FactCorrected.v1',
        at,
        data: {
          correctedEventId: target.eventId,
          correctedType: target.type,
          originalAt: target.at,
          ...(correctedAt !== undefined ? { correctedAt } : {}),
          ...(Object.keys(fields).length > 0 ? { fields } : {}),
          reason,
          authorisedBy,
        },
      },
    ];
  },
};

/** The fields whose value changes, each checked against its rule; a value equal to the standing one is dropped. */
function changedFields(
  given: Readonly<Record<string, unknown>>,
  rules: Readonly<Record<string, (value: unknown) => string | undefined>>,
  target: StandingFact,
): Record<string, unknown> {
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new ValidationError(
      'CORRECTION.INVALID_FIELDS',
      'fields must be an object of field names and values',
      'fields',
    );
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const rule = Object.prototype.hasOwnProperty.call(rules, name) ? rules[name] : undefined;
    if (!rule)
      throw new ValidationError(
        'CORRECTION.FIELD_NOT_CORRECTABLE',
        `${target.type} has no correctable field "${name}"; correctable: ${Object.keys(rules).join(', ') || 'its business time only'}`,
        `fields.${name}`,
      );
    const problem = rule(value);
    if (problem) throw new ValidationError('CORRECTION.INVALID_VALUE', `fields.${name} ${problem}`, `fields.${name}`);
    if (target.data[name] !== value) changed[name] = value;
  }
  return changed;
}

/**
 * The right business time: a real instant, not in the future, and keeping the record's order
 * at its ends: nothing before the record's first fact, and the first fact not after any other.
 */
function changedTime(
  correctedAt: string | undefined,
  target: StandingFact,
  state: CorrectionState,
  now: number,
): string | undefined {
  if (correctedAt === undefined || correctedAt === null) return undefined;
  const first = state[0];
  const ms = requireBusinessTime(
    correctedAt,
    'correctedAt',
    now,
    first.eventId === target.eventId ? undefined : { at: first.at, what: "the record's first fact" },
  );
  if (first.eventId === target.eventId) {
    const earliestOther = state
      .slice(1)
      .reduce<StandingFact | undefined>(
        (min, f) => (!min || Date.parse(f.at) < Date.parse(min.at) ? f : min),
        undefined,
      );
    if (earliestOther && ms > Date.parse(earliestOther.at))
      throw new ValidationError(
        'TIME.AFTER_FOLLOWING_FACT',
        `correctedAt ${correctedAt} is after ${earliestOther.type} (${earliestOther.at}), which the record's first fact precedes`,
        'correctedAt',
      );
  }
  return ms === Date.parse(target.at) ? undefined : correctedAt;
}

/** 第三十八条: a decision corrected to a denial still states its reason and legal basis. */
function requireConsistentDenial(target: StandingFact, fields: Readonly<Record<string, unknown>>): void {
  if (target.type !== 'DecisionMade.v1') return;
  const after = { ...target.data, ...fields };
  if (after.outcome !== 'denied') return;
  for (const name of ['reason', 'legalBasis'])
    if (typeof after[name] !== 'string' || (after[name] as string).trim() === '')
      throw new ValidationError(
        'CORRECTION.DENIAL_INCOMPLETE',
        `a decision corrected to a denial must state its ${name}: give fields.${name}`,
        `fields.${name}`,
      );
}
