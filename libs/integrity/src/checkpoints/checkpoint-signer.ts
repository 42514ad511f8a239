import type { NoteVerifier } from '../signed-note/note-keys';
import { readSigningKey } from './signing-key-files';

/** Dependency-injection token of the {@link CheckpointSigner} the ledger signs checkpoints with. */
export const CHECKPOINT_SIGNER = Symbol('CHECKPOINT_SIGNER');

/**
 * The port the ledger signs its checkpoints through (C2SP signed-note, Ed25519). The default
 * adapter reads the key file (`LEDGER_SIGNING_KEY_FILE`); a KMS or HSM adapter implements the
 * same two calls with a key that never leaves the device (Ed25519 over the raw message, as
 * AWS KMS `ECC_NIST_EDWARDS25519`, Google Cloud KMS `EC_SIGN_ED25519` and PKCS#11 `CKM_EDDSA` do)
 * and is provided under {@link CHECKPOINT_SIGNER}, e.g. in `IntegrityModule.forRoot({ signer })`.
 * Whoever holds a signing key can sign any history; witnesses (see the README's Trust model) are
 * what keeps a holder of the key from rewriting one unnoticed.
 */
export interface CheckpointSigner {
  /**
   * The key's name (the checkpoint origin), key id and public key. Throws
   * `SigningKeyMissingError` when no key is configured: checkpoints are then not signed.
   */
  describe(): Promise<NoteVerifier>;
  /** The Ed25519 signature of `message` (64 bytes). */
  sign(message: Buffer): Promise<Buffer>;
}

/**
 * The key file adapter. Reads the file on every use, so a key created with `ledger
 * init-signing-key` after the API started is used from the next checkpoint on.
 */
export class FileCheckpointSigner implements CheckpointSigner {
  constructor(private readonly keyFile: string) {}

  async describe(): Promise<NoteVerifier> {
    return readSigningKey(this.keyFile);
  }

  async sign(message: Buffer): Promise<Buffer> {
    return readSigningKey(this.keyFile).sign(message);
  }
}
