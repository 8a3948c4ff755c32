export interface GitlabDouble {
  host: string;
  url: string;
  reposRoot: string;
  projects: Array<{ id: number; path: string; namespace: string }>;
  close(): Promise<void>;
}
export interface ClearmlDouble {
  url: string;
  projects: Array<{ id: string; name: string; description?: string }>;
  close(): Promise<void>;
}
export interface GitlabStandin {
  gitlab: GitlabDouble;
  group: string;
  token: string;
  config: object;
  close(): Promise<void>;
}
export interface Standins extends GitlabStandin {
  clearml: ClearmlDouble;
}
export function startGitlabStandin(): Promise<GitlabStandin>;
export function startStandins(): Promise<Standins>;
