import type { QueryBus } from '@nestjs/cqrs';
import { type LedgerEvent, PERSONAL_DATA_FIELDS, type Recorded } from '@ledger/domain';
import { GetStreamEvents } from '../queries/stream-queries';
import { isSealed } from '../personal-data/sealed-personal-data';
import type { AccessLog } from './access-log';
import type { StreamReader } from '../tenancy/stream-access';

/** Who reads personal data, and why: what the access-log event records. */
export interface PersonalDataReader {
  /** The authenticated caller (`cli:<os user>` from the command line). */
  readonly actor: string;
  /** The credential asking (`api-key:<id>`, `jwt:…`, `cli:<os user>`), recorded as `metadata.principal`. */
  readonly principal?: string;
  /** The role under which the reader is entitled (`operator` for the command line). */
  readonly role: string;
  readonly purpose: string;
  /** The operating-system account, for reads from the command line. */
  readonly osUser?: string;
}

/**
 * A stream's events with personal data decrypted, recorded first as `PersonalDataAccessed.v1` on
 * the agency's access log: no record, no data. The one way the API and the CLI read it.
 */
export async function readStreamWithPersonalData(
  queries: QueryBus,
  accessLog: AccessLog,
  streamId: string,
  reader: PersonalDataReader,
  defaultAgency: string,
  caller?: StreamReader,
): Promise<Recorded<LedgerEvent>[]> {
  const opened: Recorded<LedgerEvent>[] = await queries.execute(new GetStreamEvents(streamId, true, caller));
  const subjectIds = [...new Set(opened.flatMap(subjectOf))];
  await accessLog.record(
    {
      type: 'PersonalDataAccessed.v1',
      data: {
        streamId,
        subjectIds,
        purpose: reader.purpose,
        role: reader.role,
        ...(reader.osUser !== undefined && { osUser: reader.osUser }),
      },
    },
    { agency: opened[0]?.metadata.agency ?? defaultAgency, actor: reader.actor, principal: reader.principal },
  );
  return opened;
}

/** The pseudonymous subject id of an event's personal sub-object, sealed or opened. */
function subjectOf(event: Recorded<LedgerEvent>): string[] {
  const field = PERSONAL_DATA_FIELDS[event.type];
  const value = field ? (event.data as Record<string, unknown>)[field] : undefined;
  if (isSealed(value)) return [value.sealed.subjectId];
  const id = (value as { subjectId?: unknown } | undefined)?.subjectId;
  return typeof id === 'string' ? [id] : [];
}
