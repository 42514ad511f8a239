import {
  CalendarHistory,
  CalendarVersionRef,
  CalendarYearRecorded,
  DEFAULT_TIME_ZONE,
  UNASSIGNED_DEPARTMENT,
  WorkingDayCounter,
} from '@ledger/domain';
import { AgencyState } from './agency-state';
import { ApplicationTable } from './application-table';
import { DeadlineJudge } from './deadline-judge';
import { ZoneClock } from './local-time';

/** Names stored once and referred to by a small index (departments, item codes): the hot path counts by index. */
export class InternTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  intern(name: string): number {
    let index = this.index.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.index.set(name, index);
    }
    return index;
  }
}

/**
 * Everything the yearly figures remember, shared by the modules that fold events in (counting),
 * read figures out, tell which years an event affects and snapshot it all. Index 0 of the
 * departments is always {@link UNASSIGNED_DEPARTMENT}, which applications start with until
 * their filing names one.
 */
/** A calendar version recorded in the ledger, as the figures applied it (kept for snapshots). */
export interface AppliedCalendarVersion {
  readonly data: CalendarYearRecorded['data'];
  readonly at: string;
  readonly recordedAt: string;
}

export class FiguresState {
  readonly clock: ZoneClock;
  /** The calendar the decisions are judged with, and its judge: replaced when a recorded version changes it. */
  calendar: WorkingDayCounter;
  deadlines: DeadlineJudge;
  /** The ledger's calendar versions, when the calendar follows them; undefined for a fixed calendar. */
  calendarHistory: CalendarHistory | undefined;
  /** The versions the calendar in force is made of (`basedOn.calendar`); undefined for a fixed calendar. */
  calendarVersions: readonly CalendarVersionRef[] | undefined;
  readonly appliedCalendarVersions: AppliedCalendarVersion[] = [];
  readonly agencies = new Map<string, AgencyState>();
  applications = new ApplicationTable();
  readonly departments = new InternTable();
  readonly items = new InternTable();
  private lastAgencyName: string | undefined;
  private lastAgency: AgencyState | undefined;

  constructor(
    calendar: WorkingDayCounter | CalendarHistory,
    readonly timeZone: string = DEFAULT_TIME_ZONE,
  ) {
    this.clock = new ZoneClock(timeZone);
    if (calendar instanceof CalendarHistory) {
      const view = calendar.at();
      this.calendarHistory = calendar;
      this.calendarVersions = view.versions;
      this.calendar = view.calendar;
    } else {
      this.calendar = calendar;
    }
    this.deadlines = new DeadlineJudge(this.calendar);
    this.departments.intern(UNASSIGNED_DEPARTMENT);
  }

  /** The agency's state, made on its first event (the last one is kept at hand: events come in runs of one agency). */
  agency(name: string): AgencyState {
    if (name === this.lastAgencyName) return this.lastAgency!;
    let state = this.agencies.get(name);
    if (state === undefined) {
      state = new AgencyState(name);
      this.agencies.set(name, state);
    }
    this.lastAgencyName = name;
    this.lastAgency = state;
    return state;
  }
}
