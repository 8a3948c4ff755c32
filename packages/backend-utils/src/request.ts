import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { z } from 'zod/v3';

/**
 * A query parameter that names a catalog entity (`component:default/sales`, or `sales` where the kind
 * and namespace have defaults), turned into its full reference (`component:default/sales`).
 */
export function entityRefSchema(
  defaults: { defaultKind?: string } = {},
): z.ZodType<string, z.ZodTypeDef, unknown> {
  const example = `${defaults.defaultKind ?? 'component'}:default/name`;
  return z
    .string({ required_error: 'is required' })
    .min(1, { message: 'is required' })
    .max(500, { message: 'must be at most 500 characters' })
    .transform((value, ctx) => {
      try {
        return stringifyEntityRef(
          parseEntityRef(value, { ...defaults, defaultNamespace: 'default' }),
        );
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be an entity reference such as ${example}`,
        });
        return z.NEVER;
      }
    });
}

/**
 * A query parameter that must be one of `values`; anything else is refused with the list of them
 * (`task must be one of forecasting, classification, anomaly-detection`).
 */
export function oneOfSchema<T extends string>(
  values: readonly [T, ...T[]],
): z.ZodType<T, z.ZodTypeDef, unknown> {
  return z.enum(values as [T, ...T[]], {
    errorMap: () => ({ message: `must be one of ${values.join(', ')}` }),
  });
}

/**
 * Checks a request's query or path parameters against a schema. What is wrong becomes one `InputError`
 * (400) naming each parameter and what it must be: `Invalid query: entityRef must be an entity
 * reference such as component:default/name`.
 */
export function parseRequest<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i =>
          i.code === 'unrecognized_keys'
            ? `unknown parameter ${i.keys.join(', ')}`
            : `${i.path.join('.') || what} ${i.message}`,
        )
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * The entity as the requesting user sees the catalog: read with their own credentials, so an entity they
 * may not see is one that does not exist (`NotFoundError`, 404), never a hint that it exists.
 */
export async function getEntityAsUser(
  catalog: typeof catalogServiceRef.T,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  return entity;
}
