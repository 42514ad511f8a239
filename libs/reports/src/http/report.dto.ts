import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { REGION_LEVELS } from '@ledger/domain';

/** Body of `PUT /v1/reports/{year}/texts`: replaces the staff texts of the report as a whole. */
export class ReportTextsDto {
  @ApiPropertyOptional({ description: '二、存在问题和困难 (paragraphs separated by line breaks)', maxLength: 50000 })
  @IsOptional()
  @IsString()
  @MaxLength(50000)
  problems?: string;

  @ApiPropertyOptional({
    description: '三、下一步工作措施及有关建议 (paragraphs separated by line breaks)',
    maxLength: 50000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(50000)
  measures?: string;

  @ApiPropertyOptional({
    description: 'The agency as it signs, e.g. 江门市公安局; also names it in the title',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signatory?: string;

  @ApiPropertyOptional({ description: 'Date of signature', example: '2021-03-30', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD, e.g. 2021-03-30' })
  date?: string;
}

export class ReportTextsResultDto {
  @ApiProperty({ example: 'report-jiangmen-psb.2020' }) streamId: string;
  @ApiProperty({ description: 'Revision of the stream after the call' }) revision: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Position of the new event; null when nothing was recorded',
  })
  position: string | null;
  @ApiProperty({ type: [String] }) eventIds: string[];
  @ApiProperty({ description: 'True when the texts equal the current ones: nothing new was recorded' })
  unchanged: boolean;
}

export class ReportTextsContentDto {
  @ApiPropertyOptional() problems?: string;
  @ApiPropertyOptional() measures?: string;
  @ApiPropertyOptional() signatory?: string;
  @ApiPropertyOptional({ example: '2021-03-30' }) date?: string;
}

export class ReportTextsViewDto {
  @ApiProperty() agency: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: ReportTextsContentDto, description: 'Empty when no texts were supplied' })
  texts: ReportTextsContentDto;
  @ApiProperty({ type: String, nullable: true, description: 'Who supplied the current texts' }) suppliedBy:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When (ledger time)' }) suppliedAt: string | null;
  @ApiProperty({ type: [String], description: 'Fields still missing, shown as placeholders in the report' })
  missing: string[];
}

const MONTHLY = { type: 'array', items: { type: 'integer' }, minItems: 12, maxItems: 12 } as const;
const BY_DEPARTMENT = {
  type: 'object',
  additionalProperties: MONTHLY,
  description: 'department → twelve monthly counts',
} as const;

export class MonthlyApplicationsDto {
  @ApiProperty({ ...MONTHLY, description: 'applications filed, per month' }) received: number[];
  @ApiProperty(BY_DEPARTMENT) byDepartment: Record<string, number[]>;
}

export class MonthlyDecisionsDto {
  @ApiProperty({ ...MONTHLY, description: 'decisions made, per month' }) total: number[];
  @ApiProperty(MONTHLY) granted: number[];
  @ApiProperty(MONTHLY) denied: number[];
  @ApiProperty(BY_DEPARTMENT) byDepartment: Record<string, number[]>;
}

export class MonthlyBasisDto {
  @ApiProperty() events: number;
  @ApiProperty({ type: String, nullable: true }) lastPosition: string | null;
}

export class MonthlySeriesDto {
  @ApiProperty() year: number;
  @ApiProperty() agency: string;
  @ApiProperty({ type: String, nullable: true }) asOf: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ type: [String], example: ['2020-01', '2020-02'] }) months: string[];
  @ApiProperty({ type: MonthlyApplicationsDto }) applications: MonthlyApplicationsDto;
  @ApiProperty({ type: MonthlyDecisionsDto }) decisions: MonthlyDecisionsDto;
  @ApiProperty({ type: MonthlyBasisDto }) basedOn: MonthlyBasisDto;
}

/** JSON Schema of a report paragraph's runs (the `format=json` form). */
const RUN_SCHEMA = {
  type: 'object',
  required: ['kind', 'text'],
  properties: {
    kind: { type: 'string', enum: ['text', 'figure', 'derived', 'placeholder'] },
    text: { type: 'string' },
    figure: { type: 'string', description: 'figure: its path in the figures document, e.g. decisions.total' },
    href: { type: 'string', description: 'figure and derived: the query that produced it, with the path as fragment' },
    from: { type: 'array', items: { type: 'string' }, description: 'derived: the figures it is computed from' },
    formula: { type: 'string', description: 'derived: how' },
  },
} as const;
const PARAGRAPH_SCHEMA = {
  type: 'object',
  required: ['runs'],
  properties: { runs: { type: 'array', items: RUN_SCHEMA } },
} as const;
const SECTION_SCHEMA = {
  type: 'object',
  required: ['id', 'heading', 'paragraphs', 'subsections'],
  properties: {
    id: { type: 'string' },
    heading: { type: 'string' },
    paragraphs: { type: 'array', items: PARAGRAPH_SCHEMA },
    subsections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'heading', 'paragraphs'],
        properties: {
          id: { type: 'string' },
          heading: { type: 'string' },
          paragraphs: { type: 'array', items: PARAGRAPH_SCHEMA },
        },
      },
    },
  },
} as const;

