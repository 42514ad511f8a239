import { Injectable } from '@nestjs/common';
import { isStorageFull } from '@ledger/event-store';

/** Where writing stands: `failingSince` is set from the first write refused for full storage until one succeeds again. */
export interface StorageWriteStatus {
  readonly writable: boolean;
  /** ISO-8601 instant of the first refused write of the current run of failures. */
  readonly failingSince?: string;
  /** Writes refused since then. */
  readonly failures: number;
}

/**
 * Tracks whether the ledger can store new events, from the outcomes of real appends (no probe
 * writes: a probe would need space of its own and could succeed while an append cannot).
 * Readiness reports "not ready" while it fails; the next append that succeeds, such as a
 * client's retry with its Idempotency-Key once space is freed, makes it writable again.
 */
@Injectable()
export class StorageHealth {
  private failingSinceMs: number | undefined;
  private failures = 0;
  /** The store's wrapper and the HTTP filter both see a failed append; it is counted once. */
  private readonly counted = new WeakSet<object>();

  /** Records a failed write; returns true when it failed because the storage is full. */
  failed(error: unknown): boolean {
    if (!isStorageFull(error)) return false;
    if (typeof error === 'object' && error !== null) {
      if (this.counted.has(error)) return true;
      this.counted.add(error);
    }
    this.failingSinceMs ??= Date.now();
    this.failures++;
    return true;
  }

  succeeded(): void {
    this.failingSinceMs = undefined;
    this.failures = 0;
  }

  status(): StorageWriteStatus {
    return this.failingSinceMs === undefined
      ? { writable: true, failures: 0 }
      : { writable: false, failingSince: new Date(this.failingSinceMs).toISOString(), failures: this.failures };
  }
}
