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
    child.stdin.end(options.input);
  });
}

/** Runs a git command that must succeed: a non-zero exit throws with git's own message. */
export async function git(
  args: string[],
  options: { cwd?: string } = {},
): Promise<Buffer> {
  const r = await run('git', args, options);
  if (r.code !== 0) {
    throw new Error(`git ${args[0]} failed: ${r.stderr.trim()}`);
  }
  return r.stdout;
}
