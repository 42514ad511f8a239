import { isWellFormed } from '@ledger/domain';
import type { NoteSigner, NoteVerifier } from './note-keys';
import { keyIdHex } from './note-keys';

/**
 * C2SP signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, then one
 * or more lines `— <key name> <base64(4-byte key id || signature)>`. The signature covers the
 * text's UTF-8 bytes, final newline included.
 */
export class MalformedNoteError extends Error {
  readonly code = 'INTEGRITY.MALFORMED_NOTE';
  constructor(message: string) {
    super(message);
    this.name = 'MalformedNoteError';
  }
}

export class NoteVerificationError extends Error {
  readonly code = 'INTEGRITY.NOTE_NOT_VERIFIED';
  constructor(message: string) {
    super(message);
    this.name = 'NoteVerificationError';
  }
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature bytes without the key id. */
  readonly signature: Buffer;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const SIGNATURE_PREFIX = '\u2014 ';
/** The spec asks verifiers to accept at least 16 signatures and to bound the rest. */
const MAX_SIGNATURES = 100;

export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new MalformedNoteError('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    return `${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signer.sign(message)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Signs through a signer that may be remote (a KMS or HSM behind the `CheckpointSigner` port):
 * the same note as {@link signNote} with one signature line.
 */
export async function signNoteWith(
  text: string,
  signer: {
    describe(): Promise<Pick<NoteVerifier, 'name' | 'keyId' | 'verify'>>;
    sign(message: Buffer): Promise<Buffer>;
  },
): Promise<string> {
  assertNoteText(text);
  const key = await signer.describe();
  const message = Buffer.from(text, 'utf8');
  const signature = await signer.sign(message);
  // A remote signer that answers with another key's signature must not produce a note that looks signed.
  if (!key.verify(message, signature))
    throw new NoteVerificationError(
      `the signer's signature does not verify with its own key ${key.name}+${keyIdHex(key.keyId)}`,
    );
  const id = Buffer.alloc(4);
  id.writeUInt32BE(key.keyId);
  return `${text}\n${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

export function parseNote(note: string): ParsedNote {
  if (!note.endsWith('\n')) throw new MalformedNoteError('the note does not end with a newline (truncated?)');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note))
    throw new MalformedNoteError('the note holds control characters other than newline');
  if (!isWellFormed(note)) throw new MalformedNoteError('the note is not valid UTF-8 text');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('the note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const signatureLines = note.slice(split + 2, -1).split('\n');
  if (signatureLines.length > MAX_SIGNATURES)
    throw new MalformedNoteError(`the note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = signatureLines.map((line, index) => parseSignatureLine(line, index + 1));
  return { text, signatures };
}

/**
 * Opens a note with the trusted keys. Signatures from unknown keys are ignored, as the spec
 * requires; any signature from a known key must verify, and at least one must be present.
 * @returns the note's text and the keys whose signatures verified
 * @throws MalformedNoteError, NoteVerificationError saying precisely what failed
 */
export function openNote(note: string, trusted: readonly NoteVerifier[]): { text: string; verifiedBy: NoteVerifier[] } {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: NoteVerifier[] = [];
  for (const signature of parsed.signatures) {
    const key = trusted.find((candidate) => candidate.name === signature.name && candidate.keyId === signature.keyId);
    if (!key) continue;
    if (!key.verify(message, signature.signature)) {
      throw new NoteVerificationError(
        `the signature of key ${key.name}+${keyIdHex(key.keyId)} does not verify: the note was altered or signed with another key`,
      );
    }
    verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    const present = parsed.signatures.map((s) => `${s.name}+${keyIdHex(s.keyId)}`).join(', ');
    const expected = trusted.map((k) => `${k.name}+${keyIdHex(k.keyId)}`).join(', ') || 'none';
    throw new NoteVerificationError(
      `the note is not signed by a trusted key: signed by ${present}; trusted: ${expected}`,
    );
  }
  return { text: parsed.text, verifiedBy };
}

function parseSignatureLine(line: string, number: number): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX))
    throw new MalformedNoteError(`signature line ${number} does not start with "— "`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space <= 0) throw new MalformedNoteError(`signature line ${number} has no key name`);
  const name = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (/[\s+]/u.test(name)) throw new MalformedNoteError(`signature line ${number}: the key name holds a space or '+'`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
    throw new MalformedNoteError(`signature line ${number}: the signature is not standard base64`);
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < 5) throw new MalformedNoteError(`signature line ${number}: the signature is too short`);
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new MalformedNoteError('note text must end with a newline');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text))
    throw new MalformedNoteError('note text must not hold control characters other than newline');
  if (!isWellFormed(text)) throw new MalformedNoteError('note text must be valid Unicode');
}
