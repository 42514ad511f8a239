import { Decider } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { AppealCommand, ConcludeAppeal, FileAppeal } from './supervision.commands';
import { compact, optionalText, requireOneOf, requirePersonalData } from './supervision.guards';
import { AppealConcluded, AppealEvent, AppealFiled, AppealKind } from './supervision.events';

export const APPEAL_KINDS: readonly AppealKind[] = ['reconsideration', 'litigation'];

/** The state keeps no personal data: no rule needs the appellant. */
export type AppealState =
  | { readonly status: 'none' }
  | { readonly status: 'filed'; readonly appealId: string; readonly kind: AppealKind; readonly filedAt: string }
  | {
      readonly status: 'concluded';
      readonly appealId: string;
      readonly kind: AppealKind;
      readonly filedAt: string;
      readonly concludedAt: string;
      readonly outcome: string;
    };

function file(command: FileAppeal, state: AppealState, now: number): AppealFiled[] {
  if (state.status !== 'none')
    throw new ConflictError('APPEAL.ALREADY_FILED', `appeal ${state.appealId} is already filed`, 'appealId');
  const appealId = requireText(command.appealId, 'appealId', 'APPEAL.ID_REQUIRED', 'the appeal id');
  const kind = requireOneOf(command.kind, APPEAL_KINDS, 'kind', 'APPEAL.INVALID_KIND');
  requireBusinessTime(command.at, 'at', now);
  const applicationId = optionalText(command.applicationId, 'applicationId', 'APPEAL.APPLICATION_ID_BLANK');
  const itemCode = optionalText(command.itemCode, 'itemCode', 'APPEAL.ITEM_CODE_BLANK');
  const department = optionalText(command.department, 'department', 'APPEAL.DEPARTMENT_BLANK');
  const appellant = requirePersonalData(command.appellant, 'appellant', 'APPEAL.APPELLANT_NAME_REQUIRED');
  return [
    {
      type: 'AppealFiled.v1',
      data: compact({ appealId, kind, applicationId, itemCode, department, appellant }),
      at: command.at,
    },
  ];
}

function conclude(command: ConcludeAppeal, state: AppealState, now: number): AppealConcluded[] {
  if (state.status === 'none' || state.appealId !== command.appealId) {
    throw new NotFoundError('APPEAL.NOT_FOUND', `no appeal ${command.appealId} is filed`, 'appealId');
  }
  if (state.status === 'concluded') {
    throw new IllegalTransitionError(
      'APPEAL.ALREADY_CONCLUDED',
      `appeal ${state.appealId} was already concluded at ${state.concludedAt}`,
      'appealId',
    );
  }
  requireBusinessTime(command.at, 'at', now, { at: state.filedAt, what: 'the appeal was filed' });
  const outcome = requireText(
    command.outcome,
    'outcome',
    'APPEAL.OUTCOME_REQUIRED',
    'how the case ended (e.g. decision upheld)',
  );
  return [{ type: 'AppealConcluded.v1', data: { appealId: state.appealId, outcome }, at: command.at }];
}

/**
 * Administrative reconsideration (行政复议) and litigation (行政诉讼) cases, one stream per
 * case (`recordStreamId('appeal', agency, id)`): filed once, concluded once.
 */
export const appealDecider: Decider<AppealCommand, AppealEvent, AppealState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'FileAppeal':
        return file(command, state, context.now);
      case 'ConcludeAppeal':
        return conclude(command, state, context.now);
      default:
        return assertNever(command, 'appeal command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'AppealFiled.v1':
        return { status: 'filed', appealId: event.data.appealId, kind: event.data.kind, filedAt: event.at };
      case 'AppealConcluded.v1':
        if (state.status === 'none') return state;
        return {
          status: 'concluded',
          appealId: state.appealId,
          kind: state.kind,
          filedAt: state.filedAt,
          concludedAt: event.at,
          outcome: event.data.outcome,
        };
      default:
        return assertNever(event, 'appeal event');
    }
  },

  initialState: () => ({ status: 'none' }),
};
