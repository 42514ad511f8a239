import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors';
import { assertNever } from '../shared/event';
import { DecisionContext, Decider } from '../shared/decider';
import { requireBusinessTime, requireText } from '../shared/rules';
import { ApplicationCommand, ItemOnFilingDate } from './application.commands';
import { ApplicationEvent, ApplicationFiled } from './application.events';
import { ApplicationState, MaybeApplication, isSuspended } from './application.state';
import { standingAcceptance, standingExtension } from '../timeline/application-timeline';

/** The application decider also needs the catalogue's answer when an application is filed. */
export interface ApplicationContext extends DecisionContext {
  readonly itemOnFilingDate?: ItemOnFilingDate;
}

/** 《行政许可法》第四十二条: the time limit may be extended once, by at most 10 working days. */
export const MAX_EXTENSION_DAYS = 10;

export const applicationDecider: Decider<ApplicationCommand, ApplicationEvent, MaybeApplication, ApplicationContext> = {
  initialState: () => undefined,
  decide,
  evolve,
};

function decide(command: ApplicationCommand, state: MaybeApplication, context: ApplicationContext): ApplicationEvent[] {
  if (command.type === 'FileApplication') return [fileApplication(command, state, context)];
  const app = requireFiled(state, command.applicationId);
  const { applicationId, at } = command;
  switch (command.type) {
    case 'DecideAcceptance': {
      requireOpen(app, 'decide acceptance of');
      if (app.phase !== 'filed')
        throw new ConflictError(
          'APPLICATION.ACCEPTANCE_ALREADY_DECIDED',
          `application ${applicationId} was already accepted`,
        );
      if (app.supplement && !app.supplement.providedAt) {
        throw new IllegalTransitionError(
          'APPLICATION.SUPPLEMENT_PENDING',
          `application ${applicationId} awaits the supplement requested on ${app.supplement.requestedAt}`,
        );
      }
      requireBusinessTime(
        at,
        'at',
        context.now,
        latest(app.supplement?.providedAt, 'the supplement', app.filedAt, 'filing'),
      );
      if (command.accepted) return [{ type: 'ApplicationAccepted.v1', at, data: { applicationId } }];
      const reason = requireText(
        command.reason,
        'reason',
        'APPLICATION.NON_ACCEPTANCE_REASON_REQUIRED',
        'a non-acceptance must state why',
      );
      return [{ type: 'ApplicationNotAccepted.v1', at, data: { applicationId, reason } }];
    }
    case 'RequestSupplement': {
      requireOpen(app, 'request a supplement for');
      if (app.phase !== 'filed')
        throw new IllegalTransitionError(
          'APPLICATION.ALREADY_ACCEPTED',
          `application ${applicationId} is already accepted; supplements are requested before acceptance`,
        );
      // 一次性告知: everything missing must be asked for in one notice.
      if (app.supplement)
        throw new ConflictError(
          'APPLICATION.SUPPLEMENT_ALREADY_REQUESTED',
          `a supplement was already requested for ${applicationId} on ${app.supplement.requestedAt}; the law allows one notice`,
        );
      requireBusinessTime(at, 'at', context.now, { at: app.filedAt, what: 'filing' });
      const materials = requireText(
        command.materials,
        'materials',
        'APPLICATION.SUPPLEMENT_MATERIALS_REQUIRED',
        'name the missing materials',
      );
      return [{ type: 'SupplementRequested.v1', at, data: { applicationId, materials } }];
    }
    case 'ProvideSupplement': {
      requireOpen(app, 'supply materials for');
      if (!app.supplement)
        throw new IllegalTransitionError(
          'APPLICATION.NO_SUPPLEMENT_REQUESTED',
          `no supplement was requested for ${applicationId}`,
        );
      if (app.supplement.providedAt)
        throw new ConflictError(
          'APPLICATION.SUPPLEMENT_ALREADY_PROVIDED',
          `the supplement for ${applicationId} was already provided`,
        );
      requireBusinessTime(at, 'at', context.now, { at: app.supplement.requestedAt, what: 'the supplement request' });
      return [
        { type: 'SupplementProvided.v1', at, data: { applicationId, ...(command.note ? { note: command.note } : {}) } },
      ];
    }
    case 'ExtendTimeLimit': {
      requireUndecidedAccepted(app, 'extend the time limit of');
      if (app.extension)
        throw new ConflictError(
          'APPLICATION.ALREADY_EXTENDED',
          `the time limit of ${applicationId} was already extended on ${app.extension.at}; the law allows one extension`,
        );
      if (!Number.isInteger(command.days) || command.days < 1 || command.days > MAX_EXTENSION_DAYS) {
        throw new ValidationError(
          'APPLICATION.EXTENSION_DAYS',
          `days must be a whole number from 1 to ${MAX_EXTENSION_DAYS}`,
          'days',
        );
      }
      const reason = requireText(
        command.reason,
        'reason',
        'APPLICATION.EXTENSION_REASON_REQUIRED',
        'an extension must state why',
      );
      const approvedBy = requireText(
        command.approvedBy,
        'approvedBy',
        'APPLICATION.EXTENSION_APPROVER_REQUIRED',
        "an extension needs the head's approval",
      );
      requireBusinessTime(at, 'at', context.now, { at: app.acceptedAt!, what: 'acceptance' });
      return [{ type: 'TimeLimitExtended.v1', at, data: { applicationId, days: command.days, reason, approvedBy } }];
    }
    case 'SuspendTimeLimit': {
      requireUndecidedAccepted(app, 'suspend the time limit of');
      if (isSuspended(app))
        throw new ConflictError(
          'APPLICATION.ALREADY_SUSPENDED',
          `the time limit of ${applicationId} is already suspended`,
        );
      const previous = app.suspensions[app.suspensions.length - 1];
      requireBusinessTime(
        at,
        'at',
        context.now,
        latest(previous?.to, 'the last resumption', app.acceptedAt!, 'acceptance'),
      );
      return [
        {
          type: 'TimeLimitSuspended.v1',
          at,
          data: { applicationId, kind: command.kind, ...(command.reason ? { reason: command.reason } : {}) },
        },
      ];
    }
    case 'ResumeTimeLimit': {
      requireUndecidedAccepted(app, 'resume the time limit of');
      if (!isSuspended(app))
        throw new IllegalTransitionError(
          'APPLICATION.NOT_SUSPENDED',
          `the time limit of ${applicationId} is not suspended`,
        );
      requireBusinessTime(at, 'at', context.now, {
        at: app.suspensions[app.suspensions.length - 1].from,
        what: 'the suspension',
      });
      return [{ type: 'TimeLimitResumed.v1', at, data: { applicationId } }];
    }
    case 'MakeDecision': {
      requireOpen(app, 'decide');
      if (app.decision)
        throw new ConflictError(
          'APPLICATION.ALREADY_DECIDED',
          `application ${applicationId} was already decided (${app.decision.outcome}) on ${app.decision.at}`,
        );
      if (app.phase !== 'accepted')
        throw new IllegalTransitionError(
          'APPLICATION.NOT_ACCEPTED',
          `application ${applicationId} has not been accepted; no decision before acceptance`,
        );
      if (isSuspended(app))
        throw new IllegalTransitionError(
          'APPLICATION.SUSPENDED',
          `the time limit of ${applicationId} is suspended; resume it before deciding`,
        );
      requireBusinessTime(at, 'at', context.now, latestOf(app));
      if (command.outcome === 'granted')
        return [{ type: 'DecisionMade.v1', at, data: { applicationId, outcome: 'granted' } }];
      // 《行政许可法》第三十八条: a denial states the reason and the right to reconsideration or litigation.
      const reason = requireText(
        command.reason,
        'reason',
        'DECISION.DENIAL_REASON_REQUIRED',
        'a denial must state its reason',
      );
      const legalBasis = requireText(
        command.legalBasis,
        'legalBasis',
        'DECISION.DENIAL_BASIS_REQUIRED',
        'a denial must state its legal basis',
      );
      const appealRightsNotice = command.appealRightsNotice ?? '如不服本决定，可依法申请行政复议或者提起行政诉讼。';
      const notified = command.appealRightsNotified ?? undefined;
      if (notified !== undefined && typeof notified !== 'boolean')
        throw new ValidationError(
          'DECISION.INVALID_RIGHTS_NOTIFIED',
          `appealRightsNotified must be true or false, got ${JSON.stringify(notified)}`,
          'appealRightsNotified',
        );
      return [
        {
          type: 'DecisionMade.v1',
          at,
          data: {
            applicationId,
            outcome: 'denied',
            reason,
            legalBasis,
            appealRightsNotice,
            ...(notified !== undefined ? { appealRightsNotified: notified } : {}),
          },
        },
      ];
    }
    case 'DiscloseDecision': {
      if (!app.decision)
        throw new IllegalTransitionError(
          'DISCLOSURE.NOT_DECIDED',
          `application ${applicationId} has no decision to disclose`,
        );
      if (app.decision.outcome !== 'granted')
        throw new IllegalTransitionError(
          'DISCLOSURE.NOT_GRANTED',
          `only granted decisions are disclosed; ${applicationId} was denied`,
        );
      if (app.disclosure)
        throw new ConflictError(
          'DISCLOSURE.ALREADY_RECORDED',
          `the disclosure of ${applicationId} was already recorded on ${app.disclosure.at}`,
        );
      requireBusinessTime(at, 'at', context.now, { at: app.decision.at, what: 'the decision' });
      if (command.exempt) {
        const legalBasis = requireText(
          command.legalBasis,
          'legalBasis',
          'DISCLOSURE.EXEMPTION_BASIS_REQUIRED',
          'an exemption from disclosure needs its legal basis',
        );
        return [{ type: 'DisclosureExempted.v1', at, data: { applicationId, legalBasis } }];
      }
      if (!app.disclosable)
        throw new IllegalTransitionError(
          'DISCLOSURE.FORBIDDEN',
          `decisions of item ${app.itemCode} may not be disclosed; record an exemption with its legal basis`,
        );
      const channel = requireText(
        command.channel,
        'channel',
        'DISCLOSURE.CHANNEL_REQUIRED',
        'say where the decision was published',
      );
      return [{ type: 'DecisionDisclosed.v1', at, data: { applicationId, channel } }];
    }
    case 'IssueCertificate': {
      if (app.decision?.outcome !== 'granted')
        throw new IllegalTransitionError(
          'CERTIFICATE.NOT_GRANTED',
          `application ${applicationId} has no granted decision; no certificate can be issued`,
        );
      requireBusinessTime(at, 'at', context.now, { at: app.decision.at, what: 'the decision' });
      return [
        { type: 'CertificateIssued.v1', at, data: { applicationId, form: command.form, delivery: command.delivery } },
      ];
    }
    case 'WithdrawApplication': {
      requireOpen(app, 'withdraw');
      if (app.decision)
        throw new IllegalTransitionError(
          'APPLICATION.ALREADY_DECIDED',
          `application ${applicationId} was already decided; it can no longer be withdrawn`,
        );
      requireBusinessTime(at, 'at', context.now, latestOf(app));
      return [
        {
          type: 'ApplicationWithdrawn.v1',
          at,
          data: { applicationId, ...(command.reason ? { reason: command.reason } : {}) },
        },
      ];
    }
    case 'RecordOnSiteVisit': {
      requireBusinessTime(at, 'at', context.now, { at: app.filedAt, what: 'filing' });
      return [
        {
          type: 'OnSiteVisitRecorded.v1',
          at,
          data: { applicationId, ...(command.purpose ? { purpose: command.purpose } : {}) },
        },
      ];
    }
    case 'ReceiveRating': {
      if (app.rating)
        throw new ConflictError(
          'RATING.ALREADY_RECEIVED',
          `application ${applicationId} was already rated on ${app.rating.at}`,
        );
      if (!Number.isInteger(command.level) || command.level < 1 || command.level > 5)
        throw new ValidationError('RATING.LEVEL', 'level must be 1 (非常不满意) to 5 (非常满意)', 'level');
      const concluded = app.decision?.at ?? app.notAcceptedAt ?? app.withdrawnAt;
      if (!concluded)
        throw new IllegalTransitionError(
          'RATING.NOT_CONCLUDED',
          `application ${applicationId} is still being handled; the service is rated once it is concluded`,
        );
      requireBusinessTime(at, 'at', context.now, { at: concluded, what: 'the conclusion of the application' });
      return [
        {
          type: 'RatingReceived.v1',
          at,
          data: {
            applicationId,
            level: command.level,
            defaulted: command.defaulted ?? false,
            ...(command.channel ? { channel: command.channel } : {}),
          },
        },
      ];
    }
    case 'RectifyBadRating': {
      if (!app.rating || app.rating.level > 2)
        throw new IllegalTransitionError(
          'RATING.NOT_BAD',
          `application ${applicationId} has no 不满意 or 非常不满意 rating to rectify`,
        );
      if (app.rating.rectifiedAt)
        throw new ConflictError(
          'RATING.ALREADY_RECTIFIED',
          `the bad rating of ${applicationId} was already rectified on ${app.rating.rectifiedAt}`,
        );
      const measures = requireText(command.measures, 'measures', 'RATING.MEASURES_REQUIRED', 'say what was done');
      requireBusinessTime(at, 'at', context.now, { at: app.rating.at, what: 'the rating' });
      return [{ type: 'BadRatingRectified.v1', at, data: { applicationId, measures } }];
    }
    default:
      return assertNever(command, 'application command');
  }
}

