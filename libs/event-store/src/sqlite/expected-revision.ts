import { type ExpectedRevision, WrongExpectedRevisionError } from '../event-store.port';

/** Throws {@link WrongExpectedRevisionError} unless `actual` satisfies `expected`. */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number | undefined): void {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    expected === actual;
  if (!satisfied) throw new WrongExpectedRevisionError(streamId, expected, actual);
}
