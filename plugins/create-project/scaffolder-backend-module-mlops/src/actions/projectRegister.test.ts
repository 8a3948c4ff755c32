import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockActionContext } from '../__testUtils__/mockActionContext';
import { createProjectRegisterAction } from './projectRegister';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'gitlab.test',
          apiBaseUrl: 'https://gitlab.test/api/v4',
          token: 'fake-gitlab-token-0123456789',
        },
      ],
    },
  }),
);
const project = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: sales-demand
  labels:
    mlops-portal.io/level: page
spec:
  type: ml-project
  owner: group:default/researchers
  lifecycle: experimental
`;

/** The catalog shows the entity after `appearsAfterLookups` look-ups, like a processed location. */
function setup(
  files: Record<string, string>,
  options: { appearsAfterLookups?: number; waitForEntityMs?: number } = {},
) {
  let lookups = 0;
  const catalog = catalogServiceMock.mock({
    addLocation: jest.fn(async () => ({
      location: { id: '1', type: 'url', target: '', entityRef: '' },
      entities: [],
    })),
    getEntityByRef: jest.fn(async () => {
      lookups += 1;
      return lookups > (options.appearsAfterLookups ?? 2)
        ? ({ kind: 'Component', metadata: { name: 'sales-demand' } } as never)
        : undefined;
    }),
  });
  const auth = mockServices.auth();
  const urlReader = mockServices.urlReader.mock({
    readUrl: jest.fn(async (url: string) => {
      if (!(url in files)) throw new Error(`no ${url}`);
      return { buffer: async () => Buffer.from(files[url]) } as never;
    }),
  });
  const action = createProjectRegisterAction({
    catalog,
    auth,
    urlReader,
    integrations,
    waitForEntityMs: options.waitForEntityMs,
  });
  return { action, catalog };
}

const url = 'https://gitlab.test/research/sales-demand/-/blob/main';

describe('mlops:project:register', () => {
  it('registers the published catalog-info.yaml with the service credentials', async () => {
    const { action, catalog } = setup({
      [`${url}/catalog-info.yaml`]: project,
    });
    const { ctx, outputs } = mockActionContext({
      repoContentsUrl: url,
      catalogInfoPath: '/catalog-info.yaml',
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'url', target: `${url}/catalog-info.yaml` },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      },
    );
    expect(outputs.entityRef).toBe('component:default/sales-demand');
    // it finished only once the catalog showed the entity, so the task's link opens its page
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(
      'component:default/sales-demand',
      expect.anything(),
    );
  });

  it('finishes with a warning when the catalog is slow to show the entity', async () => {
    const { action } = setup(
      { [`${url}/catalog-info.yaml`]: project },
      { appearsAfterLookups: Infinity, waitForEntityMs: 300 },
    );
    const { ctx, outputs, logger } = mockActionContext({
      repoContentsUrl: url,
      catalogInfoPath: '/catalog-info.yaml',
    });
    await action.handler(ctx);
    expect(outputs.entityRef).toBe('component:default/sales-demand');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('the catalog has not shown it yet'),
      expect.objectContaining({ entityRef: 'component:default/sales-demand' }),
    );
  });

  it('registers nothing but one ml-project Component', async () => {
    const template = project.replace('kind: Component', 'kind: Template');
    const two = `${project}---\n${project.replace('sales-demand', 'other')}`;
    const service = project.replace('type: ml-project', 'type: service');
    const atom = project.replace(
      'mlops-portal.io/level: page',
      'mlops-portal.io/level: atom',
    );
    const elsewhere = project.replace(
      '  name: sales-demand',
      '  name: sales-demand\n  namespace: finance',
    );
    for (const text of [template, two, service, atom, elsewhere]) {
      const { action, catalog } = setup({ [`${url}/catalog-info.yaml`]: text });
      const { ctx } = mockActionContext({
        repoContentsUrl: url,
        catalogInfoPath: '/catalog-info.yaml',
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        `${url}/catalog-info.yaml must hold exactly one Component of type ml-project, labelled mlops-portal.io/level: page, in the default namespace; register anything else through an administrator`,
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    }
  });

  it('refuses a file with a YAML error anywhere, and registers nothing', async () => {
    // what an unquoted owner could inject: a second owner key, which a lenient read would take
    const injected = `${project}  owner: group:default/administrators\n`;
    const unclosed = `${project}---\nkind: Component\nmetadata: {name: [unclosed\n`;
    for (const [text, problem] of [
      [injected, 'Map keys must be unique at line 11, column 3'],
      [
        unclosed,
        'Flow sequence in block collection must be sufficiently indented and end with a ] at line 14, column 1',
      ],
    ]) {
      const { action, catalog } = setup({ [`${url}/catalog-info.yaml`]: text });
      const { ctx } = mockActionContext({
        repoContentsUrl: url,
        catalogInfoPath: '/catalog-info.yaml',
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        `${url}/catalog-info.yaml is not valid YAML (${problem}), so the project was not registered; fix the file in the repository and run the task again`,
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    }
  });

  it('registers only from the configured GitLab hosts', async () => {
    const { action, catalog } = setup({});
    const { ctx } = mockActionContext({
      repoContentsUrl: 'https://evil.example.com/x/y/-/blob/main',
      catalogInfoPath: '/catalog-info.yaml',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'evil.example.com is not a GitLab host the portal is configured for (integrations.gitlab); only projects published there are registered',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses a path that leaves the repository', async () => {
    const { action } = setup({});
    const { ctx } = mockActionContext({
      repoContentsUrl: url,
      catalogInfoPath: '/../../other/catalog-info.yaml',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'is not a YAML file path in the repository',
    );
  });
});
