import { Config } from '@backstage/config';
import { ResponseError, ServiceUnavailableError } from '@backstage/errors';

/** A ClearML project as the API returns it. */
export interface ClearmlProject {
  id: string;
  name: string;
}

/** The calls "Create project" makes to ClearML's REST API. */
export interface ClearmlClient {
  /** The project with exactly this name, or undefined when there is none. */
  findProject(name: string): Promise<ClearmlProject | undefined>;
  /** Creates the project and returns its id. */
  createProject(options: {
    name: string;
    description: string;
  }): Promise<string>;
  /** The web app's page of a project. */
  projectUrl(id: string): string;
}

/** ClearML answers every call with a `{ meta, data }` envelope. */
interface Envelope<T> {
  meta?: { result_code?: number; result_subcode?: number; result_msg?: string };
  data?: T;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Talks to ClearML's REST API with the portal's service credentials (`clearml.*` config). */
export class DefaultClearmlClient implements ClearmlClient {
  private token?: string;

  static fromConfig(config: Config): DefaultClearmlClient {
    const clearml = config.getOptionalConfig('clearml');
    if (!clearml) {
      throw new Error(
        'ClearML is not configured: set clearml.apiUrl, clearml.webUrl, clearml.accessKey and clearml.secretKey',
      );
    }
    return new DefaultClearmlClient(
      clearml.getString('apiUrl').replace(/\/+$/, ''),
      clearml.getString('webUrl').replace(/\/+$/, ''),
      clearml.getString('accessKey'),
      clearml.getString('secretKey'),
    );
  }

  private constructor(
    private readonly apiUrl: string,
    private readonly webUrl: string,
    private readonly accessKey: string,
    private readonly secretKey: string,
  ) {}

  projectUrl(id: string): string {
    return `${this.webUrl}/projects/${encodeURIComponent(id)}/experiments`;
  }

  async findProject(name: string): Promise<ClearmlProject | undefined> {
    // projects.get_all matches `name` as a regular expression: anchor it and compare exactly.
    const data = await this.call<{ projects?: ClearmlProject[] }>(
      'projects.get_all',
      { name: `^${escapeRegExp(name)}$`, only_fields: ['id', 'name'] },
    );
    return (data.projects ?? []).find(p => p.name === name);
  }

  async createProject(options: {
    name: string;
    description: string;
  }): Promise<string> {
    const data = await this.call<{ id?: string }>('projects.create', options);
    if (!data.id) {
      throw new Error('ClearML projects.create answered without a project id');
    }
    return data.id;
  }

  private async login(): Promise<string> {
    const basic = Buffer.from(`${this.accessKey}:${this.secretKey}`).toString(
      'base64',
    );
    const data = await this.post<{ token?: string }>(
      'auth.login',
      {},
      `Basic ${basic}`,
    );
    if (!data.token) {
      throw new Error('ClearML auth.login answered without a token');
    }
    return data.token;
  }

  private async call<T>(endpoint: string, body: object): Promise<T> {
    if (!this.token) {
      this.token = await this.login();
    }
    return this.post<T>(endpoint, body, `Bearer ${this.token}`);
  }

  private async post<T>(
    endpoint: string,
    body: object,
    authorization: string,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.apiUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', authorization },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new ServiceUnavailableError(
        `ClearML at ${this.apiUrl} is unreachable (${endpoint}): ${
          (e as Error).cause ?? (e as Error).message
        }`,
      );
    }
    if (!res.ok) {
      const detail = await res
        .clone()
        .json()
        .then((b: Envelope<unknown>) => b?.meta?.result_msg)
        .catch(() => undefined);
      const error = await ResponseError.fromResponse(res);
      const hint =
        res.status === 401 || res.status === 403
          ? ' (check clearml.accessKey and clearml.secretKey)'
          : '';
      error.message = `ClearML ${endpoint} answered ${res.status} ${
        res.statusText
      }${detail ? `: ${detail}` : ''}${hint}`;
      throw error;
    }
    const envelope = (await res.json()) as Envelope<T>;
    const code = envelope.meta?.result_code ?? 200;
    if (code !== 200 || envelope.data === undefined) {
      throw new Error(
        `ClearML ${endpoint} failed with result code ${code}: ${
          envelope.meta?.result_msg ?? 'no data in the answer'
        }`,
      );
    }
    return envelope.data;
  }
}
