import { createPrivateKey, createPublicKey, hash, randomBytes, sign, verify } from 'node:crypto';
import { NoteKeyError, assertKeyName, keyIdHex } from '../signed-note/note-keys';
import { MalformedNoteError, parseNote } from '../signed-note/signed-note';

/**
 * C2SP tlog-cosignature v1 (c2sp.org/tlog-cosignature), Ed25519: a witness's note signature on
 * a checkpoint, `— <witness name> base64(key id || u64 timestamp || signature)`, over
 *
 *   cosignature/v1\n
 *   time <timestamp>\n
 *   <checkpoint text>
 *
 * The key id is SHA-256(name || 0x0A || 0x04 || public key)[:4] and the verifier key string
 * `<name>+<key id>+base64(0x04 || public key)`, so a cosignature is never mistaken for a log
 * signature (type 0x01) made with the same key material.
 */
export const COSIGNATURE_V1_TYPE = 0x04;

/** A witness's public key, as a log client or an auditor trusts it. */
export interface WitnessKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Buffer;
  /** The verifier key string, `<name>+<key id>+<base64(0x04 || key)>`. */
  readonly verifierKey: string;
}

/** A witness's private key: cosigns checkpoint texts. */
export interface WitnessSigner extends WitnessKey {
  /** The signature line (without its newline) for `checkpointText` at `timestamp` (POSIX seconds). */
  cosign(checkpointText: string, timestamp: number): string;
}

/** A cosignature that verified: who, and when the witness says it signed. */
export interface VerifiedCosignature {
  readonly witness: WitnessKey;
  readonly timestamp: number;
  /** The signature line as it appears in the note, without its newline. */
  readonly line: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function cosignatureKeyId(name: string, publicKey: Buffer): number {
  const digest = hash(
    'sha256',
    Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, COSIGNATURE_V1_TYPE]), publicKey]),
    'buffer',
  );
  return digest.readUInt32BE(0);
}

/** The signed message: the header line, the time line, then the checkpoint text (final newline included). */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

export function generateWitnessKey(name: string): { signerKey: string; verifierKey: string } {
  assertKeyName(name);
  const seed = randomBytes(32);
  const publicKey = publicKeyOfSeed(seed);
  const id = keyIdHex(cosignatureKeyId(name, publicKey));
  const signerKey = `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([COSIGNATURE_V1_TYPE]), seed]).toString('base64')}`;
  seed.fill(0);
  return { signerKey, verifierKey: witnessKeyString(name, publicKey) };
}

export function witnessKeyString(name: string, publicKey: Buffer): string {
  return `${name}+${keyIdHex(cosignatureKeyId(name, publicKey))}+${Buffer.concat([Buffer.from([COSIGNATURE_V1_TYPE]), publicKey]).toString('base64')}`;
}

export function parseWitnessKey(text: string): WitnessKey {
  const [name, idHex, material] = splitKey(text.trim(), 3, 'witness key (<name>+<key id>+<key>)');
  assertKeyName(name);
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || bytes[0] !== COSIGNATURE_V1_TYPE)
    throw new NoteKeyError(
      `witness key ${name}+${idHex} is not an Ed25519 cosignature/v1 key (type 0x04 and 32 bytes)`,
    );
  const publicKey = bytes.subarray(1);
  if (keyIdHex(cosignatureKeyId(name, publicKey)) !== idHex)
    throw new NoteKeyError(`witness key ${name}+${idHex}: the key id does not match the name and key`);
  return { name, keyId: cosignatureKeyId(name, publicKey), publicKey, verifierKey: witnessKeyString(name, publicKey) };
}

