import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Debian's nginx, for the tests that run the edge's own configuration in front of stand-ins. */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(p =>
  fs.existsSync(p),
);

function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs nginx in the foreground with `conf`, its prefix, pid and logs in `folder`, and waits (10 s at most)
 * until it accepts connections on `port`. Its output goes to a file: the edge's nginx.conf logs to
 * /dev/stdout and /dev/stderr, which nginx cannot open when they are pipes.
 */
export async function startNginx(options: {
  conf: string;
  folder: string;
  port: number;
}): Promise<{ stop(): Promise<void> }> {
  const { conf, folder, port } = options;
  if (!NGINX) {
    throw new Error('nginx is not installed (apt-get install -y nginx)');
  }
  const errorLog = path.join(folder, 'error.log');
  const output = path.join(folder, 'nginx.out');
  const outputFd = fs.openSync(output, 'w');
  const nginx = spawn(
    NGINX,
    [
      '-p',
      folder,
      '-c',
      conf,
      '-e',
      errorLog,
      '-g',
      `pid ${path.join(folder, 'nginx.pid')}; daemon off;`,
    ],
    { stdio: ['ignore', outputFd, outputFd] },
  );
  fs.closeSync(outputFd);
  const exited = new Promise(resolve => nginx.once('exit', resolve));
  const running = {
    async stop() {
      if (nginx.exitCode !== null) return;
      nginx.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (nginx.exitCode !== null || Date.now() > deadline) {
      await running.stop();
      const log = fs.existsSync(errorLog)
        ? fs.readFileSync(errorLog, 'utf8')
        : '';
      throw new Error(
        `nginx did not start: ${fs.readFileSync(output, 'utf8')} ${log}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
  return running;
}
