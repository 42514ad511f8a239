import {
  CanonicalJsonError,
  canonicalJson,
  canonicalJsonBytes,
  canonicalJsonOrFallback,
  canonicalJsonWithEscapedSurrogates,
} from './canonical-json';
import vectors from './testdata/rfc8785-vectors.json';

describe('canonicalJson (RFC 8785)', () => {
  describe('when given the reference test data of the RFC 8785 authors', () => {
    it.each(vectors.cases.map((c) => [c.name, c] as const))('produces the published bytes for %s', (_name, vector) => {
      expect(canonicalJsonBytes(JSON.parse(vector.input)).toString('hex')).toBe(vector.outputHex);
    });
  });

  describe('when serialising numbers', () => {
    // IEEE-754 bit patterns and their serialisations, from the RFC 8785 appendix B table.
    it.each([
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ])('writes the double %s as %s', (bits, expected) => {
      expect(canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0))).toBe(expected);
    });

    it.each([NaN, Infinity, -Infinity])('refuses %s', (value) => {
      expect(() => canonicalJson({ value })).toThrow(CanonicalJsonError);
    });
  });

  describe('when a value has no JSON form', () => {
    it('refuses lone surrogates in values and in member names', () => {
      expect(() => canonicalJson({ s: 'a\ud800b' })).toThrow(/lone surrogate/);
      expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
    });

    it('refuses bigints, functions, dates and a bare undefined', () => {
      expect(() => canonicalJson({ n: 1n })).toThrow(CanonicalJsonError);
      expect(() => canonicalJson({ f: () => 1 })).toThrow(CanonicalJsonError);
      expect(() => canonicalJson({ d: new Date(0) })).toThrow(CanonicalJsonError);
      expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
    });

    it('treats undefined as JSON.stringify does: members left out, array elements null', () => {
      expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
    });
  });

  describe('when a value is already canonical', () => {
    it('is a fixed point: parsing and canonicalising again gives the same text', () => {
      const value = { z: [1, 'é', { y: null, x: true }], a: { '\u20ac': 1, '\r': 2 }, n: -0.5e-7 };
      const once = canonicalJson(value);
      expect(canonicalJson(JSON.parse(once))).toBe(once);
    });
  });

  describe('when a stored value holds a lone surrogate (the fallback encoding)', () => {
    it('writes each lone surrogate as a lowercase \\uXXXX escape and everything else as RFC 8785 does', () => {
      expect(canonicalJsonWithEscapedSurrogates({ b: 'a\ud800b', a: ['\udc00', 'é\n'], ['\udbff']: 1 })).toBe(
        '{"a":["\\udc00","é\\n"],"b":"a\\ud800b","\\udbff":1}',
      );
      expect(canonicalJsonWithEscapedSurrogates({ z: 1, a: 'ok' })).toBe(canonicalJson({ z: 1, a: 'ok' }));
    });

    it('reads back, through JSON.parse, to the very same value, and never equals the canonical form of another value', () => {
      const value = { s: 'x\ud800y', t: '\\ud800' };
      const text = canonicalJsonWithEscapedSurrogates(value);
      expect(JSON.parse(text)).toEqual(value);
      // The literal six characters "\ud800" canonicalise with an escaped backslash: no collision.
      expect(canonicalJson({ s: 'x\\ud800y', t: '\\ud800' })).not.toBe(text);
    });

    it('is what canonicalJsonOrFallback uses only when RFC 8785 refuses, and it says why', () => {
      expect(canonicalJsonOrFallback({ a: 'ok' })).toEqual({ text: '{"a":"ok"}' });
      expect(canonicalJsonOrFallback({ a: '\ud800' })).toEqual({
        text: '{"a":"\\ud800"}',
        fallback: expect.stringMatching(/lone surrogate/),
      });
      expect(() => canonicalJsonOrFallback({ n: 1n })).toThrow(CanonicalJsonError);
    });
  });
});
