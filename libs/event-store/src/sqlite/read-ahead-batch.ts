import type { RecordedEvent } from '../event-store.port';
import { type EventRow, recordedEventOf } from './event-row';

/**
 * One batch of rows as the reading thread hands it over. Shaped for what copying between
 * threads costs: each string is copied on its own, and a short one costs nearly as much as a
 * long one, so the numbers travel in one transferred buffer (moved, not copied), each type,
 * of which a ledger has a few dozen, once per read, and only the four texts of a row that
 * differ from row to row as strings, data and metadata still unparsed.
 */
export interface ReadAheadBatch {
  /** Float64 triples per row: position, revision, type code. */
  readonly numbers: ArrayBuffer;
  /** Quadruples per row: stream id, event id, data, metadata. */
  readonly texts: readonly string[];
  /** Types first met in this batch: they take the next codes, in this order. */
  readonly newTypes: readonly string[];
  /** The read is complete with this batch. */
  readonly last: boolean;
}

const NUMBERS = 3;
const TEXTS = 4;

/** The reading thread's side: rows into batches, each type given a code the first time it comes. */
export class BatchEncoder {
  private readonly typeCodes = new Map<string, number>();

  encode(rows: readonly EventRow[], last: boolean): ReadAheadBatch {
    const numbers = new Float64Array(rows.length * NUMBERS);
    const texts = new Array<string>(rows.length * TEXTS);
    const newTypes: string[] = [];
    rows.forEach(([position, streamId, revision, eventId, type, data, metadata], row) => {
      let code = this.typeCodes.get(type);
      if (code === undefined) {
        code = this.typeCodes.size;
        this.typeCodes.set(type, code);
        newTypes.push(type);
      }
      numbers[row * NUMBERS] = position;
      numbers[row * NUMBERS + 1] = revision;
      numbers[row * NUMBERS + 2] = code;
      texts[row * TEXTS] = streamId;
      texts[row * TEXTS + 1] = eventId;
      texts[row * TEXTS + 2] = data;
      texts[row * TEXTS + 3] = metadata;
    });
    return { numbers: numbers.buffer, texts, newTypes, last };
  }
}

/** The main thread's side: the events of each batch, built when asked for, the types learnt in order. */
export class BatchDecoder {
  private readonly types: string[] = [];
  private numbers = new Float64Array(0);
  private texts: readonly string[] = [];

  /** Takes the next batch of the read; returns how many events it holds. */
  take(batch: ReadAheadBatch): number {
    for (const type of batch.newTypes) this.types.push(type);
    this.numbers = new Float64Array(batch.numbers);
    this.texts = batch.texts;
    return this.numbers.length / NUMBERS;
  }

  /** The sequence number (position) of row `row` of the batch taken last. */
  sequence(row: number): number {
    return this.numbers[row * NUMBERS];
  }

  /** The event of row `row` of the batch taken last. */
  event(row: number): RecordedEvent {
    const n = row * NUMBERS;
    const t = row * TEXTS;
    const texts = this.texts;
    return recordedEventOf(
      this.numbers[n],
      texts[t],
      this.numbers[n + 1],
      texts[t + 1],
      this.types[this.numbers[n + 2]],
      texts[t + 2],
      texts[t + 3],
    );
  }
}
