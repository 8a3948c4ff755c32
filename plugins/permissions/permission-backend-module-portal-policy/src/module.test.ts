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
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { randomBytes } from 'node:crypto';
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

/** Backstage's scaffolder and permission backends with the portal's policy and these templates. */
function startPolicyBackend(options: {
  concurrentTasksLimit: number;
  entities: Entity[];
}) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      permissionPlugin,
      policyModule,
      onBehalfOfAuth,
      httpAuthServiceFactory,
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          scaffolder: { concurrentTasksLimit: options.concurrentTasksLimit },
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
}

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

  backend = await startPolicyBackend({
    concurrentTasksLimit: 0,
    entities: [template],
  });
});

afterAll(async () => {
  await backend?.stop();
  await new Promise(r => repository?.close(r));
});

/** The test backend, asked as one of the realm's users. */
const asUser = (user: string) => ({
  get: (path: string) => request(backend.server).get(path).set(as(user)),
  post: (path: string) => request(backend.server).post(path).set(as(user)),
});

async function createTask(user: string) {
  const res = await asUser(user)
    .post('/api/scaffolder/v2/tasks')
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
    const res = await asUser('ada')
      .post('/api/scaffolder/v2/dry-run')
      .send(body);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('secret file');
    expect(repositoryRequests).toEqual([]);
  });

  it('lets an administrator dry-run a template', async () => {
    const body = structuredClone(dryRun);
    body.template.spec.steps = [];
    const res = await asUser('alan')
      .post('/api/scaffolder/v2/dry-run')
      .send(body);
    expect(res.status).toBe(200);
  });

  it('refuses another researcher’s task with 403 for reading, its events and cancelling, and changes nothing', async () => {
    const id = await createTask('ada');

    const read = await asUser('grace').get(`/api/scaffolder/v2/tasks/${id}`);
    expect(read.status).toBe(403);
    expect(JSON.stringify(read.body)).not.toContain('waits');
    const events = await asUser('grace').get(
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    expect(events.status).toBe(403);
    const cancel = await asUser('grace').post(
      `/api/scaffolder/v2/tasks/${id}/cancel`,
    );
    expect(cancel.status).toBe(403);
    const retry = await asUser('grace')
      .post(`/api/scaffolder/v2/tasks/${id}/retry`)
      .send({});
    expect(retry.status).toBe(403);

    // The owner still sees it open, with no cancellation in its events.
    const own = await asUser('ada').get(`/api/scaffolder/v2/tasks/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('open');

    // The other researcher's task list does not show it; the owner's does.
    const list = await asUser('grace').get('/api/scaffolder/v2/tasks');
    expect(list.status).toBe(200);
    expect(list.body.tasks.map((t: { id: string }) => t.id)).not.toContain(id);
    const ownList = await asUser('ada').get('/api/scaffolder/v2/tasks');
    expect(ownList.body.tasks.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('refuses to order the task list by a column that is not offered, and shows no one else’s task through the order', async () => {
    const id = await createTask('ada');
    for (const order of [
      'desc:spec',
      'asc:secrets',
      'asc:created_at;drop table tasks',
    ]) {
      const res = await asUser('grace')
        .get('/api/scaffolder/v2/tasks')
        .query({ order });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid order field/);
    }
    const byCreator = await asUser('grace')
      .get('/api/scaffolder/v2/tasks')
      .query({ order: 'asc:created_by' });
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
    const cancel = await asUser('ada').post(
      `/api/scaffolder/v2/tasks/${id}/cancel`,
    );
    expect(cancel.status).toBe(200);
  });

  it('lets an administrator read and cancel anybody’s task', async () => {
    const id = await createTask('grace');
    const res = await asUser('alan').get(`/api/scaffolder/v2/tasks/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.createdBy).toBe('user:default/grace');
    const list = await asUser('alan').get('/api/scaffolder/v2/tasks');
    expect(list.body.tasks.map((t: { id: string }) => t.id)).toContain(id);
    const cancel = await asUser('alan').post(
      `/api/scaffolder/v2/tasks/${id}/cancel`,
    );
    expect(cancel.status).toBe(200);
  });
});

// THREATS 25: a template that writes a secret, or a form of it, into the task's log. Backstage hides
// a secret's exact value in the log, not its URL-encoded, JSON or shortened forms; the portal's
// researchers run only the steps of its own templates, and none of those writes its inputs to the log.
describe('a template that logs a secret in other forms', () => {
  // a fresh value each run: no committed string shaped like a real token
  const SECRET = randomBytes(16).toString('hex');
  const forms = {
    'as it is': SECRET,
    'URL-encoded': encodeURIComponent(`token=${SECRET}&x`),
    'as JSON': JSON.stringify({ token: SECRET }),
    'shortened to its first 14 characters': SECRET.slice(0, 14),
    'base64-encoded': Buffer.from(SECRET).toString('base64'),
  };
  const leaks: Entity = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'leaks', namespace: 'default' },
    spec: {
      type: 'service',
      parameters: [],
      steps: [
        {
          id: 'log',
          name: 'Log the token',
          action: 'debug:log',
          input: {
            message: [
              '${{ secrets.gitlabToken }}',
              '${{ ("token=" + secrets.gitlabToken + "&x") | urlencode }}',
              '${{ { token: secrets.gitlabToken } | dump }}',
              '${{ secrets.gitlabToken | truncate(14, true, "") }}',
            ].join(' '),
          },
        },
      ],
      output: {
        text: [
          {
            title: 'Token',
            content: '${{ secrets.gitlabToken | truncate(14, true, "") }}',
          },
        ],
      },
    },
  };
  let running: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    running = await startPolicyBackend({
      concurrentTasksLimit: 1,
      entities: [leaks],
    });
  });
  afterAll(() => running?.stop());

  it('shows none of them when a researcher runs it: the step is refused', async () => {
    const created = await request(running.server)
      .post('/api/scaffolder/v2/tasks')
      .set(as('ada'))
      .send({
        templateRef: 'template:default/leaks',
        values: {},
        secrets: { gitlabToken: SECRET },
      });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let task: { status: string } = { status: 'open' };
    while (['open', 'processing'].includes(task.status)) {
      await new Promise(r => setTimeout(r, 200));
      task = (
        await request(running.server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set(as('ada'))
      ).body;
    }
    const events = await request(running.server)
      .get(`/api/scaffolder/v2/tasks/${id}/events`)
      .set(as('ada'));
    expect(events.status).toBe(200);
    // The log, and the task with its output, as the creator's browser reads them.
    const log = JSON.stringify(events.body);
    const seen = log + JSON.stringify(task);
    for (const [form, value] of Object.entries(forms)) {
      expect({ form, found: seen.includes(value) }).toEqual({
        form,
        found: false,
      });
    }
    expect(task.status).toBe('failed');
    expect(log).toMatch(/not allowed|Unauthorized|permission/i);
  });
});
