import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClearmlDatasetsResponse,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
  ClearmlModelsResponse,
} from '@mlops-portal/plugin-clearml-common';

/** The portal backend's ClearML routes (`@mlops-portal/plugin-clearml-backend`). */
export interface ClearmlApi {
  getExperiments(entityRef: string): Promise<ClearmlExperimentsResponse>;
  getMetricHistory(
    entityRef: string,
    experimentId: string,
  ): Promise<ClearmlMetricHistoryResponse>;
  getModels(entityRef: string): Promise<ClearmlModelsResponse>;
  getDatasets(entityRef: string): Promise<ClearmlDatasetsResponse>;
}

export const clearmlApiRef = createApiRef<ClearmlApi>({
  id: 'plugin.clearml.api',
});

/** Calls the portal's own backend; ClearML itself is never called from the browser. */
export class ClearmlClient implements ClearmlApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getExperiments(entityRef: string) {
    return this.get<ClearmlExperimentsResponse>('/experiments', entityRef);
  }

  getMetricHistory(entityRef: string, experimentId: string) {
    return this.get<ClearmlMetricHistoryResponse>(
      `/experiments/${encodeURIComponent(experimentId)}/metrics`,
      entityRef,
    );
  }

  getModels(entityRef: string) {
    return this.get<ClearmlModelsResponse>('/models', entityRef);
  }

  getDatasets(entityRef: string) {
    return this.get<ClearmlDatasetsResponse>('/datasets', entityRef);
  }

  private async get<T>(path: string, entityRef: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('clearml');
    const res = await this.deps.fetchApi.fetch(
      `${base}${path}?entityRef=${encodeURIComponent(entityRef)}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
