import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  NoteKeyError,
  type NoteSigner,
  type NoteVerifier,
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
} from '../signed-note/note-keys';

export class SigningKeyMissingError extends Error {
  readonly code = 'INTEGRITY.NO_SIGNING_KEY';
  constructor(readonly file: string) {
    super(`no signing key at ${file}: create one with \`ledger init-signing-key\` (or set LEDGER_SIGNING_KEY_FILE)`);
    this.name = 'SigningKeyMissingError';
  }
}

export interface SigningKeyCreated {
  readonly created: boolean;
  readonly signer: NoteSigner;
  /** True when the verifier key file was (re)written from the signing key. */
  readonly wroteVerifierKey: boolean;
}

/**
 * Creates the signing key file if it is missing: readable by its owner only, created with
 * O_EXCL so an existing key is never overwritten, even by two runs racing. Writes the verifier
 * key next to it when that file is missing.
 */
export function createSigningKeyFile(keyFile: string, verifierKeyFile: string, name: string): SigningKeyCreated {
  mkdirSync(dirname(keyFile), { recursive: true });
  let created = false;
  if (!existsSync(keyFile)) {
    const { signerKey } = generateSignerKey(name);
    let fd: number | undefined;
    try {
      fd = openSync(keyFile, 'wx', 0o600);
      writeSync(fd, `${signerKey}\n`);
      fsyncSync(fd);
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  const signer = readSigningKey(keyFile);
  let wroteVerifierKey = false;
  if (!existsSync(verifierKeyFile)) {
    mkdirSync(dirname(verifierKeyFile), { recursive: true });
    const fd = openSync(verifierKeyFile, 'wx', 0o644);
    try {
      writeSync(fd, `${signer.verifierKey}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    wroteVerifierKey = true;
  }
  return { created, signer, wroteVerifierKey };
}

export function readSigningKey(keyFile: string): NoteSigner {
  if (!existsSync(keyFile)) throw new SigningKeyMissingError(keyFile);
  try {
    return parseSignerKey(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    throw new NoteKeyError(`${keyFile}: ${(error as Error).message}`);
  }
}

/**
 * A verifier key given on the command line: the key string itself, or a file holding it
 * (one key per line; blank lines and # comments ignored).
 */
export function readVerifierKeys(keyOrFile: string): NoteVerifier[] {
  const looksLikeKey = /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(keyOrFile.trim());
  if (looksLikeKey && !existsSync(keyOrFile)) return [parseVerifierKey(keyOrFile)];
  if (!existsSync(keyOrFile))
    throw new NoteKeyError(`${keyOrFile} is neither a verifier key (<name>+<key id>+<key>) nor a file`);
  const lines = readFileSync(keyOrFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) throw new NoteKeyError(`${keyOrFile} holds no verifier key`);
  return lines.map((line) => {
    try {
      return parseVerifierKey(line);
    } catch (error) {
      throw new NoteKeyError(`${keyOrFile}: ${(error as Error).message}`);
    }
  });
}

/**
 * The keys the ledger host trusts for its own checkpoints: the verifier key file, or else the
 * public half of the signing key. Empty when neither exists.
 */
export function localVerifierKeys(verifierKeyFile: string, signingKeyFile: string): NoteVerifier[] {
  if (existsSync(verifierKeyFile)) return readVerifierKeys(verifierKeyFile);
  if (existsSync(signingKeyFile)) return [readSigningKey(signingKeyFile)];
  return [];
}
