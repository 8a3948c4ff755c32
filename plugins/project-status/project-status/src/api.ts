import { ResponseError } from '@backstage/errors';
import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
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
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getStatus(entityRef: string): Promise<ProjectStatus> {
    const base = await this.deps.discoveryApi.getBaseUrl('project-status');
    const res = await this.deps.fetchApi.fetch(
      `${base}/status?entityRef=${encodeURIComponent(entityRef)}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as ProjectStatus;
  }
}
