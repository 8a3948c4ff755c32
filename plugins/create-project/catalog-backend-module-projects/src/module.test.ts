import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  GitlabStandin,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { until } from '@mlops-portal/portal-test-utils';
import yaml from 'yaml';
import catalogModuleProjects from '.';

// a fresh token for the stand-in on every run: nothing that looks like a real GitLab token is committed
const GITLAB_TOKEN = `test-${randomBytes(16).toString('hex')}`;

// Each test waits for the real catalog to process the locations it registers: seconds on an idle
// machine, minutes on a loaded one.
jest.setTimeout(180_000);
/** How long the catalog may take to process a change in the background. */
const PROCESSING_MS = 150_000;

/** The portal's own `catalog.rules` (app-config.yaml; production loads the same). */
const portalRules = yaml.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../app-config.yaml'),
    'utf8',
  ),
).catalog.rules;

const project = (name: string, extra: Record<string, unknown> = {}) =>
  yaml.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      labels: { 'mlops-portal.io/level': 'page' },
      annotations: {
        'mlops-portal.io/template': 'template:default/forecasting-project',
      },
      ...extra,
    },
    spec: {
      type: 'ml-project',
      lifecycle: 'experimental',
      owner: 'group:default/researchers',
    },
  });

const doc = (entity: object) => yaml.stringify(entity);

/** Another group's repository the portal's token can read, and a researcher should not reach. */
const SECRET = doc({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'secret-model' },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/x' },
});

let gitlab: GitlabStandin;

beforeAll(async () => {
  gitlab = await startGitlabStandin({
    token: GITLAB_TOKEN,
    groups: ['research', 'finance'],
  });
  await gitlab.addProject('finance', 'secret');
  await gitlab.commitFiles('finance', 'secret', {
    'catalog-info.yaml': SECRET,
  });
});

afterAll(async () => {
  await gitlab?.close();
});

/** A real catalog backend reading from the GitLab stand-in, with the given catalog settings. */
async function startCatalog(options: {
  rules: Array<{ allow: Array<string | { kind: string }> }>;
  withModule: boolean;
}) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      ...(options.withModule ? [catalogModuleProjects] : []),
      mockServices.rootConfig.factory({
        data: {
          integrations: {
            gitlab: [gitlab.integrationConfig(GITLAB_TOKEN)],
          },
          catalog: {
            processingInterval: { seconds: 1 },
            rules: options.rules,
            locations: [],
          },
        },
      }),
    ],
  });
  const base = `http://localhost:${backend.server.port()}/api/catalog`;
  const request = (pathAndQuery: string, init?: RequestInit) =>
    fetch(`${base}${pathAndQuery}`, {
      ...init,
      headers: {
        Authorization: mockCredentials.user.header(),
        'Content-Type': 'application/json',
      },
    });

  const entity = async (ref: string): Promise<Entity | undefined> => {
    const [kind, rest] = ref.split(':');
    const res = await request(`/entities/by-name/${kind}/${rest}`);
    return res.ok ? ((await res.json()) as Entity) : undefined;
  };

  const all = async (): Promise<string[]> => {
    const res = await request('/entities?fields=kind,metadata.name');
    const items = (await res.json()) as Entity[];
    return items.map(e => `${e.kind}:${e.metadata.name}`.toLowerCase());
  };

  /**
   * Registers a project as mlops:project:register does (a file as the template writes it), waits
   * until the catalog holds it, then commits `file` as its researcher might; returns the location's
   * target.
   */
  const registerThenChange = async (repo: string, file: string) => {
    await gitlab.addProject('research', repo);
    await gitlab.commitFiles('research', repo, {
      'catalog-info.yaml': project(repo),
    });
    const target = `${gitlab.url}/research/${repo}/-/blob/main/catalog-info.yaml`;
    const res = await request('/locations', {
      method: 'POST',
      body: JSON.stringify({ type: 'url', target }),
    });
    expect(res.status).toBe(201);
    await until(
      `the project ${repo}`,
      () => entity(`component:default/${repo}`),
      PROCESSING_MS,
    );
    await gitlab.commitFiles('research', repo, { 'catalog-info.yaml': file });
    return target;
  };

  /** The processing errors the catalog shows on the location registered for `target`. */
  const locationErrors = async (target: string): Promise<string[]> => {
    const res = await request(
      `/entities?filter=kind=location,spec.target=${encodeURIComponent(
        target,
      )}`,
    );
    const [location] = (await res.json()) as Array<
      Entity & { status?: { items?: Array<{ error: { message: string } }> } }
    >;
    return (location?.status?.items ?? []).map(i => i.error.message);
  };

  return { backend, entity, all, registerThenChange, locationErrors };
}

const refusal = async (
  catalog: Awaited<ReturnType<typeof startCatalog>>,
  target: string,
) =>
  until(
    `the refusal of ${target}`,
    async () => {
      const errors = await catalog.locationErrors(target);
      return errors.length > 0 ? errors : undefined;
    },
    PROCESSING_MS,
  );

const RULE =
  "A project's catalog-info.yaml may describe only the project itself: one Component with spec.type ml-project, the label mlops-portal.io/level: page, in the default namespace, under the name it was registered with; anything else is registered by an administrator. Until the file is fixed, the catalog keeps the project as it was.";

/** What the catalog records on a registered project's location it refused: the reason, then the rule. */
const refusedWith = (target: string, reason: string) => [
  `The catalog refused ${target}: ${reason}. ${RULE}`,
];

