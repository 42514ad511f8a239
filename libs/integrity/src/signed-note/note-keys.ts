import { createPrivateKey, createPublicKey, hash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Ed25519 keys in the encodings of the C2SP signed-note specification (c2sp.org/signed-note)
 * and of Go's golang.org/x/mod/sumdb/note, so that standard tools can check our checkpoints:
 *
 *   verifier key  <name>+<hex key id>+<base64(0x01 || 32-byte public key)>
 *   signer key    PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || 32-byte seed)>
 *
 * key id = first 4 bytes (big-endian) of SHA-256(name || 0x0A || 0x01 || public key).
 */
export const ED25519_SIGNATURE_TYPE = 0x01;

export class NoteKeyError extends Error {
  readonly code = 'INTEGRITY.BAD_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'NoteKeyError';
  }
}

/** A public key that checks signatures on notes. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Buffer;
  /** The C2SP verifier key string. */
  readonly verifierKey: string;
  verify(message: Buffer, signature: Buffer): boolean;
}

/** A private key that signs notes; it can also verify. */
export interface NoteSigner extends NoteVerifier {
  sign(message: Buffer): Buffer;
}

/** RFC 8410 DER prefixes: prepending them to the raw 32 bytes gives a key Node's crypto imports. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function keyIdOf(name: string, publicKey: Buffer): number {
  const digest = hash(
    'sha256',
    Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, ED25519_SIGNATURE_TYPE]), publicKey]),
    'buffer',
  );
  return digest.readUInt32BE(0);
}

export function keyIdHex(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** Key names: non-empty, without Unicode spaces or '+' (they separate the parts of a key string). */
export function assertKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name) || /[\u0000-\u001f]/.test(name)) {
    throw new NoteKeyError(`key name "${name}" must be non-empty and contain no spaces, control characters or '+'`);
  }
}

export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitKey(text.trim(), 3);
  if (!parts) throw new NoteKeyError(`not a verifier key (<name>+<key id>+<key>): "${abbreviate(text)}"`);
  const [name, idHex, keyBase64] = parts;
  assertKeyName(name);
  const keyId = parseKeyId(idHex);
  const material = decodeBase64(keyBase64, 'verifier key');
  if (material.length !== 33 || material[0] !== ED25519_SIGNATURE_TYPE) {
    throw new NoteKeyError(`verifier key ${name}+${idHex} is not an Ed25519 key (type 0x01 and 32 bytes)`);
  }
  const publicKey = material.subarray(1);
  if (keyIdOf(name, publicKey) !== keyId)
    throw new NoteKeyError(`verifier key ${name}+${idHex}: the key id does not match the name and key`);
  return makeVerifier(name, publicKey);
}

export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text.trim(), 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY')
    throw new NoteKeyError('not a signer key (PRIVATE+KEY+<name>+<key id>+<key>)');
  const [, , name, idHex, keyBase64] = parts;
  assertKeyName(name);
  const keyId = parseKeyId(idHex);
  const material = decodeBase64(keyBase64, 'signer key');
  if (material.length !== 33 || material[0] !== ED25519_SIGNATURE_TYPE)
    throw new NoteKeyError(`signer key ${name}+${idHex} is not an Ed25519 key`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, material.subarray(1)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  if (keyIdOf(name, publicKey) !== keyId)
    throw new NoteKeyError(`signer key ${name}+${idHex}: the key id does not match the name and key`);
  return { ...makeVerifier(name, publicKey), sign: (message) => sign(null, message, privateKey) };
}

/** A new random key pair, as signer and verifier key strings. */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  assertKeyName(name);
  const seed = randomBytes(32);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const idHex = keyIdHex(keyIdOf(name, publicKey));
  const signerKey = `PRIVATE+KEY+${name}+${idHex}+${Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), seed]).toString('base64')}`;
  seed.fill(0);
  return { signerKey, verifierKey: verifierKeyString(name, publicKey) };
}

export function verifierKeyString(name: string, publicKey: Buffer): string {
  return `${name}+${keyIdHex(keyIdOf(name, publicKey))}+${Buffer.concat([Buffer.from([ED25519_SIGNATURE_TYPE]), publicKey]).toString('base64')}`;
}

function makeVerifier(name: string, publicKey: Buffer): NoteVerifier {
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return {
    name,
    keyId: keyIdOf(name, publicKey),
    publicKey: Buffer.from(publicKey),
    verifierKey: verifierKeyString(name, publicKey),
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
}

/** Splits at the first `count - 1` plus signs: the base64 key at the end may itself hold '+'. */
function splitKey(text: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let index = 1; index < count; index++) {
    const plus = rest.indexOf('+');
    if (plus < 0) return undefined;
    parts.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  parts.push(rest);
  return parts;
}

function parseKeyId(idHex: string): number {
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteKeyError(`key id "${idHex}" must be 8 lowercase hex digits`);
  return Number.parseInt(idHex, 16);
}

function decodeBase64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new NoteKeyError(`${what}: the key is not standard base64`);
  return Buffer.from(text, 'base64');
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
