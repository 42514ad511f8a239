/**
 * The one application of corrections every reader and the write side go through: a stream's
 * events with each `FactCorrected.v1` merged into the event it names (its business time and
 * the corrected data fields replaced) and the correction itself left out. A correction naming
 * an event not (yet) in the list changes nothing; a later correction of the same field wins.
 *
 * Give it only the events known at the instant asked about (an as-of read filters by ledger
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

/** The events as corrected, in stream order, without the corrections; unchanged events are the same objects. */
export function correctedHistory<E extends CorrectableEvent>(events: readonly E[]): E[] {
  if (!events.some(isCorrection)) return [...events];
  const out: E[] = [];
  const index = new Map<string, number>();
  for (const event of events) {
    const correction = readCorrection(event);
    if (correction) {
      const at = index.get(correction.eventId);
      if (at === undefined) continue;
      const target = out[at];
      out[at] = {
        ...target,
        ...(correction.at !== undefined ? { at: correction.at, ...retimedMetadata(target, correction.at) } : {}),
        data: { ...(target.data as object), ...correction.fields },
      };
      continue;
    }
    if (isCorrection(event)) continue;
    if (event.eventId !== undefined) index.set(event.eventId, out.length);
    out.push(event);
  }
  return out;
}

/** A recorded event carries its business time in its metadata too: both say the corrected time. */
function retimedMetadata(event: CorrectableEvent, at: string): { metadata?: object } {
  const metadata = (event as { metadata?: unknown }).metadata;
  return metadata !== null && typeof metadata === 'object' ? { metadata: { ...metadata, businessTime: at } } : {};
}
