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
};
