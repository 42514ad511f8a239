import { RegionHierarchyDefinition } from './region-hierarchy';

/**
 * A version of the hierarchy loaded by an operator. Not a licensing fact (it enters no figure
 * itself): it says which agencies a region's figures add up, from the moment it is recorded.
 */
export const REGION_HIERARCHY_LOADED = 'RegionHierarchyLoaded.v1';

export interface RegionHierarchyLoaded {
  readonly type: typeof REGION_HIERARCHY_LOADED;
  readonly data: RegionHierarchyDefinition & { readonly version: number };
  readonly at: string;
}

/**
 * One ledger-wide stream holds every version; the hierarchy belongs to no single agency, so the
 * agency part of the `<kind>-<agency>.<id>` name is `all`.
 */
export const REGION_HIERARCHY_STREAM = 'region-all.hierarchy';
