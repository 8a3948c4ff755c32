import { getPortalJson, PortalFetchApis } from '@mlops-portal/portal-fetch';
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
  constructor(private readonly apis: PortalFetchApis) {}

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

  /** Every route is about one entity. */
  private get<T>(path: string, entityRef: string): Promise<T> {
    return getPortalJson<T>(
      this.apis,
      'clearml',
      `${path}?entityRef=${encodeURIComponent(entityRef)}`,
    );
  }
}
