import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ApplicationReplayService, DeadlineView } from '@ledger/audit';
import { LEDGER_CONFIG, LedgerConfig, toProblem } from '@ledger/ledger';
import { authorshipText } from '@ledger/domain';

@Command({
  name: 'replay-application',
  arguments: '<applicationId>',
  description:
    'Replay one application: each event with the state and statutory deadline after it (personal data withheld); JSON with --json',
})
export class ReplayApplicationCommand extends CommandRunner {
  constructor(
    private readonly replays: ApplicationReplayService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async run([applicationId]: string[], flags: { agency?: string; json?: boolean }): Promise<void> {
    try {
      const replay = await this.replays.replay(applicationId, flags.agency ?? this.config.defaultAgency);
      if (flags.json) {
        console.log(JSON.stringify(replay, null, 2));
        return;
      }
      console.log(
        `application ${replay.applicationId} (${replay.streamId}, agency ${replay.agency}): ${replay.steps.length} events`,
      );
      for (const step of replay.steps) {
        const onTime =
          step.onTime === undefined
            ? ''
            : step.onTime === null
              ? '; on time: unknown'
              : step.onTime
                ? '; on time'
                : '; OVERDUE';
        console.log(
          `#${step.revision} @${step.position} ${step.type} at ${step.at} (recorded ${step.ledgerTime} ${authorshipText(step)})`,
        );
        console.log(
          `    phase: ${step.state?.phase ?? '(none)'}; deadline: ${describeDeadline(step.deadline)}${onTime}`,
        );
        console.log(`    ${JSON.stringify(step.data)}`);
      }
    } catch (error) {
      console.error(`ledger replay-application: ${toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--agency <agency>',
    description: 'the agency whose application it is (ids are per agency; default LEDGER_AGENCY)',
  })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'the whole replay as one JSON document' })
  parseJson(): boolean {
    return true;
  }
}

function describeDeadline(deadline: DeadlineView | null): string {
  if (deadline === null) return 'none (not accepted)';
  switch (deadline.status) {
    case 'known':
      return `${deadline.deadline} (accepted ${deadline.acceptedOn}, ${deadline.limitDays} + ${deadline.extensionDays} working days, ${deadline.suspendedWorkingDays} suspended)`;
    case 'suspended':
      return `suspended since ${deadline.suspendedSince}`;
    case 'unavailable':
      return `unknown: ${deadline.reason}`;
  }
}
