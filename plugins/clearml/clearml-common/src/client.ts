import { ResponseError } from '@backstage/errors';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
  ClearmlModelsResponse,
} from './types';

/** The read-only routes of `@mlops-portal/plugin-clearml-backend`, for one catalog entity each. */
export interface ClearmlBackendApi {
  getExperiments(entityRef: string): Promise<ClearmlExperimentsResponse>;
  getMetricHistory(
    entityRef: string,
    experimentId: string,
  ): Promise<ClearmlMetricHistoryResponse>;
  getModels(entityRef: string): Promise<ClearmlModelsResponse>;
  getDatasets(entityRef: string): Promise<ClearmlDatasetsResponse>;
  getDatasetPreview(
    entityRef: string,
    datasetId: string,
  ): Promise<ClearmlDatasetPreviewResponse>;
}

/**
 * Calls the portal's ClearML backend, never ClearML itself. Takes Backstage's discovery and fetch APIs
 * (or anything shaped like them), so the ClearML and Rath frontend plugins share it; an answer other than
 * 2xx becomes a `ResponseError` carrying the backend's message.
 */
export class ClearmlBackendClient implements ClearmlBackendApi {
  constructor(
    private readonly deps: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
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

  getDatasetPreview(entityRef: string, datasetId: string) {
    return this.get<ClearmlDatasetPreviewResponse>(
      `/datasets/${encodeURIComponent(datasetId)}/preview`,
      entityRef,
    );
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
