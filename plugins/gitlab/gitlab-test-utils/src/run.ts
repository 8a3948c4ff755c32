import { spawn } from 'child_process';

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
    // A command may exit before it has read all its input (git http-backend given a push cut short by
    // a killed client): the broken pipe is not an error of ours, its exit code and stderr say what happened.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
  });
}

/** The stand-in's own commits (merge-request branches, commits through the API) name it. */
export const gitIdentity = {
  GIT_AUTHOR_NAME: 'Stand-in',
  GIT_AUTHOR_EMAIL: 'standin@example.com',
  GIT_COMMITTER_NAME: 'Stand-in',
  GIT_COMMITTER_EMAIL: 'standin@example.com',
};

/** Runs a git command that must succeed, in `cwd`: its output, trimmed; a non-zero exit throws with git's message. */
export async function git(
  cwd: string,
  args: string[],
  input?: Buffer | string,
): Promise<string> {
  const result = await run('git', args, {
    cwd,
    input: typeof input === 'string' ? Buffer.from(input) : input,
    env: { ...process.env, ...gitIdentity },
  });
  if (result.code !== 0) {
    throw new Error(`git ${args[0]} failed: ${result.stderr}`);
  }
  return result.stdout.toString('utf8').trim();
}
