import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { portalClientApi } from '@mlops-portal/portal-fetch';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { projectStatusApiRef, ProjectStatusClient } from './api';

/** Projects made by "Create project" (`spec.type: ml-project`). */
const isMlProject = (entity: Entity) =>
  entity.kind === 'Component' && entity.spec?.type === 'ml-project';

/** The portal backend's project-status route. */
export const projectStatusApi = portalClientApi(
  projectStatusApiRef,
  ProjectStatusClient,
);

/** The latest pipeline and the first baseline on a project's overview. */
export const projectStatusCard = EntityCardBlueprint.make({
  name: 'project-status',
  params: {
    filter: isMlProject,
    loader: () =>
      import('./components/ProjectStatusCard').then(m => (
        <m.ProjectStatusCard />
      )),
  },
});

/** A project's status on its page: pipeline and baseline. */
export const projectStatusPlugin = createFrontendPlugin({
  pluginId: 'project-status',
  info: { packageJson: () => import('../package.json') },
  extensions: [projectStatusApi, projectStatusCard],
});
