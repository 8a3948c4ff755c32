import http from 'http';
import path from 'path';
import { git, gitIdentity, run } from './run';

/** A merge request the stand-in holds (`POST /projects/:id/merge_requests`). */
export interface GitlabStandinMergeRequest {
  id: number;
  iid: number;
  projectId: number;
  title: string;
  description: string | null;
  sourceBranch: string;
  targetBranch: string;
  state: 'opened' | 'merged' | 'closed';
  createdAt: string;
  webUrl: string;
}

/** One change of a commit, as `POST /projects/:id/repository/commits` takes it. */
export interface GitlabCommitAction {
  action: 'create' | 'update' | 'delete';
  filePath: string;
  /** The file's bytes; absent for `delete`. */
  content?: Buffer;
  executable?: boolean;
}

/** Why GitLab refuses a commit, in its own words (answered as 400). */
export class CommitRefused extends Error {}

/** The commit a branch points at, or undefined when the branch does not exist. */
export async function branchHead(repoDir: string, branch: string) {
  const head = await run(
    'git',
    ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`],
    { cwd: repoDir },
  );
  return head.code === 0 ? head.stdout.toString().trim() : undefined;
}

/**
 * Commits these changes on `branch` of a bare repository (from `parent`, or as a first commit), with
 * git's own plumbing, and moves the branch: what GitLab does for a commit made through its API.
 */
export async function commitToBranch(
  repoDir: string,
  options: {
    branch: string;
    parent?: string;
    message: string;
    actions: GitlabCommitAction[];
    /** false: `create` and `update` both write the file, whether it exists or not. */
    strict?: boolean;
  },
): Promise<string> {
  const index = path.join(
    repoDir,
    `standin-index-${process.pid}-${Date.now()}`,
  );
  const withIndex = (args: string[], input?: Buffer) =>
    run('git', args, {
      cwd: repoDir,
      input,
      env: { ...process.env, ...gitIdentity, GIT_INDEX_FILE: index },
    });
  await withIndex(
    options.parent ? ['read-tree', options.parent] : ['read-tree', '--empty'],
  );
  for (const a of options.actions) {
    const listed = await withIndex(['ls-files', '--', a.filePath]);
    const exists = listed.stdout.toString().trim() !== '';
    // strict: false writes over whatever is there
    if (options.strict !== false && a.action === 'create' && exists) {
      throw new CommitRefused('A file with this name already exists');
    }
    if (
      options.strict !== false &&
      (a.action === 'update' || a.action === 'delete') &&
      !exists
    ) {
      throw new CommitRefused("A file with this name doesn't exist");
    }
    if (a.action === 'delete') {
      await withIndex(['update-index', '--force-remove', '--', a.filePath]);
      continue;
    }
    const blob = await git(
      repoDir,
      ['hash-object', '-w', '--stdin'],
      a.content ?? Buffer.alloc(0),
    );
    await withIndex([
      'update-index',
      '--add',
      '--cacheinfo',
      `${a.executable ? '100755' : '100644'},${blob},${a.filePath}`,
    ]);
  }
  const tree = (await withIndex(['write-tree'])).stdout.toString().trim();
  await run('rm', ['-f', index]);
  const commit = await git(repoDir, [
    'commit-tree',
    tree,
    ...(options.parent ? ['-p', options.parent] : []),
    '-m',
    options.message,
  ]);
  await git(repoDir, ['update-ref', `refs/heads/${options.branch}`, commit]);
  return commit;
}

/**
 * GitLab's merge-request calls, over a project's bare repository: the ones
 * `publish:gitlab:merge-request` makes (the repository tree, a branch, a commit with actions, the merge
 * request) and the ones a reviewer's page reads (the merge request and its diffs).
 */
export function createMergeRequestRoutes(deps: {
  baseUrl: () => string;
  findProject: (
    idOrPath: string,
  ) => { id: number; path: string; namespace: string } | undefined;
  repoDirOf: (p: { id: number; path: string; namespace: string }) => string;
  readBody: (req: http.IncomingMessage) => Promise<Record<string, unknown>>;
  json: (res: http.ServerResponse, status: number, body: unknown) => void;
}) {
  const { json } = deps;
  const mergeRequests: GitlabStandinMergeRequest[] = [];
  let nextId = 1;

  const mrJson = (mr: GitlabStandinMergeRequest) => ({
    id: mr.id,
    iid: mr.iid,
    project_id: mr.projectId,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.createdAt,
    updated_at: mr.createdAt,
    source_branch: mr.sourceBranch,
    target_branch: mr.targetBranch,
    source_project_id: mr.projectId,
    target_project_id: mr.projectId,
    draft: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: 'mergeable',
    author: { id: 1, username: 'portal-bot' },
    web_url: mr.webUrl,
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    rawPath: string,
  ): Promise<boolean> {
    const m = rawPath.match(
      /^\/api\/v4\/projects\/([^/]+)\/(repository\/tree|repository\/branches|repository\/commits|merge_requests)(?:\/(.*))?$/,
    );
    if (!m) return false;
    const [, id, resource, rest] = m;
    const method = req.method ?? 'GET';
    // GET .../repository/branches/:branch and GET .../repository/commits stay the stand-in's own
    if (resource === 'repository/branches' && method === 'GET') return false;
    if (resource === 'repository/commits' && method === 'GET') return false;
    const project = deps.findProject(decodeURIComponent(id));
    if (!project) {
      json(res, 404, { message: '404 Project Not Found' });
      return true;
    }
    const repoDir = deps.repoDirOf(project);
    const projectUrl = `${deps.baseUrl()}/${project.namespace}/${project.path}`;

    if (resource === 'repository/tree' && method === 'GET' && !rest) {
      const ref = url.searchParams.get('ref') ?? 'main';
      const sub = url.searchParams.get('path');
      const recursive = url.searchParams.get('recursive') === 'true';
      const listed = await run(
        'git',
        [
          'ls-tree',
          ...(recursive ? ['-r', '-t'] : []),
          ref,
          ...(sub ? ['--', sub.endsWith('/') ? sub : `${sub}/`] : []),
        ],
        { cwd: repoDir },
      );
      if (listed.code !== 0) {
        json(res, 404, { message: '404 Tree Not Found' });
        return true;
      }
      const entries = listed.stdout
        .toString()
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [meta, filePath] = line.split('\t');
          const [mode, type, sha] = meta.split(' ');
          return {
            id: sha,
            name: path.posix.basename(filePath),
            type,
            path: filePath,
            mode,
          };
        });
      const perPage = Math.min(
        Number(url.searchParams.get('per_page') ?? 20),
        100,
      );
      const page = Number(url.searchParams.get('page') ?? 1);
      const pages = Math.max(1, Math.ceil(entries.length / perPage));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-page': String(page),
        'x-per-page': String(perPage),
        'x-total': String(entries.length),
        'x-total-pages': String(pages),
        'x-next-page': page < pages ? String(page + 1) : '',
        'x-prev-page': page > 1 ? String(page - 1) : '',
      };
      if (page < pages) {
        const next = new URL(url.toString(), deps.baseUrl());
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      res.writeHead(200, headers);
      res.end(
        JSON.stringify(entries.slice((page - 1) * perPage, page * perPage)),
      );
      return true;
    }

    if (resource === 'repository/branches' && method === 'POST' && !rest) {
      const body = await deps.readBody(req);
      const branch = String(
        url.searchParams.get('branch') ?? body.branch ?? '',
      );
      const ref = String(url.searchParams.get('ref') ?? body.ref ?? '');
      if (
        !branch ||
        (await run('git', ['check-ref-format', '--branch', branch])).code !== 0
      ) {
        json(res, 400, { message: 'Branch name is invalid' });
        return true;
      }
      if (await branchHead(repoDir, branch)) {
        json(res, 400, { message: 'Branch already exists' });
        return true;
      }
      const from = await run(
        'git',
        ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`],
        { cwd: repoDir },
      );
      if (!ref || from.code !== 0) {
        json(res, 400, { message: `Invalid reference name: ${ref}` });
        return true;
      }
      const sha = from.stdout.toString().trim();
      await git(repoDir, ['update-ref', `refs/heads/${branch}`, sha]);
      json(res, 201, {
        name: branch,
        merged: false,
        protected: false,
        default: false,
        developers_can_push: false,
        developers_can_merge: false,
        can_push: true,
        web_url: `${projectUrl}/-/tree/${branch}`,
        commit: { id: sha, short_id: sha.slice(0, 8) },
      });
      return true;
    }

    if (resource === 'repository/commits' && method === 'POST' && !rest) {
      const body = await deps.readBody(req);
      const branch = String(body.branch ?? '');
      const message = String(body.commit_message ?? '');
      const actions = Array.isArray(body.actions) ? body.actions : undefined;
      if (!branch || !message || !actions) {
        json(res, 400, {
          error: [
            !branch && 'branch is missing',
            !message && 'commit_message is missing',
            !actions && 'actions is missing',
          ]
            .filter(Boolean)
            .join(', '),
        });
        return true;
      }
      const startBranch = body.start_branch
        ? String(body.start_branch)
        : undefined;
      const parent = await branchHead(repoDir, startBranch ?? branch);
      if (!parent) {
        json(res, 400, {
          message: 'You can only create or edit files when you are on a branch',
        });
        return true;
      }
      try {
        const sha = await commitToBranch(repoDir, {
          branch,
          parent,
          message,
          actions: actions.map((a: Record<string, unknown>) => {
            const action = String(a.action);
            if (!['create', 'update', 'delete'].includes(action)) {
              throw new CommitRefused(
                `actions[${String(
                  a.file_path,
                )}] action does not have a valid value`,
              );
            }
            const text = a.content === undefined ? '' : String(a.content);
            return {
              action: action as GitlabCommitAction['action'],
              filePath: String(a.file_path ?? '').replace(/^\/+/, ''),
              content:
                a.encoding === 'base64'
                  ? Buffer.from(text, 'base64')
                  : Buffer.from(text, 'utf8'),
              executable: a.execute_filemode === true,
            };
          }),
        });
        const now = new Date().toISOString();
        json(res, 201, {
          id: sha,
          short_id: sha.slice(0, 8),
          title: message.split('\n')[0],
          message,
          parent_ids: [parent],
          author_name: gitIdentity.GIT_AUTHOR_NAME,
          author_email: gitIdentity.GIT_AUTHOR_EMAIL,
          committer_name: gitIdentity.GIT_COMMITTER_NAME,
          committer_email: gitIdentity.GIT_COMMITTER_EMAIL,
          created_at: now,
          authored_date: now,
          committed_date: now,
          web_url: `${projectUrl}/-/commit/${sha}`,
        });
      } catch (e) {
        if (!(e instanceof CommitRefused)) throw e;
        json(res, 400, { message: e.message });
      }
      return true;
    }

    if (resource === 'merge_requests') {
      const ofProject = mergeRequests.filter(x => x.projectId === project.id);
      if (method === 'POST' && !rest) {
        const body = await deps.readBody(req);
        const source = String(body.source_branch ?? '');
        const target = String(body.target_branch ?? '');
        const title = String(body.title ?? '');
        const missing = [
          !source && 'source_branch is missing',
          !target && 'target_branch is missing',
          !title && 'title is missing',
        ].filter(Boolean);
        if (missing.length) {
          json(res, 400, { error: missing.join(', ') });
          return true;
        }
        const open = ofProject.find(
          x =>
            x.state === 'opened' &&
            x.sourceBranch === source &&
            x.targetBranch === target,
        );
        if (open) {
          json(res, 409, {
            message: [
              `Another open merge request already exists for this source branch: !${open.iid}`,
            ],
          });
          return true;
        }
        if (
          !(await branchHead(repoDir, source)) ||
          !(await branchHead(repoDir, target))
        ) {
          json(res, 422, {
            message: [
              !(await branchHead(repoDir, source))
                ? 'Source branch does not exist'
                : 'Target branch does not exist',
            ],
          });
          return true;
        }
        const iid = ofProject.length + 1;
        const mr: GitlabStandinMergeRequest = {
          id: nextId++,
          iid,
          projectId: project.id,
          title,
          description:
            body.description === undefined ? null : String(body.description),
          sourceBranch: source,
          targetBranch: target,
          state: 'opened',
          createdAt: new Date().toISOString(),
          webUrl: `${projectUrl}/-/merge_requests/${iid}`,
        };
        mergeRequests.push(mr);
        json(res, 201, mrJson(mr));
        return true;
      }
      if (method === 'GET' && !rest) {
        const state = url.searchParams.get('state');
        const source = url.searchParams.get('source_branch');
        json(
          res,
          200,
          ofProject
            .filter(x => !state || state === 'all' || x.state === state)
            .filter(x => !source || x.sourceBranch === source)
            .sort((a, b) => b.iid - a.iid)
            .map(mrJson),
        );
        return true;
      }
      const [iid, sub] = (rest ?? '').split('/');
      const mr = ofProject.find(x => String(x.iid) === iid);
      if (method === 'GET' && !mr) {
        json(res, 404, { message: '404 Not found' });
        return true;
      }
      if (method === 'GET' && mr && !sub) {
        json(res, 200, mrJson(mr));
        return true;
      }
      if (method === 'GET' && mr && sub === 'diffs') {
        json(res, 200, await diffs(repoDir, mr));
        return true;
      }
    }
    return false;
  }

  /** `GET .../merge_requests/:iid/diffs`: each changed file, diffed from the merge base. */
  async function diffs(repoDir: string, mr: GitlabStandinMergeRequest) {
    const range = `refs/heads/${mr.targetBranch}...refs/heads/${mr.sourceBranch}`;
    const names = await git(repoDir, ['diff', '--name-status', range]);
    const out = [];
    for (const line of names.split('\n').filter(Boolean)) {
      const [status, filePath] = line.split('\t');
      const diff = await git(repoDir, ['diff', range, '--', filePath]);
      out.push({
        old_path: filePath,
        new_path: filePath,
        a_mode: status === 'A' ? '0' : '100644',
        b_mode: status === 'D' ? '0' : '100644',
        new_file: status === 'A',
        renamed_file: false,
        deleted_file: status === 'D',
        // GitLab's diff holds the hunks only, from the first "@@"
        diff: `${diff.slice(Math.max(0, diff.indexOf('@@')))}\n`,
      });
    }
    return out;
  }

  return { handle, mergeRequests };
}
