import { type Hash, createHash } from 'node:crypto';
import { type WriteStream, createWriteStream, fsyncSync, openSync, closeSync } from 'node:fs';
import { once } from 'node:events';

/** How much text is gathered before it is encoded, hashed and handed to the stream. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Appends text to a file through a write stream, honouring back-pressure (so memory stays flat
 * however much is written), while computing the file's SHA-256 and size on the way. Lines are
 * gathered into chunks of about 64 KiB first: an export writes three short lines per event, and
 * one encode, hash update and stream write per line cost more than the lines themselves.
 */
export class HashingFileWriter {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure?: Error;
  private pending = '';

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { flags: 'wx', encoding: 'utf8' });
    this.stream.on('error', (error) => (this.failure = error));
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  /** Appends bytes already encoded as UTF-8 (by an export's threads), after the text written before them. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    await this.flush();
    await this.append(bytes);
  }

  private async flush(): Promise<void> {
    if (this.pending === '') return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    await this.append(chunk);
  }

  private async append(chunk: Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    // `once` rejects if the stream fails while we wait.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes, syncs to disk and closes; returns the file's digest and size. */
  async finish(): Promise<{ sha256: string; bytes: number }> {
    if (this.failure) throw this.failure;
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    syncFile(this.path);
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Abandons the file (after an error elsewhere). */
  abort(): void {
    this.stream.destroy();
  }
}

export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
