import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import {
  ALL_AGENCIES,
  ApiKeyFile,
  Principal,
  ROLES,
  Role,
  describeAgencies,
  isRole,
  loadAccessSettings,
  parseAgencies,
  principalOfKey,
} from '@ledger/operations';

interface ApiKeyFlags {
  name?: string;
  roles?: Role[];
  agencies?: Principal['agencies'];
  relay?: boolean;
}

@Command({
  name: 'api-key',
  arguments: '<action> [id]',
  description: `Manage API keys: "create --name <name> --roles <${ROLES.join(',')}> --agencies <a,b|*> [--relay]" prints a new key once; "revoke <id>"; "list"; "bootstrap" (first start: an operator key with every role and every agency in <data dir>/operator.api-key)`,
})
export class ApiKeyCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run([action, id]: string[], flags: ApiKeyFlags): Promise<void> {
    const keys = new ApiKeyFile(loadAccessSettings(this.config.dataDir).apiKeysFile, this.config.defaultAgency);
    try {
      switch (action) {
        case 'create': {
          if (!flags.name || !flags.roles?.length || !flags.agencies)
            throw new Error(
              'create needs --name, --roles and --agencies (agency codes separated by commas, or * for all)',
            );
          const { key, record } = keys.create(flags.name, flags.roles, {
            agencies: flags.agencies,
            relay: flags.relay,
          });
          console.error(
            `created API key ${record.id} "${record.name}" with roles ${record.roles.join(', ')} for agencies ${describeAgencies(flags.agencies)}${record.relay ? ', may relay for others' : ''} in ${keys.file}; it is shown once:`,
          );
          console.log(key);
          return;
        }
        case 'revoke': {
          if (!id) throw new Error('revoke needs the key id');
          const revoked = keys.revoke(id);
          console.log(`revoked API key ${revoked.id} "${revoked.name}"`);
          return;
        }
        case 'bootstrap': {
          // First start of a single-machine install: one operator key with every role and every
          // agency, allowed to relay (it runs the demo and imports on behalf of clerks), written
          // next to the data (mode 600) so that the README's one command yields a usable API.
          const file = path.join(this.config.dataDir, 'operator.api-key');
          if (keys.list().length > 0) {
            console.error(`api-key bootstrap: keys exist already in ${keys.file}; nothing created`);
            return;
          }
          const { key, record } = keys.create('operator', [...ROLES], { agencies: ALL_AGENCIES, relay: true });
          writeFileSync(file, `${key}\n`, { mode: 0o600 });
          console.error(
            `created the operator API key ${record.id} (roles: ${ROLES.join(', ')}; agencies: *; may relay) in ${file}; use it as "Authorization: Bearer <key>"`,
          );
          return;
        }
        case 'list':
          // Columns: id, name, roles, agencies (as the key is read today: legacy keys show what
          // they were given, marked), relay, created, revoked.
          for (const k of keys.list()) {
            const principal = principalOfKey(k, this.config.defaultAgency);
            const agencies = `agencies ${describeAgencies(principal.agencies) || '(none)'}${k.agencies === undefined ? ' (legacy key)' : ''}`;
            console.log(
              `${k.id}\t${k.name}\t${k.roles.join(',')}\t${agencies}\t${principal.canRelay ? 'relay' : 'no relay'}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`,
            );
          }
          return;
        default:
          throw new Error(`unknown action "${action}": create, revoke, list or bootstrap`);
      }
    } catch (error) {
      console.error(`ledger api-key: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--name <name>', description: 'who or what holds the key, e.g. "窗口3" or "reporting-ui"' })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--agencies <agencies>',
    description: 'the agencies the key acts for: codes separated by commas, or * for every agency',
  })
  parseAgencies(value: string): Principal['agencies'] {
    return parseAgencies(value);
  }

  @Option({
    flags: '--relay',
    description: 'an upstream system: may record an actor other than the key name (the clerk whose act it forwards)',
  })
  parseRelay(): boolean {
    return true;
  }

  @Option({ flags: '--roles <roles>', description: `comma-separated: ${ROLES.join(', ')}` })
  parseRoles(value: string): Role[] {
    const roles = value.split(',').map((r) => r.trim());
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length) throw new Error(`unknown role(s): ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
    return roles as Role[];
  }
}
