export interface ClearmlStandinState {
  accessKey: string;
  secretKey: string;
  tokenTtlSeconds: number;
  delayMs: number;
  failStatus: number | undefined;
  logins: number;
  calls: Array<{ endpoint: string; body: any; authorization: string }>;
  tokens: Map<string, number>;
}
export interface ClearmlStandin {
  fixtures: { projects: ClearmlStandinProject[]; [key: string]: any };
  state: ClearmlStandinState;
  readonly url: string;
  revokeTokens(): void;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
}
export function createClearmlStandin(options?: {
  fixtures?: any;
  accessKey?: string;
  secretKey?: string;
  tokenTtlSeconds?: number;
}): ClearmlStandin;
export interface ClearmlStandinProject {
  id: string;
  name: string;
  description?: string;
  hidden?: boolean;
}
export function sampleFixtures(): any;
export function emptyFixtures(): {
  projects: ClearmlStandinProject[];
  tasks: any[];
  scalars: Record<string, any>;
  models: any[];
  plots: Record<string, any[]>;
};
export const ACCESS_KEY: string;
export const SECRET_KEY: string;
