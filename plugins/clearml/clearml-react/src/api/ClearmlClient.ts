import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
  ClearmlModelsResponse,
} from '@mlops-portal/plugin-clearml-common';
import { ClearmlApi } from './ClearmlApi';

/**
 * Calls the portal's ClearML backend through Backstage's discovery and fetch APIs; an answer other than
 * 2xx becomes a `ResponseError` carrying the backend's message.
 *
 * @public
 */
export class ClearmlClient implements ClearmlApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

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

  getDatasetPreview(entityRef: string, datasetId: string) {
    return this.get<ClearmlDatasetPreviewResponse>(
      `/datasets/${encodeURIComponent(datasetId)}/preview`,
      entityRef,
    );
  }

  private async get<T>(path: string, entityRef: string): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('clearml');
    const res = await this.fetchApi.fetch(
      `${base}${path}?entityRef=${encodeURIComponent(entityRef)}`,
    );
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
