/**
 * Builds recorded events BY HAND, as a legacy import or a ledger from before a rule existed
 * would hold them: nothing here goes through a decider, so the tests can record what the
 * deciders forbid (a decision without acceptance, a denial without reason, a late notice).
 */
import {
  CalendarYear,
  LedgerEvent,
  Recorded,
  SHIPPED_CALENDAR_YEARS,
  WorkingDayCalendar,
  recordStreamId,
} from '@ledger/domain';

export const AGENCY = 'test-psb';
/** The shipped 2019–2021 mainland calendar: real holidays and make-up working days. */
export const calendar = new WorkingDayCalendar(SHIPPED_CALENDAR_YEARS);
/** Only 2020: a count that runs into 2021 cannot be made. */
export const calendar2020Only = new WorkingDayCalendar(
  SHIPPED_CALENDAR_YEARS.filter((y: CalendarYear) => y.year === 2020),
);

/** Personal data the tests record; none of it may appear in a replay or a finding. */
export const APPLICANT = { name: '张三丰', idNumber: '44070219800101001X', phone: '13800138000' };
export const COMPLAINANT = { name: '李四光', phone: '13900139001' };

type Data<T extends LedgerEvent['type']> = Extract<LedgerEvent, { type: T }>['data'];
type Loose<T> = { [K in keyof T]?: unknown };

/** `2020-03-02` → `2020-03-02T10:00:00+08:00`; a full instant passes through. */
const instant = (at: string) => (at.length === 10 ? `${at}T10:00:00+08:00` : at);

export class HandBuiltLedger {
  readonly events: Recorded<LedgerEvent>[] = [];
  private readonly revisions = new Map<string, number>();
  /** Ledger time stamped on the next events; tests move it. */
  ledgerTime = '2021-03-01T00:00:00.000Z';

  constructor(private agency: string = AGENCY) {}

  /** Records the following events for another agency. */
  as(agency: string): this {
    this.agency = agency;
    return this;
  }

