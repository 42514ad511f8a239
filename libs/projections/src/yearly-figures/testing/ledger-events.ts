/**
 * Builds recorded events by hand for the figures' tests: each call appends one event to its
 * stream with the next global position, as a store would record it.
 */
import {
  ItemAttributes,
  LedgerEvent,
  LicenceEvent,
  Recorded,
  SHIPPED_CALENDAR_YEARS,
  WorkingDayCalendar,
  indicatorStreamId,
  recordStreamId,
} from '@ledger/domain';
import { YearlyFiguresAccumulator } from '../yearly-figures.accumulator';

export const AGENCY = 'jiangmen-psb';

/** The shipped 2019–2021 mainland calendar: real holidays and make-up working days. */
export const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);

type Data<T extends LedgerEvent['type']> = Extract<LedgerEvent, { type: T }>['data'];

export const item = (overrides: Partial<ItemAttributes> = {}): ItemAttributes => ({
  name: '公章刻制业特种行业许可',
  department: '治安',
  statutoryDays: 20,
  promisedDays: 5,
  handlingType: 'promised',
  requiredVisits: 0,
  fullyOnline: true,
  inStandardCatalogue: true,
  inOnlineHall: true,
  disclosable: true,
  ...overrides,
});

export class LedgerEvents {
  constructor(
    readonly agency: string = AGENCY,
    readonly events: Recorded<LedgerEvent>[] = [],
    private readonly revisions = new Map<string, number>(),
  ) {}

  /** The same ledger, recording for another agency. */
  of(agency: string): LedgerEvents {
    return new LedgerEvents(agency, this.events, this.revisions);
  }

