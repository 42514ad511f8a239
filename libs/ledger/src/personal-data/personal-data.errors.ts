/**
 * The master key is missing, malformed or not the one the key store was made with. Start-up
 * fails with this message rather than write personal data it could not protect or read back.
 */
export class MasterKeyError extends Error {
  readonly code = 'PERSONAL_DATA.MASTER_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
    // A configuration error: where in the code it was noticed helps nobody reading the log.
    this.stack = `${this.name}: ${message}`;
  }
}
