import fs from 'node:fs/promises';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

const KEY = 'techdocs.portal.buildTimeout';
/** Five minutes: the portal's own sites build in seconds; a site that needs longer is not a docs site. */
const DEFAULT_MS = 5 * 60_000;
const MAX_MS = 60 * 60_000;

/** `techdocs.portal.buildTimeout` in milliseconds: how long one mkdocs build may run. */
export function readBuildTimeout(config: Config): number {
  if (!config.has(KEY)) return DEFAULT_MS;
  let ms: number;
  try {
    ms = durationToMilliseconds(readDurationFromConfig(config, { key: KEY }));
  } catch (e) {
    throw new Error(
      `${KEY} must be a duration such as "5m" or { minutes: 5 }: ${
        (e as Error).message
      }`,
    );
  }
  if (!(ms >= 1000 && ms <= MAX_MS)) {
    throw new Error(
      `${KEY} must be between 1 second and 1 hour, not ${ms} ms: a docs build has to end, and mkdocs needs a moment`,
    );
  }
  return ms;
}

/** The readable duration for messages: "5 minutes", "90 seconds". */
export function describeDuration(ms: number): string {
  if (ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.round(ms / 1000);
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Kills the processes this backend started in `dir` (Backstage's generator runs `mkdocs` with the
 * site's folder as its working directory and keeps no handle we could reach), and their children.
 * Reads Linux's /proc; elsewhere it finds nothing and the build is only abandoned. Returns how many
 * processes it stopped.
 */
export async function killBuildsIn(dir: string): Promise<number> {
  const target = await fs.realpath(dir).catch(() => dir);
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const parents = new Map<number, number>();
  const inDir = new Set<number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isFinite(ppid)) continue;
    parents.set(pid, ppid);
    const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    if (cwd === target) inDir.add(pid);
  }
  // Only our own children (and their descendants): never another program that happens to sit there.
  const ours = [...inDir].filter(pid => parents.get(pid) === process.pid);
  const doomed = new Set(ours);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (!doomed.has(pid) && doomed.has(ppid)) {
        doomed.add(pid);
        grew = true;
      }
    }
  }
  for (const pid of doomed) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  return doomed.size;
}
