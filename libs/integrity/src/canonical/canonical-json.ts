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
  return write(value, true) as string;
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

function write(value: unknown, inArray: boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} has no JSON representation`);
      // Number#toString is the ECMAScript serialisation RFC 8785 prescribes; it writes -0 as "0".
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      return writeObject(value as Record<string, unknown>);
    case 'undefined':
      return inArray ? 'null' : undefined;
    default:
      throw new CanonicalJsonError(`a ${typeof value} has no JSON representation`);
  }
}

/** `String#isWellFormed` (ES2024, in Node 20), typed here because the project compiles against ES2022. */
export function isWellFormed(value: string): boolean {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Characters JSON.stringify escapes in a well-formed string: without them the quoted string is the string itself. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f]/;

function writeString(value: string): string {
  if (!isWellFormed(value)) throw new CanonicalJsonError('a string holds a lone surrogate, which I-JSON forbids');
  // The fast path skips a native call per string, which is most of the cost of `ledger verify`.
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function writeArray(values: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) out += ',';
    out += write(values[index], true);
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>): string {
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    throw new CanonicalJsonError('objects with toJSON (such as Date) must be converted to JSON values first');
  }
  const names = Object.keys(object);
  if (names.length > 1) names.sort();
  let out = '{';
  let first = true;
  for (const name of names) {
    const member = write(object[name], false);
    if (member === undefined) continue;
    if (!first) out += ',';
    out += writeString(name) + ':' + member;
    first = false;
  }
  return out + '}';
}
