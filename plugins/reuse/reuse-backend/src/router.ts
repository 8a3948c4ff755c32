import { HttpAuthService } from '@backstage/backend-plugin-api';
import { TASKS } from '@mlops-portal/plugin-atomic-catalog-common';
import { REUSE_VIEWS } from '@mlops-portal/plugin-reuse-common';
import {
  entityRefSchema,
  oneOfSchema,
  parseRequest,
} from '@mlops-portal/backend-utils';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ReuseMapService } from './services/ReuseMapService';

const mapQuery = z
  .object({
    task: oneOfSchema(TASKS).optional(),
    owner: entityRefSchema({ defaultKind: 'group' }).optional(),
    view: oneOfSchema(REUSE_VIEWS).optional(),
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

const usersQuery = z
  .object({ entityRef: entityRefSchema({ defaultKind: 'component' }) })
  .strict();

/**
 * `GET /map?task&owner&view&offset&limit`: the reuse map, as far as the caller may read the catalog.
 * `GET /users?entityRef`: the projects that use one component, read from the catalog with the caller's
 * credentials.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  reuse: ReuseMapService;
}): Promise<express.Router> {
  const { httpAuth, reuse } = options;
  const router = Router();

  router.get('/map', async (req, res) => {
    const query = parseRequest(mapQuery, req.query, 'reuse map query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await reuse.getMap(query, { credentials }));
  });

  router.get('/users', async (req, res) => {
    const query = parseRequest(usersQuery, req.query, 'users query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await reuse.getUsers(query.entityRef, { credentials }));
  });

  return router;
}
