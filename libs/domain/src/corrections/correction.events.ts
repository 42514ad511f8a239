import { Event } from '../shared/event';

/**
 * A mis-recorded fact corrected. Events are never edited: the correction is a new event in the
 * stream of the event it corrects, which stays in the ledger and in every proof. Readers see
 * the corrected fact from the correction's ledger time on (`correctedHistory`), so an as-of
 * query before it still shows the fact as first recorded.
 *
 * Who may correct: a supervisor (the 法制 or 督察 department that reviews case files), and the
 * record names who authorised it; the actor in the metadata is who recorded it.
 */
export type FactCorrected = Event<
  'FactCorrected.v1',
  {
    correctedEventId: string;
    /** The type of the corrected event, so a reader need not look it up to know what changed. */
    correctedType: string;
    /** The corrected event's business time as it stood before this correction (so readers know its year). */
    originalAt?: string;
    /** The right business time of the corrected event, when its time was wrong. */
    correctedAt?: string;
    /** The right values of the corrected event's data fields, by name. */
    fields?: Readonly<Record<string, unknown>>;
    reason: string;
    authorisedBy: string;
  }
>;
export type CorrectionEvent = FactCorrected;
export const CORRECTION_EVENT_TYPES = ['FactCorrected.v1'] as const satisfies readonly CorrectionEvent['type'][];

/** The role that may record a correction (see {@link FactCorrected}). */
export const CORRECTING_ROLE = 'supervisor';
