import { Readable } from 'node:stream';
import { ndjsonLines } from './ndjson-lines';

async function linesOf(chunks: Buffer[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks))) out.push(line.text);
  return out;
}

describe('ndjsonLines', () => {
  it('splits on newlines, drops the CR of CR LF, and keeps a last line without newline', async () => {
    expect(await linesOf([Buffer.from('a\r\nb\n\nc')])).toEqual(['a', 'b', '', 'c']);
  });

  it('decodes a character split across chunks', async () => {
    const bytes = Buffer.from('许可\n证\n');
    expect(await linesOf([bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7)])).toEqual(['许可', '证']);
  });

  it('gives null for a line that is not UTF-8, and carries on', async () => {
    expect(
      await linesOf([Buffer.from('ok\nM'), Buffer.from([0xfc]), Buffer.from('ller\n\xed\xa0\x80\nfine\n', 'latin1')]),
    ).toEqual(['ok', null, null, 'fine']);
  });

  it('counts the bytes read', async () => {
    const seen: number[] = [];
    for await (const line of ndjsonLines(Readable.from([Buffer.from('ab\n'), Buffer.from('cd\n')])))
      seen.push(line.bytesRead);
    expect(seen).toEqual([3, 6]);
  });
});