function fileApplication(
  command: Extract<ApplicationCommand, { type: 'FileApplication' }>,
  state: MaybeApplication,
  context: ApplicationContext,
): ApplicationFiled {
  if (state)
    throw new ConflictError(
      'APPLICATION.ALREADY_FILED',
      `application ${command.applicationId} already exists`,
      'applicationId',
    );
  requireBusinessTime(command.at, 'filedAt', context.now);
  const item = context.itemOnFilingDate ?? { status: 'unknown' };
  switch (item.status) {
    case 'unknown':
      throw new NotFoundError(
        'ITEM.NOT_FOUND',
        `licensing item ${command.itemCode} is not in the catalogue`,
        'itemCode',
      );
    case 'not-yet-effective':
      throw new IllegalTransitionError(
        'ITEM.NOT_IN_FORCE',
        `licensing item ${command.itemCode} only takes effect on ${item.effectiveFrom}`,
        'itemCode',
      );
    case 'retired':
      throw new IllegalTransitionError(
        'ITEM.NOT_IN_FORCE',
        `licensing item ${command.itemCode} was retired on ${item.retiredFrom}`,
        'itemCode',
      );
    case 'in-force':
      break;
    default:
      assertNever(item, 'item status');
  }
  requireText(command.applicant?.name, 'applicant.name', 'APPLICATION.APPLICANT_REQUIRED', "the applicant's name");
  const { department, statutoryDays, promisedDays, disclosable } = item.attributes;
  return {
    type: 'ApplicationFiled.v1',
    at: command.at,
    data: {
      applicationId: command.applicationId,
      itemCode: command.itemCode,
      department,
      statutoryDays,
      promisedDays,
      disclosable,
      channel: command.channel,
      applicant: command.applicant,
    },
  };
}

