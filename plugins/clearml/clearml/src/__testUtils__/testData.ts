import { ResponseError } from '@backstage/errors';
import {
  ClearmlExperimentsResponse,
  ClearmlMetricHistoryResponse,
} from '@mlops-portal/plugin-clearml-common';
import { mlProjectEntity } from '@mlops-portal/plugin-clearml-common/testUtils';
import { ClearmlApi } from '@mlops-portal/plugin-clearml-react';
import { errorAnswer } from '@mlops-portal/portal-fetch/testUtils';

export const projectEntity = mlProjectEntity('sales-forecast');

const web = '/clearml/projects/p1';

export const experiments: ClearmlExperimentsResponse = {
  project: { id: 'p1', name: 'sales-forecast', webUrl: `${web}/experiments` },
  experiments: [
    {
      id: 't3',
      name: 'automl forecaster (48h horizon)',
      status: 'in_progress',
      durationSeconds: 42 * 60,
      lastMetrics: [
        { metric: 'MAE', variant: 'validation', value: 12.71 },
        { metric: 'MAPE', variant: 'validation', value: 0.093 },
      ],
      tags: [],
      webUrl: `${web}/experiments/t3/output/execution`,
    },
    {
      id: 't1',
      name: 'seasonal naive baseline',
      status: 'failed',
      durationSeconds: 60,
      lastMetrics: [],
      tags: [],
      webUrl: `${web}/experiments/t1/output/execution`,
    },
  ],
};

export const history: ClearmlMetricHistoryResponse = {
  experimentId: 't3',
  series: [
    {
      metric: 'MAE',
      variant: 'validation',
      points: [
        { iteration: 0, value: 30.2 },
        { iteration: 10, value: 18 },
        { iteration: 20, value: 12.71 },
      ],
    },
    {
      metric: 'MAPE',
      variant: 'validation',
      points: [
        { iteration: 0, value: 0.31 },
        { iteration: 20, value: 0.093 },
      ],
    },
  ],
};

/** The `ResponseError` the client throws when the backend answers `status` with `message`. */
export function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    errorAnswer(status, { name: 'ServiceUnavailableError', message }),
  );
}

export function fakeApi(overrides: Partial<ClearmlApi> = {}): ClearmlApi {
  return {
    getExperiments: jest.fn().mockResolvedValue(experiments),
    getMetricHistory: jest.fn().mockResolvedValue(history),
    getModels: jest.fn().mockResolvedValue({
      project: experiments.project,
      models: [
        {
          id: 'm1',
          name: 'automl forecaster - best',
          framework: 'ScikitLearn',
          ready: true,
          created: '2026-11-25T14:31:40.000+00:00',
          tags: [],
          webUrl: `${web}/models/m1/general`,
        },
      ],
    }),
    getDatasets: jest.fn().mockResolvedValue({
      project: experiments.project,
      datasets: [
        {
          id: 'd2',
          name: 'store-sales',
          version: '1.1.0',
          status: 'published',
          created: '2026-11-23T10:00:00.000+00:00',
          tags: [],
          webUrl: '/clearml/datasets/simple/dp/experiments/d2',
        },
      ],
    }),
    getDatasetPreview: jest.fn().mockResolvedValue({
      dataset: {
        id: 'd2',
        name: 'store-sales',
        version: '1.1.0',
        status: 'published',
        tags: [],
        webUrl: '/clearml/datasets/simple/dp/experiments/d2',
      },
      columns: [],
      rows: [],
    }),
    ...overrides,
  };
}
