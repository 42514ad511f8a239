/**
 * What the figures need to remember of each application, for the events of its stream still to
 * come: a few numbers per application in parallel typed arrays (about 20 bytes each, plus the
 * id in the index), so 410,000 applications cost a few megabytes rather than 410,000 objects.
 * Suspension periods, which few applications have, live in a side map dropped once closed.
 */

/** The application was filed (its department, item and time limit are known). */
export const FILED = 1;
export const DISCLOSABLE = 2;
export const WAS_ACCEPTED = 4;
/** Decided or withdrawn: no longer pending from `closeYear` on. */
export const CLOSED = 8;

/** Department index of an application whose filing was not seen: the breakdown shows "(unassigned)". */
export const UNASSIGNED_INDEX = 0;
/** No item known. */
export const NO_ITEM = -1;
/** A time-limit figure that was missing or not a whole number of days: the deadline is unknown. */
export const INVALID_DAYS = 0xffff;
/** A suspension still open. */
export const OPEN = -1;

interface Columns {
  department: Uint16Array;
  item: Int32Array;
  acceptedDay: Int32Array;
  closeYear: Uint16Array;
  statutoryDays: Uint16Array;
  extensionDays: Uint16Array;
  flags: Uint8Array;
}

const COLUMN_NAMES = ['department', 'item', 'acceptedDay', 'closeYear', 'statutoryDays', 'extensionDays', 'flags'] as const;
type ColumnName = (typeof COLUMN_NAMES)[number];
const CONSTRUCTORS = {
  department: Uint16Array,
  item: Int32Array,
  acceptedDay: Int32Array,
  closeYear: Uint16Array,
  statutoryDays: Uint16Array,
  extensionDays: Uint16Array,
  flags: Uint8Array,
} as const;

export interface ApplicationTableSnapshot {
  readonly ids: readonly string[];
  /** Each column, little-endian, base64. */
  readonly columns: Readonly<Record<ColumnName, string>>;
  /** Slot → flat [from, to, from, to, …] day numbers of its suspensions (to = -1 while open). */
  readonly suspensions: ReadonlyArray<readonly [number, readonly number[]]>;
}

function allocate(capacity: number): Columns {
  return {
    department: new Uint16Array(capacity),
    item: new Int32Array(capacity),
    acceptedDay: new Int32Array(capacity),
    closeYear: new Uint16Array(capacity),
    statutoryDays: new Uint16Array(capacity),
    extensionDays: new Uint16Array(capacity),
    flags: new Uint8Array(capacity),
  };
}

export class ApplicationTable {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private capacity = 1024;
  private columns: Columns = allocate(this.capacity);
  department = this.columns.department;
  item = this.columns.item;
  acceptedDay = this.columns.acceptedDay;
  closeYear = this.columns.closeYear;
  statutoryDays = this.columns.statutoryDays;
  extensionDays = this.columns.extensionDays;
  flags = this.columns.flags;
  /** Suspension periods of open applications that have any. */
  readonly suspensions = new Map<number, number[]>();

  get size(): number {
    return this.ids.length;
  }

  /** The slot of an application, if any event of it was seen. */
  find(applicationId: string): number | undefined {
    return this.index.get(applicationId);
  }

  /** The slot of an application, made on its first event. */
  slotOf(applicationId: string): number {
    const found = this.index.get(applicationId);
    if (found !== undefined) return found;
    const slot = this.ids.length;
    if (slot === this.capacity) this.grow();
    this.ids.push(applicationId);
    this.index.set(applicationId, slot);
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
    return { ids: [...this.ids], columns, suspensions: [...this.suspensions].map(([slot, periods]) => [slot, [...periods]] as const) };
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
    snapshot.ids.forEach((id, slot) => {
      table.ids.push(id);
      table.index.set(id, slot);
    });
    for (const [slot, periods] of snapshot.suspensions) table.suspensions.set(slot, [...periods]);
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
      department: this.department,
      item: this.item,
      acceptedDay: this.acceptedDay,
      closeYear: this.closeYear,
      statutoryDays: this.statutoryDays,
      extensionDays: this.extensionDays,
      flags: this.flags,
    } = this.columns);
  }
}
