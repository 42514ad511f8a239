import { NotFoundError } from '@ledger/domain';

/**
 * The answers for "not there". A record or agency the caller may not read gets exactly the answer
 * of one that does not exist (same status, code, detail and field), so that a 404 tells nobody
 * whether another agency holds an id or has any records. Both cases go through these functions,
 * so the two bodies cannot drift apart.
 */

/** An agency without events, or one the caller does not act for. */
export function agencyNotFound(agency: string): NotFoundError {
  return new NotFoundError('AGENCY.NOT_FOUND', `the ledger holds no events of agency ${agency}`, 'agency');
}

/** An application the agency never filed, or one of an agency the caller does not act for. */
export function applicationNotFound(applicationId: string): NotFoundError {
  return new NotFoundError('APPLICATION.NOT_FOUND', `application ${applicationId} was never filed`, 'applicationId');
}

/** A stream that does not exist, or one the caller may not read. */
export function streamNotFound(streamId: string): NotFoundError {
  return new NotFoundError('STREAM.NOT_FOUND', `no stream ${streamId}`, 'streamId');
}

/** A trail's subject (application or complaint) that does not exist, or that the caller may not read. */
export function trailSubjectNotFound(kind: string, id: string): NotFoundError {
  return new NotFoundError('STREAM.NOT_FOUND', `no ${kind} ${id}`, 'id');
}