function evolve(state: MaybeApplication, event: ApplicationEvent): MaybeApplication {
  if (event.type === 'ApplicationFiled.v1') {
    const d = event.data;
    return {
      phase: 'filed',
      applicationId: d.applicationId,
      itemCode: d.itemCode,
      department: d.department,
      statutoryDays: d.statutoryDays,
      promisedDays: d.promisedDays,
      disclosable: d.disclosable,
      filedAt: event.at,
      suspensions: [],
      certificates: 0,
      visits: 0,
    };
  }
  if (!state) return state; // events of an unfiled application cannot occur; ignore rather than invent state
  switch (event.type) {
    // Which acceptance and extension stand is the timeline core's rule, so the state agrees with every reader.
    case 'ApplicationAccepted.v1':
      return { ...state, phase: 'accepted', acceptedAt: standingAcceptance(state.acceptedAt, event.at) };
    case 'ApplicationNotAccepted.v1':
      return { ...state, phase: 'not-accepted', notAcceptedAt: event.at };
    case 'SupplementRequested.v1':
      return { ...state, supplement: { requestedAt: event.at } };
    case 'SupplementProvided.v1':
      return { ...state, supplement: { requestedAt: state.supplement?.requestedAt ?? event.at, providedAt: event.at } };
    case 'TimeLimitExtended.v1':
      return { ...state, extension: standingExtension(state.extension, { at: event.at, days: event.data.days }) };
    case 'TimeLimitSuspended.v1':
      return { ...state, suspensions: [...state.suspensions, { kind: event.data.kind, from: event.at }] };
    case 'TimeLimitResumed.v1': {
      const open = state.suspensions[state.suspensions.length - 1];
      return open ? { ...state, suspensions: [...state.suspensions.slice(0, -1), { ...open, to: event.at }] } : state;
    }
    case 'DecisionMade.v1':
      return { ...state, phase: 'decided', decision: { at: event.at, outcome: event.data.outcome } };
    case 'DecisionDisclosed.v1':
      return { ...state, disclosure: { at: event.at, exempt: false } };
    case 'DisclosureExempted.v1':
      return { ...state, disclosure: { at: event.at, exempt: true } };
    case 'CertificateIssued.v1':
      return { ...state, certificates: state.certificates + 1 };
    case 'ApplicationWithdrawn.v1':
      return { ...state, phase: 'withdrawn', withdrawnAt: event.at };
    case 'OnSiteVisitRecorded.v1':
      return { ...state, visits: state.visits + 1 };
    case 'RatingReceived.v1':
      return { ...state, rating: { at: event.at, level: event.data.level } };
    case 'BadRatingRectified.v1':
      return state.rating ? { ...state, rating: { ...state.rating, rectifiedAt: event.at } } : state;
    default:
      return assertNever(event, 'application event');
  }
}

