import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ReuseEntitySummary,
  ReuseMap,
  ReuseMapQuery,
} from '@mlops-portal/plugin-reuse-common';

/** The projects that use one component. */
export interface ReuseUsers {
  entityRef: string;
  usage: number;
  projects: ReuseEntitySummary[];
}

/** The portal backend's reuse routes. */
export interface ReuseApi {
  getMap(query: ReuseMapQuery): Promise<ReuseMap>;
  getUsers(entityRef: string): Promise<ReuseUsers>;
}

export const reuseApiRef = createApiRef<ReuseApi>({ id: 'plugin.reuse.api' });
