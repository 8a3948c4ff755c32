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
  fixtures: any;
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
export function sampleFixtures(): any;
export const ACCESS_KEY: string;
export const SECRET_KEY: string;
