import { ReuseMap } from '@mlops-portal/plugin-reuse-common';
import { ReuseApi } from './api';

/** A small map: two components, one used by two projects (one of them deprecated), one never used. */
export const testMap: ReuseMap = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  totals: {
    components: 2,
    projects: 2,
    usedComponents: 1,
    unusedComponents: 1,
    usages: 2,
  },
  levels: [
    { level: 'atom', components: 1, used: 0, usages: 0 },
    { level: 'molecule', components: 1, used: 1, usages: 2 },
    { level: 'organism', components: 0, used: 0, usages: 0 },
    { level: 'template', components: 0, used: 0, usages: 0 },
  ],
  deprecatedUsages: [
    {
      project: { ref: 'component:default/sales', title: 'Sales forecast' },
      components: [{ ref: 'component:default/theta', title: 'Theta' }],
    },
  ],
  rows: {
    total: 2,
    offset: 0,
    items: [
      {
        ref: 'component:default/theta',
        title: 'Theta',
        level: 'molecule',
        tasks: ['forecasting'],
        owner: 'group:default/researchers',
        lifecycle: 'deprecated',
        deprecated: true,
        usage: 2,
        projects: [
          { ref: 'component:default/energy', title: 'Energy demand' },
          { ref: 'component:default/sales', title: 'Sales forecast' },
        ],
      },
      {
        ref: 'component:default/mae',
        title: 'MAE',
        level: 'atom',
        tasks: ['forecasting'],
        owner: 'group:default/metrics',
        deprecated: false,
        usage: 0,
        projects: [],
      },
    ],
  },
  facets: {
    owners: ['group:default/metrics', 'group:default/researchers'],
    tasks: ['forecasting'],
  },
};

/** A ReuseApi answering from the test map; `getMap` records its queries. */
export function testReuseApi(overrides: Partial<ReuseApi> = {}) {
  return {
    getMap: jest.fn(async () => testMap),
    getUsers: jest.fn(async (entityRef: string) => ({
      entityRef,
      usage: 2,
      projects: testMap.rows.items[0].projects,
    })),
    ...overrides,
  };
}
