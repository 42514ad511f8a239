import { SetMetadata } from '@nestjs/common';

/**
 * Who may do what:
 * - clerk: records facts (commands) and reads the applications it works on;
 * - supervisor: figures, replay, audit checks, and personal data when a purpose is given;
 * - legal: exports of event trails, and personal data when a purpose is given;
 * - reporting: the figures only (the reporting UI);
 * - admin: the catalogue, keys, projections and erasure;
 * - relay: opens no endpoint by itself; lets an upstream system record an `actor` other than its
 *   own (a clerk's act it forwards), beside a role that may call the endpoint (see `Principal`).
 */
export const ROLES = ['clerk', 'supervisor', 'legal', 'reporting', 'admin', 'relay'] as const;
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

export type { Principal } from './principal';
