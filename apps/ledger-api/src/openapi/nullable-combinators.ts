import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = {
  type?: string;
  nullable?: boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  [key: string]: unknown;
};

/**
 * OpenAPI 3.0 gives `nullable` a meaning only beside `type`; @nestjs/swagger drops the type of a
 * property declared with `oneOf`/`anyOf` (schema-object-factory), so `nullable: true` there is
 * ignored by validators (redocly's nullable-type-sibling). Where every alternative is an object
 * schema, the type is `object`, and it is put back; anything else is left for the linter to name.
 */
export function typeNullableCombinators(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const isObject = (schema: Schema): boolean => {
    const target = schema.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    return (
      target?.type === 'object' ||
      (target !== undefined && target.type === undefined && typeof target.properties === 'object')
    );
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const schema = node as Schema;
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (schema.nullable && !schema.type && alternatives?.every(isObject)) schema.type = 'object';
    Object.values(schema).forEach(visit);
  };
  visit(document);
  return document;
}
