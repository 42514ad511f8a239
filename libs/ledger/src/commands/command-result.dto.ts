import { ApiProperty } from '@nestjs/swagger';

/** What every command returns (201). */
export class CommandResultDto {
  @ApiProperty({
    description: 'The id of the thing the command is about (application id, item code, …), chosen or generated',
  })
  id: string;
  @ApiProperty({ example: 'application-core-app-1' }) streamId: string;
  @ApiProperty({ description: 'Revision of the last event in the stream after the command (0-based)' })
  revision: number;
  @ApiProperty({
    description: "Global position of the last event written, as a string ('commit' or 'commit/prepare')",
    nullable: true,
    type: String,
  })
  position: string | null;
  @ApiProperty({
    type: [String],
    description: 'Ids of the events recorded (of the first attempt, for an idempotent retry)',
  })
  eventIds: string[];
  @ApiProperty({ description: 'True when an Idempotency-Key matched an earlier command: nothing new was recorded' })
  replayed: boolean;
}
