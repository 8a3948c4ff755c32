/*
 * The stand-ins "Create project" talks to on loopback: a GitLab REST double whose clone URLs are served
 * by a real `git http-backend`, and the repository's ClearML API stand-in
 * (@mlops-portal/plugin-clearml-node/testUtils), with no projects yet. The same doubles the
 * scaffolder module's end-to-end test uses; the GitLab one is loaded from its TypeScript source
 * (plugins/create-project/scaffolder-backend-module-mlops/src/__testUtils__) with Backstage's own transform. Each starter returns the portal config that points
 * at what it started. Used by scripts/create-project-demo.js, bench/create-project.js and the
 * end-to-end tests' global setup (which brings its own ClearML stand-in, so it starts GitLab only).
 */
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const testUtils = path.join(
  root,
  'plugins/create-project/scaffolder-backend-module-mlops/src/__testUtils__',
);

const GITLAB_TOKEN = 'fake-gitlab-token-local-stand-in';
const CLEARML = {
  accessKey: 'local-access-key',
  secretKey: 'local-secret-key-0123',
};
const GROUP = 'research';

/** Loads a double's TypeScript source (Backstage's transform, registered on first use). */
function loadDouble(file) {
  require(require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
    paths: [path.join(root, 'packages/backend')],
  }));
  return require(path.join(testUtils, file));
}

/** The GitLab double with one group, and the `integrations.gitlab` and scaffolder config for it. */
async function startGitlabStandin() {
  const { startGitlabDouble } = loadDouble('gitlabDouble.ts');
  const gitlab = await startGitlabDouble({
    token: GITLAB_TOKEN,
    groups: [GROUP],
  });
  return {
    gitlab,
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
      scaffolder: {
        defaultAuthor: { name: 'MLOps Portal', email: 'portal@localhost' },
      },
    },
    close: () => gitlab.close(),
  };
}

/** The GitLab and ClearML doubles, and the portal config for both. */
async function startStandins() {
  loadDouble('gitlabDouble.ts'); // registers Backstage's transform
  const {
    createClearmlStandin,
    emptyFixtures,
  } = require('@mlops-portal/plugin-clearml-node/testUtils');
  const gitlab = await startGitlabStandin();
  const standin = createClearmlStandin({
    ...CLEARML,
    fixtures: emptyFixtures(),
  });
  await standin.start();
  const clearml = {
    url: standin.url,
    projects: standin.fixtures.projects,
    close: () => standin.stop(),
  };
  return {
    gitlab: gitlab.gitlab,
    clearml,
    group: gitlab.group,
    token: gitlab.token,
    config: {
      ...gitlab.config,
      clearml: { apiUrl: clearml.url, webUrl: clearml.url, ...CLEARML },
    },
    async close() {
      await gitlab.close();
      await clearml.close();
    },
  };
}

module.exports = { startGitlabStandin, startStandins };
