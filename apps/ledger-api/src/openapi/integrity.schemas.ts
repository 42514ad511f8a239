import { ApiProperty } from '@nestjs/swagger';

/** The latest `ledger verify` run, as recorded in the integrity index. */
export class VerificationDto {
  @ApiProperty({ format: 'date-time', description: 'When `ledger verify` finished' }) readonly verifiedAt: string;
  @ApiProperty({
    description: 'Every event matched its leaf, every checkpoint its signature, root and the witnesses required',
  })
  readonly intact: boolean;
  @ApiProperty({ description: 'Events recomputed from the store' }) readonly eventsRead: number;
  @ApiProperty({ description: 'Signed checkpoints that matched the recomputed tree' })
  readonly checkpointsVerified: number;
  @ApiProperty({ description: 'Witness cosignatures each checkpoint needed (`--min-witnesses`); 0 without witnesses' })
  readonly witnessesRequired: number;
  @ApiProperty({ description: '`intact`, or the first problem found, or why nothing could be verified' })
  readonly summary: string;
}
