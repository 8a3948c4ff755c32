import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  CLEARML_PROJECT_ANNOTATION,
  clearmlDatasetPreviewReadPermission,
  clearmlExperimentsReadPermission,
  getClearmlProjectName,
} from '@mlops-portal/plugin-clearml-common';
import {
  entityRefSchema,
  getEntityAsUser,
  parseRequest,
  CatalogRouterOptions,
} from '@mlops-portal/backend-utils';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { ClearmlService } from './services/ClearmlService';

const entityQuery = z.object({ entityRef: entityRefSchema() });

// ClearML ids are 32 hex characters; allow a little more shape than that, never path characters.
const clearmlId = (what: string) =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
    message: `must be a ClearML ${what} id`,
  });
const experimentId = clearmlId('experiment');
const datasetId = clearmlId('dataset version');

export async function createRouter(
  options: CatalogRouterOptions & { clearml: ClearmlService },
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, clearml } = options;
  const router = Router();

  /**
   * The checks every route makes: the user may read ClearML data (and, for a dataset's rows, its preview)
   * and see the entity; it names a project.
   */
  async function projectOf(
    req: express.Request,
    preview?: BasicPermission,
  ): Promise<string> {
    const { entityRef } = parseRequest(entityQuery, req.query, 'query');
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user'],
    });
    const [read, readPreview] = await permissions.authorize(
      [
        { permission: clearmlExperimentsReadPermission },
        ...(preview ? [{ permission: preview }] : []),
      ],
      { credentials },
    );
    if (read.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'You are not allowed to read ClearML experiments in the portal',
      );
    }
    if (readPreview && readPreview.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        "You are not allowed to read the rows of a project's datasets in the portal",
      );
    }
    const entity = await getEntityAsUser(catalog, entityRef, credentials);
    const project = getClearmlProjectName(entity);
    if (!project) {
      throw new NotFoundError(
        `Entity ${entityRef} names no ClearML project (annotation ${CLEARML_PROJECT_ANNOTATION})`,
      );
    }
    return project;
  }

  router.get('/experiments', async (req, res) => {
    res.json(await clearml.getExperiments(await projectOf(req)));
  });

  router.get('/experiments/:id/metrics', async (req, res) => {
    const id = parseRequest(experimentId, req.params.id, 'experiment id');
    res.json(await clearml.getMetricHistory(await projectOf(req), id));
  });

  router.get('/models', async (req, res) => {
    res.json(await clearml.getModels(await projectOf(req)));
  });

  router.get('/datasets', async (req, res) => {
    res.json(await clearml.getDatasets(await projectOf(req)));
  });

  router.get('/datasets/:id/preview', async (req, res) => {
    const id = parseRequest(datasetId, req.params.id, 'dataset version id');
    const project = await projectOf(req, clearmlDatasetPreviewReadPermission);
    res.json(await clearml.getDatasetPreview(project, id));
  });

  return router;
}
