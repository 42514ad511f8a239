import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/ledger';
import { ApiKeyFile, ROLES, Role, isRole, loadAccessSettings } from '@ledger/operations';

@Command({
  name: 'api-key',
  arguments: '<action> [id]',
  description: `Manage API keys: "create --name <name> --roles <${ROLES.join(',')}>" prints a new key once; "revoke <id>"; "list"; "bootstrap" (first start: an operator key with every role in <data dir>/operator.api-key)`,
})
export class ApiKeyCommand extends CommandRunner {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {
    super();
  }

  async run([action, id]: string[], flags: { name?: string; roles?: Role[] }): Promise<void> {
    const keys = new ApiKeyFile(loadAccessSettings(this.config.dataDir).apiKeysFile);
    try {
      switch (action) {
        case 'create': {
          if (!flags.name || !flags.roles?.length) throw new Error('create needs --name and --roles');
          const { key, record } = keys.create(flags.name, flags.roles);
          console.error(
            `created API key ${record.id} "${record.name}" with roles ${record.roles.join(', ')} in ${keys.file}; it is shown once:`,
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
          // First start of a single-machine install: one operator key with every role, written
          // next to the data (mode 600) so that the README's one command yields a usable API.
          const file = path.join(this.config.dataDir, 'operator.api-key');
          if (keys.list().length > 0) {
            console.error(`api-key bootstrap: keys exist already in ${keys.file}; nothing created`);
            return;
          }
          const { key, record } = keys.create('operator', [...ROLES]);
          writeFileSync(file, `${key}\n`, { mode: 0o600 });
          console.error(
            `created the operator API key ${record.id} (roles: ${ROLES.join(', ')}) in ${file}; use it as "Authorization: Bearer <key>"`,
          );
          return;
        }
        case 'list':
          for (const k of keys.list())
            console.log(
              `${k.id}\t${k.name}\t${k.roles.join(',')}\tcreated ${k.createdAt}${k.revokedAt ? `\trevoked ${k.revokedAt}` : ''}`,
            );
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

  @Option({ flags: '--roles <roles>', description: `comma-separated: ${ROLES.join(', ')}` })
  parseRoles(value: string): Role[] {
    const roles = value.split(',').map((r) => r.trim());
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length) throw new Error(`unknown role(s): ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
    return roles as Role[];
  }
}
