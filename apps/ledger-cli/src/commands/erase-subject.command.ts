import { Command, CommandRunner, Option } from 'nest-commander';
import { SubjectErasure, toProblem } from '@ledger/ledger';
import { defaultActor } from '../cli-config';
import { cliPrincipal } from './cli-operator';

interface EraseFlags {
  idNumber?: string;
  reason?: string;
  actor?: string;
  agency?: string;
}

@Command({
  name: 'erase-subject',
  arguments: '[subjectId]',
  description:
    "Erase a data subject's personal data (crypto-shredding): destroy the subject's data key and record SubjectErased.v1 on subject-<subjectId>. " +
    'The events stay, hash-verified; their personal fields can no longer be read by anyone. Name the subject by id (subj_…) or by --id-number. ' +
    'Exit code 1 when the subject is unknown or already erased.',
})
export class EraseSubjectCommand extends CommandRunner {
  constructor(private readonly erasure: SubjectErasure) {
    super();
  }

  async run([subjectArgument]: string[], flags: EraseFlags): Promise<void> {
    try {
      if ((subjectArgument === undefined) === (flags.idNumber === undefined))
        throw new Error('name the subject either by its id or by --id-number, not both');
      if (!flags.reason?.trim())
        throw new Error(
          '--reason is required: the legal ground of the erasure (it is recorded, so it must not identify the person)',
        );
      const subjectId = subjectArgument ?? (await this.erasure.subjectForIdNumber(flags.idNumber!));
      const result = await this.erasure.erase({
        subjectId,
        reason: flags.reason,
        actor: flags.actor ?? defaultActor('cli'),
        agency: flags.agency,
        principal: cliPrincipal(),
      });
      console.log(
        `erase-subject: erased ${subjectId}: data key destroyed; recorded SubjectErased.v1 on ${result.streamId} at position ${result.position}`,
      );
    } catch (error) {
      console.error(`ledger erase-subject: ${error instanceof Error ? error.message : toProblem(error).detail}`);
      process.exitCode = 1;
    }
  }

  @Option({
    flags: '--id-number <idNumber>',
    description: 'the identity card number (or unified social credit code) of the subject',
  })
  parseIdNumber(value: string): string {
    return value;
  }

  @Option({
    flags: '--reason <reason>',
    description: 'the legal ground, e.g. "PIPL art. 47: retention period expired" (required)',
  })
  parseReason(value: string): string {
    return value;
  }

  @Option({ flags: '--actor <actor>', description: 'who erases (default cli:$USER)' })
  parseActor(value: string): string {
    return value;
  }

  @Option({ flags: '--agency <agency>', description: 'agency recorded on the erasure event (default LEDGER_AGENCY)' })
  parseAgency(value: string): string {
    return value;
  }
}
