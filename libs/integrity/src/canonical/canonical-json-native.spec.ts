import fc from 'fast-check';
import { isWellFormed } from '@ledger/domain';
import { CanonicalJsonError, canonicalJson, canonicalJsonOrFallback } from './canonical-json';

/**
 * RFC 8785 written out plainly, member by member, as an oracle for canonicalJson's native
 * path: names sorted by UTF-16 code units, strings and numbers as ECMAScript writes them.
 */
function reference(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((element) => (element === undefined ? 'null' : reference(element))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.keys(value)
      .sort()
      .filter((name) => (value as Record<string, unknown>)[name] !== undefined)
      .map((name) => `${JSON.stringify(name)}:${reference((value as Record<string, unknown>)[name])}`);
    return `{${members.join(',')}}`;
  }
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** Text units that make canonicalisation interesting: lone surrogates, pairs, escapes, controls, non-ASCII. */
const unit = fc.oneof(
  fc.constantFrom('\ud800', '\udfff', '\udbff\udc00', '\\', '\\ud8', '"', '\u0000', '\u001f', '\u2028', 'é', '😀', '9'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

const hasLoneSurrogate = (value: unknown): boolean =>
  typeof value === 'string'
    ? !isWellFormed(value)
    : typeof value === 'object' && value !== null
      ? Object.entries(value).some(([name, member]) => hasLoneSurrogate(name) || hasLoneSurrogate(member))
      : false;

describe('canonicalJson through JSON.stringify of a sorted copy', () => {
  it('writes any JSON value as RFC 8785 written member by member does, and still refuses lone surrogates', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: unit, maxDepth: 4 }), (value) => {
        if (hasLoneSurrogate(value)) expect(() => canonicalJson(value)).toThrow(/lone surrogate/);
        else expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it('writes events shaped as the ledger stores them (names in any order, nested, escaped text) as the oracle does', () => {
    const event = fc.record({
      metadata: fc.dictionary(
        fc.string({ unit: 'grapheme' }),
        fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      ),
      data: fc.object({
        maxDepth: 3,
        values: [
          fc.string({ unit: 'grapheme' }),
          fc.boolean(),
          fc.constant(null),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        ],
      }),
      eventId: fc.uuid(),
      type: fc.constantFrom('ApplicationFiled.v1', 'DecisionMade.v1'),
    });
    fc.assert(
      fc.property(event, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 1_000 },
    );
  });

  it('sorts names that V8 keeps in numeric order, and `__proto__`, by their code units', () => {
    const value = JSON.parse('{"9":1,"10":2,"b":3,"__proto__":4,"1a":5,"":6}') as unknown;
    expect(canonicalJson(value)).toBe('{"":6,"10":2,"1a":5,"9":1,"__proto__":4,"b":3}');
    expect(canonicalJson([{ z: 1, a: [{ y: 2, x: 3 }] }, 'é\u2028\n', -0, 1e21])).toBe(
      '[{"a":[{"x":3,"y":2}],"z":1},"é\u2028\\n",0,1e+21]',
    );
  });

  it('keeps text that merely looks like an escaped surrogate, and refuses what JSON.stringify would turn into something else', () => {
    expect(canonicalJson({ text: '\\ud800 is six characters' })).toBe('{"text":"\\\\ud800 is six characters"}');
    expect(canonicalJsonOrFallback({ text: 'x\udfffy' }).fallback).toMatch(/lone surrogate/);
    for (const value of [{ n: NaN }, [Infinity], { b: 1n }, { d: new Date(0) }, { f: () => 1 }, [Symbol('s')]])
      expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(canonicalJson({ a: [undefined, 1], u: undefined })).toBe('{"a":[null,1]}');
    expect(canonicalJson({ typed: new Uint8Array([2, 1]), map: new Map([[1, 2]]) })).toBe(
      '{"map":{},"typed":{"0":2,"1":1}}',
    );
  });
});
