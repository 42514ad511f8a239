/**
 * What the figures need to remember of each application, for the events of its stream still to
 * come: a few numbers per application in parallel typed arrays (about 20 bytes each, plus the
 * id in the index), so 410,000 applications cost a few megabytes rather than 410,000 objects.
 * Suspension periods, which few applications have, live in a side map.
 * Applications are keyed by (agency, id): an application id is unique only within its agency.
 */
import type { TimelinePeriod } from '@ledger/domain';

/** The application was filed (its department, item and time limit are known). */
export const FILED = 1;
export const DISCLOSABLE = 2;
export const WAS_ACCEPTED = 4;
/** Decided or withdrawn: no longer pending from `closeYear` on. */
export const CLOSED = 8;
/**
 * Two bits of `flags`: how the decision on `decidedDay` was judged (0 not yet decided; 1, 2, 3 as
 * the figures code on time, overdue, deadline unknown), kept so that a new version of the
 * working-day calendar can judge it again and move its count.
 */
export const JUDGEMENT_SHIFT = 4;
export const JUDGEMENT_MASK = 3 << JUDGEMENT_SHIFT;

/** Department index of an application whose filing was not seen: the breakdown shows "(unassigned)". */
export const UNASSIGNED_INDEX = 0;
/** No item known. */
export const NO_ITEM = -1;
/** A time-limit figure that was missing or not a whole number of days: the deadline is unknown. */
export const INVALID_DAYS = 0xffff;
/** A suspension still open, in the snapshot's flat encoding. */
const OPEN = -1;

interface Columns {
  /** Index into the table's agency names. */
  agency: Uint16Array;
  department: Uint16Array;
  item: Int32Array;
  acceptedDay: Int32Array;
  closeYear: Uint16Array;
  /** The day of the decision judged (see JUDGEMENT_MASK), as days since DECIDED_DAY_BASE. */
  decidedDay: Uint16Array;
  statutoryDays: Uint16Array;
  extensionDays: Uint16Array;
  flags: Uint8Array;
}

const COLUMN_NAMES = [
  'agency',
  'department',
  'item',
  'acceptedDay',
  'closeYear',
  'decidedDay',
  'statutoryDays',
  'extensionDays',
  'flags',
] as const;
type ColumnName = (typeof COLUMN_NAMES)[number];
const CONSTRUCTORS = {
  agency: Uint16Array,
  department: Uint16Array,
  item: Int32Array,
  acceptedDay: Int32Array,
  closeYear: Uint16Array,
  decidedDay: Uint16Array,
  statutoryDays: Uint16Array,
  extensionDays: Uint16Array,
  flags: Uint8Array,
} as const;

export interface ApplicationTableSnapshot {
  /** The application id of each slot; its agency is `agencies[agency column]`. */
  readonly ids: readonly string[];
  readonly agencies: readonly string[];
  /** Each column, little-endian, base64. */
  readonly columns: Readonly<Record<ColumnName, string>>;
  /** Slot → flat [from, to, from, to, …] day numbers of its suspensions (to = -1 while open). */
  readonly suspensions: ReadonlyArray<readonly [number, readonly number[]]>;
  /** Slot → flat [day, judgement, …] of its decisions after the first. */
  readonly laterDecisions: ReadonlyArray<readonly [number, readonly number[]]>;
}

