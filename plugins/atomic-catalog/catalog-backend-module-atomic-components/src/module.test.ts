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
import {
  RULE_VIOLATIONS_ANNOTATION,
  recordedViolationsOf,
  violationText,
} from '@mlops-portal/plugin-atomic-catalog-common';
import catalogModuleAtomicComponents from '.';

/** A forecasting component of the library at `level`, as its catalog file declares it. */
const component = (
  name: string,
  level: string,
  category: string,
  pythonImport: string,
  dependsOn: string[] = [],
) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  tags: [forecasting, ${category}]
  labels:
    mlops-portal.io/level: ${level}
    mlops-portal.io/category: ${category}
  annotations:
    mlops-portal.io/tasks: forecasting
    mlops-portal.io/python-import: from mlops_components.${pythonImport}
    mlops-portal.io/python-package: mlops-components==0.1.0
spec:
  type: ml-${level}
  lifecycle: production
  owner: group:default/researchers
  dependsOn: [${dependsOn.join(', ')}]
`;

const ENTITIES = [
  component('naive', 'atom', 'baseline', 'atoms.baselines import Naive'),
  component('theta', 'molecule', 'model', 'molecules.theta import Theta', [
    'component:default/naive',
  ]),
  component(
    'ghostly',
    'molecule',
    'model',
    'molecules.ghostly import Ghostly',
    ['component:default/naive', 'component:default/ghost'],
  ),
  component(
    'twice-molecule',
    'molecule',
    'model',
    'molecules.twice import Twice',
    ['component:default/theta'],
  ),
  `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: claims-violations
  annotations:
    mlops-portal.io/rule-violations: '[{"rule":"forged","message":"forged","fix":"forged"}]'
spec: { type: service, lifecycle: production, owner: group:default/researchers }
`,
].join('---');

function ruleViolations(entity: Entity) {
  return recordedViolationsOf(entity).map(violationText);
}

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

  it('keeps entities that break a rule in the catalog, with the violations recorded on them', async () => {
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

    // Valid entities are in the catalog, clean.
    for (const name of ['naive', 'theta']) {
      const entity = await waitFor(name, () => true);
      expect(processingErrors(entity)).toEqual([]);
      expect(entity.metadata.annotations).not.toHaveProperty(
        RULE_VIOLATIONS_ANNOTATION,
      );
    }

    // A new molecule built from a molecule is in the catalog (not held back by a processing
    // error), with the violation and its fix recorded on it.
    const twice = await waitFor(
      'twice-molecule',
      e => ruleViolations(e).length > 0,
    );
    expect(processingErrors(twice)).toEqual([]);
    expect(ruleViolations(twice)).toEqual([
      'component:default/twice-molecule: a molecule may be built from atom, but spec.dependsOn names the molecule component:default/theta (rule dependency-level). Fix: remove component:default/theta from spec.dependsOn, or make this entity a higher level (for example organism).',
    ]);

    // A molecule naming a component that does not exist: the first pass stores it (its targets may
    // simply not be processed yet), the next pass records the problem on it.
    const ghostly = await waitFor('ghostly', e => ruleViolations(e).length > 0);
    expect(processingErrors(ghostly)).toEqual([]);
    expect(ruleViolations(ghostly)).toEqual([
      'component:default/ghostly: spec.dependsOn names component:default/ghost, which is not in the catalog (rule dependency-exists). Fix: register component:default/ghost or remove it from spec.dependsOn.',
    ]);
    expect(ghostly.relations).toContainEqual({
      type: 'dependsOn',
      targetRef: 'component:default/naive',
    });

    // An annotation written in the source is not trusted: the processor removes it.
    const claims = await waitFor('claims-violations', () => true);
    expect(claims.metadata.annotations).not.toHaveProperty(
      RULE_VIOLATIONS_ANNOTATION,
    );
  }, 90_000);
});
