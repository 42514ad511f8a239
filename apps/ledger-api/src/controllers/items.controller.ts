import { Body, Controller, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { Roles } from '@ledger/operations';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  AmendItemDto,
  CommandResultDto,
  LedgerCommands,
  RegisterItemDto,
  RetireItemDto,
  specNamed,
} from '@ledger/ledger';
import { originOf } from './command-request';

@ApiTags('catalogue')
@Roles('admin')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retried command with the same key returns the first result and records nothing new.',
})
@Controller('v1/items')
export class ItemsController {
  constructor(private readonly commands: LedgerCommands) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a licensing item (事项)' })
  @ApiCreatedResponse({ type: CommandResultDto })
  register(@Body() dto: RegisterItemDto, @Req() req: Request) {
    return this.commands.run(specNamed('register-item'), dto, {}, originOf(req));
  }

  @Patch(':code')
  @HttpCode(201)
  @ApiOperation({ summary: 'Amend a licensing item from a date' })
  @ApiCreatedResponse({ type: CommandResultDto })
  amend(@Param('code') code: string, @Body() dto: AmendItemDto, @Req() req: Request) {
    return this.commands.run(specNamed('amend-item'), dto, { code }, originOf(req));
  }

  @Post(':code/retirement')
  @HttpCode(201)
  @ApiOperation({ summary: 'Retire a licensing item from a date' })
  @ApiCreatedResponse({ type: CommandResultDto })
  retire(@Param('code') code: string, @Body() dto: RetireItemDto, @Req() req: Request) {
    return this.commands.run(specNamed('retire-item'), dto, { code }, originOf(req));
  }
}
