import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
  ClearmlModelsResponse,
} from '@mlops-portal/plugin-clearml-common';

/**
 * The read-only routes of the portal's ClearML backend (`@mlops-portal/plugin-clearml-backend`), each for
 * one catalog entity. The browser never calls ClearML itself.
 *
 * @public
 */
export interface ClearmlApi {
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
 * The ClearML backend's routes in the app. The ClearML plugin (`@mlops-portal/plugin-clearml`) provides it.
 *
 * @public
 */
export const clearmlApiRef = createApiRef<ClearmlApi>({
  id: 'plugin.clearml.api',
});
