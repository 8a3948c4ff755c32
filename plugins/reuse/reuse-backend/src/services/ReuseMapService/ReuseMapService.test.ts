import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DefaultReuseMapService } from './ReuseMapService';

function entity(
  name: string,
  level: string,
  owner: string,
  uses: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, labels: { 'mlops-portal.io/level': level } },
    spec: { type: `ml-${level}`, owner },
    relations: uses.map(u => ({
      type: 'dependsOn',
      targetRef: `component:default/${u}`,
    })),
  };
}

const ada = mockCredentials.user('user:default/ada');
const bob = mockCredentials.user('user:default/bob');
const eve = mockCredentials.user('user:default/eve');

/**
 * A catalog whose entities a test can change, which counts its reads, records whose credentials it
 * was read with, answers after `delayMs`, and, like the real catalog under a conditional policy, gives
 * bob only the entities his group owns.
 */
function catalogOf(initial: Entity[], delayMs = 0) {
  let mock = catalogServiceMock({ entities: initial });
  const reads: string[] = [];
  const catalog = catalogServiceMock();
  catalog.queryEntities = (async (request, options) => {
    const { credentials } = options as { credentials: BackstageCredentials };
    reads.push((credentials.principal as { type: string }).type);
    await new Promise(r => setTimeout(r, delayMs));
    const answer = await mock.queryEntities(request, options);
    if (
      (credentials.principal as { userEntityRef?: string }).userEntityRef ===
      'user:default/bob'
    ) {
      return {
        ...answer,
        items: answer.items.filter(e => e.spec?.owner === 'group:default/bob'),
      };
    }
    return answer;
  }) as typeof catalog.queryEntities;
  return {
    catalog,
    reads,
    setEntities(entities: Entity[]) {
      mock = catalogServiceMock({ entities });
    },
  };
}

/** The policy: ada may read everything, bob only his group's entities, eve nothing. */
function permissions() {
  return mockServices.permissions.mock({
    authorizeConditional: async (requests, options) => {
      const user = (options.credentials.principal as { userEntityRef?: string })
        .userEntityRef;
      return requests.map(() =>
        user === 'user:default/bob'
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['group:default/bob'] },
              },
            }
          : {
              result:
                user === 'user:default/ada'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            },
      ) as any;
    },
  });
}

function service(
  catalog: ReturnType<typeof catalogOf>['catalog'],
  cacheSeconds: number,
  logger = mockServices.logger.mock(),
) {
  return DefaultReuseMapService.fromConfig(
    { getOptionalNumber: () => cacheSeconds },
    { catalog, auth: mockServices.auth(), permissions: permissions(), logger },
  );
}

const refs = (map: { rows: { items: { ref: string }[] } }) =>
  map.rows.items.map(r => r.ref);

describe('DefaultReuseMapService', () => {
  const library = [
    entity('naive', 'atom', 'group:default/team'),
    entity('secret-model', 'organism', 'group:default/bob'),
    entity('sales', 'page', 'group:default/team', ['naive']),
  ];

  it('reads one map, with its own credentials, for everybody who may read the whole catalog', async () => {
    const { catalog, reads } = catalogOf(library);
    const reuse = service(catalog, 60);
    const first = await reuse.getMap({}, { credentials: ada });
    const second = await reuse.getMap({}, { credentials: ada });
    expect(refs(first)).toEqual([
      'component:default/naive',
      'component:default/secret-model',
    ]);
    expect(second.generatedAt).toBe(first.generatedAt);
    // two queries (components, projects), both as the reuse plugin, not as ada
    expect(reads).toEqual(['service', 'service']);
  });

  it('shows a user whose policy is conditional only what the catalog lets them read, and a denied user nothing', async () => {
    const { catalog, reads } = catalogOf(library);
    const reuse = service(catalog, 60);
    await reuse.refresh();
    const forBob = await reuse.getMap({}, { credentials: bob });
    expect(refs(forBob)).toEqual(['component:default/secret-model']);
    expect(forBob.totals).toMatchObject({ components: 1, projects: 0 });
    expect(reads.slice(2)).toEqual(['user', 'user']);
    // the map read for everybody holds the project and naive, and still does not reach bob
    expect(
      refs(await reuse.getMap({}, { credentials: ada })).includes(
        'component:default/naive',
      ),
    ).toBe(true);
    const forEve = await reuse.getMap({}, { credentials: eve });
    expect(forEve.rows.items).toEqual([]);
    expect(forEve.totals).toMatchObject({ components: 0, projects: 0 });
    expect(forEve.deprecatedUsages).toEqual([]);
  });

  it('answers from the last map while it reads the catalog again, then from the new one', async () => {
    const { catalog, reads, setEntities } = catalogOf(library, 300);
    const reuse = service(catalog, 0.2);
    const first = await reuse.getMap({}, { credentials: ada });
    expect(first.rows.items[0]).toMatchObject({
      ref: 'component:default/naive',
      usage: 1,
    });
    // a second project starts using naive
    setEntities([
      ...library,
      entity('energy', 'page', 'group:default/team', ['naive']),
    ]);
    await new Promise(r => setTimeout(r, 250));
    // past its lifetime: the answer is the last map, at once, and a read has started
    const stale = await reuse.getMap({}, { credentials: ada });
    expect(stale.generatedAt).toBe(first.generatedAt);
    expect(stale.rows.items[0].usage).toBe(1);
    expect(reads).toHaveLength(4);
    // requests during the read share it
    await reuse.getMap({}, { credentials: ada });
    expect(reads).toHaveLength(4);
    // waits for the read under way (it shares it, reading nothing more)
    await reuse.refresh();
    expect(reads).toHaveLength(4);
    const fresh = await reuse.getMap({}, { credentials: ada });
    expect(fresh.generatedAt).not.toBe(first.generatedAt);
    expect(fresh.rows.items[0]).toMatchObject({
      ref: 'component:default/naive',
      usage: 2,
    });
  });

  it('keeps answering from the last map when a new read fails', async () => {
    const { catalog } = catalogOf(library);
    const logger = mockServices.logger.mock();
    const reuse = service(catalog, 0, logger);
    const first = await reuse.getMap({}, { credentials: ada });
    const working = catalog.queryEntities;
    catalog.queryEntities = (async () => {
      throw new Error('the catalog is down');
    }) as typeof catalog.queryEntities;
    const during = await reuse.getMap({}, { credentials: ada });
    expect(refs(during)).toEqual(refs(first));
    // waits for the failing read under way
    await expect(reuse.refresh()).rejects.toThrow('the catalog is down');
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not read the reuse map again; answering from the previous one',
      expect.objectContaining({ message: 'the catalog is down' }),
    );
    catalog.queryEntities = working;
    expect(refs(await reuse.getMap({}, { credentials: ada }))).toEqual(
      refs(first),
    );
  });

  it('reuses a user’s own map whose read took longer than cacheSeconds', async () => {
    const { catalog, reads } = catalogOf(library, 300);
    const reuse = service(catalog, 0.2);
    const first = await reuse.getMap({}, { credentials: bob });
    const second = await reuse.getMap({}, { credentials: bob });
    expect(reads).toHaveLength(2);
    expect(second.generatedAt).toBe(first.generatedAt);
    // once the lifetime has passed since the read ended, the catalog is read again
    await new Promise(r => setTimeout(r, 250));
    await reuse.getMap({}, { credentials: bob });
    expect(reads).toHaveLength(4);
  });
});
