import { Decider } from '../shared/decider';
import { ConflictError, IllegalTransitionError, NotFoundError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { requireBusinessTime, requireText } from '../shared/rules';
import { ComplaintCommand, LogComplaint, ResolveComplaint } from './supervision.commands';
import { compact, optionalText, requireFlag, requirePersonalData } from './supervision.guards';
import { ComplaintEvent, ComplaintLogged, ComplaintResolved } from './supervision.events';

/** The state keeps no personal data: no rule needs the complainant. */
export type ComplaintState =
  | { readonly status: 'none' }
  | { readonly status: 'logged'; readonly complaintId: string; readonly loggedAt: string }
  | {
      readonly status: 'resolved';
      readonly complaintId: string;
      readonly loggedAt: string;
      readonly resolvedAt: string;
      readonly valid: boolean;
      readonly outcome: string;
    };

function log(command: LogComplaint, state: ComplaintState, now: number): ComplaintLogged[] {
  if (state.status !== 'none')
    throw new ConflictError(
      'COMPLAINT.ALREADY_LOGGED',
      `complaint ${state.complaintId} is already logged`,
      'complaintId',
    );
  const complaintId = requireText(command.complaintId, 'complaintId', 'COMPLAINT.ID_REQUIRED', 'the complaint id');
  requireBusinessTime(command.at, 'at', now);
  const channel = requireText(
    command.channel,
    'channel',
    'COMPLAINT.CHANNEL_REQUIRED',
    'how the complaint came in (e.g. 12345 hotline)',
  );
  const subject = requireText(command.subject, 'subject', 'COMPLAINT.SUBJECT_REQUIRED', 'what the complaint is about');
  const applicationId = optionalText(command.applicationId, 'applicationId', 'COMPLAINT.APPLICATION_ID_BLANK');
  const itemCode = optionalText(command.itemCode, 'itemCode', 'COMPLAINT.ITEM_CODE_BLANK');
  const department = optionalText(command.department, 'department', 'COMPLAINT.DEPARTMENT_BLANK');
  const complainant = requirePersonalData(command.complainant, 'complainant', 'COMPLAINT.COMPLAINANT_NAME_REQUIRED');
  return [
    {
      type: 'ComplaintLogged.v1',
      data: compact({ complaintId, channel, subject, applicationId, itemCode, department, complainant }),
      at: command.at,
    },
  ];
}

function resolve(command: ResolveComplaint, state: ComplaintState, now: number): ComplaintResolved[] {
  if (state.status === 'none' || state.complaintId !== command.complaintId) {
    throw new NotFoundError('COMPLAINT.NOT_FOUND', `no complaint ${command.complaintId} is logged`, 'complaintId');
  }
  if (state.status === 'resolved') {
    throw new IllegalTransitionError(
      'COMPLAINT.ALREADY_RESOLVED',
      `complaint ${state.complaintId} was already resolved at ${state.resolvedAt}`,
      'complaintId',
    );
  }
  requireBusinessTime(command.at, 'at', now, { at: state.loggedAt, what: 'the complaint was logged' });
  const valid = requireFlag(command.valid, 'valid', 'COMPLAINT.VALIDITY_REQUIRED');
  const outcome = requireText(
    command.outcome,
    'outcome',
    'COMPLAINT.OUTCOME_REQUIRED',
    'how the complaint was handled',
  );
  return [{ type: 'ComplaintResolved.v1', data: { complaintId: state.complaintId, valid, outcome }, at: command.at }];
}

/** Complaints and reports (投诉举报), one stream per complaint (`recordStreamId('complaint', agency, id)`): logged once, resolved once. */
export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  decide(command, state, context) {
    switch (command.type) {
      case 'LogComplaint':
        return log(command, state, context.now);
      case 'ResolveComplaint':
        return resolve(command, state, context.now);
      default:
        return assertNever(command, 'complaint command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ComplaintLogged.v1':
        return { status: 'logged', complaintId: event.data.complaintId, loggedAt: event.at };
      case 'ComplaintResolved.v1':
        if (state.status === 'none') return state;
        return {
          status: 'resolved',
          complaintId: state.complaintId,
          loggedAt: state.loggedAt,
          resolvedAt: event.at,
          valid: event.data.valid,
          outcome: event.data.outcome,
        };
      default:
        return assertNever(event, 'complaint event');
    }
  },

  initialState: () => ({ status: 'none' }),
};
