import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import { PipelineStatus } from '@mlops-portal/plugin-project-status-common';
import {
  GitlabStandinMergeRequest,
  commitToBranch,
  createMergeRequestRoutes,
} from './mergeRequests';
import { git, run } from './run';

export { run };

/** A repository the stand-in holds. */
export interface GitlabStandinProject {
  id: number;
  path: string;
  namespace: string;
}

/** A CI/CD variable of a project (`POST /projects/:id/variables`), as GitLab answers it. */
export interface GitlabStandinVariable {
  key: string;
  value: string;
  variable_type: string;
  protected: boolean;
  masked: boolean;
  hidden: boolean;
  raw: boolean;
  environment_scope: string;
  description: string | null;
}

/** A pipeline's or job's status, as GitLab names it (the portal's one list of GitLab's words). */
export type GitlabStandinStatus = PipelineStatus;

/** One job of a pipeline, as a runner left it: its status and the files it kept as artifacts. */
export interface GitlabStandinJobResult {
  name: string;
  stage: string;
  status: GitlabStandinStatus;
  /** A job that may fail without failing the pipeline (`allow_failure`, manual jobs). */
  allowFailure?: boolean;
  /** Artifact files by path inside the job's artifacts (`reports/baseline.json`). */
  artifacts?: Record<string, string | Buffer>;
}

/** A pipeline the stand-in holds. */
export interface GitlabStandinPipeline {
  id: number;
  iid: number;
  projectId: number;
  ref: string;
  sha: string;
  source: 'push' | 'trigger' | 'api';
  status: GitlabStandinStatus;
  createdAt: string;
  updatedAt: string;
  /** Filled in when the runner finishes. */
  jobs: (GitlabStandinJobResult & { id: number })[];
  /** Why the runner could not run it (it failed with no jobs), for a test's message. */
  runnerError?: string;
}

/**
 * Runs a pipeline: given a checkout of the commit, answers the jobs' results. The stand-in shows the
 * pipeline as `running` until the promise settles, and `failed` when it rejects.
 */
export type GitlabStandinPipelineRunner = (run: {
  project: GitlabStandinProject;
  ref: string;
  sha: string;
  /** A fresh clone of the repository checked out at `sha`. */
  checkout: string;
  /** The project's CI/CD variables, as a job's environment would have them. */
  variables: Record<string, string>;
}) => Promise<GitlabStandinJobResult[]>;

/**
 * A step of publishing that a test can hold or make fail: the repository's creation (`POST /projects`)
 * or the `git push` into it (the receive-pack request).
 */
export type GitlabStandinStep = 'create' | 'push';

/** A held request: `reached` settles when it arrives; `release()` lets it go on. */
export interface GitlabStandinHold {
  reached: Promise<void>;
  /**
   * Lets the request go on. If its client went away meanwhile (a backend killed mid-push), it is dropped
   * unanswered and changes nothing, as a cut connection leaves GitLab.
   */
  release(): void;
}

/** Options of {@link startGitlabStandin}. */
export interface GitlabStandinOptions {
  /** The one token it accepts (as `PRIVATE-TOKEN`, Bearer, or the password of `oauth2` over git). */
  token: string;
  /** The groups that exist. */
  groups: string[];
  /**
   * Runs the pipelines: those started through the API (`POST /projects/:id/pipeline`, a trigger token)
   * and those a push starts, as GitLab does when the pushed commit has a `.gitlab-ci.yml` and its message
   * says neither `[skip ci]` nor `[ci skip]`. Without one, a pipeline stays `created`, as on a GitLab with
   * no runner; a test can finish it with `finishPipeline`. `gitlabCiLocalRunner()` runs the project's own
   * `.gitlab-ci.yml`.
   */
  runPipeline?: GitlabStandinPipelineRunner;
}

