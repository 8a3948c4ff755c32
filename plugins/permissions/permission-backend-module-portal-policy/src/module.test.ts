/*
 * The policy in a real backend: Backstage's scaffolder and permission backends with this module, a
 * researcher (ada), another researcher (grace) and an administrator (alan). Task workers are off
 * (concurrentTasksLimit 0), so a task stays open and a refused cancel visibly changes nothing. A
 * loopback server stands where a `fetch:*` step would read: it must see no request from a refused
 * dry-run.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import policyModule from './index';

const GROUPS: Record<string, string[]> = {
  'user:default/ada': ['group:default/researchers'],
  'user:default/grace': ['group:default/researchers'],
  'user:default/alan': [
    'group:default/researchers',
    'group:default/administrators',
  ],
};
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});

const template = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'waits', namespace: 'default' },
  spec: { type: 'service', parameters: [], steps: [] },
};

/**
 * Backstage's mock auth service, except that a token a plugin obtained on behalf of a user keeps that
 * plugin as the actor, as real on-behalf-of tokens do: the permission backend refuses resource
 * permissions without a resource from a user who calls it directly, so the scaffolder's conditional
 * requests only work the way they do in production with the actor in place. Backstage's own HTTP auth
 * service reads requests' tokens through it.
 */
const onBehalfOfAuth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const prefix = 'mock-service-token:';
    return Object.assign(Object.create(inner), {
      async authenticate(token: string, options?: any) {
        const credentials = await inner.authenticate(token, options);
        if (token.startsWith(prefix)) {
          const { obo } = JSON.parse(token.slice(prefix.length));
          if (obo) {
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:scaffolder' },
            });
          }
        }
        return credentials;
      },
    });
  },
});

let backend: Awaited<ReturnType<typeof startTestBackend>>;
let repository: http.Server;
let repositoryUrl: string;
const repositoryRequests: string[] = [];

beforeAll(async () => {
  repository = http.createServer((req, res) => {
    repositoryRequests.push(`${req.method} ${req.url}`);
    res.end('secret file');
  });
  await new Promise<void>(r => repository.listen(0, '127.0.0.1', r));
  repositoryUrl = `http://127.0.0.1:${
    (repository.address() as AddressInfo).port
  }`;

  backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      permissionPlugin,
      policyModule,
      onBehalfOfAuth,
      httpAuthServiceFactory,
      catalogServiceMock.factory({ entities: [template] }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          scaffolder: { concurrentTasksLimit: 0 },
          backend: { reading: { allow: [{ host: '127.0.0.1' }] } },
        },
      }),
      mockServices.userInfo.mock({
        async getUserInfo(credentials: BackstageCredentials) {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
          };
        },
      }).factory,
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await new Promise(r => repository?.close(r));
});

async function createTask(user: string) {
  const res = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set(as(user))
    .send({ templateRef: 'template:default/waits', values: {} });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const dryRun = {
  template: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'inline' },
    spec: {
      type: 'service',
      parameters: [],
      steps: [
        {
          id: 'steal',
          action: 'fetch:plain',
          input: { url: '' /* set per test */ },
        },
      ],
    },
  },
  values: {},
  directoryContents: [],
};

describe('the portal policy in the scaffolder', () => {
  it('refuses a researcher’s dry-run with 403, and nothing is read', async () => {
    const body = structuredClone(dryRun);
    body.template.spec.steps[0].input.url = `${repositoryUrl}/group/private-repo`;
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set(as('ada'))
      .send(body);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('secret file');
    expect(repositoryRequests).toEqual([]);
  });

  it('lets an administrator dry-run a template', async () => {
    const body = structuredClone(dryRun);
    body.template.spec.steps = [];
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set(as('alan'))
      .send(body);
    expect(res.status).toBe(200);
  });

  it('refuses another researcher’s task with 403 for reading, its events and cancelling, and changes nothing', async () => {
    const id = await createTask('ada');

    const read = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set(as('grace'));
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('waits');
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set(as('grace'));
    expect(events.status).toBe(403);
    const cancel = await request(backend.server)
      .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
      .set(as('grace'));
    expect(cancel.status).toBe(403);
    const retry = await request(backend.server)
      .post(`/api/scaffolder/v2/tasks/${id}/retry`)
      .set(as('grace'))
      .send({});
    expect(retry.status).toBe(403);

    // The owner still sees it open, with no cancellation in its events.
    const own = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set(as('ada'));
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('open');

    // The other researcher's task list does not show it; the owner's does.
    const list = await request(backend.server)
      .get('/api/scaffolder/v2/tasks')
      .set(as('grace'));
    expect(list.status).toBe(200);
    expect(list.body.tasks.map((t: { id: string }) => t.id)).not.toContain(id);
    const ownList = await request(backend.server)
      .get('/api/scaffolder/v2/tasks')
      .set(as('ada'));
    expect(ownList.body.tasks.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('refuses to order the task list by a column that is not offered, and shows no one else’s task through the order', async () => {
    const id = await createTask('ada');
    for (const order of [
      'desc:spec',
      'asc:secrets',
      'asc:created_at;drop table tasks',
    ]) {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/tasks')
        .query({ order })
        .set(as('grace'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid order field/);
    }
    const byCreator = await request(backend.server)
      .get('/api/scaffolder/v2/tasks')
      .query({ order: 'asc:created_by' })
      .set(as('grace'));
    expect(byCreator.status).toBe(200);
    const creators = byCreator.body.tasks.map(
      (t: { createdBy: string }) => t.createdBy,
    );
    expect(creators.every((c: string) => c === 'user:default/grace')).toBe(
      true,
    );
    expect(byCreator.body.tasks.map((t: { id: string }) => t.id)).not.toContain(
      id,
    );
  });

  it('lets the creator cancel their own task', async () => {
    const id = await createTask('ada');
    const cancel = await request(backend.server)
      .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
      .set(as('ada'));
    expect(cancel.status).toBe(200);
  });

  it('lets an administrator read and cancel anybody’s task', async () => {
    const id = await createTask('grace');
    const res = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set(as('alan'));
    expect(res.status).toBe(200);
    expect(res.body.createdBy).toBe('user:default/grace');
    const list = await request(backend.server)
      .get('/api/scaffolder/v2/tasks')
      .set(as('alan'));
    expect(list.body.tasks.map((t: { id: string }) => t.id)).toContain(id);
    const cancel = await request(backend.server)
      .post(`/api/scaffolder/v2/tasks/${id}/cancel`)
      .set(as('alan'));
    expect(cancel.status).toBe(200);
  });
});
