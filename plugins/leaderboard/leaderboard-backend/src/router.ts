import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { TASKS } from '@mlops-portal/plugin-atomic-catalog-common';
import {
  entityRefSchema,
  getEntityAsUser,
  oneOfSchema,
  parseRequest,
  CatalogRouterOptions,
} from '@mlops-portal/backend-utils';
import { clearmlExperimentsReadPermission } from '@mlops-portal/plugin-clearml-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { LeaderboardService } from './services/LeaderboardService';

const runsQuery = z.object({ task: oneOfSchema(TASKS) }).strict();

const componentQuery = z
  .object({ entityRef: entityRefSchema({ defaultKind: 'component' }) })
  .strict();

/**
 * `GET /runs?task`: the task's best runs across the projects the user can see, grouped where metric
 * and dataset version agree. `GET /components/best?entityRef`: the best result a component (that the user can see) was
 * part of.
 * Both need the permission to read ClearML experiments (`clearml.experiments.read`).
 */
export async function createRouter(
  options: CatalogRouterOptions & { leaderboard: LeaderboardService },
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, leaderboard } = options;
  const router = Router();

  async function userMayRead(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: clearmlExperimentsReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to read ClearML experiments in the portal',
      );
    }
    return credentials;
  }

  router.get('/runs', async (req, res) => {
    const { task } = parseRequest(runsQuery, req.query, 'leaderboard query');
    const credentials = await userMayRead(req);
    res.json(await leaderboard.getLeaderboard(task, { credentials }));
  });

  router.get('/components/best', async (req, res) => {
    const { entityRef } = parseRequest(
      componentQuery,
      req.query,
      'component query',
    );
    const credentials = await userMayRead(req);
    // A component the user cannot see is a 404, as on its page.
    await getEntityAsUser(catalog, entityRef, credentials);
    res.json(await leaderboard.getComponentBest(entityRef, { credentials }));
  });

  return router;
}