describe('a registered project describes only itself', () => {
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  beforeAll(async () => {
    catalog = await startCatalog({ rules: portalRules, withModule: true });
  }, 180_000);
  afterAll(async () => {
    await catalog?.backend.stop();
  });

  /** The project is still in the catalog, as the template wrote it. */
  const keptAsItWas = async (name: string) => {
    const kept = await catalog.entity(`component:default/${name}`);
    expect(kept?.spec?.type).toBe('ml-project');
    expect(kept?.metadata.labels).toEqual({ 'mlops-portal.io/level': 'page' });
  };

  it('takes a project file as the template writes it, and its later edits', async () => {
    const target = await catalog.registerThenChange(
      'sales-demand',
      project('sales-demand', { description: 'Weekly demand per store' }),
    );
    await until(
      'the edit',
      async () =>
        (
          await catalog.entity('component:default/sales-demand')
        )?.metadata.description
          ? true
          : undefined,
      PROCESSING_MS,
    );
    expect(await catalog.locationErrors(target)).toEqual([]);
  });

  it('refuses a Location in a project file, and nothing from where it points enters the catalog', async () => {
    const target = await catalog.registerThenChange(
      'with-location',
      [
        project('with-location'),
        doc({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Location',
          metadata: { name: 'borrowed' },
          spec: {
            type: 'url',
            target: `${gitlab.url}/finance/secret/-/blob/main/catalog-info.yaml`,
          },
        }),
      ].join('---\n'),
    );
    expect(await refusal(catalog, target)).toEqual(
      refusedWith(
        target,
        'it describes 2 entities (component:default/with-location, location:default/borrowed); location:default/borrowed is a Location, not a Component',
      ),
    );
    const entities = await catalog.all();
    expect(entities).not.toContain('location:borrowed');
    expect(entities).not.toContain('component:secret-model');
    await keptAsItWas('with-location');
  });

  it('refuses other kinds, and a component posing as a library atom', async () => {
    const system = await catalog.registerThenChange(
      'with-system',
      doc({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'payments' },
        spec: { owner: 'group:default/researchers' },
      }),
    );
    const atom = await catalog.registerThenChange(
      'posing-atom',
      doc({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'naive-plus',
          labels: { 'mlops-portal.io/level': 'atom' },
          annotations: {
            'mlops-portal.io/python-import':
              'from mlops_components.atoms.baselines import NaivePlus',
          },
        },
        spec: {
          type: 'ml-atom',
          lifecycle: 'production',
          owner: 'group:default/researchers',
        },
      }),
    );
    const labelled = await catalog.registerThenChange(
      'labelled-atom',
      project('labelled-atom').replace(
        'mlops-portal.io/level: page',
        'mlops-portal.io/level: atom',
      ),
    );
    expect(await refusal(catalog, system)).toEqual(
      refusedWith(
        system,
        'system:default/payments is a System, not a Component',
      ),
    );
    expect(await refusal(catalog, atom)).toEqual(
      refusedWith(
        atom,
        'component:default/naive-plus has spec.type ml-atom, not ml-project; component:default/naive-plus has the label mlops-portal.io/level: atom, not page; component:default/naive-plus is not the name the project was registered with (posing-atom); put back metadata.name: posing-atom',
      ),
    );
    expect(await refusal(catalog, labelled)).toEqual(
      refusedWith(
        labelled,
        'component:default/labelled-atom has the label mlops-portal.io/level: atom, not page',
      ),
    );
    const entities = await catalog.all();
    expect(entities).not.toContain('system:payments');
    expect(entities).not.toContain('component:naive-plus');
    await keptAsItWas('labelled-atom');
  });

  it('refuses a file with a YAML error as a whole, not half-read', async () => {
    const target = await catalog.registerThenChange(
      'broken-yaml',
      `${project('broken-yaml', {
        description: 'half of a file',
      })}---\nkind: Component\nmetadata: {name: [unclosed\n`,
    );
    expect(await refusal(catalog, target)).toEqual(
      refusedWith(
        target,
        'it is not valid YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 17, column 1)',
      ),
    );
    const kept = await catalog.entity('component:default/broken-yaml');
    expect(kept?.metadata.description).toBeUndefined();
  });

  it('keeps the project under the name it was registered with', async () => {
    const target = await catalog.registerThenChange(
      'renamed',
      project('someone-else'),
    );
    expect(await refusal(catalog, target)).toEqual(
      refusedWith(
        target,
        'component:default/someone-else is not the name the project was registered with (renamed); put back metadata.name: renamed',
      ),
    );
    expect(await catalog.all()).not.toContain('component:someone-else');
    await keptAsItWas('renamed');
  });
});

describe("the portal's catalog.rules alone", () => {
  let catalog: Awaited<ReturnType<typeof startCatalog>>;
  beforeAll(async () => {
    catalog = await startCatalog({ rules: portalRules, withModule: false });
  }, 180_000);
  afterAll(async () => {
    await catalog?.backend.stop();
  });

  it('refuse a Location, other kinds and other component types from a registered location', async () => {
    const added = {
      'location:rules-borrowed': doc({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'rules-borrowed' },
        spec: {
          type: 'url',
          target: `${gitlab.url}/finance/secret/-/blob/main/catalog-info.yaml`,
        },
      }),
      'system:rules-payments': doc({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: 'rules-payments' },
        spec: { owner: 'group:default/researchers' },
      }),
      'component:rules-atom': project('rules-atom').replace(
        'type: ml-project',
        'type: ml-atom',
      ),
    };
    const targets = [];
    for (const [i, extra] of Object.values(added).entries()) {
      const repo = `rules-${i}`;
      targets.push(
        await catalog.registerThenChange(repo, `${project(repo)}---\n${extra}`),
      );
    }
    for (const target of targets) {
      expect((await refusal(catalog, target))[0]).toMatch(
        /is not of an allowed kind for that location$/,
      );
    }
    const entities = await catalog.all();
    for (const refused of [...Object.keys(added), 'component:secret-model']) {
      expect(entities).not.toContain(refused);
    }
  });
});
