import { Controller, Get, Inject, Param, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ValidationError } from '@ledger/domain';
import { LedgerIntegrity } from '@ledger/integrity';
import { LEDGER_CONFIG, LedgerConfig, agencyForRead, trailSubjectNotFound } from '@ledger/ledger';
import { Roles, principalOf } from '@ledger/operations';
import {
  PdfUnavailableError,
  TRAIL_FORMATS,
  TRAIL_SCHEMA,
  TrailFormat,
  TrailService,
  integrityProofs,
} from '@ledger/reports';

const KINDS = { applications: 'application', complaints: 'complaint' } as const;

@ApiTags('trails')
@Controller('v1/trails')
export class TrailsController {
  constructor(
    private readonly trails: TrailService,
    private readonly integrity: LedgerIntegrity,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get(':kind/:id')
  @Roles('legal', 'supervisor')
  @ApiOperation({
    summary: "A printable trail: one application's or complaint's history, for legal staff",
    description:
      'Each event in Chinese with its business and ledger time, actor and leaf hash, closing with the signed checkpoint every event is proven against ' +
      '(a checkpoint is signed first when the ledger grew). Personal data is never printed. The export is recorded (TrailExported.v1, with its purpose and ' +
      'the SHA-256 of the document) before it is returned. PDF by default; ?format= or Accept for html or json. PDF needs Chromium on the server (503 otherwise).',
  })
  @ApiParam({ name: 'kind', enum: ['applications', 'complaints'] })
  @ApiParam({ name: 'id', description: 'the application or complaint id' })
  @ApiQuery({
    name: 'agency',
    required: false,
    description: 'the agency whose application or complaint it is (ids are per agency); default: the configured agency',
  })
  @ApiQuery({ name: 'purpose', required: true, description: 'why the trail is exported (recorded), e.g. 行政复议答辩' })
  @ApiQuery({ name: 'format', required: false, enum: ['pdf', 'html', 'json'] })
  @ApiProduces('application/pdf', 'text/html', 'application/json')
  @ApiOkResponse({
    description: 'The trail',
    content: {
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'text/html': { schema: { type: 'string' } },
      'application/json': { schema: TRAIL_SCHEMA as never },
    },
  })
  async trail(
    @Param('kind') kind: string,
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('purpose') purpose?: string,
    @Query('format') format?: string,
    @Query('agency') agency?: string,
  ): Promise<void> {
    const subject = KINDS[kind as keyof typeof KINDS];
    if (!subject)
      throw new ValidationError('TRAIL.KIND', `kind must be applications or complaints, got "${kind}"`, 'kind');
    const chosen = trailFormat(format, req.headers.accept);
    try {
      const principal = principalOf(req);
      const { contentType, body } = await this.trails.export(
        {
          kind: subject,
          agency: agencyForRead(agency, principalOf(req), this.config.defaultAgency, () =>
            trailSubjectNotFound(subject, id),
          ),
          id,
          purpose: purpose ?? '',
          actor: principal?.actor ?? 'anonymous',
          principal: principal?.id,
          format: chosen,
        },
        integrityProofs(this.integrity),
      );
      res
        .status(200)
        .type(contentType)
        .setHeader(
          'Content-Disposition',
          `${chosen === 'pdf' ? 'attachment' : 'inline'}; filename="trail-${subject}-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.${chosen}"`,
        );
      res.send(body);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }
}

function trailFormat(format: string | undefined, accept: string | undefined): TrailFormat {
  if (format) {
    if (!(TRAIL_FORMATS as readonly string[]).includes(format))
      throw new ValidationError(
        'TRAIL.FORMAT',
        `format must be one of ${TRAIL_FORMATS.join(', ')}, got "${format}"`,
        'format',
      );
    return format as TrailFormat;
  }
  if (accept?.includes('text/html')) return 'html';
  if (accept?.includes('application/json') && !accept.includes('application/pdf')) return 'json';
  return 'pdf';
}
