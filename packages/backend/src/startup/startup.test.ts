/*
 * Starts the real backend as `scripts/start.sh` does and checks what an operator would notice: it comes
 * up with no error in its log, it refuses anonymous calls, it keeps what was registered across a restart,
 * and with the production settings it runs on PostgreSQL or stops with a sentence naming what to fix.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  KeycloakStandin,
  startKeycloakStandin,
} from '@mlops-portal/keycloak-test-utils';
// The process helper is the one scripts/start.sh runs, so that the start command, these tests, the
// end-to-end tests and the benchmarks all run the backend the same way.
import {
  DocsStorageStandin,
  Portal,
  dropDatabases,
  freePort,
  guestToken,
  root,
  serveCatalogFile,
  sharedPostgres,
  startDocsStorageStandin,
  startPortal,
  startPrivatePostgres,
  until,
} from '@mlops-portal/portal-test-utils';

jest.setTimeout(180_000);

const running: Portal[] = [];
async function start(options: Parameters<typeof startPortal>[0] = {}) {
  const portal = await startPortal(options);
  running.push(portal);
  return portal;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map(p => p.stop()));
});

async function getJson(url: string, token?: string) {
  const res = await fetch(url, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: res.ok ? await res.json() : undefined };
}

/** The catalog ingests its locations in the background: poll until the entity appears. */
const eventually = (url: string, token: string) =>
  until(
    `${url} to be found`,
    async () => {
      const res = await getJson(url, token);
      return res.status !== 404 && res;
    },
    60_000,
  );

describe('the portal on its embedded defaults', () => {
  it('starts with no error logged, serves the app and guards its API', async () => {
    const portal = await start();
    expect(portal.errors()).toEqual([]);

    const page = await fetch(portal.url);
    expect(await page.text()).toContain('<title>MLOps Portal</title>');

    const anonymous = await getJson(`${portal.url}/api/catalog/entities`);
    expect(anonymous.status).toBe(401);

    const token = await guestToken(portal.url);
    const entities = await eventually(
      `${portal.url}/api/catalog/entities/by-name/system/default/mlops-portal`,
      token,
    );
    expect(entities.status).toBe(200);
    expect(entities.body.metadata.title).toBe('MLOps Portal');
  });

  it('lets the development researcher sign in when started as scripts/start.sh starts it', async () => {
    // start.sh runs `node packages/portal-test-utils/src/portalProcess.js <configs>` with the shell's environment; only
    // the port and the data folder differ here, so that this test leaves a developer's portal alone.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-sh-'));
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const override = path.join(dir, 'app-config.test.yaml');
    fs.writeFileSync(
      override,
      JSON.stringify({
        app: { baseUrl: url },
        backend: {
          baseUrl: url,
          listen: { port },
          cors: { origin: url },
          database: { connection: { directory: path.join(dir, 'sqlite') } },
        },
        techdocs: {
          publisher: { local: { publishDirectory: path.join(dir, 'docs') } },
        },
      }),
    );
    const env = { ...process.env };
    delete env.NODE_ENV; // a shell has none; Jest sets "test"
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'packages/portal-test-utils/src/portalProcess.js'),
        'app-config.yaml',
        'app-config.development.yaml',
        override,
      ],
      { env, stdio: 'ignore', detached: true },
    );
    try {
      await until(
        'the portal to be ready',
        () => fetch(`${url}/.backstage/health/v1/readiness`).then(r => r.ok),
        120_000,
      );
      const token = await guestToken(url);
      const entities = await getJson(
        `${url}/api/catalog/entities?limit=1`,
        token,
      );
      expect(entities.status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise(r => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with a sentence naming the entry when a static API token is too short, never the token', async () => {
    const portal = await start({
      config: {
        backend: {
          auth: {
            externalAccess: [
              {
                type: 'static',
                options: { token: 'sh0rt7!', subject: 'dashboard' },
              },
            ],
          },
        },
      },
      waitForReady: false,
    });
    const code = await portal.exited;
    const output = portal.lines.join('\n');
    expect(code).not.toBe(0);
    expect(output).toContain(
      "backend.auth.externalAccess[0].options.token (subject 'dashboard') is 7 characters long",
    );
    expect(output).not.toContain('sh0rt7!');
    expect(output).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('keeps a registered location across a restart', async () => {
    // A catalog file served over HTTP, as a GitLab URL would be.
    const catalogFile = await serveCatalogFile();
    // Registering a location is an administrator's action: the development researcher may not, so a
    // service token (as an operator's script would use) registers it.
    const adminToken = 'test-operator-token-0123456789';
    const config = {
      backend: {
        reading: { allow: [{ host: catalogFile.host }] },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: adminToken, subject: 'startup-test' },
            },
          ],
        },
      },
    };
    try {
      const first = await start({ config });
      const token = await guestToken(first.url);
      const res = await fetch(`${first.url}/api/catalog/locations`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${adminToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          type: 'url',
          target: catalogFile.url,
        }),
      });
      expect(res.status).toBe(201);
      const registered = await eventually(
        `${first.url}/api/catalog/entities/by-name/component/default/sales-forecast`,
        token,
      );
      expect(registered.status).toBe(200);
      await first.stop();
      // With the file gone, the entity can only come back from the database.
      catalogFile.close();

      const second = await start({ config, dataDir: first.dataDir });
      const again = await getJson(
        `${second.url}/api/catalog/entities/by-name/component/default/sales-forecast`,
        await guestToken(second.url),
      );
      expect(again.status).toBe(200);
      expect(again.body.spec.owner).toBe('group:default/researchers');
    } finally {
      catalogFile.close();
    }
  });
});

