import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Command, CommandRunner } from 'nest-commander';
import { LEDGER_CONFIG, LedgerConfig, RegionHierarchyStore, toProblem } from '@ledger/ledger';
import { cliOperator } from './cli-operator';

@Command({
  name: 'regions',
  arguments: '<action> [file-or-code]',
  description:
    'The region hierarchy (province → city → county/district → agency): "load <file.json>" records a new version ' +
    '({ regions: [{ code, name, level: province|city|county, parent }], agencies: [{ agency, name, region }] }); ' +
    '"show [code]" prints the hierarchy in force, or one region with its agencies',
})
export class RegionsCommand extends CommandRunner {
  constructor(
    private readonly regions: RegionHierarchyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([action, argument]: string[]): Promise<void> {
    try {
      switch (action) {
        case 'load': {
          if (!argument) throw new Error('load needs the hierarchy file: ledger regions load regions.json');
          let input: unknown;
          try {
            input = JSON.parse(readFileSync(argument, 'utf8'));
          } catch (e) {
            throw new Error(`${argument} is not readable JSON: ${(e as Error).message}`);
          }
          const result = await this.regions.load(input, cliOperator(), this.config.defaultAgency);
          console.log(
            result.unchanged
              ? `region hierarchy unchanged (version ${result.version}); nothing recorded`
              : `region hierarchy version ${result.version} recorded on ${result.streamId}: ${result.regions} regions, ${result.agencies} agencies`,
          );
          return;
        }
        case 'show': {
          const hierarchy = await this.regions.current();
          if (!hierarchy) throw new Error('no region hierarchy loaded yet: ledger regions load <file.json>');
          const roots = argument
            ? [hierarchy.region(argument) ?? fail(`no region ${argument} in version ${hierarchy.version}`)]
            : hierarchy.definition.regions.filter((r) => r.parent === null);
          console.log(`region hierarchy version ${hierarchy.version}`);
          const print = (code: string, depth: number) => {
            const region = hierarchy.region(code)!;
            console.log(`${'  '.repeat(depth)}${region.name} (${region.code}, ${region.level})`);
            for (const a of hierarchy.definition.agencies.filter((p) => p.region === code))
              console.log(`${'  '.repeat(depth + 1)}· ${a.name} (${a.agency})`);
            for (const child of hierarchy.childrenOf(code)) print(child.code, depth + 1);
          };
          for (const root of roots) print(root.code, 0);
          return;
        }
        default:
          throw new Error(`unknown action "${action}": load or show`);
      }
    } catch (error) {
      console.error(
        `ledger regions: ${error instanceof Error && !('kind' in error) ? error.message : toProblem(error).detail}`,
      );
      process.exitCode = 1;
    }
  }
}

function fail(message: string): never {
  throw new Error(message);
}
