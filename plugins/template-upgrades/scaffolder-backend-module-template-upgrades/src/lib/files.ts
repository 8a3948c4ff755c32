import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';

/** SHA-256 of a file's bytes, in hex: how `.portal/answers.json` records a file. */
export function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Every file under `root`, as POSIX paths relative to it, sorted; `.git` is skipped, and so are symbolic
 * links (a template writes none, and one could point outside the workspace).
 */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  }
  await walk(root);
  return out.sort();
}
