import { type Server, createServer } from 'node:http';
import { MAX_ADD_CHECKPOINT_BYTES, type Witness } from './witness';

/**
 * The witness's HTTP interface (c2sp.org/tlog-witness): `POST /add-checkpoint`, nothing else.
 * Requests are not authenticated beyond the checkpoint's signature, as the spec intends.
 */
export function createWitnessServer(witness: Witness): Server {
  return createServer((request, response) => {
    const reply = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (request.url !== '/add-checkpoint') return reply(404, 'text/plain; charset=utf-8', 'not found\n');
    if (request.method !== 'POST') return reply(405, 'text/plain; charset=utf-8', 'use POST\n');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ADD_CHECKPOINT_BYTES) {
        reply(413, 'text/plain; charset=utf-8', `the body exceeds ${MAX_ADD_CHECKPOINT_BYTES} bytes\n`);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (response.writableEnded) return;
      try {
        const answer = witness.addCheckpoint(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
        reply(answer.status, answer.contentType, answer.body);
      } catch (error) {
        const invalidText = error instanceof TypeError;
        reply(
          invalidText ? 400 : 500,
          'text/plain; charset=utf-8',
          invalidText ? 'the body is not UTF-8\n' : 'internal error\n',
        );
      }
    });
  });
}
