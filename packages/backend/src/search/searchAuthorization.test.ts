/*
 * THREATS 33, search leakage: a researcher who may not read an entity finds nothing of it in search, not
 * its catalog title or description, not its docs pages, not a snippet of their text. The backend runs the
 * real catalog, permission framework (permission backend, permissions service, the catalog's
 * apply-conditions), search backend (in-process engine), catalog and TechDocs collators with the portal's
 * transformer, and TechDocs serving a site built by Debian's mkdocs, over HTTP. Stand-ins: the permission
 * policy (entities labelled confidential are readable only by their owners; the portal's own policy lets
 * every signed-in user read everything, so it denies nothing to test against) and the test kit's tokens.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  AuthService,
  SchedulerService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import techdocsPlugin from '@backstage/plugin-techdocs-backend';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogModule from '@backstage/plugin-search-backend-module-catalog';
import searchTechdocsModule from '@backstage/plugin-search-backend-module-techdocs';
import searchPortalModule from '@mlops-portal/plugin-search-backend-module-portal';
import { until } from '@mlops-portal/portal-test-utils';

jest.setTimeout(120_000);

const CONFIDENTIAL_LABEL = 'mlops-portal.io/confidential';
const OWNER = 'user:default/insider';
const OUTSIDER = 'user:default/outsider';
/** Words that appear only in the confidential entity, its catalog entry or its docs. */
const SECRET_WORDS = ['Zanzibar', 'marmalade', 'secret-project'];

/**
 * The test kit's auth service, except that a plugin's token on behalf of a user names that plugin as the
 * actor, as Backstage's real auth service does. The permission backend and the catalog's apply-conditions
 * endpoint refuse user credentials without an actor (a user calling them directly), so without this the
 * test kit's tokens could not carry a search through the permission framework at all.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const mock = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => mock.authenticate(token, options),
      getNoneCredentials: () => mock.getNoneCredentials(),
      getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
      isPrincipal: ((credentials, type) =>
        mock.isPrincipal(credentials, type)) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials => mock.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => mock.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { principal } = options.onBehalfOf as {
          principal: { type: string; userEntityRef?: string };
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return mock.getPluginRequestToken(options);
      },
    };
  },
});

/** Entities labelled confidential are readable only by their owners; everything else by everyone. */
const confidentialPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'confidential-test-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy({
          async handle(request, user) {
            if (!user) return { result: AuthorizeResult.DENY };
            if (
              isResourcePermission(request.permission, 'catalog-entity') &&
              request.permission.name === 'catalog.entity.read'
            ) {
              const { ownershipEntityRefs } = await userInfo.getUserInfo(
                user.credentials,
              );
              return createCatalogConditionalDecision(request.permission, {
                anyOf: [
                  {
                    not: catalogConditions.hasLabel({
                      label: CONFIDENTIAL_LABEL,
                    }),
                  },
                  catalogConditions.isEntityOwner({
                    claims: ownershipEntityRefs,
                  }),
                ],
              });
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

function component(
  name: string,
  title: string,
  description: string,
  extra: { labels?: Record<string, string>; owner: string },
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      title,
      description,
      labels: extra.labels,
      annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
    },
    spec: { type: 'service', lifecycle: 'experimental', owner: extra.owner },
  };
}

/** Builds a one-page docs site with Debian's mkdocs straight into TechDocs' publish folder. */
function publishDocs(publishDir: string, name: string, page: string) {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'search-authz-site-'));
  fs.mkdirSync(path.join(site, 'docs'));
  fs.writeFileSync(
    path.join(site, 'mkdocs.yml'),
    `site_name: ${name}\nplugins: [search]\n`,
  );
  fs.writeFileSync(path.join(site, 'docs/index.md'), page);
  const out = path.join(publishDir, 'default/component', name);
  execFileSync('mkdocs', ['build', '-q', '-d', out], { cwd: site });
  fs.writeFileSync(
    path.join(out, 'techdocs_metadata.json'),
    JSON.stringify({ site_name: name, build_timestamp: Date.now(), files: [] }),
  );
  fs.rmSync(site, { recursive: true, force: true });
}

