import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ProjectStatusService } from './services/ProjectStatusService';

const query = z.object({
  entityRef: z
    .string()
    .min(1)
    .max(500)
    .refine(
      ref => {
        try {
          parseEntityRef(ref);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an entity reference such as component:default/name' },
    ),
});

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: typeof catalogServiceRef.T;
  service: ProjectStatusService;
}): Promise<express.Router> {
  const { httpAuth, catalog, service } = options;
  const router = Router();

  router.get('/status', async (req, res) => {
    const parsed = query.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        `Invalid query: ${parsed.error.issues
          .map(i => `${i.path.join('.')} ${i.message}`)
          .join('; ')}`,
      );
    }
    // the user's own view of the catalog: an entity they may not read is one that does not exist
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const ref = stringifyEntityRef(parseEntityRef(parsed.data.entityRef));
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    res.json(await service.getStatus(entity));
  });

  // The wizard's group field: the groups of a configured host the portal's token may create projects in
  router.get('/gitlab-groups', async (req, res) => {
    const host = z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d+)?$/)
      .safeParse(req.query.host);
    if (!host.success) {
      throw new InputError('Invalid query: host must be a GitLab host name');
    }
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json({ groups: await service.getGroups(host.data) });
  });

  return router;
}
