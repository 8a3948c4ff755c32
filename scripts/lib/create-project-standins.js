/*
 * The stand-ins "Create project" talks to on loopback: a GitLab REST double whose clone URLs are served
 * by a real `git http-backend`, and a ClearML API double. The same doubles the scaffolder module's
 * end-to-end test uses (plugins/scaffolder-backend-module-mlops/src/__testUtils__), loaded from their
 * TypeScript sources with Backstage's own transform. Returns the portal config that points at them.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
require(require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
  paths: [path.join(root, 'packages/backend')],
}));
const testUtils = path.join(
  root,
  'plugins/scaffolder-backend-module-mlops/src/__testUtils__',
);

const GITLAB_TOKEN = 'fake-gitlab-token-local-stand-in';
const CLEARML = {
  accessKey: 'local-access-key',
  secretKey: 'local-secret-key-0123',
};
const GROUP = 'research';

async function startStandins() {
  const { startGitlabDouble } = require(path.join(
    testUtils,
    'gitlabDouble.ts',
  ));
  const { startClearmlDouble } = require(path.join(
    testUtils,
    'clearmlDouble.ts',
  ));
  const gitlab = await startGitlabDouble({
    token: GITLAB_TOKEN,
    groups: [GROUP],
  });
  const clearml = await startClearmlDouble(CLEARML);
  return {
    gitlab,
    clearml,
    group: GROUP,
    token: GITLAB_TOKEN,
    config: {
      integrations: {
        gitlab: [
          {
            host: gitlab.host,
            apiBaseUrl: `${gitlab.url}/api/v4`,
            baseUrl: gitlab.url,
            token: GITLAB_TOKEN,
          },
        ],
      },
      clearml: { apiUrl: clearml.url, webUrl: clearml.url, ...CLEARML },
      scaffolder: {
        defaultAuthor: { name: 'MLOps Portal', email: 'portal@localhost' },
      },
    },
    async close() {
      await gitlab.close();
      await clearml.close();
    },
  };
}

module.exports = { startStandins };
