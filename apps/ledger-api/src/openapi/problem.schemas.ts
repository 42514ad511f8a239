import { ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ description: 'The field, as a path into the body or the parameter name', example: 'filedAt' })
  readonly field: string;
  @ApiProperty({ description: 'The rule it breaks', example: 'filedAt must be an ISO-8601 instant' })
  readonly message: string;
}

/** RFC 9457 problem details, as `ProblemDetailsFilter` writes them (libs/ledger/src/http/problem-details.filter.ts). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:ledger:problem:input.invalid' }) readonly type: string;
  @ApiProperty({ example: 'Bad request' }) readonly title: string;
  @ApiProperty({ example: 400 }) readonly status: number;
  @ApiProperty() readonly detail: string;
  @ApiProperty({ required: false, description: 'A stable error code', example: 'INPUT.INVALID' })
  readonly code?: string;
  @ApiProperty({
    type: [FieldProblemDto],
    required: false,
    description: 'For invalid input: each field and the rule it breaks',
  })
  readonly errors?: FieldProblemDto[];
}

export const PROBLEM_SCHEMA_NAME = ProblemDetailsDto.name;

/** A problem-details response of one status, for the statuses particular to an endpoint. */
export const ApiProblemResponse = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  });
