// Schema validation: strict for bodies (no type coercion: "1" is not a number, a string is not a
// list), coercing for query strings and path parameters, which are text on the wire.
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { allErrors: false, useDefaults: true, strict: false, removeAdditional: false };
const strictAjv = new Ajv({ ...common, coerceTypes: false });
const coercingAjv = new Ajv({ ...common, coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema);

/**
 * The body check Fastify makes, for a route that cannot declare a body schema (a GET with a
 * body): failures throw the same validation error, mapped to the same 400.
 */
export function bodyValidator<T extends TSchema>(schema: T): (value: unknown) => Static<T> {
  const validate = strictAjv.compile(schema);
  return (value) => {
    const body = value ?? {};
    if (validate(body)) return body;
    throw Object.assign(new Error('body validation failed'), { validation: validate.errors ?? [], validationContext: 'body' });
  };
}
