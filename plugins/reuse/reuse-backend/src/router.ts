import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { TASKS } from '@mlops-portal/plugin-atomic-catalog-common';
import { REUSE_VIEWS } from '@mlops-portal/plugin-reuse-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ReuseMapService } from './services/ReuseMapService';

const entityRef = (defaultKind: string) =>
  z
    .string()
    .min(1)
    .max(500)
    .refine(
      ref => {
        try {
          parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
          return true;
        } catch {
          return false;
        }
      },
      {
        message: `must be an entity reference such as ${defaultKind}:default/name`,
      },
    );

const mapQuery = z
  .object({
    task: z
      .enum(TASKS, {
        errorMap: () => ({ message: `must be one of ${TASKS.join(', ')}` }),
      })
      .optional(),
    owner: entityRef('group').optional(),
    view: z
      .enum(REUSE_VIEWS, {
        errorMap: () => ({
          message: `must be one of ${REUSE_VIEWS.join(', ')}`,
        }),
      })
      .optional(),
    offset: z.coerce
      .number()
      .int({ message: 'must be a whole number' })
      .min(0, { message: 'must be 0 or more' })
      .optional(),
    limit: z.coerce
      .number()
      .int({ message: 'must be a whole number' })
      .min(1, { message: 'must be at least 1' })
      .max(500, { message: 'must be at most 500' })
      .optional(),
  })
  .strict();

const usersQuery = z.object({ entityRef: entityRef('component') }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
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
 * `GET /map?task&owner&view&offset&limit`: the reuse map. `GET /users?entityRef`: the projects that
 * use one component. Both read the catalog with the caller's credentials.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  reuse: ReuseMapService;
}): Promise<express.Router> {
  const { httpAuth, reuse } = options;
  const router = Router();

  router.get('/map', async (req, res) => {
    const query = parse(mapQuery, req.query, 'reuse map query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await reuse.getMap(
        {
          ...query,
          owner: query.owner
            ? stringifyEntityRef(
                parseEntityRef(query.owner, {
                  defaultKind: 'group',
                  defaultNamespace: 'default',
                }),
              )
            : undefined,
        },
        { credentials },
      ),
    );
  });

  router.get('/users', async (req, res) => {
    const query = parse(usersQuery, req.query, 'users query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await reuse.getUsers(
        stringifyEntityRef(
          parseEntityRef(query.entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        ),
        { credentials },
      ),
    );
  });

  return router;
}
