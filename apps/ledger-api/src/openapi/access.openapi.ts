import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_KEY, ROLES_KEY, type Role, SESSION_COOKIE } from '@ledger/operations';
import { PROBLEM_SCHEMA_NAME } from './problem.schemas';

export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

/** The security schemes, as `components.securitySchemes`. */
export const SECURITY_SCHEMES = {
  [BEARER_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'API key (lk_…) or JWT',
    description:
      'Authorization: Bearer <API key or JWT>. `ledger api-key create --name … --roles … --agencies …` prints a key; `npm run up` writes an operator key to data/operator.api-key.',
  },
  [SESSION_SCHEME]: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'The browser session set by POST /v1/session (HttpOnly: a browser sends it by itself once signed in, e.g. through the dashboard). It authenticates reads (GET) only.',
  },
} as const;

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } },
});

type Operation = {
  operationId?: string;
  description?: string;
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  'x-roles'?: Role[];
};

/** The extension naming the roles that may call an operation (the dashboard shows an action only to them). */
export const ROLES_EXTENSION = 'x-roles';

/**
 * Writes into the OpenAPI document what the access guard enforces, read from the same decorators
 * the guard reads (`@Public()`, `@Roles()`), so the document cannot drift from the guard:
 * public operations need no security; the others take the bearer credential, reads also the
 * session cookie, and answer 401 and 403 as problem details; their roles are stated (and listed
 * in `x-roles`, which the dashboard reads to show each action only to those who may take it).
 * Operations with a body also document the 400 of the validation every body goes through.
 */
export function describeAccess(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const controllers = new Map<string, Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype) controllers.set(wrapper.metatype.name, wrapper.metatype as Type);
  }
  document.components = {
    ...document.components,
    securitySchemes: { ...document.components?.securitySchemes, ...SECURITY_SCHEMES },
  };
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods as Record<string, Operation>)) {
      // Nest's default operation id: <Controller>_<method>, with [n] for a handler on several paths.
      const [controllerName, handlerName] = (operation.operationId ?? '').replace(/\[\d+\]$/, '').split('_');
      const controller = controllers.get(controllerName);
      const handler = controller?.prototype?.[handlerName] as object | undefined;
      if (!controller || !handler)
        throw new Error(
          `OpenAPI operation ${method.toUpperCase()} ${path} (${operation.operationId}) names no controller method`,
        );
      const isPublic = Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller);
      if (operation.requestBody && !operation.responses['400'])
        operation.responses['400'] = problem(
          'Invalid input: the problem names each field and the rule (`errors[]`); nothing is recorded',
        );
      if (isPublic) {
        operation.security = [];
        continue;
      }
      const roles: Role[] = Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller) ?? [];
      operation.security =
        method === 'get' ? [{ [BEARER_SCHEME]: [] }, { [SESSION_SCHEME]: [] }] : [{ [BEARER_SCHEME]: [] }];
      operation.responses['401'] ??= problem('No credentials, or an unknown, revoked or expired one');
      operation.responses['403'] ??= problem(
        `The credential lacks the role: this needs one of ${roles.join(', ') || '(no role: refused to all)'}`,
      );
      operation[ROLES_EXTENSION] = roles;
      const who = `Roles: ${roles.join(', ') || 'none (refused to all)'}.`;
      operation.description = operation.description ? `${operation.description}\n\n${who}` : who;
    }
  }
  return document;
}
