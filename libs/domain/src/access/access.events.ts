import { Event } from '../shared/event';

/**
 * Reads of personal data and exports of event trails are themselves facts: who, what, when
 * (the event's metadata) and why (`purpose`). They hold no personal data themselves.
 */
export type PersonalDataAccessed = Event<
  'PersonalDataAccessed.v1',
  {
    /** The stream whose personal data was shown decrypted. */
    streamId: string;
    /** Pseudonymous subject ids whose data was shown (never names or identity numbers). */
    subjectIds: string[];
    purpose: string;
    /** The role under which the caller was entitled. */
    role: string;
    /** The operating-system account, when read from the command line. */
    osUser?: string;
  }
>;

export type TrailExported = Event<
  'TrailExported.v1',
  {
    /** The filters of the export, as given. */
    filters: Record<string, string>;
    events: number;
    purpose: string;
    includesPersonalData: boolean;
    /** SHA-256 of the export's manifest, so the exported copy can be matched to this record. */
    manifestSha256?: string;
    /** The operating-system account, when exported from the command line. */
    osUser?: string;
  }
>;

export type AccessEvent = PersonalDataAccessed | TrailExported;

export const accessLogStreamId = (agency: string) => `access-log-${agency}`;