  record<T extends LedgerEvent['type']>(streamId: string, type: T, at: string, data: Data<T>): Recorded<LedgerEvent> {
    const revision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, revision + 1);
    const position = String(this.events.length + 1);
    const event = {
      type,
      data,
      at,
      metadata: {
        agency: this.agency,
        actor: 'clerk-7',
        businessTime: at,
        ledgerTime: '2021-03-30T02:00:00.000Z',
        correlationId: `c-${position}`,
        causationId: `c-${position}`,
      },
      streamId,
      revision,
      eventId: `00000000-0000-4000-8000-${position.padStart(12, '0')}`,
      position,
    } as unknown as Recorded<LedgerEvent>;
    this.events.push(event);
    return event;
  }

  register(code: string, effectiveFrom: string, attributes: Partial<ItemAttributes> = {}) {
    return this.record(recordStreamId('item', this.agency, code), 'ItemRegistered.v1', effectiveFrom, {
      code,
      effectiveFrom,
      ...item(attributes),
    });
  }

  amend(code: string, effectiveFrom: string, changes: Partial<ItemAttributes>) {
    return this.record(recordStreamId('item', this.agency, code), 'ItemAmended.v1', effectiveFrom, {
      code,
      effectiveFrom,
      changes,
    });
  }

  retire(code: string, effectiveFrom: string) {
    return this.record(recordStreamId('item', this.agency, code), 'ItemRetired.v1', effectiveFrom, {
      code,
      effectiveFrom,
      reason: '国务院决定取消',
    });
  }

  file(applicationId: string, at: string, overrides: Partial<Data<'ApplicationFiled.v1'>> = {}) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'ApplicationFiled.v1', at, {
      applicationId,
      itemCode: 'ZA-001',
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      disclosable: true,
      channel: 'online',
      applicant: { kind: 'person', name: '张三', idNumber: '440701199001011234' },
      ...overrides,
    });
  }

  accept(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'ApplicationAccepted.v1', at, {
      applicationId,
    });
  }

  notAccept(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'ApplicationNotAccepted.v1', at, {
      applicationId,
      reason: '不属于本机关职权范围',
    });
  }

  extend(applicationId: string, at: string, days = 10) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'TimeLimitExtended.v1', at, {
      applicationId,
      days,
      reason: '情况复杂',
      approvedBy: '局长',
    });
  }

  suspend(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'TimeLimitSuspended.v1', at, {
      applicationId,
      kind: 'expert-review',
    });
  }

  resume(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'TimeLimitResumed.v1', at, {
      applicationId,
    });
  }

  grant(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'DecisionMade.v1', at, {
      applicationId,
      outcome: 'granted',
    });
  }

  deny(applicationId: string, at: string, reason: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'DecisionMade.v1', at, {
      applicationId,
      outcome: 'denied',
      reason,
      legalBasis: '《易制毒化学品管理条例》第十五条',
    });
  }

  withdraw(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'ApplicationWithdrawn.v1', at, {
      applicationId,
    });
  }

  disclose(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'DecisionDisclosed.v1', at, {
      applicationId,
      channel: '信用江门网',
    });
  }

  exempt(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'DisclosureExempted.v1', at, {
      applicationId,
      legalBasis: '《中华人民共和国护照法》',
    });
  }

  certificate(applicationId: string, at: string, form: 'paper' | 'electronic', delivery: 'mail' | 'collect') {
    return this.record(recordStreamId('application', this.agency, applicationId), 'CertificateIssued.v1', at, {
      applicationId,
      form,
      delivery,
    });
  }

  rate(applicationId: string, at: string, level: 1 | 2 | 3 | 4 | 5) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'RatingReceived.v1', at, {
      applicationId,
      level,
      defaulted: false,
    });
  }

  rectifyBadRating(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'BadRatingRectified.v1', at, {
      applicationId,
      measures: '约谈窗口人员',
    });
  }

  visit(applicationId: string, at: string) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'OnSiteVisitRecorded.v1', at, {
      applicationId,
    });
  }

  inspect(inspectionId: string, at: string, overrides: Partial<Data<'InspectionPerformed.v1'>> = {}) {
    return this.record(recordStreamId('inspection', this.agency, inspectionId), 'InspectionPerformed.v1', at, {
      inspectionId,
      kind: 'external-supervision',
      department: '治安',
      applicationIds: [],
      filesReviewed: 0,
      findings: '未发现问题',
      rectificationRequired: false,
      ...overrides,
    });
  }

  complain(
    complaintId: string,
    at: string,
    refs: { department?: string; itemCode?: string; applicationId?: string } = {},
  ) {
    return this.record(recordStreamId('complaint', this.agency, complaintId), 'ComplaintLogged.v1', at, {
      complaintId,
      channel: '12345',
      subject: '办理慢',
      ...refs,
    });
  }

  resolveComplaint(complaintId: string, at: string, valid: boolean) {
    return this.record(recordStreamId('complaint', this.agency, complaintId), 'ComplaintResolved.v1', at, {
      complaintId,
      valid,
      outcome: valid ? '已整改' : '经核查不属实',
    });
  }

  appeal(
    appealId: string,
    at: string,
    kind: 'reconsideration' | 'litigation',
    refs: { department?: string; itemCode?: string; applicationId?: string } = {},
  ) {
    return this.record(recordStreamId('appeal', this.agency, appealId), 'AppealFiled.v1', at, {
      appealId,
      kind,
      ...refs,
    });
  }

  concludeAppeal(appealId: string, at: string) {
    return this.record(recordStreamId('appeal', this.agency, appealId), 'AppealConcluded.v1', at, {
      appealId,
      outcome: '维持原决定',
    });
  }

  recordRectification(
    rectificationId: string,
    at: string,
    status: 'planned' | 'in-progress' | 'completed',
    inspectionId?: string,
  ) {
    return this.record(recordStreamId('rectification', this.agency, rectificationId), 'RectificationRecorded.v1', at, {
      rectificationId,
      problem: '电子证照开通率0%',
      measures: '对接省电子证照平台',
      status,
      year: 2019,
      ...(inspectionId ? { inspectionId } : {}),
    });
  }

  updateRectification(rectificationId: string, at: string, status: 'planned' | 'in-progress' | 'completed') {
    return this.record(recordStreamId('rectification', this.agency, rectificationId), 'RectificationUpdated.v1', at, {
      rectificationId,
      status,
    });
  }

  /** A licence event on the licence's stream, its data as given (plus the licence id). */
  licence<T extends LicenceEvent['type']>(
    licenceId: string,
    type: T,
    at: string,
    data: Omit<Data<T>, 'licenceId'>,
  ): Recorded<LedgerEvent> {
    return this.record(recordStreamId('licence', this.agency, licenceId), type, at, {
      licenceId,
      ...data,
    } as Data<T>);
  }

  /** A supervisor's correction of `target`, appended to its stream (as `POST /v1/corrections` records it). */
  correct(
    target: Recorded<LedgerEvent>,
    at: string,
    change: { readonly correctedAt?: string; readonly fields?: Record<string, unknown> },
  ) {
    return this.record(target.streamId, 'FactCorrected.v1', at, {
      correctedEventId: target.eventId,
      correctedType: target.type,
      originalAt: target.at,
      ...(change.correctedAt !== undefined ? { correctedAt: change.correctedAt } : {}),
      ...(change.fields !== undefined ? { fields: change.fields } : {}),
      reason: '录入错误',
      authorisedBy: '法制科 审核人',
    });
  }

  indicator(name: string, year: number, value: number, at: string, unit = '枚', source = '公章治安管理系统') {
    return this.record(indicatorStreamId(this.agency, year), 'IndicatorReported.v1', at, {
      name,
      year,
      value,
      unit,
      source,
    });
  }
}

/** A fresh accumulator on the shipped calendar, with `events` applied in the order given. */
export function accumulate(events: readonly Recorded<LedgerEvent>[], timeZone?: string): YearlyFiguresAccumulator {
  const accumulator = new YearlyFiguresAccumulator({ calendar, ...(timeZone ? { timeZone } : {}) });
  for (const event of events) accumulator.apply(event);
  return accumulator;
}
