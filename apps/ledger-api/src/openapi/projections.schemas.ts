import { ApiProperty } from '@nestjs/swagger';

export class ProjectionCheckpointDto {
  @ApiProperty({ description: 'The version of the code that saved it' }) readonly version: number;
  @ApiProperty({ type: 'string', nullable: true, description: 'The position it reflects' }) readonly position:
    string | null;
  @ApiProperty({ format: 'date-time' }) readonly savedAt: string;
}

export class ProjectionLagDto {
  @ApiProperty({ description: 'Events recorded but not yet applied (counted up to 100,000)' }) readonly events: number;
  @ApiProperty({ description: 'True when the count stopped at its limit' }) readonly atLeast: boolean;
  @ApiProperty({ description: 'Age in seconds of the oldest event not yet applied; 0 when caught up' })
  readonly seconds: number;
}

export class ProjectionErrorDto {
  @ApiProperty() readonly message: string;
  @ApiProperty({ format: 'date-time' }) readonly at: string;
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'yearly-figures' }) readonly name: string;
  @ApiProperty({ description: "The version of the projection's code" }) readonly version: number;
  @ApiProperty({
    enum: ['live', 'standby', 'elsewhere'],
    description:
      'live: this process runs it; standby: waits for the leader; elsewhere: a projector runs it (seen through its checkpoint)',
  })
  readonly running: 'live' | 'standby' | 'elsewhere';
  @ApiProperty({ type: 'string', nullable: true, description: 'The last position applied' }) readonly position:
    string | null;
  @ApiProperty() readonly eventsApplied: number;
  @ApiProperty({
    type: ProjectionCheckpointDto,
    nullable: true,
    description: 'The saved checkpoint; null before the first save',
  })
  readonly checkpoint: ProjectionCheckpointDto | null;
  @ApiProperty({
    description:
      'The checkpoint was saved by another version: the projection rebuilds from the first event when it starts',
  })
  readonly rebuildPending: boolean;
  @ApiProperty({ type: 'string', nullable: true, description: "The store's last position" }) readonly head:
    string | null;
  @ApiProperty({ type: ProjectionLagDto }) readonly lag: ProjectionLagDto;
  @ApiProperty({
    type: ProjectionErrorDto,
    nullable: true,
    description: 'The last error the projection met in this process',
  })
  readonly lastError: ProjectionErrorDto | null;
}
