import type { Readable } from 'node:stream';

/** One line of an NDJSON file: its text, or `null` when its bytes are not UTF-8. */
export interface NdjsonLine {
  readonly text: string | null;
  /** Bytes read from the file so far, for progress. */
  readonly bytesRead: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines and decodes each one strictly. `readline` over a UTF-8 stream
 * would replace invalid bytes with U+FFFD and record the damage as text; here such a line comes
 * back as `null`, so the importer can refuse that line (naming it) and carry on with the rest.
 * A line ending in CR LF loses its CR, as `readline` with `crlfDelay: Infinity` did.
 */
export async function* ndjsonLines(input: Readable): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending: Buffer[] = [];
  let bytesRead = 0;
  const lineOf = (parts: Buffer[]): NdjsonLine => {
    let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      return { text: decoder.decode(bytes), bytesRead };
    } catch {
      return { text: null, bytesRead };
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      pending.push(chunk.subarray(start, end));
      yield lineOf(pending);
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0 && pending.some((part) => part.length > 0)) yield lineOf(pending);
}