function requireFiled(state: MaybeApplication, applicationId: string): ApplicationState {
  if (!state)
    throw new NotFoundError('APPLICATION.NOT_FOUND', `application ${applicationId} was never filed`, 'applicationId');
  return state;
}

/** Withdrawn and not-accepted applications are closed: nothing more happens to them. */
function requireOpen(app: ApplicationState, action: string): void {
  if (app.phase === 'withdrawn' || app.phase === 'not-accepted') {
    throw new IllegalTransitionError(
      'APPLICATION.CLOSED',
      `cannot ${action} application ${app.applicationId}: it was ${app.phase === 'withdrawn' ? 'withdrawn' : 'not accepted'}`,
    );
  }
}

function requireUndecidedAccepted(app: ApplicationState, action: string): void {
  requireOpen(app, action);
  if (app.decision)
    throw new IllegalTransitionError(
      'APPLICATION.ALREADY_DECIDED',
      `cannot ${action} application ${app.applicationId}: it was already decided`,
    );
  if (app.phase !== 'accepted')
    throw new IllegalTransitionError(
      'APPLICATION.NOT_ACCEPTED',
      `cannot ${action} application ${app.applicationId}: it has not been accepted`,
    );
}

/** The later of two preceding facts, as the bound a new business time may not precede. */
function latest(a: string | undefined, aWhat: string, b: string, bWhat: string): { at: string; what: string } {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? { at: a, what: aWhat } : { at: b, what: bWhat };
}

/** The most recent fact of the handling a decision or withdrawal must follow. */
function latestOf(app: ApplicationState): { at: string; what: string } {
  const facts: [string | undefined, string][] = [
    [app.filedAt, 'filing'],
    [app.acceptedAt, 'acceptance'],
    [app.supplement?.providedAt, 'the supplement'],
    [app.extension?.at, 'the extension'],
    ...app.suspensions.map((s): [string | undefined, string] => [
      s.to ?? s.from,
      s.to ? 'the resumption' : 'the suspension',
    ]),
  ];
  let best = { at: app.filedAt, what: 'filing' };
  for (const [at, what] of facts) if (at !== undefined && Date.parse(at) > Date.parse(best.at)) best = { at, what };
  return best;
}
