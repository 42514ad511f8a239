import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AuthFailureLimits, DEFAULT_AUTH_FAILURE_LIMITS } from './auth-failure-throttle';
import { JwtSettings } from './jwt-verifier';

export interface AccessSettings {
  /** `required` (default): every call but health, metrics and docs needs credentials. `off`: development only. */
  readonly mode: 'required' | 'off';
  readonly apiKeysFile: string;
  readonly jwt?: JwtSettings;
  /** Lifetime of a browser session (LEDGER_SESSION_MINUTES); see `SessionStore`. */
  readonly sessionMinutes?: number;
  /** The deployment's agency (LEDGER_AGENCY), which keys created before agencies existed keep; see `agenciesOfLegacyKey`. */
  readonly legacyKeyAgency?: string;
  /** Failed authentications allowed per client address and per API key id (see `AuthFailureThrottle`). */
  readonly authFailures?: AuthFailureLimits;
}

export function loadAccessSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): AccessSettings {
  const mode = (env.LEDGER_AUTH || 'required') as AccessSettings['mode'];
  if (mode !== 'required' && mode !== 'off')
    throw new Error(`LEDGER_AUTH must be required or off, got "${env.LEDGER_AUTH}"`);
  const publicKeyFile = env.LEDGER_JWT_PUBLIC_KEY_FILE;
  const jwt: JwtSettings | undefined =
    env.LEDGER_JWT_SECRET || publicKeyFile || env.LEDGER_JWT_JWKS_URL || env.LEDGER_JWT_OIDC_ISSUER
      ? {
          secret: env.LEDGER_JWT_SECRET || undefined,
          publicKeyPem: publicKeyFile ? readFileSync(publicKeyFile, 'utf8') : undefined,
          jwksUrl: env.LEDGER_JWT_JWKS_URL || undefined,
          oidcIssuer: env.LEDGER_JWT_OIDC_ISSUER || undefined,
          issuer: env.LEDGER_JWT_ISSUER || undefined,
          audience: env.LEDGER_JWT_AUDIENCE || undefined,
          rolesClaim: env.LEDGER_JWT_ROLES_CLAIM || 'roles',
          agenciesClaim: env.LEDGER_JWT_AGENCIES_CLAIM || 'agencies',
        }
      : undefined;
  const authFailures = {
    limit: wholeNumber(env, 'LEDGER_AUTH_FAILURE_LIMIT', DEFAULT_AUTH_FAILURE_LIMITS.limit, 1, 10_000),
    windowSeconds: wholeNumber(
      env,
      'LEDGER_AUTH_FAILURE_WINDOW_SECONDS',
      DEFAULT_AUTH_FAILURE_LIMITS.windowSeconds,
      1,
      86_400,
    ),
  };
  const sessionMinutes = env.LEDGER_SESSION_MINUTES ? Number(env.LEDGER_SESSION_MINUTES) : undefined;
  return {
    mode,
    apiKeysFile: path.resolve(env.LEDGER_API_KEYS_FILE || path.join(dataDir, 'api-keys.json')),
    jwt,
    sessionMinutes,
    authFailures,
  };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}