  record<T extends LedgerEvent['type']>(
    streamId: string,
    type: T,
    at: string,
    data: Data<T> | Loose<Data<T>>,
  ): Recorded<LedgerEvent> {
    const revision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, revision + 1);
    const position = String(this.events.length + 1);
    const event = {
      type,
      data,
      at: instant(at),
      metadata: {
        agency: this.agency,
        actor: 'legacy-import',
        businessTime: instant(at),
        ledgerTime: this.ledgerTime,
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

  certificate(applicationId: string, at: string) {
    return this.on(applicationId, 'CertificateIssued.v1', at, { form: 'paper', delivery: 'collect' });
  }

  /** A licence event on the licence's stream, its data as given (plus the licence id). */
  licence<T extends LedgerEvent['type']>(licenceId: string, type: T, at: string, data: Loose<Data<T>>) {
    return this.record(recordStreamId('licence', this.agency, licenceId), type, at, { licenceId, ...data } as Loose<
      Data<T>
    >);
  }

  /** A licence of application `applicationId` granted on `at`, valid from that day until `validUntil`. */
  grantLicence(licenceId: string, at: string, validUntil?: string) {
    return this.licence(licenceId, 'LicenceGranted.v1', at, {
      licenceNumber: `No.${licenceId}`,
      applicationId: `app-${licenceId}`,
      itemCode: 'A',
      department: '治安',
      holder: APPLICANT,
      validFrom: at.slice(0, 10),
      ...(validUntil !== undefined ? { validUntil } : {}),
      renewalLeadDays: 30,
    });
  }

  /** A correction of a recorded event, in that event's stream (recorded at the current ledger time). */
  correct(
    target: Recorded<LedgerEvent>,
    at: string,
    correction: { correctedAt?: string; fields?: Record<string, unknown> },
  ) {
    return this.record(target.streamId, 'FactCorrected.v1', at, {
      correctedEventId: target.eventId,
      correctedType: target.type,
      ...(correction.correctedAt !== undefined ? { correctedAt: instant(correction.correctedAt) } : {}),
      ...(correction.fields !== undefined ? { fields: correction.fields } : {}),
      reason: '录入错误',
      authorisedBy: '法制科',
    });
  }

  item(code: string, department: string, disclosable = true) {
    return this.record(recordStreamId('item', this.agency, code), 'ItemRegistered.v1', '2019-01-01T00:00:00+08:00', {
      code,
      effectiveFrom: '2019-01-01T00:00:00+08:00',
      name: `事项${code}`,
      department,
      statutoryDays: 20,
      promisedDays: 5,
      handlingType: 'promised',
      requiredVisits: 0,
      fullyOnline: true,
      inStandardCatalogue: true,
      inOnlineHall: true,
      disclosable,
    });
  }

  file(applicationId: string, at: string, over: Partial<Data<'ApplicationFiled.v1'>> = {}) {
    return this.record(recordStreamId('application', this.agency, applicationId), 'ApplicationFiled.v1', at, {
      applicationId,
      itemCode: 'A',
      department: '治安',
      statutoryDays: 20,
      promisedDays: 5,
      disclosable: true,
      channel: 'online',
      applicant: APPLICANT,
      ...over,
    });
  }

  accept(applicationId: string, at: string) {
    return this.on(applicationId, 'ApplicationAccepted.v1', at, {});
  }

  notAccept(applicationId: string, at: string) {
    return this.on(applicationId, 'ApplicationNotAccepted.v1', at, { reason: '不属于本机关职权范围' });
  }

  requestSupplement(applicationId: string, at: string) {
    return this.on(applicationId, 'SupplementRequested.v1', at, { materials: '营业执照副本' });
  }

  extend(applicationId: string, at: string, days = 10) {
    return this.on(applicationId, 'TimeLimitExtended.v1', at, { days, reason: '情况复杂', approvedBy: '局长' });
  }

  suspend(applicationId: string, at: string) {
    return this.on(applicationId, 'TimeLimitSuspended.v1', at, { kind: 'expert-review' });
  }

  resume(applicationId: string, at: string) {
    return this.on(applicationId, 'TimeLimitResumed.v1', at, {});
  }

  grant(applicationId: string, at: string) {
    return this.on(applicationId, 'DecisionMade.v1', at, { outcome: 'granted' });
  }

  deny(
    applicationId: string,
    at: string,
    reasons: { reason?: string; legalBasis?: string } = {
      reason: '不符合法定条件',
      legalBasis: '《公章刻制业治安管理办法》第八条',
    },
  ) {
    return this.on(applicationId, 'DecisionMade.v1', at, { outcome: 'denied', ...reasons });
  }

  disclose(applicationId: string, at: string) {
    return this.on(applicationId, 'DecisionDisclosed.v1', at, { channel: '信用江门' });
  }

  exempt(applicationId: string, at: string) {
    return this.on(applicationId, 'DisclosureExempted.v1', at, { legalBasis: '《护照法》' });
  }

  rate(applicationId: string, at: string, level: 1 | 2 | 3 | 4 | 5) {
    return this.on(applicationId, 'RatingReceived.v1', at, { level, defaulted: false });
  }

  rectifyRating(applicationId: string, at: string) {
    return this.on(applicationId, 'BadRatingRectified.v1', at, { measures: '回访并说明理由' });
  }

  complaint(complaintId: string, at: string, over: Partial<Data<'ComplaintLogged.v1'>> = {}) {
    return this.record(recordStreamId('complaint', this.agency, complaintId), 'ComplaintLogged.v1', at, {
      complaintId,
      channel: '12345热线',
      subject: '办理时间过长',
      complainant: COMPLAINANT,
      ...over,
    });
  }

  resolveComplaint(complaintId: string, at: string) {
    return this.record(recordStreamId('complaint', this.agency, complaintId), 'ComplaintResolved.v1', at, {
      complaintId,
      valid: true,
      outcome: '已责令整改',
    });
  }

  private on<T extends LedgerEvent['type']>(applicationId: string, type: T, at: string, data: Record<string, unknown>) {
    return this.record(recordStreamId('application', this.agency, applicationId), type, at, {
      applicationId,
      ...data,
    } as Loose<Data<T>>);
  }
}