function allocate(capacity: number): Columns {
  return {
    agency: new Uint16Array(capacity),
    department: new Uint16Array(capacity),
    item: new Int32Array(capacity),
    acceptedDay: new Int32Array(capacity),
    closeYear: new Uint16Array(capacity),
    decidedDay: new Uint16Array(capacity),
    statutoryDays: new Uint16Array(capacity),
    extensionDays: new Uint16Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

export class ApplicationTable {
  /** Agency → application id → slot. */
  private readonly index = new Map<string, Map<string, number>>();
  private readonly ids: string[] = [];
  private readonly agencies: string[] = [];
  private capacity = 1024;
  private columns: Columns = allocate(this.capacity);
  agency = this.columns.agency;
  department = this.columns.department;
  item = this.columns.item;
  acceptedDay = this.columns.acceptedDay;
  closeYear = this.columns.closeYear;
  decidedDay = this.columns.decidedDay;
  statutoryDays = this.columns.statutoryDays;
  extensionDays = this.columns.extensionDays;
  flags = this.columns.flags;
  /** Suspension periods (day numbers) of the applications that have any. */
  readonly suspensions = new Map<number, readonly TimelinePeriod<number>[]>();
  /**
   * Decisions after an application's first (legacy data only; the deciders refuse them): flat
   * [day, judgement, day, judgement, …] per slot, judged again like the first.
   */
  readonly laterDecisions = new Map<number, number[]>();

  get size(): number {
    return this.ids.length;
  }

  /** The slot of an agency's application, if any event of it was seen. */
  find(agency: string, applicationId: string): number | undefined {
    return this.index.get(agency)?.get(applicationId);
  }

  /** The agency a slot's application belongs to. */
  agencyOf(slot: number): string {
    return this.agencies[this.agency[slot]];
  }

  /** The slot of an agency's application, made on its first event. */
  slotOf(agency: string, applicationId: string): number {
    let ofAgency = this.index.get(agency);
    if (ofAgency === undefined) {
      this.index.set(agency, (ofAgency = new Map()));
      this.agencies.push(agency);
    }
    const found = ofAgency.get(applicationId);
    if (found !== undefined) return found;
    const slot = this.ids.length;
    if (slot === this.capacity) this.grow();
    this.ids.push(applicationId);
    ofAgency.set(applicationId, slot);
    this.agency[slot] = this.agencies.indexOf(agency);
    this.department[slot] = UNASSIGNED_INDEX;
    this.item[slot] = NO_ITEM;
    this.statutoryDays[slot] = INVALID_DAYS;
    return slot;
  }

  snapshot(): ApplicationTableSnapshot {
    const size = this.ids.length;
    const columns = {} as Record<ColumnName, string>;
    for (const name of COLUMN_NAMES) {
      const column = this.columns[name];
      columns[name] = Buffer.from(column.buffer, column.byteOffset, size * column.BYTES_PER_ELEMENT).toString('base64');
    }
    return {
      ids: [...this.ids],
      agencies: [...this.agencies],
      columns,
      suspensions: [...this.suspensions].map(
        ([slot, periods]) => [slot, periods.flatMap((p) => [p.from, p.to ?? OPEN])] as const,
      ),
      laterDecisions: [...this.laterDecisions].map(([slot, flat]) => [slot, [...flat]] as const),
    };
  }

  static restore(snapshot: ApplicationTableSnapshot): ApplicationTable {
    const table = new ApplicationTable();
    const size = snapshot.ids.length;
    while (table.capacity < size) table.capacity *= 2;
    table.columns = allocate(table.capacity);
    for (const name of COLUMN_NAMES) {
      const bytes = Buffer.from(snapshot.columns[name], 'base64');
      const column = table.columns[name];
      if (bytes.length !== size * CONSTRUCTORS[name].BYTES_PER_ELEMENT) {
        throw new RangeError(`snapshot column ${name} holds ${bytes.length} bytes, not ${size} entries`);
      }
      new Uint8Array(column.buffer).set(bytes);
    }
    table.bindColumns();
    for (const agency of snapshot.agencies) {
      table.agencies.push(agency);
      table.index.set(agency, new Map());
    }
    snapshot.ids.forEach((id, slot) => {
      table.ids.push(id);
      table.index.get(table.agencies[table.agency[slot]])!.set(id, slot);
    });
    for (const [slot, flat] of snapshot.suspensions) {
      const periods: TimelinePeriod<number>[] = [];
      for (let i = 0; i < flat.length; i += 2)
        periods.push(flat[i + 1] === OPEN ? { from: flat[i] } : { from: flat[i], to: flat[i + 1] });
      table.suspensions.set(slot, periods);
    }
    for (const [slot, flat] of snapshot.laterDecisions) table.laterDecisions.set(slot, [...flat]);
    return table;
  }

  private grow(): void {
    const previous = this.columns;
    this.capacity *= 2;
    this.columns = allocate(this.capacity);
    for (const name of COLUMN_NAMES) (this.columns[name] as Uint8Array).set(previous[name] as Uint8Array);
    this.bindColumns();
  }

  private bindColumns(): void {
    ({
      agency: this.agency,
      department: this.department,
      item: this.item,
      acceptedDay: this.acceptedDay,
      closeYear: this.closeYear,
      decidedDay: this.decidedDay,
      statutoryDays: this.statutoryDays,
      extensionDays: this.extensionDays,
      flags: this.flags,
    } = this.columns);
  }
}
