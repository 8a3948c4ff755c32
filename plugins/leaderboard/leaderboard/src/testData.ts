import {
  LeaderboardResponse,
  LeaderboardRun,
} from '@mlops-portal/plugin-leaderboard-common';
import { LeaderboardApi } from './api';

const run = (
  project: string,
  title: string,
  score: number,
  components: string[],
  metric = 'mase',
): LeaderboardRun => ({
  id: `${project}-run`,
  name: `${project}-automl-forecasting`,
  project: { entityRef: `component:default/${project}`, title },
  task: 'forecasting',
  metric,
  score,
  higherIsBetter: false,
  dataset: {
    version: 'd2',
    label: 'store-sales 1.1.0',
    webUrl: 'https://clearml.example.com/datasets/simple/p/experiments/d2',
  },
  winner: components[components.length - 1],
  components: components.map(name => ({
    name,
    entityRef: `component:default/${name}`,
  })),
  completed: '2026-11-27T16:20:00.000+00:00',
  webUrl: `https://clearml.example.com/projects/${project}/experiments/${project}-run/output/execution`,
});

/** Forecasting: two projects compared on MASE, one alone on sMAPE with another dataset. */
export const testBoard: LeaderboardResponse = {
  task: 'forecasting',
  readAt: '2026-11-30T10:00:00.000Z',
  maxAgeSeconds: 60,
  projects: { total: 3, withRuns: 2 },
  groups: [
    {
      metric: 'mase',
      higherIsBetter: false,
      dataset: testRun().dataset,
      runs: [
        run('energy-demand', 'Energy demand', 0.78, [
          'automl-forecasting',
          'exponential-smoothing',
        ]),
        run('sales-forecast', 'Sales forecast', 0.84, [
          'automl-forecasting',
          'theta',
        ]),
      ],
    },
    {
      metric: 'smape',
      higherIsBetter: false,
      dataset: { version: 'local-3f9a', label: 'local-3f9a' },
      runs: [
        {
          ...run('energy-demand', 'Energy demand', 0.064, ['theta'], 'smape'),
          dataset: { version: 'local-3f9a', label: 'local-3f9a' },
        },
      ],
    },
  ],
};

export function testRun(): LeaderboardRun {
  return run('sales-forecast', 'Sales forecast', 0.84, [
    'automl-forecasting',
    'theta',
  ]);
}

/** An API answering the board above for forecasting, an empty board otherwise. */
export function testLeaderboardApi(
  overrides: Partial<Record<keyof LeaderboardApi, jest.Mock>> = {},
): jest.Mocked<LeaderboardApi> {
  return {
    getLeaderboard: jest.fn(async task =>
      task === 'forecasting'
        ? testBoard
        : {
            ...testBoard,
            task,
            groups: [],
            projects: { total: 3, withRuns: 0 },
          },
    ),
    getComponentBest: jest.fn(async entityRef => ({
      entityRef,
      readAt: testBoard.readAt,
      maxAgeSeconds: 60,
      best: { run: testRun(), rank: 2, of: 2 },
    })),
    ...overrides,
  } as jest.Mocked<LeaderboardApi>;
}
