import { ItemState, itemStatusOn } from '../catalogue/item.decider';

/**
 * The department every reader shows for a fact nobody can attribute: an application whose
 * filing was not seen or named none, a complaint naming neither department, item, application
 * nor inspection. One label, so the figures, the monthly series and the findings group alike.
 */
export const UNASSIGNED_DEPARTMENT = '(unassigned)';

/**
 * An item's department at an instant (epoch ms): the version in force then; before its first
 * version, that version's; once retired, its last version's. Undefined for an unknown item.
 *
 * This is the attribution rule of the read side: a fact belongs to the department the catalogue
 * gave its item at the fact's business time, so amending an item from 治安 to 交警 from 2021
 * leaves a 2020 complaint on it with 治安, in the figures and in the findings alike.
 */
export function itemDepartmentAt(item: ItemState | undefined, atMs: number): string | undefined {
  if (item === undefined || item.status !== 'registered' || item.versions.length === 0) return undefined;
  const status = itemStatusOn(item, atMs);
  if (status.status === 'in-force') return status.attributes.department;
  if (status.status === 'retired') return item.versions[item.versions.length - 1].attributes.department;
  return item.versions[0].attributes.department;
}

/** What a complaint, inspection, appeal or rectification names; absent or blank fields are left out. */
export interface FactReferences {
  readonly department?: string;
  readonly itemCode?: string;
  readonly applicationId?: string;
  readonly inspectionId?: string;
}

/** An application as attribution needs it: its department and item as filed. */
export interface AttributedApplication {
  /** Undefined when the filing was not seen or named no department. */
  readonly department?: string;
  readonly itemCode?: string;
}

/** An inspection as attribution needs it: what it named and when it happened. */
export interface AttributedInspection {
  readonly department?: string;
  readonly itemCode?: string;
  readonly atMs: number;
}

/**
 * Where attribution looks things up. Each reader keeps its own storage (the figures' compact
 * tables, the checks' maps) and answers through these lookups, always within one agency: ids
 * are unique only per agency.
 */
export interface AttributionSources {
  /** The department of an item at an instant, by {@link itemDepartmentAt} over the agency's catalogue. */
  itemDepartmentAt(itemCode: string, atMs: number): string | undefined;
  application(applicationId: string): AttributedApplication | undefined;
  inspection(inspectionId: string): AttributedInspection | undefined;
}

export interface Attribution {
  readonly department: string;
  /** Undefined when neither the fact, its application nor its inspection names an item. */
  readonly itemCode?: string;
}

/**
 * The department and item a supervision fact (complaint, inspection, appeal, rectification) is
 * attributed to, at its business time `atMs`. Department: the fact's own; else its item's in the
 * catalogue at the fact's time; else its application's as filed; else its inspection's (own, or
 * its item's at the inspection's time); else {@link UNASSIGNED_DEPARTMENT}. Item: the fact's own,
 * else its application's, else its inspection's.
 */
export function attributeFact(refs: FactReferences, atMs: number, sources: AttributionSources): Attribution {
  const application = refs.applicationId !== undefined ? sources.application(refs.applicationId) : undefined;
  const inspection = refs.inspectionId !== undefined ? sources.inspection(refs.inspectionId) : undefined;
  const department =
    refs.department ??
    (refs.itemCode !== undefined ? sources.itemDepartmentAt(refs.itemCode, atMs) : undefined) ??
    application?.department ??
    inspection?.department ??
    (inspection?.itemCode !== undefined ? sources.itemDepartmentAt(inspection.itemCode, inspection.atMs) : undefined) ??
    UNASSIGNED_DEPARTMENT;
  const itemCode = refs.itemCode ?? application?.itemCode ?? inspection?.itemCode;
  return itemCode === undefined ? { department } : { department, itemCode };
}

/** A text field as attribution reads it: a string with something in it, else absent. */
export function presentText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
