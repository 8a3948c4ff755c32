import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { CatalogDatabaseTargetLevelResolver } from './TargetLevelResolver';

// PostgreSQL as well when the tests run beside the shared local server (scripts/postgres.sh).
const { PORTAL_TEST_PG_HOST, PORTAL_TEST_PG_PORT } = process.env;
if (PORTAL_TEST_PG_HOST && PORTAL_TEST_PG_PORT) {
  const user = process.env.PORTAL_TEST_PG_USER ?? 'postgres';
  const password = process.env.PORTAL_TEST_PG_PASSWORD ?? '';
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??= `postgresql://${user}:${password}@${PORTAL_TEST_PG_HOST}:${PORTAL_TEST_PG_PORT}`;
}
const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  disableDocker: true,
});

const entity = (name: string, level?: string) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    ...(level ? ['  labels:', `    mlops-portal.io/level: ${level}`] : []),
    'spec: { type: service, lifecycle: production, owner: group:default/researchers }',
  ].join('\n');

describe.each(databases.eachSupportedId())(
  'CatalogDatabaseTargetLevelResolver on %s',
  (databaseId: TestDatabaseId) => {
    let dir: string;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'target-levels-'));
      fs.writeFileSync(
        path.join(dir, 'entities.yaml'),
        [
          entity('naive', 'atom'),
          entity('theta', 'molecule'),
          entity('portal'),
          entity('odd', 'quark'),
        ].join('\n---\n'),
      );
    });

    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The real catalog on the test database, with the entities stitched; the resolver on its tables. */
    async function catalogWithEntities() {
      const knex = await databases.init(databaseId);
      await startTestBackend({
        features: [
          catalogPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Location'] }],
                locations: [
                  { type: 'file', target: path.join(dir, 'entities.yaml') },
                ],
              },
            },
          }),
        ],
      });
      const resolver = CatalogDatabaseTargetLevelResolver.create({
        database: mockServices.database({ knex }),
      });
      const all = ['naive', 'theta', 'portal', 'odd'].map(
        n => `component:default/${n}`,
      );
      for (let attempt = 0; attempt < 150; attempt++) {
        const levels = await resolver.levelsOf(all);
        if ([...levels.values()].every(l => l !== undefined)) {
          return resolver;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      throw new Error('The catalog never stitched the test entities');
    }

    it('reads each target’s level: a level, null without one, undefined when missing', async () => {
      const resolver = await catalogWithEntities();
      const levels = await resolver.levelsOf([
        'component:default/naive',
        'Component:default/Theta',
        'component:default/portal',
        'component:default/odd',
        'component:default/ghost',
      ]);
      expect([...levels]).toEqual([
        ['component:default/naive', 'atom'],
        ['Component:default/Theta', 'molecule'],
        ['component:default/portal', null],
        ['component:default/odd', null],
        ['component:default/ghost', undefined],
      ]);
    }, 60_000);

    it('answers a long list of targets, and nothing for no targets', async () => {
      const resolver = await catalogWithEntities();
      const missing = Array.from(
        { length: 450 },
        (_, i) => `component:default/c${i}`,
      );
      const levels = await resolver.levelsOf([
        ...missing,
        'component:default/naive',
      ]);
      expect(levels.size).toBe(451);
      expect(levels.get('component:default/naive')).toBe('atom');
      expect(levels.get('component:default/c449')).toBeUndefined();
      expect(await resolver.levelsOf([])).toEqual(new Map());
    }, 60_000);
  },
);
