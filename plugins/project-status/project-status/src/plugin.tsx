import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { projectStatusApiRef, ProjectStatusClient } from './api';

/** Projects made by "Create project" (`spec.type: ml-project`). */
const isMlProject = (entity: Entity) =>
  entity.kind === 'Component' && entity.spec?.type === 'ml-project';

export const projectStatusApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: projectStatusApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ProjectStatusClient(deps),
    }),
});

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
