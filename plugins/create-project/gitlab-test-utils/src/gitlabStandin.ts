import { spawn } from 'child_process';
import { mkdtempSync } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';

/** Runs a command without blocking the event loop (this process also serves the stand-in). */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: Buffer } = {},
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }),
    );
    child.stdin.end(options.input);
  });
}

/** A repository the stand-in holds. */
export interface GitlabStandinProject {
  id: number;
  path: string;
  namespace: string;
}

/** Options of {@link startGitlabStandin}. */
export interface GitlabStandinOptions {
  /** The one token it accepts (as `PRIVATE-TOKEN`, Bearer, or the password of `oauth2` over git). */
  token: string;
  /** The groups that exist. */
  groups: string[];
}

/** A running stand-in. */
export interface GitlabStandin {
  /** `127.0.0.1:<port>`, the host to configure in `integrations.gitlab`. */
  host: string;
  url: string;
  projects: GitlabStandinProject[];
  /** `refuseTokens: true` makes it answer 401 to everything (a revoked token). */
  state: { refuseTokens: boolean };
  /** The folder of the bare repositories, `<group>/<name>.git`. */
  reposRoot: string;
  /** Adds a project as if someone had created it before. */
  addProject(namespace: string, repo: string): Promise<void>;
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
  const state = { refuseTokens: false };
  let baseUrl = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
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

  async function gitBackend(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
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
    res.writeHead(status, headers);
    res.end(stdout.subarray(split + 4));
  }

  async function api(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ) {
    const rawPath = (req.url ?? '').split('?')[0];
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
      const project = { id: projects.length + 1, path: body.path, namespace };
      const repoDir = path.join(reposRoot, namespace, `${body.path}.git`);
      await run('git', ['init', '--bare', '--quiet', repoDir]);
      await run('git', ['config', 'http.receivepack', 'true'], {
        cwd: repoDir,
      });
      // as GitLab does: HEAD names the default branch, so a plain clone checks it out
      await run('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], {
        cwd: repoDir,
      });
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
    projects,
    state,
    reposRoot,
    async addProject(namespace: string, repo: string) {
      const project = { id: projects.length + 1, path: repo, namespace };
      await run('git', [
        'init',
        '--bare',
        '--quiet',
        path.join(reposRoot, namespace, `${repo}.git`),
      ]);
      projects.push(project);
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
