import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { clearmlExperimentsReadPermission } from '@mlops-portal/plugin-clearml-common';
import {
  entityRefSchema,
  getEntityAsUser,
  parseRequest,
  CatalogRouterOptions,
} from '@mlops-portal/backend-utils';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ProjectStatusService } from './services/ProjectStatusService';

const query = z.object({ entityRef: entityRefSchema() });

export async function createRouter(
  options: CatalogRouterOptions & { service: ProjectStatusService },
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, service } = options;
  const router = Router();

  router.get('/status', async (req, res) => {
    const { entityRef } = parseRequest(query, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = await getEntityAsUser(catalog, entityRef, credentials);
    // the baseline comes from ClearML only for a user who may read its experiments
    const [decision] = await permissions.authorize(
      [{ permission: clearmlExperimentsReadPermission }],
      { credentials },
    );
    res.json(
      await service.getStatus(entity, {
        withClearml: decision.result === AuthorizeResult.ALLOW,
      }),
    );
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
