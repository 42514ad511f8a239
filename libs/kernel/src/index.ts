/**
 * The read side's kernel: what both sides share without either depending on the other — the
 * event codec (decoding once, with upcasters) and the time checks.
 */
export {
  type DecodedEvent,
  type UnknownEvent,
  decodeStoredEvent,
  factOf,
  fromStoredEvent,
  toStoredEvent,
} from './codec/event-codec';
export {
  type CorrectedFold,
  type LedgerFold,
  type LedgerRange,
  LedgerCorrections,
  foldCorrectedLedger,
  ledgerRange,
} from './codec/corrected-ledger';
export { LEDGER_UPCASTERS, type Upcaster, UpcasterRegistry } from './codec/upcasters';
export { type EventHandlers, type RecordedOf, type SomeEventHandlers, dispatchEvent } from './codec/event-dispatch';
