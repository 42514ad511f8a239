/**
 * The one application of corrections every reader and the write side go through: an event with
 * each `FactCorrected.v1` that names it merged in (its business time and the corrected data
 * fields replaced, a later correction of the same field winning), and the corrections
 * themselves left out of what is counted or judged.
 *
 * Two shapes of the same rule: `correctedHistory` for one stream's events in a list (the
 * command side, a record's timeline), and `CorrectionIndex` for a reader that meets the whole
 * ledger event by event (the figures, the compliance checks), which learns the corrections
 * first and then corrects each event as it comes (see `foldCorrectedLedger` in the kernel).
 *
 * Give either only the events known at the instant asked about (an as-of read filters by ledger
 * time first): a correction recorded later is then not applied, and the original fact stands.
 */
export interface CorrectableEvent {
  readonly type: string;
  readonly data: unknown;
  readonly at: string;
  readonly eventId?: string;
}

/** What a correction says, read tolerantly (legacy or malformed data corrects nothing). */
interface CorrectionReading {
  readonly eventId: string;
  readonly at?: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

function readCorrection(event: CorrectableEvent): CorrectionReading | undefined {
  if (event.type !== 'FactCorrected.v1') return undefined;
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (typeof data.correctedEventId !== 'string') return undefined;
  const fields =
    data.fields !== null && typeof data.fields === 'object' && !Array.isArray(data.fields)
      ? (data.fields as Record<string, unknown>)
      : {};
  return {
    eventId: data.correctedEventId,
    ...(typeof data.correctedAt === 'string' ? { at: data.correctedAt } : {}),
    fields,
  };
}

export function isCorrection(event: { readonly type: string }): boolean {
  return event.type === 'FactCorrected.v1';
}

/** The event with one correction merged in: a new object; the event itself is never changed. */
function merged<E extends CorrectableEvent>(target: E, correction: CorrectionReading): E {
  return {
    ...target,
    ...(correction.at !== undefined ? { at: correction.at, ...retimedMetadata(target, correction.at) } : {}),
    data: { ...(target.data as object), ...correction.fields },
  };
}

/** The events as corrected, in stream order, without the corrections; unchanged events are the same objects. */
export function correctedHistory<E extends CorrectableEvent>(events: readonly E[]): E[] {
  if (!events.some(isCorrection)) return [...events];
  const out: E[] = [];
  const index = new Map<string, number>();
  for (const event of events) {
    const correction = readCorrection(event);
    if (correction) {
      const at = index.get(correction.eventId);
      if (at !== undefined) out[at] = merged(out[at], correction);
      continue;
    }
    if (isCorrection(event)) continue;
    if (event.eventId !== undefined) index.set(event.eventId, out.length);
    out.push(event);
  }
  return out;
}

/** A correction as the ledger-wide index meets it: an event id names an event within its stream only. */
export interface IndexedCorrection extends CorrectableEvent {
  readonly streamId: string;
  readonly eventId: string;
}

/**
 * The corrections of a whole ledger (or of the part of it known at an instant), by the event
 * they name, in the order they were recorded. A correction is named by the stream and id of
 * the corrected event, because an event id is unique within its stream only.
 */
export class CorrectionIndex {
  private readonly byEvent = new Map<string, CorrectionReading[]>();
  private readonly learnt = new Set<string>();

  /** How many corrections are known. */
  get size(): number {
    return this.learnt.size;
  }

  /**
   * Learns a correction; false when it was known already (a second pass over the same events)
   * or says nothing a reader can apply (legacy or malformed data).
   */
  add(correction: IndexedCorrection): boolean {
    const key = keyOf(correction.streamId, correction.eventId);
    if (this.learnt.has(key)) return false;
    const reading = readCorrection(correction);
    if (!reading) return false;
    this.learnt.add(key);
    const target = keyOf(correction.streamId, reading.eventId);
    const list = this.byEvent.get(target);
    if (list) list.push(reading);
    else this.byEvent.set(target, [reading]);
    return true;
  }

  /** Whether this correction is known (by its own stream and id). */
  knows(correction: { readonly streamId: string; readonly eventId: string }): boolean {
    return this.learnt.has(keyOf(correction.streamId, correction.eventId));
  }

  /** The event as corrected by every known correction naming it; the same object when none does. */
  correct<E extends CorrectableEvent & { readonly streamId: string }>(event: E): E {
    if (this.byEvent.size === 0 || event.eventId === undefined) return event;
    const readings = this.byEvent.get(keyOf(event.streamId, event.eventId));
    return readings ? readings.reduce(merged, event) : event;
  }
}

const keyOf = (streamId: string, eventId: string) => `${streamId}\u0000${eventId}`;

/** A recorded event carries its business time in its metadata too: both say the corrected time. */
function retimedMetadata(event: CorrectableEvent, at: string): { metadata?: object } {
  const metadata = (event as { metadata?: unknown }).metadata;
  return metadata !== null && typeof metadata === 'object' ? { metadata: { ...metadata, businessTime: at } } : {};
}
