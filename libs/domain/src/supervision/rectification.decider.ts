import { Decider, DecisionContext } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { RecordRectification, RectificationCommand, UpdateRectification } from './supervision.commands';
import { compact, instantOf, optionalText, requireOneOf, requireYear } from './supervision.guards';
import {
  RectificationEvent,
  RectificationRecorded,
  RectificationStatus,
  RectificationUpdated,
} from './supervision.events';

/** In the order a rectification moves through; it may skip a status, never go back. */
export const RECTIFICATION_STATUSES: readonly RectificationStatus[] = ['planned', 'in-progress', 'completed'];
const rank = (status: RectificationStatus): number => RECTIFICATION_STATUSES.indexOf(status);

/** A rectification stream folded: nothing yet, or its current status, measures and the time of its latest event. */
export type RectificationState =
  | { readonly status: 'none' }
  | {
      readonly status: RectificationStatus;
      readonly rectificationId: string;
      readonly problem: string;
      readonly measures: string;
      readonly year: number;
      readonly inspectionId?: string;
      /** Business time of the latest event: an update cannot happen before it. */
      readonly lastAt: string;
    };

type RecordedRectification = Exclude<RectificationState, { status: 'none' }>;

function record(
  command: RecordRectification,
  state: RectificationState,
  context: DecisionContext,
): RectificationRecorded[] {
  if (state.status !== 'none') {
    throw new ConflictError(
      'RECTIFICATION.ALREADY_RECORDED',
      `rectification ${state.rectificationId} is already recorded; update it instead`,
      'rectificationId',
    );
  }
  const rectificationId = requireText(
    command.rectificationId,
    'rectificationId',
    'RECTIFICATION.ID_REQUIRED',
    'the rectification id',
  );
  const problem = requireText(command.problem, 'problem', 'RECTIFICATION.PROBLEM_REQUIRED', 'the problem found');
  const measures = requireText(
    command.measures,
    'measures',
    'RECTIFICATION.MEASURES_REQUIRED',
    'the measures taken or planned',
  );
  const status = requireOneOf(command.status, RECTIFICATION_STATUSES, 'status', 'RECTIFICATION.INVALID_STATUS');
  const year = requireYear(command.year, 'year', 'RECTIFICATION', context);
  const inspectionId = optionalText(command.inspectionId, 'inspectionId', 'RECTIFICATION.INSPECTION_ID_BLANK');
  const at = command.at ?? instantOf(context.now);
  requireBusinessTime(at, 'at', context.now);
  return [
    {
      type: 'RectificationRecorded.v1',
      data: compact({ rectificationId, problem, measures, status, year, inspectionId }),
      at,
    },
  ];
}

function requireRecorded(rectificationId: string, state: RectificationState): RecordedRectification {
  if (state.status === 'none' || state.rectificationId !== rectificationId) {
    throw new NotFoundError(
      'RECTIFICATION.NOT_FOUND',
      `no rectification ${rectificationId} is recorded`,
      'rectificationId',
    );
  }
  return state;
}

function update(
  command: UpdateRectification,
  state: RectificationState,
  context: DecisionContext,
): RectificationUpdated[] {
  const current = requireRecorded(command.rectificationId, state);
  if (current.status === 'completed') {
    throw new IllegalTransitionError(
      'RECTIFICATION.ALREADY_COMPLETED',
      `rectification ${current.rectificationId} is completed and can no longer change`,
      'status',
    );
  }
  const status = requireOneOf(command.status, RECTIFICATION_STATUSES, 'status', 'RECTIFICATION.INVALID_STATUS');
  if (rank(status) < rank(current.status)) {
    throw new IllegalTransitionError(
      'RECTIFICATION.STATUS_BACKWARDS',
      `rectification ${current.rectificationId} is ${current.status} and cannot go back to ${status}`,
      'status',
    );
  }
  const given = optionalText(command.measures, 'measures', 'RECTIFICATION.MEASURES_REQUIRED');
  const measures = given !== undefined && given !== current.measures ? given : undefined;
  if (status === current.status && measures === undefined) {
    throw new ValidationError(
      'RECTIFICATION.NO_CHANGE',
      `rectification ${current.rectificationId} is already ${status} with these measures`,
    );
  }
  const at = command.at ?? instantOf(context.now);
  requireBusinessTime(at, 'at', context.now, { at: current.lastAt, what: 'the rectification was last recorded' });
  return [
    {
      type: 'RectificationUpdated.v1',
      data: compact({ rectificationId: current.rectificationId, status, measures }),
      at,
    },
  ];
}

/**
 * Rectifications (整改), one stream per rectification (`recordStreamId('rectification', agency, id)`): recorded once,
 * then updated forward (planned → in-progress → completed) until completed.
 */
export const rectificationDecider: Decider<RectificationCommand, RectificationEvent, RectificationState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'RecordRectification':
        return record(command, state, context);
      case 'UpdateRectification':
        return update(command, state, context);
      default:
        return assertNever(command, 'rectification command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RectificationRecorded.v1': {
        const { rectificationId, problem, measures, status, year, inspectionId } = event.data;
        return compact({ status, rectificationId, problem, measures, year, inspectionId, lastAt: event.at });
      }
      case 'RectificationUpdated.v1':
        if (state.status === 'none') return state;
        return {
          ...state,
          status: event.data.status,
          measures: event.data.measures ?? state.measures,
          lastAt: event.at,
        };
      default:
        return assertNever(event, 'rectification event');
    }
  },

  initialState: () => ({ status: 'none' }),
};
