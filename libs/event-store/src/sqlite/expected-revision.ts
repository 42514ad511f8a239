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

/** Rejects values the type allows but that can never match, such as -1 or 1.5. */
export function assertValidExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expected revision must be 'any', 'no_stream', 'stream_exists' or a revision >= 0, not ${String(expected)}`);
  }
}
