import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TEMPLATE_CHANGELOG_ANNOTATION,
  UpgradeList,
} from '@mlops-portal/plugin-template-upgrades-common';
import request from 'supertest';
import { templateUpgradesPlugin } from './plugin';

const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'forecasting-project',
    title: 'Time-series forecasting project',
    annotations: {
      'mlops-portal.io/template-version': '1.10.0',
      [TEMPLATE_CHANGELOG_ANNOTATION]: JSON.stringify([
        { version: '1.10.0', changes: ['Tenth'], files: ['Makefile'] },
        { version: '1.2.0', changes: ['Second'], files: ['docs/index.md'] },
        { version: '1.1.0', changes: ['First'], files: ['Makefile'] },
        { version: '1.0.0', changes: ['Start'], files: [] },
      ]),
    },
  },
  spec: { type: 'ml-project' },
};

const project = (name: string, version: string, tpl = 'forecasting-project') =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'mlops-portal.io/template': `template:default/${tpl}`,
        'mlops-portal.io/template-version': version,
      },
    },
    spec: { type: 'ml-project', owner: 'group:default/team-a' },
  } as Entity);

async function start() {
  const { server } = await startTestBackend({
    features: [
      templateUpgradesPlugin,
      catalogServiceMock.factory({
        entities: [
          template,
          project('sales', '1.2.0'),
          project('energy', '1.0.0'),
          project('fresh', '1.10.0'),
          project('orphan', '1.0.0', 'gone-project'),
        ],
      }),
    ],
  });
  return server;
}

describe('template upgrades backend plugin', () => {
  it('lists the projects behind their template, furthest first, with the changes and files since', async () => {
    const res = await request(await start()).get(
      '/api/template-upgrades/projects',
    );
    expect(res.status).toBe(200);
    const list = res.body as UpgradeList;
    expect(list.upToDate).toBe(1);
    expect(list.unknownTemplate).toEqual([
      {
        entityRef: 'component:default/orphan',
        templateRef: 'template:default/gone-project',
      },
    ]);
    expect(
      list.behind.map(p => [p.entityRef, p.projectVersion, p.currentVersion]),
    ).toEqual([
      ['component:default/energy', '1.0.0', '1.10.0'],
      ['component:default/sales', '1.2.0', '1.10.0'],
    ]);
    expect(list.behind[0].changes.map(c => c.version)).toEqual([
      '1.10.0',
      '1.2.0',
      '1.1.0',
    ]);
    expect(list.behind[0].files).toEqual(['Makefile', 'docs/index.md']);
    expect(list.behind[1].files).toEqual(['Makefile']);
    expect(list.behind[1].templateTitle).toBe(
      'Time-series forecasting project',
    );
  });

  it('answers 401 without a user', async () => {
    const res = await request(await start())
      .get('/api/template-upgrades/projects')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
