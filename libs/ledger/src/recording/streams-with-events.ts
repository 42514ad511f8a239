import { Injectable } from '@nestjs/common';
import { LruMap } from './lru-map';

/** Streams a process remembers holding events, in bounded memory. */
export const STREAMS_REMEMBERED = 16_384;

/**
 * The streams this process knows to hold events: found so by a lookup, or appended to. A stream
 * never loses its events, so the knowledge stays true whoever writes the store; it spares a
 * command on a record the process has met the lookup of whether the record is new.
 */
@Injectable()
export class StreamsWithEvents {
  private readonly known = new LruMap<string, true>(STREAMS_REMEMBERED);

  has(streamId: string): boolean {
    return this.known.get(streamId) === true;
  }

  add(streamId: string): void {
    this.known.set(streamId, true);
  }
}
