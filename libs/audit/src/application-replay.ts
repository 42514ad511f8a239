import {
  CalendarVersionRef,
  ApplicationState,
  ApplicationTimeline,
  DeadlineView,
  LedgerEvent,
  MaybeApplication,
  Recorded,
  WorkingDayCounter,
  applicationDecider,
  deadlineInputsOf,
  deadlineOf,
  decisionTimeliness,
  emptyTimeline,
  correctedHistory,
  isApplicationEvent,
  isCorrection,
  localDateOf,
  nextTimeline,
  timelineOf,
} from '@ledger/domain';
import { AuditEvent, auditEventOf } from './audit-event';

/** One event of an application's stream and what the ledger knew of the application right after it. */
export interface ApplicationReplayStep extends AuditEvent {
  /** The decider's state after this event (`applicationDecider.evolve`); null before a filing. */
  readonly state: ApplicationState | null;
  /** The statutory deadline as known after this event; null while no time limit runs (not accepted). */
  readonly deadline: DeadlineView | null;
  /** On a decision: whether it met the deadline known then; null when the deadline was not known. */
  readonly onTime?: boolean | null;
}

export interface ApplicationReplay {
  readonly applicationId: string;
  readonly streamId: string;
  readonly agency: string;
  readonly steps: readonly ApplicationReplayStep[];
  /** The state after the last event, as `GET /v1/applications/{id}` shows it. */
  readonly finalState: ApplicationState | null;
  readonly finalDeadline: DeadlineView | null;
  /** The working-day calendar's versions the deadlines were computed with (when known). */
  readonly calendar?: readonly CalendarVersionRef[];
}

export interface ApplicationReplayOptions {
  readonly calendar: WorkingDayCounter;
  /** The versions `calendar` is made of, named in the replay. */
  readonly calendarVersions?: readonly CalendarVersionRef[];
  readonly timeZone: string;
}

/**
 * Replays one application's stream event by event. Pure: the events come in stream order with
 * their personal data already withheld (the state never holds personal data, so nothing here
 * needs it), and the calendar comes in as an argument.
 */
export function replayApplication(
  applicationId: string,
  events: readonly Recorded<LedgerEvent>[],
  options: ApplicationReplayOptions,
): ApplicationReplay {
  let state: MaybeApplication = applicationDecider.initialState();
  let timeline: ApplicationTimeline = emptyTimeline(applicationId);
  let deadline: DeadlineView | null = null;
  const steps: ApplicationReplayStep[] = [];
  for (const [index, event] of events.entries()) {
    if (isCorrection(event)) {
      // From a correction on, what the ledger knew is the stream as corrected: fold it again.
      const known = correctedHistory(events.slice(0, index + 1));
      state = known.filter(isApplicationEvent).reduce(applicationDecider.evolve, applicationDecider.initialState());
      timeline = timelineOf(applicationId, known);
    } else {
      if (isApplicationEvent(event)) state = applicationDecider.evolve(state, event);
      timeline = nextTimeline(timeline, event);
    }
    deadline = deadlineOf(timeline, options.calendar, options.timeZone);
    const step: ApplicationReplayStep = { ...auditEventOf(event), state: state ?? null, deadline };
    const decidedAt = decisionJudgedBy(event, timeline);
    if (decidedAt === undefined) steps.push(step);
    else {
      const timeliness = decisionTimeliness(
        deadlineInputsOf(timeline, options.timeZone),
        localDateOf(decidedAt, options.timeZone),
        options.calendar,
      );
      steps.push({ ...step, onTime: timeliness === 'unknown' ? null : timeliness === 'on-time' });
    }
  }
  return {
    applicationId,
    // The stream the events came from: per agency, or a legacy one (see AgencyRecords).
    streamId: events[0]?.streamId ?? '',
    agency: events[0]?.metadata.agency ?? '',
    steps,
    finalState: state ?? null,
    finalDeadline: deadline,
    ...(options.calendarVersions === undefined ? {} : { calendar: options.calendarVersions }),
  };
}

/**
 * The decision a step judges: a decision's own step judges it as recorded; a correction of the
 * decision (its date or outcome) judges the decision as corrected.
 */
function decisionJudgedBy(event: Recorded<LedgerEvent>, timeline: ApplicationTimeline): string | undefined {
  if (event.type === 'DecisionMade.v1') return event.at;
  if (event.type === 'FactCorrected.v1' && event.data.correctedType === 'DecisionMade.v1') return timeline.decision?.at;
  return undefined;
}