describe('search for a user who may not read an entity', () => {
  let baseUrl = '';
  let tmp = '';
  let scheduler: SchedulerService | undefined;
  /** Hands the test the search plugin's scheduler, to run the collators once the catalog is filled. */
  const captureScheduler = createBackendModule({
    pluginId: 'search',
    moduleId: 'test-scheduler',
    register(reg) {
      reg.registerInit({
        deps: { pluginScheduler: coreServices.scheduler },
        async init({ pluginScheduler }) {
          scheduler = pluginScheduler;
        },
      });
    },
  });

  async function search(user: string, term: string) {
    const res = await fetch(
      `${baseUrl}/api/search/query?${new URLSearchParams({ term })}`,
      { headers: { Authorization: mockCredentials.user.header(user) } },
    );
    if (!res.ok) {
      throw new Error(`search failed: ${res.status} ${await res.text()}`);
    }
    const text = await res.text();
    const body = JSON.parse(text) as {
      results: {
        type: string;
        document: { title: string; location: string };
      }[];
    };
    return { text, results: body.results };
  }

  const where = (results: { document: { location: string } }[]) =>
    results.map(r => r.document.location);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-authz-'));
    const publishDir = path.join(tmp, 'techdocs');
    const catalogFile = path.join(tmp, 'catalog-info.yaml');
    fs.writeFileSync(
      catalogFile,
      [
        component(
          'secret-project',
          'Zanzibar Forecaster',
          'A quokka forecaster with the marmalade method.',
          { labels: { [CONFIDENTIAL_LABEL]: 'true' }, owner: OWNER },
        ),
        component(
          'public-project',
          'Public Forecaster',
          'A quokka forecaster anyone may read.',
          { owner: 'group:default/researchers' },
        ),
      ]
        .map(e => JSON.stringify(e))
        .join('\n---\n'),
    );
    publishDocs(
      publishDir,
      'secret-project',
      '# Zanzibar method\n\nThe quokka forecaster blends marmalade features.\n',
    );
    publishDocs(
      publishDir,
      'public-project',
      '# Public method\n\nThe quokka forecaster anyone may read about.\n',
    );

    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [{ type: 'file', target: catalogFile }],
            },
            techdocs: {
              builder: 'external',
              publisher: {
                type: 'local',
                local: { publishDirectory: publishDir },
              },
            },
          },
        }),
        // The real permission framework in place of the test kit's allow-all stand-ins.
        authWithActors,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        catalogPlugin,
        permissionPlugin,
        confidentialPolicy,
        techdocsPlugin,
        searchPlugin,
        searchCatalogModule,
        searchTechdocsModule,
        searchPortalModule,
        captureScheduler,
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;

    // Index once both entities are in the catalog (as the service the collators run as).
    await until(
      `the catalog to ingest ${catalogFile}`,
      async () => {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities?filter=kind=component`,
          { headers: { Authorization: mockCredentials.service.header() } },
        );
        return res.ok && ((await res.json()) as unknown[]).length === 2;
      },
      60_000,
    );
    const tasks = (await scheduler!.getScheduledTasks()).map(t => t.id);
    for (const id of tasks.filter(t => t.startsWith('search_index_'))) {
      await scheduler!.triggerTask(id);
    }
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds the confidential entity and its docs for its owner (the index holds them)', async () => {
    const { results, text } = await search(OWNER, 'quokka');
    expect(where(results)).toEqual(
      expect.arrayContaining([
        '/catalog/default/component/secret-project',
        '/docs/default/component/secret-project/',
        '/catalog/default/component/public-project',
        '/docs/default/component/public-project/',
      ]),
    );
    for (const word of SECRET_WORDS) expect(text).toContain(word);
  });

  it.each(['quokka', 'Zanzibar method', 'secret-project'])(
    'gives the outsider only the public results for "%s", nothing of the confidential entity',
    async term => {
      const { results, text } = await search(OUTSIDER, term);
      expect(results.length).toBeGreaterThan(0);
      for (const location of where(results)) {
        expect(location).toMatch(
          /^\/(catalog|docs)\/default\/component\/public-project(\/|$)/,
        );
      }
      for (const word of SECRET_WORDS) expect(text).not.toContain(word);
    },
  );

  it.each(['Zanzibar', 'marmalade', 'secret'])(
    'gives the outsider no result at all for "%s", a word only the confidential entity has',
    async term => {
      const { results, text } = await search(OUTSIDER, term);
      expect(results).toEqual([]);
      for (const word of SECRET_WORDS) expect(text).not.toContain(word);
    },
  );
});
