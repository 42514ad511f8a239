import { isWellFormed } from '@ledger/domain';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence a JSON value hashes to.
 *
 * - object members sorted by their names' UTF-16 code units (what `Array#sort` does by default),
 *   no whitespace;
 * - strings as ECMAScript `JSON.stringify` writes them (RFC 8785 §3.2.2.2 adopts exactly that
 *   escaping), refusing lone surrogates, which I-JSON (RFC 7493) forbids;
 * - numbers as ECMAScript `Number#toString` writes them (§3.2.2.3), refusing NaN and ±Infinity.
 *
 * Values are taken as `JSON.stringify` would see them: `undefined` members are left out and
 * `undefined` array elements become `null`, so a value canonicalises as the JSON it would be
 * stored as. Anything JSON cannot represent (bigint, function, symbol) is refused.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('nothing to canonicalise: the value is undefined');
  // The hot path of `ledger verify` and exports: a copy with every object's members added in
  // sorted order is written by the native JSON.stringify exactly as RFC 8785 would be, unless a
  // lone surrogate was escaped; anything else (or any doubt) is written member by member below.
  const sorted = sortedCopy(value);
  if (sorted !== NOT_SORTABLE) {
    const text = JSON.stringify(sorted);
    if (!ESCAPED_SURROGATE.test(text)) return text;
  }
  return write(value, true, false) as string;
}

/** What {@link sortedCopy} returns for a value that JSON.stringify might not write as RFC 8785 does. */
const NOT_SORTABLE = Symbol('not sortable');

/**
 * JSON.stringify writes a lone surrogate as `\udXXX` (lowercase), which RFC 8785 refuses. Also
 * matches an escaped backslash followed by "ud8…": that text merely takes the slower path.
 */
const ESCAPED_SURROGATE = /\\ud[89a-f]/;

/**
 * `value` with each object's members added in sorted order, which is the order JSON.stringify
 * writes them in, except for names that V8 lists first whatever their order (array indexes, so
 * any name starting with a digit is left to the slow path) and `__proto__` (which would set the
 * prototype). Numbers JSON.stringify writes as ECMAScript's Number#toString, as RFC 8785 does;
 * NaN, ±Infinity, bigints, functions, symbols and `toJSON` it would write otherwise or not at
 * all, so they get NOT_SORTABLE and the writer below refuses them as before.
 */
function sortedCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_SORTABLE;
    case 'object': {
      if (value === null) return null;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_SORTABLE;
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        for (let index = 0; index < value.length; index++) {
          const element: unknown = value[index];
          const member = sortedCopy(element);
          if (member === NOT_SORTABLE) return NOT_SORTABLE;
          if (member !== element) (copy ??= value.slice())[index] = member;
        }
        return copy ?? value;
      }
      const names = Object.keys(value);
      if (names.length > 1) names.sort();
      const copy: Record<string, unknown> = {};
      for (const name of names) {
        const first = name.charCodeAt(0);
        if ((first >= 0x30 && first <= 0x39) || name === '__proto__') return NOT_SORTABLE;
        const member = sortedCopy((value as Record<string, unknown>)[name]);
        if (member === NOT_SORTABLE) return NOT_SORTABLE;
        copy[name] = member;
      }
      return copy;
    }
    default:
      return NOT_SORTABLE;
  }
}

/**
 * The documented fallback for a value RFC 8785 cannot express because a string (or member name)
 * holds a lone UTF-16 surrogate (legacy data, a store migrated from elsewhere): the same form,
 * except that each lone surrogate is written as a lowercase `\uXXXX` escape, exactly as
 * ECMAScript's well-formed `JSON.stringify` (ES2019) writes it. It is injective and never equals
 * a canonical form (which holds no such escape), and any JSON parser that keeps lone surrogates
 * (ECMAScript, Python) reads the original value back from it.
 */
export function canonicalJsonWithEscapedSurrogates(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('nothing to canonicalise: the value is undefined');
  return write(value, true, true) as string;
}

/** The canonical form as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

export class CanonicalJsonError extends Error {
  readonly code = 'INTEGRITY.NOT_CANONICALISABLE';
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

function write(value: unknown, inArray: boolean, escapeSurrogates: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value, escapeSurrogates);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON representation`);
      // Number#toString is the ECMAScript serialisation RFC 8785 prescribes; it writes -0 as "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value, escapeSurrogates);
      return writeObject(value as Record<string, unknown>, escapeSurrogates);
    case 'undefined':
      return inArray ? 'null' : undefined;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON representation`);
  }
}

/** Characters JSON.stringify escapes in a well-formed string: without them the quoted string is the string itself. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f]/;

function writeString(value: string, escapeSurrogates: boolean): string {
  if (!isWellFormed(value)) {
    // Node's JSON.stringify is ES2019's well-formed stringify: a lone surrogate becomes \udXXX.
    if (escapeSurrogates) return JSON.stringify(value);
    throw new CanonicalJsonError('a string holds a lone surrogate, which I-JSON forbids');
  }
  // The fast path skips a native call per string, which is most of the cost of `ledger verify`.
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function writeArray(values: readonly unknown[], escapeSurrogates: boolean): string {
  let out = '[';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) out += ',';
    out += write(values[index], true, escapeSurrogates);
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>, escapeSurrogates: boolean): string {
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    throw new CanonicalJsonError('objects with toJSON (such as Date) must be converted to JSON values first');
  }
  const names = Object.keys(object);
  if (names.length > 1) names.sort();
  let out = '{';
  let first = true;
  for (const name of names) {
    const member = write(object[name], false, escapeSurrogates);
    if (member === undefined) continue;
    if (!first) out += ',';
    out += writeString(name, escapeSurrogates) + ':' + member;
    first = false;
  }
  return out + '}';
}

/** RFC 8785 when it can express the value, else the fallback, saying why (`fallback` is then the reason). */
export function canonicalJsonOrFallback(value: unknown): { readonly text: string; readonly fallback?: string } {
  try {
    return { text: canonicalJson(value) };
  } catch (error) {
    if (!(error instanceof CanonicalJsonError) || !/lone surrogate/.test(error.message)) throw error;
    return { text: canonicalJsonWithEscapedSurrogates(value), fallback: error.message };
  }
}