export function parseWitnessSignerKey(text: string): WitnessSigner {
  const [, , name, idHex, material] = splitKey(
    text.trim(),
    5,
    'witness signer key (PRIVATE+KEY+<name>+<key id>+<key>)',
  );
  if (!text.trim().startsWith('PRIVATE+KEY+'))
    throw new NoteKeyError('not a witness signer key (PRIVATE+KEY+<name>+<key id>+<key>)');
  assertKeyName(name);
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || bytes[0] !== COSIGNATURE_V1_TYPE)
    throw new NoteKeyError(`witness signer key ${name}+${idHex} is not an Ed25519 cosignature/v1 key`);
  const seed = bytes.subarray(1);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = publicKeyOfSeed(seed);
  const keyId = cosignatureKeyId(name, publicKey);
  if (keyIdHex(keyId) !== idHex)
    throw new NoteKeyError(`witness signer key ${name}+${idHex}: the key id does not match the name and key`);
  return {
    name,
    keyId,
    publicKey,
    verifierKey: witnessKeyString(name, publicKey),
    cosign(checkpointText, timestamp) {
      assertTimestamp(timestamp);
      const header = Buffer.alloc(12);
      header.writeUInt32BE(keyId, 0);
      header.writeBigUInt64BE(BigInt(timestamp), 4);
      const signature = sign(null, cosignedMessage(checkpointText, timestamp), privateKey);
      return `\u2014 ${name} ${Buffer.concat([header, signature]).toString('base64')}`;
    },
  };
}

/**
 * The cosignatures in a note (a checkpoint with its log signature and any cosignature lines)
 * from the given witnesses. Lines from other keys are ignored, as the spec asks; a line that
 * names a given witness but does not verify is returned in `invalid`.
 */
export function cosignaturesOf(
  note: string,
  witnesses: readonly WitnessKey[],
): { readonly valid: VerifiedCosignature[]; readonly invalid: string[] } {
  const parsed = parseNote(note);
  const lines = note.slice(parsed.text.length + 1, -1).split('\n');
  const valid: VerifiedCosignature[] = [];
  const invalid: string[] = [];
  parsed.signatures.forEach((signature, index) => {
    const witness = witnesses.find((key) => key.name === signature.name && key.keyId === signature.keyId);
    if (!witness) return;
    const label = `${witness.name}+${keyIdHex(witness.keyId)}`;
    if (signature.signature.length !== 8 + 64) {
      invalid.push(`${label}: not a cosignature/v1 (timestamp and Ed25519 signature)`);
      return;
    }
    const timestamp = signature.signature.readBigUInt64BE(0);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
      invalid.push(`${label}: timestamp out of range`);
      return;
    }
    const key = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, witness.publicKey]),
      format: 'der',
      type: 'spki',
    });
    const ok = verify(null, cosignedMessage(parsed.text, Number(timestamp)), key, signature.signature.subarray(8));
    if (ok) valid.push({ witness, timestamp: Number(timestamp), line: lines[index] });
    else
      invalid.push(
        `${label}: the cosignature does not verify (the checkpoint was altered or cosigned with another key)`,
      );
  });
  // One witness counts once, however many lines it has.
  const seen = new Set<string>();
  return {
    valid: valid.filter(
      (cosignature) => !seen.has(cosignature.witness.verifierKey) && seen.add(cosignature.witness.verifierKey),
    ),
    invalid,
  };
}

/** Appends signature lines to a signed note (a cosigned checkpoint is the log's note plus these). */
export function withSignatureLines(note: string, lines: readonly string[]): string {
  if (!note.endsWith('\n')) throw new MalformedNoteError('the note does not end with a newline');
  const present = new Set(note.split('\n'));
  return (
    note +
    lines
      .filter((line) => !present.has(line))
      .map((line) => `${line}\n`)
      .join('')
  );
}

function publicKeyOfSeed(seed: Buffer): Buffer {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX.length);
}

function assertTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`not a POSIX timestamp: ${timestamp}`);
}

/** Splits at the first `count - 1` plus signs (base64 may hold '+'), checking the id's shape. */
function splitKey(text: string, count: number, what: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let index = 1; index < count; index++) {
    const plus = rest.indexOf('+');
    if (plus < 0) throw new NoteKeyError(`not a ${what}`);
    parts.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  parts.push(rest);
  const idHex = parts[count - 2];
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteKeyError(`not a ${what}: key id "${idHex}" is not 8 hex digits`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(rest) || rest.length % 4 !== 0)
    throw new NoteKeyError(`not a ${what}: the key is not standard base64`);
  return parts;
}
