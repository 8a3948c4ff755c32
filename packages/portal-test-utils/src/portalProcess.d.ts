export interface Portal {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  lines: string[];
  exited: Promise<number | null>;
  readonly exitCode: number | null;
  readyMs?: number;
  errors(): string[];
  stop(): Promise<void>;
}
export interface StartPortalOptions {
  configs?: string[];
  config?: object;
  dataDir?: string;
  env?: Record<string, string>;
  port?: number;
  timeoutMs?: number;
  waitForReady?: boolean;
  backendDir?: string;
}
export function startPortal(options?: StartPortalOptions): Promise<Portal>;
export function guestToken(url: string): Promise<string>;
export function freePort(): Promise<number>;
export function errorLines(lines: string[]): string[];
export const root: string;
export function backendCommand(
  configFiles: string[],
  dir?: string,
): {
  command: string;
  args: string[];
  cwd: string;
};
