import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { TemplateUpgradesService } from './services/TemplateUpgradesService';

/**
 * `GET /projects`: the projects the caller may read whose template has moved on, with the template's
 * changelog since their version and the files it changes.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  upgrades: TemplateUpgradesService;
}): Promise<express.Router> {
  const { httpAuth, upgrades } = options;
  const router = Router();
  router.get('/projects', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await upgrades.listUpgrades({ credentials }));
  });
  return router;
}
