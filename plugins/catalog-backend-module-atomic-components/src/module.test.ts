import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleAtomicComponents from '.';

const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: naive
  tags: [forecasting, baseline]
  labels:
    mlops-portal.io/level: atom
    mlops-portal.io/category: baseline
  annotations:
    mlops-portal.io/tasks: forecasting
    mlops-portal.io/python-import: from mlops_components.atoms.baselines import Naive
    mlops-portal.io/python-package: mlops-components==0.1.0
spec: { type: ml-atom, lifecycle: production, owner: group:default/researchers }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: theta
  tags: [forecasting, model]
  labels:
    mlops-portal.io/level: molecule
    mlops-portal.io/category: model
  annotations:
    mlops-portal.io/tasks: forecasting
    mlops-portal.io/python-import: from mlops_components.molecules.theta import Theta
    mlops-portal.io/python-package: mlops-components==0.1.0
spec:
  type: ml-molecule
  lifecycle: production
  owner: group:default/researchers
  dependsOn: [component:default/naive]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ghostly
  tags: [forecasting, model]
  labels:
    mlops-portal.io/level: molecule
    mlops-portal.io/category: model
  annotations:
    mlops-portal.io/tasks: forecasting
    mlops-portal.io/python-import: from mlops_components.molecules.ghostly import Ghostly
    mlops-portal.io/python-package: mlops-components==0.1.0
spec:
  type: ml-molecule
  lifecycle: production
  owner: group:default/researchers
  dependsOn: [component:default/naive, component:default/ghost]
`;

function processingErrors(entity: Entity): string[] {
  // The catalog reports processing errors in the entity's status (see AlphaEntity).
  const { status } = entity as Entity & {
    status?: { items?: Array<{ type: string; message: string }> };
  };
  const items = status?.items ?? [];
  return items
    .filter(i => i.type === 'backstage.io/catalog-processing')
    .map(i => i.message);
}

describe('catalogModuleAtomicComponents', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-catalog-'));
    fs.writeFileSync(path.join(dir, 'components.yaml'), ENTITIES);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows a rule violation on the entity’s page and leaves valid entities clean', async () => {
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleAtomicComponents,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(dir, 'components.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    const base = `http://localhost:${server.port()}/api/catalog/entities/by-name/component/default`;
    const get = async (name: string): Promise<Entity | undefined> => {
      const res = await fetch(`${base}/${name}`, {
        headers: { Authorization: mockCredentials.user.header() },
      });
      return res.ok ? ((await res.json()) as Entity) : undefined;
    };

    const waitFor = async (name: string, done: (e: Entity) => boolean) => {
      let entity: Entity | undefined;
      for (let attempt = 0; attempt < 250; attempt++) {
        entity = await get(name);
        if (entity && done(entity)) {
          return entity;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      throw new Error(
        `${name} never reached the expected state: ${JSON.stringify(entity)}`,
      );
    };

    // Valid entities are in the catalog without processing errors.
    for (const name of ['naive', 'theta']) {
      const entity = await waitFor(name, () => true);
      expect(processingErrors(entity)).toEqual([]);
    }

    // A molecule naming a component that does not exist: the first pass stores it (its targets may
    // simply not be processed yet), the next pass explains the problem on its page.
    const ghostly = await waitFor(
      'ghostly',
      e => processingErrors(e).length > 0,
    );
    expect(processingErrors(ghostly)).toEqual([
      'InputError: component:default/ghostly: spec.dependsOn names component:default/ghost, which is not in the catalog (rule dependency-exists). Fix: register component:default/ghost or remove it from spec.dependsOn.',
    ]);
    expect(ghostly.relations).toContainEqual({
      type: 'dependsOn',
      targetRef: 'component:default/naive',
    });
  }, 90_000);
});
