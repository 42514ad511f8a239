import { applicationCommandSpecs } from '../applications/application.command-specs';
import { itemCommandSpecs } from '../catalogue/item.command-specs';
import { supervisionCommandSpecs } from '../supervision/supervision.command-specs';
import { CommandSpec } from './command-spec';

/** Every command the ledger accepts, by name. */
export const ALL_COMMAND_SPECS: readonly CommandSpec<any>[] = [...itemCommandSpecs, ...applicationCommandSpecs, ...supervisionCommandSpecs];

export function specNamed(name: string): CommandSpec<any> {
  const spec = ALL_COMMAND_SPECS.find((s) => s.name === name);
  if (!spec) throw new Error(`no command named ${name}`);
  return spec;
}
