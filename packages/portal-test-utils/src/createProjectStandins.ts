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
  GitlabStandinPipelineRunner,
  startGitlabStandin,
} from '@mlops-portal/gitlab-test-utils';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
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
 * The pipeline the stand-in runs until the generated project's own pipeline runs under gitlab-ci-local:
 * jobs `test` and `train` pass, and `train` leaves `reports/baseline.json` (the generated project's
 * contract) with a real held-out score — the seasonal-naive forecast of the pushed sample's last
 * `MLOPS_HORIZON` points (sMAPE, %). Projects without a forecasting sample get no report.
 */
export const seasonalNaivePipeline: GitlabStandinPipelineRunner = async ({
  checkout,
  variables,
}) => {
  const csv = path.join(checkout, 'data/raw/series.csv');
  const horizon = Number(variables.MLOPS_HORIZON ?? 12);
  const jobs = [{ name: 'test', stage: 'test', status: 'success' as const }];
  if (!existsSync(csv) || !variables.MLOPS_TARGET_COLUMN) {
    return [...jobs, { name: 'train', stage: 'train', status: 'success' }];
  }
  const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
  const column = header.split(',').indexOf(variables.MLOPS_TARGET_COLUMN);
  if (column < 0) {
    return [...jobs, { name: 'train', stage: 'train', status: 'failed' }];
  }
  const y = rows.map(r => Number(r.split(',')[column]));
  const actual = y.slice(-horizon);
  const forecast = y.slice(-2 * horizon, -horizon);
  const smape =
    (100 / horizon) *
    actual.reduce(
      (sum, a, i) =>
        sum +
        (2 * Math.abs(forecast[i] - a)) / (Math.abs(a) + Math.abs(forecast[i])),
      0,
    );
  const baseline = {
    task: 'forecasting',
    metric: 'smape',
    score: Math.round(smape * 1000) / 1000,
    higher_is_better: false,
    model: 'seasonal-naive',
    dataset_version: null,
    dataset_url: null,
    run_url: null,
    leaderboard: [{ model: 'seasonal-naive', score: smape }],
  };
  return [
    ...jobs,
    {
      name: 'train',
      stage: 'train',
      status: 'success',
      artifacts: { 'reports/baseline.json': JSON.stringify(baseline) },
    },
  ];
};

/** Starts the GitLab stand-in with one group and, unless told not to, the ClearML stand-in. */
export async function startCreateProjectStandins(
  options: CreateProjectStandinsOptions = {},
): Promise<CreateProjectStandins> {
  const gitlab = await startGitlabStandin({
    token: GITLAB_TOKEN,
    groups: [GROUP],
    runPipeline: seasonalNaivePipeline,
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
    },
  };
}
