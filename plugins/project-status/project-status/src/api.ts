import { createApiRef } from '@backstage/frontend-plugin-api';
import { getPortalJson, PortalFetchApis } from '@mlops-portal/portal-fetch';
import { ProjectStatus } from '@mlops-portal/plugin-project-status-common';

/** The portal backend's project-status route, from the browser. */
export interface ProjectStatusApi {
  getStatus(entityRef: string): Promise<ProjectStatus>;
}

/** @public */
export const projectStatusApiRef = createApiRef<ProjectStatusApi>({
  id: 'plugin.project-status.api',
});

/** Calls `GET /api/project-status/status` with the signed-in user's token. */
export class ProjectStatusClient implements ProjectStatusApi {
  constructor(private readonly apis: PortalFetchApis) {}

  getStatus(entityRef: string): Promise<ProjectStatus> {
    return getPortalJson<ProjectStatus>(
      this.apis,
      'project-status',
      `/status?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }
}