/** A running stand-in. */
export interface GitlabStandin {
  /** `127.0.0.1:<port>`, the host to configure in `integrations.gitlab`. */
  host: string;
  url: string;
  /**
   * The `integrations.gitlab[]` entry that points Backstage's GitLab integration at this stand-in with
   * this token.
   */
  integrationConfig(token: string): {
    host: string;
    apiBaseUrl: string;
    baseUrl: string;
    token: string;
  };
  projects: GitlabStandinProject[];
  /** The CI/CD variables by project id. */
  variables: Map<number, GitlabStandinVariable[]>;
  /** Every pipeline, oldest first. */
  pipelines: GitlabStandinPipeline[];
  /** Every merge request (`POST /projects/:id/merge_requests`), oldest first. */
  mergeRequests: GitlabStandinMergeRequest[];
  /**
   * `refuseTokens: true` makes it answer 401 to everything (a revoked token); `refuseVariables: true`
   * answers 403 to `POST` and `PUT /projects/:id/variables` (a token without the Maintainer role);
   * `refusePipelines: true` answers 403 to `POST /projects/:id/pipeline` and to creating a trigger token
   * (a token below the Developer role, or a project whose CI/CD is off).
   */
  state: {
    refuseTokens: boolean;
    refuseVariables: boolean;
    refusePipelines: boolean;
  };
  /** The folder of the bare repositories, `<group>/<name>.git`. */
  reposRoot: string;
  /** Adds a project as if someone had created it before. */
  addProject(namespace: string, repo: string): Promise<void>;
  /**
   * Commits these files (path to text) on `main` of a project the stand-in holds, over what is there,
   * as a user pushing a change would.
   */
  commitFiles(
    namespace: string,
    repo: string,
    files: Record<string, string>,
  ): Promise<void>;
  /**
   * Holds every request of this step (a client's retries too) until the test releases them: a step that
   * is in flight.
   */
  hold(step: GitlabStandinStep): GitlabStandinHold;
  /**
   * Answers the next `times` requests of this step with `status` (a 5xx of an overloaded GitLab, 429 of
   * its rate limit) and changes nothing.
   */
  fail(step: GitlabStandinStep, status: number, times?: number): void;
  /** Ends a pipeline with these jobs, as a runner would (for tests without `runPipeline`). */
  finishPipeline(pipelineId: number, jobs: GitlabStandinJobResult[]): void;
  /** Settles when every pipeline the runner is running has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A GitLab stand-in on loopback: the REST calls `publish:gitlab` and Backstage's GitLab reader make,
 * and a real git smart-HTTP server (`git http-backend` run as CGI) behind the clone URLs it hands out.
 */
export async function startGitlabStandin(
  options: GitlabStandinOptions,
): Promise<GitlabStandin> {
  const reposRoot = mkdtempSync(path.join(os.tmpdir(), 'gitlab-standin-'));
  const projects: GitlabStandinProject[] = [];
  const state = {
    refuseTokens: false,
    refuseVariables: false,
    refusePipelines: false,
  };
  const variables = new Map<number, GitlabStandinVariable[]>();
  const pipelines: GitlabStandinPipeline[] = [];
  const triggers: {
    id: number;
    projectId: number;
    token: string;
    description: string;
  }[] = [];
  const running = new Set<Promise<void>>();
  // allocated before any await, so that creations at the same time get their own ids
  let nextProjectId = 1;
  let nextJobId = 1;
  let nextTriggerId = 1;
  let baseUrl = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const holds = new Map<
    GitlabStandinStep,
    (gone: () => boolean) => Promise<boolean>
  >();
  const failures = new Map<
    GitlabStandinStep,
    { status: number; times: number }
  >();
  /**
   * What a test asked for this step: false when the request was answered here (a failure) or dropped (its
   * client went away while it was held), true when it goes on.
   */
  const intercept = async (
    step: GitlabStandinStep,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<boolean> => {
    const failure = failures.get(step);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const message =
        failure.status === 429
          ? '429 Too Many Requests'
          : `${failure.status} Server Error`;
      if (step === 'push') {
        res.writeHead(failure.status, { 'content-type': 'text/plain' });
        res.end(message);
      } else {
        json(res, failure.status, { message });
      }
      return false;
    }
    const held = holds.get(step);
    if (!held) return true;
    return held(() => res.destroyed || req.socket.destroyed);
  };
  const projectJson = (p: GitlabStandinProject) => ({
    id: p.id,
    path: p.path,
    name: p.path,
    path_with_namespace: `${p.namespace}/${p.path}`,
    default_branch: 'main',
    http_url_to_repo: `${baseUrl}/${p.namespace}/${p.path}.git`,
    web_url: `${baseUrl}/${p.namespace}/${p.path}`,
  });
  const authorised = (req: http.IncomingMessage) => {
    if (state.refuseTokens) return false;
    const basic = `Basic ${Buffer.from(`oauth2:${options.token}`).toString(
      'base64',
    )}`;
    return [req.headers['private-token'], req.headers.authorization].some(
      h =>
        h === options.token || h === `Bearer ${options.token}` || h === basic,
    );
  };
  const repoDirOf = (p: GitlabStandinProject) =>
    path.join(reposRoot, p.namespace, `${p.path}.git`);
  const findProject = (idOrPath: string) =>
    projects.find(
      p => String(p.id) === idOrPath || `${p.namespace}/${p.path}` === idOrPath,
    );
  const groupJson = (g: string) => ({
    id: 100 + options.groups.indexOf(g),
    name: g.split('/').pop(),
    path: g.split('/').pop(),
    full_path: g,
    full_name: g.split('/').join(' / '),
    web_url: `${baseUrl}/groups/${g}`,
    parent_id: null,
  });
  const pipelineJson = (p: GitlabStandinPipeline) => {
    const project = projects.find(x => x.id === p.projectId)!;
    return {
      id: p.id,
      iid: p.iid,
      project_id: p.projectId,
      sha: p.sha,
      ref: p.ref,
      status: p.status,
      source: p.source,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      web_url: `${baseUrl}/${project.namespace}/${project.path}/-/pipelines/${p.id}`,
    };
  };
  const jobJson = (
    p: GitlabStandinPipeline,
    j: GitlabStandinPipeline['jobs'][number],
  ) => {
    const project = projects.find(x => x.id === p.projectId)!;
    const files = Object.values(j.artifacts ?? {});
    return {
      id: j.id,
      status: j.status,
      stage: j.stage,
      name: j.name,
      ref: p.ref,
      allow_failure: j.allowFailure ?? false,
      created_at: p.createdAt,
      started_at: p.createdAt,
      finished_at: p.updatedAt,
      web_url: `${baseUrl}/${project.namespace}/${project.path}/-/jobs/${j.id}`,
      pipeline: {
        id: p.id,
        project_id: p.projectId,
        ref: p.ref,
        sha: p.sha,
        status: p.status,
      },
      artifacts: files.length
        ? [
            {
              file_type: 'archive',
              size: files.reduce((n, f) => n + Buffer.byteLength(f), 0),
              filename: 'artifacts.zip',
              file_format: 'zip',
            },
          ]
        : [],
    };
  };
  /** The request's body: GitLab takes JSON or a form; gitbeaker decamelizes its keys. */
  const readBody = async (
    req: http.IncomingMessage,
  ): Promise<Record<string, unknown>> => {
    let raw = '';
    for await (const c of req) raw += c;
    if (!raw) return {};
    if ((req.headers['content-type'] ?? '').includes('application/json')) {
      return JSON.parse(raw);
    }
    return Object.fromEntries(new URLSearchParams(raw));
  };
  // GitLab's merge-request calls: the repository tree, branches, commits with actions, merge requests
  const mergeRequestRoutes = createMergeRequestRoutes({
    baseUrl: () => baseUrl,
    findProject,
    repoDirOf,
    readBody,
    json,
  });
  const pipelineStatus = (
    jobs: GitlabStandinJobResult[],
  ): GitlabStandinStatus => {
    if (jobs.some(j => j.status === 'failed' && !j.allowFailure))
      return 'failed';
    if (jobs.some(j => j.status === 'canceled')) return 'canceled';
    if (jobs.some(j => ['running', 'pending', 'created'].includes(j.status)))
      return 'running';
    return 'success';
  };
  const finishPipeline = (
    pipelineId: number,
    jobs: GitlabStandinJobResult[],
  ) => {
    const p = pipelines.find(x => x.id === pipelineId);
    if (!p) throw new Error(`no pipeline ${pipelineId}`);
    p.jobs = jobs.map(j => ({ ...j, id: nextJobId++ }));
    p.status = pipelineStatus(jobs);
    p.updatedAt = new Date().toISOString();
  };
  const startPipeline = async (
    project: GitlabStandinProject,
    ref: string,
    source: GitlabStandinPipeline['source'],
  ): Promise<GitlabStandinPipeline | undefined> => {
    const repoDir = repoDirOf(project);
    const head = await run(
      'git',
      ['rev-parse', '--verify', `${ref}^{commit}`],
      {
        cwd: repoDir,
      },
    );
    if (head.code !== 0) return undefined;
    const now = new Date().toISOString();
    const pipeline: GitlabStandinPipeline = {
      id: pipelines.length + 1000,
      iid: pipelines.filter(p => p.projectId === project.id).length + 1,
      projectId: project.id,
      ref,
      sha: head.stdout.toString().trim(),
      source,
      status: options.runPipeline ? 'running' : 'created',
      createdAt: now,
      updatedAt: now,
      jobs: [],
    };
    pipelines.push(pipeline);
    const runner = options.runPipeline;
    if (runner) {
      const job = (async () => {
        const checkout = mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
        try {
          await git(repoDir, ['clone', '--quiet', repoDir, checkout]);
          // on the pipeline's branch at its commit (a job's CI_COMMIT_BRANCH is the pipeline's ref)
          await git(checkout, ['checkout', '--quiet', '-B', ref, pipeline.sha]);
          // as a runner's checkout: origin is the project's URL (a pipeline's CI_PROJECT_PATH comes from it)
          await git(checkout, [
            'remote',
            'set-url',
            'origin',
            projectJson(project).http_url_to_repo,
          ]);
          const jobs = await runner({
            project,
            ref,
            sha: pipeline.sha,
            checkout,
            variables: Object.fromEntries(
              (variables.get(project.id) ?? []).map(v => [v.key, v.value]),
            ),
          });
          finishPipeline(pipeline.id, jobs);
        } catch (e) {
          pipeline.runnerError = String(e);
          pipeline.status = 'failed';
          pipeline.updatedAt = new Date().toISOString();
        } finally {
          // the jobs' artifacts are kept in memory: the runner's checkout is done with
          rmSync(checkout, { recursive: true, force: true });
        }
      })();
      running.add(job);
      job.finally(() => running.delete(job));
    }
    return pipeline;
  };

  async function gitBackend(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const isPush =
      req.method === 'POST' && url.pathname.endsWith('/git-receive-pack');
    if (isPush && !(await intercept('push', req, res))) {
      return;
    }
    const pushedTo = isPush
      ? projects.find(p =>
          decodeURIComponent(url.pathname).startsWith(
            `/${p.namespace}/${p.path}.git/`,
          ),
        )
      : undefined;
    const headsBefore = pushedTo ? await branchHeads(pushedTo) : undefined;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: reposRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ''),
      REQUEST_METHOD: req.method,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'portal',
    };
    if (req.headers['content-encoding'])
      env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
    const { stdout } = await run('git', ['http-backend'], {
      env,
      input: Buffer.concat(chunks),
    });
    const split = stdout.indexOf('\r\n\r\n');
    const head = stdout.subarray(0, split).toString();
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      const [k, v] = [line.slice(0, i).trim(), line.slice(i + 1).trim()];
      if (k.toLowerCase() === 'status') status = parseInt(v, 10);
      else headers[k] = v;
    }
    // the push's pipelines exist when the push returns, as GitLab lists them right after
    if (pushedTo && headsBefore) await pipelinesOfPush(pushedTo, headsBefore);
    res.writeHead(status, headers);
    res.end(stdout.subarray(split + 4));
  }

  /** The project's branches and the commits they point at. */
  async function branchHeads(
    project: GitlabStandinProject,
  ): Promise<Map<string, string>> {
    const refs = await run(
      'git',
      ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads'],
      { cwd: repoDirOf(project) },
    );
    return new Map(
      refs.stdout
        .toString()
        .split('\n')
        .filter(Boolean)
        .map(l => l.split(' ') as [string, string]),
    );
  }

  /**
   * As GitLab after a push: each branch the push moved gets a pipeline when its new commit has a
   * `.gitlab-ci.yml`, unless the commit's message says `[skip ci]` or `[ci skip]`.
   */
  async function pipelinesOfPush(
    project: GitlabStandinProject,
    before: Map<string, string>,
  ) {
    const cwd = repoDirOf(project);
    for (const [branch, sha] of await branchHeads(project)) {
      if (before.get(branch) === sha) continue;
      const message = await run('git', ['log', '-1', '--format=%B', sha], {
        cwd,
      });
      if (/\[(skip ci|ci skip)\]/i.test(message.stdout.toString())) continue;
      const hasCi = await run(
        'git',
        ['cat-file', '-e', `${sha}:.gitlab-ci.yml`],
        { cwd },
      );
      if (hasCi.code === 0) await startPipeline(project, branch, 'push');
    }
  }

  /**
   * CI/CD: variables (created, read and updated by key), pipeline triggers, pipelines started through the
   * API, their jobs and the jobs' artifact files.
   */
  async function ci(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    project: GitlabStandinProject,
    resource: string,
    rest: string | undefined,
  ) {
    const method = req.method ?? 'GET';
    if (resource === 'variables' && rest && !rest.includes('/')) {
      // GET / PUT /projects/:id/variables/:key (?filter[environment_scope]=<scope>)
      const key = decodeURIComponent(rest);
      const scope = url.searchParams.get('filter[environment_scope]');
      const list = variables.get(project.id) ?? [];
      const found = list.filter(
        v => v.key === key && (!scope || v.environment_scope === scope),
      );
      if (method === 'PUT' && state.refuseVariables) {
        json(res, 403, { message: '403 Forbidden' });
        return;
      }
      if (!found.length) {
        json(res, 404, { message: '404 Variable Not Found' });
        return;
      }
      if (found.length > 1) {
        json(res, 409, {
          message:
            "There are multiple variables with provided parameters. Please use 'filter[environment_scope]'",
        });
        return;
      }
      const [variable] = found;
      if (method === 'PUT') {
        const body = await readBody(req);
        const flag = (v: unknown, was: boolean) =>
          v === undefined ? was : v === true || v === 'true';
        if (body.value !== undefined) variable.value = String(body.value);
        if (body.variable_type !== undefined)
          variable.variable_type = String(body.variable_type);
        variable.protected = flag(body.protected, variable.protected);
        variable.masked = flag(body.masked, variable.masked);
        variable.raw = flag(body.raw, variable.raw);
      } else if (method !== 'GET') {
        json(res, 405, { message: '405 Method Not Allowed' });
        return;
      }
      json(res, 200, {
        ...variable,
        value: variable.hidden ? null : variable.value,
      });
      return;
    }
    if (resource === 'pipeline' && !rest && method === 'POST') {
      // POST /projects/:id/pipeline?ref=<ref>: a pipeline started through the API
      if (state.refusePipelines) {
        json(res, 403, { message: '403 Forbidden' });
        return;
      }
      const body = await readBody(req);
      const ref = url.searchParams.get('ref') ?? body.ref;
      if (!ref) {
        json(res, 400, { error: 'ref is missing' });
        return;
      }
      const pipeline = await startPipeline(project, String(ref), 'api');
      if (!pipeline) {
        json(res, 400, { message: { base: ['Reference not found'] } });
        return;
      }
      json(res, 201, pipelineJson(pipeline));
      return;
    }
    if (resource === 'variables' && !rest) {
      const list = variables.get(project.id) ?? [];
      if (method === 'GET') {
        json(res, 200, list);
        return;
      }
      if (method === 'POST') {
        if (state.refuseVariables) {
          json(res, 403, { message: '403 Forbidden' });
          return;
        }
        const body = await readBody(req);
        const key = String(body.key ?? '');
        const scope = String(body.environment_scope ?? '*');
        if (!/^[A-Za-z0-9_]{1,255}$/.test(key)) {
          json(res, 400, {
            message: { key: ["can contain only letters, digits and '_'."] },
          });
          return;
        }
        if (body.value === undefined) {
          json(res, 400, { error: 'value is missing' });
          return;
        }
        if (list.some(v => v.key === key && v.environment_scope === scope)) {
          json(res, 400, {
            message: { key: [`(${key}) has already been taken`] },
          });
          return;
        }
        const flag = (v: unknown) => v === true || v === 'true';
        const variable: GitlabStandinVariable = {
          key,
          value: String(body.value),
          variable_type: String(body.variable_type ?? 'env_var'),
          protected: flag(body.protected),
          masked: flag(body.masked) || flag(body.masked_and_hidden),
          hidden: flag(body.masked_and_hidden),
          raw: flag(body.raw),
          environment_scope: scope,
          description: body.description ? String(body.description) : null,
        };
        variables.set(project.id, [...list, variable]);
        json(res, 201, {
          ...variable,
          value: variable.hidden ? null : variable.value,
        });
        return;
      }
    }
    if (resource === 'triggers') {
      if (method === 'POST' && !rest && state.refusePipelines) {
        json(res, 403, { message: '403 Forbidden' });
        return;
      }
      if (method === 'POST' && !rest) {
        const body = await readBody(req);
        const trigger = {
          id: nextTriggerId++,
          projectId: project.id,
          token: `glptt-${randomBytes(20).toString('hex')}`,
          description: String(body.description ?? ''),
        };
        triggers.push(trigger);
        const now = new Date().toISOString();
        json(res, 201, {
          id: trigger.id,
          description: trigger.description,
          token: trigger.token,
          created_at: now,
          updated_at: now,
          last_used: null,
          owner: { id: 1, username: 'portal-bot' },
        });
        return;
      }
      if (method === 'DELETE' && rest) {
        const i = triggers.findIndex(
          t => t.projectId === project.id && String(t.id) === rest,
        );
        if (i < 0) {
          json(res, 404, { message: '404 Trigger Not Found' });
          return;
        }
        triggers.splice(i, 1);
        res.writeHead(204);
        res.end();
        return;
      }
    }
    if (resource === 'trigger/pipeline' && method === 'POST') {
      const body = await readBody(req);
      const token = url.searchParams.get('token') ?? body.token;
      const ref = url.searchParams.get('ref') ?? body.ref;
      if (
        !triggers.some(t => t.projectId === project.id && t.token === token)
      ) {
        json(res, 404, { message: '404 Not Found' });
        return;
      }
      const pipeline = await startPipeline(project, String(ref), 'trigger');
      if (!pipeline) {
        json(res, 400, { message: { base: ['Reference not found'] } });
        return;
      }
      json(res, 201, pipelineJson(pipeline));
      return;
    }
    if (resource === 'pipelines' && method === 'GET') {
      const ofProject = pipelines
        .filter(p => p.projectId === project.id)
        .filter(
          p =>
            !url.searchParams.get('ref') ||
            p.ref === url.searchParams.get('ref'),
        )
        .sort((a, b) => b.id - a.id);
      if (!rest) {
        const perPage = Number(url.searchParams.get('per_page') ?? 20);
        json(res, 200, ofProject.slice(0, perPage).map(pipelineJson));
        return;
      }
      const [id, sub] = rest.split('/');
      const pipeline = ofProject.find(p => String(p.id) === id);
      if (!pipeline) {
        json(res, 404, { message: '404 Not found' });
        return;
      }
      if (!sub) {
        json(res, 200, pipelineJson(pipeline));
        return;
      }
      if (sub === 'jobs') {
        json(
          res,
          200,
          pipeline.jobs.map(j => jobJson(pipeline, j)),
        );
        return;
      }
    }
    if (resource === 'jobs' && method === 'GET' && rest) {
      const m = rest.match(/^(\d+)\/artifacts\/(.+)$/);
      const found = m
        ? pipelines
            .filter(p => p.projectId === project.id)
            .flatMap(p => p.jobs)
            .find(j => String(j.id) === m[1])
        : undefined;
      if (m && !found) {
        json(res, 404, { message: '404 Not found' });
        return;
      }
      const file = m && found?.artifacts?.[decodeURIComponent(m[2])];
      if (m && file === undefined) {
        json(res, 404, { message: '404 Not found' });
        return;
      }
      if (m) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(file);
        return;
      }
    }
    json(res, 404, {
      message: `404 ${url.pathname} is not part of the stand-in`,
    });
  }

  async function api(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const rawPath = (req.url ?? '').split('?')[0];
    if (await mergeRequestRoutes.handle(req, res, url, rawPath)) return;
    const namespaceMatch = rawPath.match(/^\/api\/v4\/namespaces\/([^/]+)$/);
    if (namespaceMatch) {
      const m = namespaceMatch;
      const owner = decodeURIComponent(m[1]);
      if (!options.groups.includes(owner)) {
        json(res, 404, { message: '404 Namespace Not Found' });
        return;
      }
      json(res, 200, {
        id: 100 + options.groups.indexOf(owner),
        kind: 'group',
        path: owner,
        full_path: owner,
      });
      return;
    }
    if (rawPath === '/api/v4/user') {
      json(res, 200, { id: 1, username: 'portal-bot' });
      return;
    }
    const groupProjectsMatch = rawPath.match(
      /^\/api\/v4\/groups\/([^/]+)\/projects$/,
    );
    if (groupProjectsMatch) {
      const m = groupProjectsMatch;
      const owner = decodeURIComponent(m[1]);
      const search = url.searchParams.get('search') ?? '';
      json(
        res,
        200,
        projects
          .filter(p => p.namespace === owner && p.path.includes(search))
          .map(projectJson),
      );
      return;
    }
    if (rawPath === '/api/v4/projects' && req.method === 'POST') {
      let raw = '';
      for await (const c of req) raw += c;
      if (!(await intercept('create', req, res))) return;
      const body = JSON.parse(raw || '{}');
      const namespace = options.groups[Number(body.namespace_id) - 100];
      if (
        projects.some(p => p.namespace === namespace && p.path === body.path)
      ) {
        json(res, 400, {
          message: {
            name: ['has already been taken'],
            path: ['has already been taken'],
          },
        });
        return;
      }
      const project = { id: nextProjectId++, path: body.path, namespace };
      const repoDir = path.join(reposRoot, namespace, `${body.path}.git`);
      await git(reposRoot, ['init', '--bare', '--quiet', repoDir]);
      await git(repoDir, ['config', 'http.receivepack', 'true']);
      // as GitLab does: HEAD names the default branch, so a plain clone checks it out
      await git(repoDir, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
      projects.push(project);
      json(res, 201, projectJson(project));
      return;
    }
    const fileMatch = rawPath.match(
      /^\/api\/v4\/projects\/([^/]+)\/repository\/files\/([^/]+)\/raw$/,
    );
    if (fileMatch) {
      const m = fileMatch;
      const project = findProject(decodeURIComponent(m[1]));
      const file = decodeURIComponent(m[2]);
      if (!project) {
        json(res, 404, { message: '404 Project Not Found' });
        return;
      }
      const repoDir = repoDirOf(project);
      const ref = url.searchParams.get('ref') ?? 'main';
      const shown = await run('git', ['show', `${ref}:${file}`], {
        cwd: repoDir,
      });
      if (shown.code !== 0) {
        json(res, 404, { message: '404 File Not Found' });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(shown.stdout);
      return;
    }
    const branchMatch = rawPath.match(
      /^\/api\/v4\/projects\/([^/]+)\/repository\/branches\/([^/]+)$/,
    );
    if (branchMatch) {
      const project = findProject(decodeURIComponent(branchMatch[1]));
      const branch = decodeURIComponent(branchMatch[2]);
      const head = project
        ? await run('git', ['rev-parse', '--verify', `refs/heads/${branch}`], {
            cwd: repoDirOf(project),
          })
        : undefined;
      if (!head || head.code !== 0) {
        json(res, 404, { message: '404 Branch Not Found' });
        return;
      }
      json(res, 200, {
        name: branch,
        commit: { id: head.stdout.toString().trim() },
        web_url: `${baseUrl}/${project!.namespace}/${
          project!.path
        }/-/tree/${branch}`,
      });
      return;
    }
    // What Backstage's GitLab reader calls to read a repository's tree (TechDocs reads a project's docs
    // site this way): the last commit, as the tree's etag, then the tree as GitLab's .tar.gz archive,
    // whose files sit in one top folder named after the project and commit.
    const treeMatch = rawPath.match(
      /^\/api\/v4\/projects\/([^/]+)\/repository\/(commits|archive)$/,
    );
    if (treeMatch) {
      const project = findProject(decodeURIComponent(treeMatch[1]));
      if (!project) {
        json(res, 404, { message: '404 Project Not Found' });
        return;
      }
      const repoDir = repoDirOf(project);
      const ref =
        url.searchParams.get(treeMatch[2] === 'commits' ? 'ref_name' : 'sha') ??
        'main';
      const subpath = url.searchParams.get('path');
      const paths = subpath ? ['--', subpath] : [];
      const last = await run(
        'git',
        ['log', '-1', '--format=%H', ref, ...paths],
        { cwd: repoDir },
      );
      const sha = last.stdout.toString().trim();
      if (last.code !== 0 || !sha) {
        json(res, 404, { message: '404 Commit Not Found' });
        return;
      }
      if (treeMatch[2] === 'commits') {
        json(res, 200, [{ id: sha }]);
        return;
      }
      const archive = await run(
        'git',
        [
          'archive',
          '--format=tar.gz',
          `--prefix=${project.path}-${sha}/`,
          sha,
          ...(subpath ? [subpath] : []),
        ],
        { cwd: repoDir },
      );
      res.writeHead(200, { 'content-type': 'application/x-gzip' });
      res.end(archive.stdout);
      return;
    }
    if (rawPath === '/api/v4/groups' && req.method === 'GET') {
      // every group of the stand-in is one the token may create projects in (Developer or more)
      const minAccess = Number(url.searchParams.get('min_access_level') ?? 0);
      const search = url.searchParams.get('search') ?? '';
      json(
        res,
        200,
        (minAccess <= 50 ? options.groups : [])
          .filter(g => g.includes(search))
          .map(groupJson),
      );
      return;
    }
    const ciMatch = rawPath.match(
      /^\/api\/v4\/projects\/([^/]+)\/(variables|triggers|trigger\/pipeline|pipelines|pipeline|jobs)(?:\/(.*))?$/,
    );
    if (ciMatch) {
      const project = findProject(decodeURIComponent(ciMatch[1]));
      if (!project) {
        json(res, 404, { message: '404 Project Not Found' });
        return;
      }
      await ci(req, res, url, project, ciMatch[2], ciMatch[3]);
      return;
    }
    const projectMatch = rawPath.match(/^\/api\/v4\/projects\/([^/]+)$/);
    if (projectMatch) {
      const m = projectMatch;
      const project = findProject(decodeURIComponent(m[1]));
      if (project) json(res, 200, projectJson(project));
      else json(res, 404, { message: '404 Project Not Found' });
      return;
    }
    json(res, 404, { message: `404 ${rawPath} is not part of the stand-in` });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    if (!authorised(req)) {
      if (url.pathname.includes('.git/')) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="GitLab"' });
        res.end();
      } else {
        json(res, 401, { message: '401 Unauthorized' });
      }
      return;
    }
    const handler = url.pathname.includes('.git/') ? gitBackend : api;
    handler(req, res, url).catch(e => {
      json(res, 500, { message: String(e) });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    host: `127.0.0.1:${port}`,
    url: baseUrl,
    integrationConfig: token => ({
      host: `127.0.0.1:${port}`,
      apiBaseUrl: `${baseUrl}/api/v4`,
      baseUrl,
      token,
    }),
    projects,
    variables,
    pipelines,
    mergeRequests: mergeRequestRoutes.mergeRequests,
    state,
    finishPipeline,
    hold(step) {
      let arrived!: () => void;
      let go!: () => void;
      const reached = new Promise<void>(r => (arrived = r));
      const released = new Promise<void>(r => (go = r));
      holds.set(step, async gone => {
        arrived();
        await released;
        return !gone();
      });
      return {
        reached,
        release: () => {
          holds.delete(step);
          go();
        },
      };
    },
    fail(step, status, times = 1) {
      failures.set(step, { status, times });
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
    reposRoot,
    async addProject(namespace: string, repo: string) {
      const project = { id: nextProjectId++, path: repo, namespace };
      await run('git', [
        'init',
        '--bare',
        '--quiet',
        path.join(reposRoot, namespace, `${repo}.git`),
      ]);
      projects.push(project);
    },
    async commitFiles(namespace: string, repo: string, files) {
      const project = findProject(`${namespace}/${repo}`);
      if (!project) {
        throw new Error(`the stand-in holds no project ${namespace}/${repo}`);
      }
      const cwd = repoDirOf(project);
      const parent = (
        await run('git', ['rev-parse', '--verify', '--quiet', 'main'], { cwd })
      ).stdout
        .toString()
        .trim();
      await commitToBranch(cwd, {
        branch: 'main',
        parent: parent || undefined,
        message: 'A change',
        strict: false,
        actions: Object.entries(files).map(([filePath, text]) => ({
          action: 'update',
          filePath,
          content: Buffer.from(text),
        })),
      });
      await git(cwd, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    },
    close: async () => {
      await new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      rmSync(reposRoot, { recursive: true, force: true });
    },
  };
}