describe('the portal with the production settings', () => {
  // Keycloak cannot run here: the production settings sign in through the local stand-in.
  let keycloak: KeycloakStandin;
  // ...and production reads docs from S3-compatible storage that CI publishes to.
  let docsStorage: DocsStorageStandin;
  beforeAll(async () => {
    keycloak = await startKeycloakStandin();
    docsStorage = await startDocsStorageStandin();
  });
  afterAll(async () => {
    await keycloak?.stop();
    await docsStorage?.stop();
  });
  const productionConfigs = ['app-config.yaml', 'app-config.production.yaml'];
  const serviceToken = 'test-service-token-0123456789';
  // The production catalog locations with their rules as they are; only the folder differs: inside
  // the image the catalog files sit beside the working folder, here it is packages/backend.
  const productionLocations = (
    parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../app-config.production.yaml'),
        'utf8',
      ),
    ).catalog.locations as Array<{ target: string }>
  ).map(location => ({
    ...location,
    target: location.target.replace(/^\.\//, '../../'),
  }));
  const productionTestConfig = {
    catalog: { locations: productionLocations },
    backend: {
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: serviceToken, subject: 'startup-test' },
          },
        ],
      },
    },
  };
  function productionEnv(pg: { host: string; port: string | number }) {
    return {
      NODE_ENV: 'production',
      PORTAL_BASE_URL: 'http://localhost:7007',
      AUTH_SESSION_SECRET: 'a-long-random-session-secret-for-tests',
      POSTGRES_HOST: pg.host,
      POSTGRES_PORT: String(pg.port),
      POSTGRES_USER: process.env.PORTAL_TEST_PG_USER ?? 'postgres',
      POSTGRES_PASSWORD: process.env.PORTAL_TEST_PG_PASSWORD ?? '',
      KEYCLOAK_BASE_URL: keycloak.baseUrl,
      KEYCLOAK_REALM: keycloak.realm,
      KEYCLOAK_CLIENT_ID: 'backstage-portal',
      KEYCLOAK_CLIENT_SECRET: keycloak.clientSecrets.portal,
      KEYCLOAK_CATALOG_CLIENT_ID: 'backstage-catalog',
      KEYCLOAK_CATALOG_CLIENT_SECRET: keycloak.clientSecrets.catalog,
      // Never contacted at startup: "Create project" and the catalog reach GitLab on demand.
      GITLAB_HOST: 'gitlab.example.org',
      GITLAB_TOKEN: 'test-gitlab-token-never-sent',
      ...docsStorage.env,
    };
  }

  it('runs on a real PostgreSQL with no error logged', async () => {
    const pg = sharedPostgres();
    // Databases of its own, so that the catalog holds only what this configuration loads.
    const prefix = `portal_test_${process.pid}_${Date.now()}_`;
    try {
      const portal = await start({
        configs: productionConfigs,
        config: {
          ...productionTestConfig,
          backend: { ...productionTestConfig.backend, database: { prefix } },
        },
        env: productionEnv(pg),
      });
      expect(portal.errors()).toEqual([]);
      const system = await eventually(
        `${portal.url}/api/catalog/entities/by-name/system/default/mlops-portal`,
        serviceToken,
      );
      expect(system.status).toBe(200);
      // Behind Nginx, which sets X-Forwarded-For to the address it was called from, audit events name
      // that address, not Nginx's.
      const missing = await fetch(
        `${portal.url}/api/catalog/entities/by-uid/7b0e4c6e-0000-4000-8000-000000000000`,
        {
          method: 'DELETE',
          headers: {
            Authorization: `Bearer ${serviceToken}`,
            'X-Forwarded-For': '203.0.113.7',
          },
        },
      );
      expect(missing.status).toBe(204);
      const audited = await until('the audit event of the deletion', async () =>
        portal.lines.find(line => line.includes('catalog.entity-mutate')),
      );
      expect(audited).toContain('"ip":"203.0.113.7"');
      // "Create project" offers its templates in production too.
      for (const task of [
        'forecasting',
        'classification',
        'anomaly-detection',
      ]) {
        const template = await eventually(
          `${portal.url}/api/catalog/entities/by-name/template/default/${task}-project`,
          serviceToken,
        );
        expect(`${task}: ${template.status}`).toBe(`${task}: 200`);
      }
      // Users and groups come from Keycloak only: the realm's, none of the development team's. The
      // catalog files are read at start; Keycloak's first import follows 15 s later.
      const people = async () => {
        const { body } = await getJson(
          `${portal.url}/api/catalog/entities?filter=kind=user&filter=kind=group&fields=kind,metadata.name,metadata.annotations`,
          serviceToken,
        );
        return (body ?? [])
          .map(
            (e: {
              kind: string;
              metadata: { name: string; annotations?: Record<string, string> };
            }) =>
              `${e.kind}:${e.metadata.name} ${
                e.metadata.annotations?.['keycloak.org/id']
                  ? 'from Keycloak'
                  : 'NOT from Keycloak'
              }`,
          )
          .sort();
      };
      const expected = [
        'Group:administrators from Keycloak',
        'Group:researchers from Keycloak',
        'User:ada from Keycloak',
        'User:alan from Keycloak',
      ];
      const seen = await until(
        "Keycloak's users and groups in the catalog",
        async () => {
          const now = await people();
          return expected.every(e => now.includes(e)) && now;
        },
        90_000,
      );
      expect(seen).toEqual(expected);
      // The development sign-in does not exist in production.
      const guest = await fetch(`${portal.url}/api/auth/guest/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      });
      expect(guest.status).toBe(404);
    } finally {
      await Promise.all(running.splice(0).map(p => p.stop()));
      await dropDatabases(pg, prefix);
    }
  });

  it('serves the docs CI published to the docs storage and builds none on page view', async () => {
    const { host, port } = sharedPostgres();
    await docsStorage.publish('default/component/mlops-portal', {
      'index.html': '<html><body><h1>Published by CI</h1></body></html>',
      'techdocs_metadata.json': JSON.stringify({
        site_name: 'MLOps Portal',
        site_description: 'published by CI',
        build_timestamp: Date.now(),
        files: ['index.html'],
      }),
    });
    const portal = await start({
      configs: productionConfigs,
      config: productionTestConfig,
      env: productionEnv({ host, port }),
    });
    const docs = `${portal.url}/api/techdocs`;
    const auth = { Authorization: `Bearer ${serviceToken}` };
    await eventually(
      `${portal.url}/api/catalog/entities/by-name/component/default/mlops-portal`,
      serviceToken,
    );

    const page = await fetch(
      `${docs}/static/docs/default/component/mlops-portal/index.html`,
      { headers: auth },
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Published by CI');
    const metadata = await getJson(
      `${docs}/metadata/techdocs/default/component/mlops-portal`,
      serviceToken,
    );
    expect(metadata.body).toMatchObject({ site_name: 'MLOps Portal' });

    // Opening the docs asks the backend to bring them up to date: it builds nothing (TechDocs logs the
    // first step of every build), the published site is what readers get.
    const sync = await fetch(`${docs}/sync/default/component/mlops-portal`, {
      headers: auth,
    });
    expect(sync.status).toBe(200);
    expect(portal.lines.join('\n')).not.toMatch(/Preparing docs for entity/);
    expect(portal.errors()).toEqual([]);
  });

  it('stops with a sentence naming the database setting when PostgreSQL is unreachable', async () => {
    const closedPort = String(await freePort());
    const portal = await start({
      configs: productionConfigs,
      config: productionTestConfig,
      env: productionEnv({ host: '127.0.0.1', port: closedPort }),
      waitForReady: false,
    });
    const code = await portal.exited;
    const output = portal.lines.join('\n');
    expect(code).not.toBe(0);
    expect(output).toContain(
      `Cannot reach the PostgreSQL database at 127.0.0.1:${closedPort}`,
    );
    expect(output).toContain('backend.database.connection.host');
    expect(output).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('keeps serving when PostgreSQL restarts under it: readiness says so while it is down, nothing is lost', async () => {
    // THREATS 36. A server of this test's own: stopping the shared one would disturb the other tests.
    const pg = await startPrivatePostgres();
    try {
      const portal = await start({
        configs: productionConfigs,
        config: productionTestConfig,
        env: productionEnv(pg),
      });
      const readiness = () =>
        getJson(`${portal.url}/.backstage/health/v1/readiness`);
      const names = async () => {
        const { status, body } = await getJson(
          `${portal.url}/api/catalog/entities?fields=kind,metadata.name`,
          serviceToken,
        );
        return status === 200
          ? (body as { kind: string; metadata: { name: string } }[])
              .map(e => `${e.kind}:${e.metadata.name}`)
              .sort()
          : [];
      };
      await eventually(
        `${portal.url}/api/catalog/entities/by-name/system/default/mlops-portal`,
        serviceToken,
      );
      const before = await names();
      expect(before).toContain('System:mlops-portal');

      pg.stop();
      const down = await until(
        'readiness to say the database is down',
        async () => {
          const res = await fetch(
            `${portal.url}/.backstage/health/v1/readiness`,
          );
          return res.status === 503 ? await res.json() : undefined;
        },
        15_000,
      );
      expect(down.message).toContain(
        `Cannot reach the PostgreSQL database at 127.0.0.1:${pg.port}`,
      );

      pg.start();
      // No restart of the portal: its pools reconnect by themselves.
      await until(
        'readiness to recover',
        async () => (await readiness()).status === 200,
        30_000,
      );
      const after = await until(
        'the catalog to answer again',
        async () => {
          const seen = await names();
          return seen.length > 0 ? seen : undefined;
        },
        30_000,
      );
      // what was there is still there (the catalog may have ingested more meanwhile)
      expect(after).toEqual(expect.arrayContaining(before));
      expect(await Promise.race([portal.exited, 'running'])).toBe('running');
    } finally {
      await Promise.all(running.splice(0).map(p => p.stop()));
      pg.close();
    }
  });
});
