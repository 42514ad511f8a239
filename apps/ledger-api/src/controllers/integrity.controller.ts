import {
  ConflictException,
  Controller,
  Get,
  Header,
  HttpStatus,
  NotFoundException,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidationError } from '@ledger/domain';
import { CheckpointRefusedError, LedgerIntegrity, SigningKeyMissingError, consistencyProof } from '@ledger/integrity';
import { Public, Roles } from '@ledger/operations';
import { ApiProblemResponse } from '../openapi/problem.schemas';
import { VerificationDto } from '../openapi/integrity.schemas';

/**
 * Tamper evidence over HTTP. The signed checkpoint, the verifier key and consistency proofs hold
 * nothing personal and are meant to be copied by outsiders (auditors, witnesses), so they are
 * public; signing a checkpoint on demand is for the roles that audit or export.
 */
@ApiTags('integrity')
@Controller('v1/integrity')
export class IntegrityController {
  constructor(private readonly integrity: LedgerIntegrity) {}

  @Get('checkpoint')
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: 'The latest signed checkpoint',
    description:
      'A C2SP tlog-checkpoint in a C2SP signed note (origin, tree size, base64 RFC 9162 root; Ed25519), followed by the cosignatures of the witnesses (LEDGER_WITNESSES, C2SP tlog-cosignature) that checked it. Keep copies: `ledger verify --checkpoint <file> --witness-key <key>` checks the ledger against them.',
  })
  @ApiOkResponse({ description: 'The signed note', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblemResponse(404, 'No checkpoint has been signed yet')
  checkpoint(): string {
    const latest = this.integrity.latestCheckpoint();
    if (!latest) throw new NotFoundException('no checkpoint has been signed yet');
    return this.integrity.index.cosignedNote(latest);
  }

  @Get('verification')
  @Public()
  @ApiOperation({
    summary: 'The latest `ledger verify` run',
    description:
      'When the events were last recomputed and compared with the integrity index and every signed checkpoint, and the result: `intact`, or the first problem found. Recorded by `ledger verify` in the integrity index.',
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiProblemResponse(404, 'ledger verify has not been run yet')
  verification(): VerificationDto {
    const latest = this.integrity.index.latestVerification();
    if (!latest) throw new NotFoundException('ledger verify has not been run on this ledger yet');
    return latest;
  }

  @Get('verifier-key')
  @Public()
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: "The ledger's verifier key(s)",
    description:
      'C2SP verifier key strings (<name>+<key id>+<base64 key>), one per line. Obtain it through a channel you trust before relying on it.',
  })
  @ApiOkResponse({ description: 'One verifier key a line', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblemResponse(404, 'No signing key is configured')
  verifierKey(): string {
    const keys = this.integrity.localVerifiers();
    if (keys.length === 0) throw new NotFoundException('no signing key is configured (ledger init-signing-key)');
    return keys.map((key) => `${key.verifierKey}\n`).join('');
  }

  @Post('checkpoints')
  @Roles('admin', 'legal', 'supervisor')
  @ApiOperation({
    summary: 'Sign a checkpoint now',
    description:
      '201 with the new checkpoint when the ledger grew since the latest one; 200 with the latest one otherwise.',
  })
  async sign(@Res({ passthrough: true }) response: Response) {
    try {
      const { checkpoint, created, witnesses } = await this.integrity.checkpoint();
      response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return {
        id: checkpoint.id,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash.toString('base64'),
        signedAt: checkpoint.signedAt,
        note: this.integrity.index.cosignedNote(checkpoint),
        created,
        witnesses,
      };
    } catch (error) {
      if (error instanceof SigningKeyMissingError) throw new ServiceUnavailableException(error.message);
      if (error instanceof CheckpointRefusedError) throw new ConflictException(error.message);
      throw error;
    }
  }

  @Get('consistency')
  @Public()
  @ApiOperation({
    summary: 'RFC 9162 consistency proof between two tree sizes',
    description: 'Shows that the tree of `from` events is a prefix of the tree of `to` events (base64 hashes).',
  })
  @ApiQuery({ name: 'from', description: 'the smaller tree size (≥ 1)' })
  @ApiQuery({ name: 'to', description: "the larger tree size (≤ the latest checkpoint's)" })
  @ApiOkResponse({
    description: 'The proof, base64 hashes in RFC 9162 order',
    schema: {
      type: 'object',
      required: ['from', 'to', 'proof'],
      properties: {
        from: { type: 'integer' },
        to: { type: 'integer' },
        proof: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  @ApiProblemResponse(
    400,
    'A size that is not a whole number, from > to, or to beyond the latest checkpoint (INTEGRITY.BAD_SIZES)',
  )
  consistency(@Query('from') from?: string, @Query('to') to?: string) {
    const latest = this.integrity.latestCheckpoint();
    const first = wholeNumber('from', from);
    const second = wholeNumber('to', to);
    if (first < 1 || first > second)
      throw new ValidationError('INTEGRITY.BAD_SIZES', 'from must be at least 1 and at most to', 'from');
    if (!latest || second > latest.treeSize)
      throw new ValidationError(
        'INTEGRITY.BAD_SIZES',
        `to must be at most the latest checkpoint's tree size (${latest?.treeSize ?? 0})`,
        'to',
      );
    return {
      from: first,
      to: second,
      proof: consistencyProof(this.integrity.index, first, second).map((hash) => hash.toString('base64')),
    };
  }
}

function wholeNumber(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,15}$/.test(value))
    throw new ValidationError('INTEGRITY.BAD_SIZES', `${name} must be a tree size (a whole number)`, name);
  return Number(value);
}
