/**
 * Upcasting (emmett `versioning/upcasting.ts`): when an event's schema changes, the new version
 * gets a new type string (`X.v2`) and an upcaster turns the stored `X.v1` into it as it is read.
 * The stored bytes never change (their hashes are in signed checkpoints); readers see only the
 * current version.
 */
export interface Upcaster {
  /** The stored type, e.g. `ApplicationFiled.v1`. */
  readonly from: string;
  /** The type it becomes, e.g. `ApplicationFiled.v2`. */
  readonly to: string;
  /** The new version's data from the old one's. Pure; must not mutate `data`. */
  upcast(data: unknown): unknown;
}

/** The upcasters of a set of event types, applied in chains (`v1` → `v2` → `v3`). */
export class UpcasterRegistry {
  private readonly byType = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    if (this.byType.has(upcaster.from)) throw new Error(`an upcaster from ${upcaster.from} is already registered`);
    if (upcaster.from === upcaster.to) throw new Error(`an upcaster must change the type (${upcaster.from})`);
    this.byType.set(upcaster.from, upcaster);
    return this;
  }

  /** The type and data as the current version, following the chain from `type`. */
  upcast(type: string, data: unknown): { readonly type: string; readonly data: unknown } {
    const seen = new Set<string>();
    let current = { type, data };
    for (let upcaster = this.byType.get(type); upcaster !== undefined; upcaster = this.byType.get(current.type)) {
      if (seen.has(upcaster.from)) throw new Error(`upcasters loop at ${upcaster.from}`);
      seen.add(upcaster.from);
      current = { type: upcaster.to, data: upcaster.upcast(current.data) };
    }
    return current;
  }
}

/**
 * The ledger's upcasters. Empty: every licensing fact is still at `.v1`. The first schema
 * change registers its `X.v1` → `X.v2` here.
 */
export const LEDGER_UPCASTERS = new UpcasterRegistry();
