import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CalendarVersion } from '@ledger/domain';
import { CalendarStore, LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import { cliOperator } from './cli-operator';

@Command({
  name: 'calendar',
  arguments: '<action> [file-or-year]',
  description:
    'The working-day calendar as the ledger records it: "load <cn-YYYY.json> [--reason <why>]" records a year ' +
    '({ region: "CN", year, holidays: [YYYY-MM-DD…], makeupWorkdays: [YYYY-MM-DD…], source: "<notice>" }); ' +
    'a correction of a year that has a version needs --reason, the same year again records nothing; ' +
    '"show [year]" lists the version of each year in force, or one year with its dates and every version',
})
export class CalendarCommand extends CommandRunner {
  constructor(
    private readonly calendars: CalendarStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([action, argument]: string[], flags: { reason?: string; asOf?: string }): Promise<void> {
    try {
      switch (action) {
        case 'load': {
          if (!argument) throw new Error('load needs the calendar file: ledger calendar load cn-2027.json');
          let input: unknown;
          try {
            input = JSON.parse(readFileSync(argument, 'utf8'));
          } catch (e) {
            throw new Error(`${argument} is not readable JSON: ${(e as Error).message}`);
          }
          const result = await this.calendars.load(input, flags.reason, cliOperator(), this.config.defaultAgency);
          console.log(
            result.unchanged
              ? `calendar ${result.year} unchanged (version ${result.version}, ${result.source}); nothing recorded`
              : `calendar ${result.year} version ${result.version} recorded on ${result.streamId}` +
                  (result.supersedes === null ? '' : `, superseding version ${result.supersedes}`) +
                  ` (${result.source})`,
          );
          return;
        }
        case 'show': {
          if (argument === undefined) {
            const view = await this.calendars.view(flags.asOf);
            for (const v of view.versions) console.log(`${v.year}  version ${v.version}  ${recorded(v)}  ${v.source}`);
            return;
          }
          if (!/^\d{4}$/.test(argument)) throw new Error(`show takes a four-digit year, got "${argument}"`);
          const year = Number(argument);
          const versions = (await this.calendars.history()).all.filter((v) => v.year === year);
          if (versions.length === 0)
            throw new Error(`no calendar for ${year} in the ledger: load it with ledger calendar load cn-${year}.json`);
          const standing = versions.reduce((a, b) => (b.version > a.version ? b : a));
          console.log(`calendar ${year} version ${standing.version} (${standing.source})`);
          console.log(`holidays: ${standing.definition.holidays.join(' ')}`);
          console.log(`make-up working days: ${standing.definition.makeupWorkdays.join(' ') || '(none)'}`);
          console.log('versions:');
          for (const v of versions)
            console.log(
              `  ${v.version}  ${recorded(v)}  ${v.source}` +
                (v.supersedes === undefined ? '' : `  supersedes ${v.supersedes}: ${v.reason}`),
            );
          return;
        }
        default:
          throw new Error(`unknown action "${action}": load or show`);
      }
    } catch (error) {
      console.error(
        `ledger calendar: ${error instanceof Error && !('kind' in error) ? error.message : toProblem(error).detail}`,
      );
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--reason <why>', description: 'why a year that has a version is corrected (required then)' })
  parseReason(value: string): string {
    return value;
  }

  @Option({ flags: '--as-of <instant>', description: 'show: the calendar as the ledger held it at this ISO instant' })
  parseAsOf(value: string): string {
    return value;
  }
}

const recorded = (v: Pick<CalendarVersion, 'recordedAt'>) =>
  v.recordedAt === null ? 'shipped' : `recorded ${v.recordedAt}`;
