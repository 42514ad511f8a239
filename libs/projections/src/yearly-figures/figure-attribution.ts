/**
 * The department and item of a supervision fact, resolved when a breakdown is asked for (what
 * it depends on may be recorded after it), by the timeline core's `attributeFact` over the
 * figures' own storage.
 */
import { Attribution, AttributionSources, attributeFact, itemDepartmentAt } from '@ledger/domain';
import type { AgencyState, SupervisionFact } from './agency-state';
import { FILED, NO_ITEM, UNASSIGNED_INDEX } from './application-table';
import type { FiguresState } from './figures-state';

export function attributionOf(figures: FiguresState, agency: AgencyState, fact: SupervisionFact): Attribution {
  return attributeFact(fact, fact.atMs, attributionSources(figures, agency));
}

/** The agency's catalogue, applications and inspections, as attribution looks them up. */
function attributionSources(figures: FiguresState, agency: AgencyState): AttributionSources {
  const apps = figures.applications;
  return {
    itemDepartmentAt: (code, atMs) => itemDepartmentAt(agency.catalogue.get(code), atMs),
    application: (id) => {
      const slot = apps.find(agency.name, id);
      if (slot === undefined) return undefined;
      const department =
        apps.flags[slot] & FILED && apps.department[slot] !== UNASSIGNED_INDEX
          ? figures.departments.names[apps.department[slot]]
          : undefined;
      const itemCode = apps.item[slot] !== NO_ITEM ? figures.items.names[apps.item[slot]] : undefined;
      return { department, itemCode };
    },
    inspection: (id) => agency.inspections.get(id),
  };
}
