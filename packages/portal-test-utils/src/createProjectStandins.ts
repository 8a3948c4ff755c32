/*
 * The stand-ins "Create project" talks to on loopback: the GitLab stand-in
 * (@mlops-portal/gitlab-test-utils: GitLab's REST calls, with a real `git http-backend` behind the clone
 * URLs) with one group, and the ClearML API stand-in (@mlops-portal/plugin-clearml-node/testUtils) with
 * no projects yet: the same stand-ins the scaffolder module's end-to-end test uses. The result carries
 * the portal config that points at them. Used by scripts/create-project-demo.js, bench/create-project.js
 * and the end-to-end tests' global setup (which brings its own ClearML stand-in, with sample data, so it
 * starts GitLab only).
 */
import {
  GitlabStandin,
  gitlabCiLocalRunner,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { componentPipelineOptions } from './componentWheels';
import {
  ClearmlStandin,
  createClearmlStandin,
  emptyFixtures,
} from '@mlops-portal/plugin-clearml-node/testUtils';

const GITLAB_TOKEN = 'fake-gitlab-token-local-stand-in';
const CLEARML = {
  accessKey: 'local-access-key',
  secretKey: 'local-secret-key-0123',
};
const GROUP = 'research';

/** Options of {@link startCreateProjectStandins}. */
export interface CreateProjectStandinsOptions {
  /** Also start the ClearML stand-in and point the portal at it (default true). */
  clearml?: boolean;
  /**
   * Run the pipelines GitLab would start (default true): the pushed project's own `.gitlab-ci.yml` under
   * gitlab-ci-local, every job in this machine's shell, with the component library from a wheel built
   * from components/ at start. With false a pipeline stays `created`, as on a GitLab without a runner
   * (for a benchmark or test that does not look at pipelines and should not share the machine with them).
   */
  runPipelines?: boolean;
}

/** The running stand-ins of "Create project". */
export interface CreateProjectStandins {
  gitlab: GitlabStandin;
  /** Absent when started with `clearml: false`. */
  clearml?: ClearmlStandin;
  /** The GitLab group that exists. */
  group: string;
  /** The token the GitLab stand-in accepts. */
  token: string;
  /** Portal config: `integrations.gitlab`, the scaffolder's default author and (with ClearML) `clearml`. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Starts the GitLab stand-in with one group, running pipelines with gitlab-ci-local, and, unless told
 * not to, the ClearML stand-in.
 */
export async function startCreateProjectStandins(
  options: CreateProjectStandinsOptions = {},
): Promise<CreateProjectStandins> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'standin-runner-'));
  const gitlab = await startGitlabStandin({
    token: GITLAB_TOKEN,
    groups: [GROUP],
    runPipeline:
      options.runPipelines === false
        ? undefined
        : gitlabCiLocalRunner(await componentPipelineOptions(scratch)),
  });
  const config: Record<string, unknown> = {
    integrations: {
      gitlab: [gitlab.integrationConfig(GITLAB_TOKEN)],
    },
    scaffolder: {
      defaultAuthor: { name: 'MLOps Portal', email: 'portal@localhost' },
    },
  };
  let clearml: ClearmlStandin | undefined = undefined;
  if (options.clearml !== false) {
    clearml = createClearmlStandin({ ...CLEARML, fixtures: emptyFixtures() });
    await clearml.start();
    config.clearml = {
      apiUrl: clearml.url,
      webUrl: clearml.url,
      // its file server, where the template's first dataset version is uploaded
      filesUrl: clearml.filesUrl,
      ...CLEARML,
    };
  }
  return {
    gitlab,
    clearml,
    group: GROUP,
    token: GITLAB_TOKEN,
    config,
    async close() {
      await gitlab.close();
      await clearml?.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