/** The report model as `GET /v1/reports/{year}?format=json` returns it. */
export const REPORT_MODEL_SCHEMA = {
  type: 'object',
  required: [
    'title',
    'agency',
    'agencyName',
    'year',
    'asOf',
    'noRecords',
    'source',
    'preamble',
    'sections',
    'appendix',
    'signature',
    'missing',
  ],
  properties: {
    title: { type: 'string' },
    agency: { type: 'string' },
    agencyName: { type: 'string', nullable: true },
    year: { type: 'integer' },
    asOf: { type: 'string', nullable: true },
    noRecords: {
      type: 'boolean',
      description: 'true: the ledger holds no record of the year, and section 一 says so instead of printing zeros',
    },
    source: {
      type: 'object',
      required: ['figuresQuery', 'basedOn'],
      properties: {
        figuresQuery: { type: 'string' },
        basedOn: {
          type: 'object',
          properties: { events: { type: 'integer' }, lastPosition: { type: 'string', nullable: true } },
        },
        texts: {
          type: 'object',
          nullable: true,
          properties: { suppliedBy: { type: 'string' }, suppliedAt: { type: 'string' } },
        },
      },
    },
    preamble: PARAGRAPH_SCHEMA,
    sections: { type: 'array', items: SECTION_SCHEMA },
    appendix: {
      type: 'object',
      description:
        'How section 一 was computed and the query behind it (附：数据来源和计算说明); printed in pdf, docx and md only with appendix=true',
      required: ['heading', 'paragraphs'],
      properties: { heading: { type: 'string' }, paragraphs: { type: 'array', items: PARAGRAPH_SCHEMA } },
    },
    signature: { type: 'object', properties: { agency: RUN_SCHEMA, date: RUN_SCHEMA } },
    missing: { type: 'array', items: { type: 'string', enum: ['problems', 'measures', 'signatory', 'date'] } },
  },
} as const;

const TRAIL_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    revision: { type: 'integer' },
    position: { type: 'string' },
    leafIndex: { type: 'integer', nullable: true },
    type: { type: 'string' },
    label: { type: 'string' },
    details: { type: 'string' },
    businessTime: { type: 'string' },
    ledgerTime: { type: 'string' },
    actor: { type: 'string', description: 'on whose behalf the event was recorded' },
    principal: {
      type: 'string',
      nullable: true,
      description:
        'the credential that recorded it (metadata.principal); null for events recorded before the ledger kept it',
    },
    leafHash: { type: 'string', description: 'SHA-256 leaf hash, base64' },
    inclusion: { type: 'string', enum: ['verified', 'not-covered', 'unchecked'] },
  },
} as const;

/** The trail as `GET /v1/trails/{kind}/{id}?format=json` returns it. */
export const TRAIL_SCHEMA = {
  type: 'object',
  properties: {
    subject: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['application', 'complaint'] },
        id: { type: 'string' },
        streamId: { type: 'string' },
      },
    },
    agency: { type: 'string' },
    agencyName: {
      type: 'string',
      nullable: true,
      description: "the agency's own name (LEDGER_AGENCY_NAMES), null when none is configured",
    },
    timeZone: { type: 'string' },
    generatedAt: { type: 'string' },
    purpose: { type: 'string' },
    entries: { type: 'array', items: TRAIL_ENTRY_SCHEMA },
    checkpoint: {
      type: 'object',
      nullable: true,
      properties: {
        id: { type: 'integer' },
        treeSize: { type: 'integer' },
        rootHash: { type: 'string' },
        signedAt: { type: 'string' },
        note: { type: 'string' },
      },
    },
    integrityNote: { type: 'string', nullable: true },
  },
} as const;

const REGION_LABEL_SCHEMA = {
  type: 'object',
  required: ['code', 'name'],
  properties: { code: { type: 'string' }, name: { type: 'string' } },
} as const;

/** The region summary report's model as `GET /v1/reports/{year}/region?format=json` returns it (RegionReportModel). */
export const REGION_REPORT_MODEL_SCHEMA = {
  type: 'object',
  required: [
    'title',
    'subtitle',
    'region',
    'year',
    'asOf',
    'overview',
    'columns',
    'rows',
    'agencies',
    'flags',
    'source',
  ],
  properties: {
    title: { type: 'string' },
    subtitle: {
      type: 'string',
      description: 'under the title: the region by name and code, and the hierarchy version that placed its agencies',
    },
    region: {
      type: 'object',
      required: ['code', 'name', 'level', 'hierarchyVersion'],
      properties: {
        code: { type: 'string' },
        name: { type: 'string' },
        level: { type: 'string', enum: [...REGION_LEVELS] },
        hierarchyVersion: { type: 'integer' },
      },
    },
    year: { type: 'integer' },
    asOf: { type: 'string', nullable: true },
    overview: {
      type: 'array',
      items: { type: 'string' },
      description: 'sentences on the region as a whole, every number from the roll-up',
    },
    columns: { type: 'array', items: { type: 'string' } },
    rows: {
      type: 'array',
      description: 'one row per agency, in agency-id order, cells as printed (所属区域 by display name)',
      items: { type: 'array', items: { type: 'string' } },
    },
    agencies: {
      type: 'array',
      description: "the rows' agencies in the same order, each with the region it is placed in",
      items: {
        type: 'object',
        required: ['agency', 'name', 'region'],
        properties: { agency: { type: 'string' }, name: { type: 'string' }, region: REGION_LABEL_SCHEMA },
      },
    },
    flags: {
      type: 'array',
      items: { type: 'string' },
      description: "one line per raised flag: the agency's name, then the message",
    },
    source: {
      type: 'object',
      required: ['figuresQuery', 'agenciesQuery', 'events'],
      properties: { figuresQuery: { type: 'string' }, agenciesQuery: { type: 'string' }, events: { type: 'integer' } },
    },
  },
} as const;
