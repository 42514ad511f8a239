import { Event } from '../shared/event';

/**
 * Personal data lives in one sub-object per event (the applicant, the complainant, the
 * appellant), so that one layer can encrypt it per data subject and erase it by destroying a
 * key, without touching the rest of the event. Nothing else in an event may identify a person.
 */
export interface PersonalData {
  /** `person` or `organisation` (an organisation's contact person is still personal data). */
  readonly kind?: 'person' | 'organisation';
  readonly name: string;
  /** Resident identity card number or unified social credit code. */
  readonly idNumber?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly contactPerson?: string;
}

/** Which field of which event type holds personal data. The encryption layer reads this map. */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, string>> = {
  'ApplicationFiled.v1': 'applicant',
  'ComplaintLogged.v1': 'complainant',
  'AppealFiled.v1': 'appellant',
  'LicenceGranted.v1': 'holder',
};

/** The names of the fields that hold personal data, in events and in the commands that produce them. */
export const PERSONAL_DATA_FIELD_NAMES: ReadonlySet<string> = new Set(Object.values(PERSONAL_DATA_FIELDS));

/**
 * A data subject's personal data was made unusable (crypto-shredding): the subject's data key
 * was destroyed, so every event sealed under it stays in the ledger, hash-verified, but can no
 * longer be read. Holds no personal data: `subjectId` is a random pseudonym that nothing links
 * to the person any more, and `reason` must cite the legal ground, never the person.
 */
export type SubjectErased = Event<'SubjectErased.v1', { subjectId: string; reason: string }>;
export type SubjectEvent = SubjectErased;
export const SUBJECT_EVENT_TYPES = ['SubjectErased.v1'] as const satisfies readonly SubjectEvent['type'][];

/** One stream per erased subject: its only event is the erasure. */
export const subjectStreamId = (subjectId: string) => `subject-${subjectId}`;
