import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
} from '@mlops-portal/plugin-clearml-common';

/** A project's dataset versions and a version's preview rows, from the portal's ClearML backend. */
export interface DatasetPreviewApi {
  getDatasets(entityRef: string): Promise<ClearmlDatasetsResponse>;
  getPreview(
    entityRef: string,
    datasetId: string,
  ): Promise<ClearmlDatasetPreviewResponse>;
}

/**
 * Calls `@mlops-portal/plugin-clearml-backend`'s read-only routes; the browser never talks to ClearML or its
 * file server. Made by the (lazily loaded) explorer from the core discovery and fetch APIs rather than
 * registered as an app API, so that nothing of it is in the app's first-page bundle.
 */
export class DatasetPreviewClient implements DatasetPreviewApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getDatasets(entityRef: string) {
    return this.get<ClearmlDatasetsResponse>('/datasets', entityRef);
  }

  getPreview(entityRef: string, datasetId: string) {
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
