import { SetMetadata } from '@nestjs/common';

/**
 * Who may do what:
 * - clerk: records facts (commands) and reads the applications it works on;
 * - supervisor: figures, replay, audit checks, and personal data when a purpose is given;
 * - legal: exports of event trails, and personal data when a purpose is given;
 * - reporting: the figures only (the reporting UI);
 * - admin: the catalogue, keys, projections and erasure.
 */
export const ROLES = ['clerk', 'supervisor', 'legal', 'reporting', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/** The roles allowed to call an endpoint (any one suffices). Endpoints without it are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Health, metrics and the API documentation need no credentials. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles entitled to see personal data decrypted (PIPL: only those who need it). */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['legal', 'supervisor'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller. */
export interface Principal {
  readonly id: string;
  readonly roles: readonly Role[];
  /** How the caller authenticated, for the access log (`session`: a browser's session cookie). */
  readonly via: 'api-key' | 'jwt' | 'development' | 'session';
}
