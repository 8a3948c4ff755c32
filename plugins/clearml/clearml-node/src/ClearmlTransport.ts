import { Config } from '@backstage/config';
import { clearmlLinks } from '@mlops-portal/plugin-clearml-common';
import {
  CLEARML_CREDENTIALS_HINT,
  ClearmlConfig,
  readClearmlConfig,
} from './config';
import {
  ClearmlApiError,
  ClearmlCredentialsError,
  ClearmlUnreachableError,
} from './errors';

/** A call of ClearML's REST API, `<service>.<action>`, for example `projects.get_all`. */
export type ClearmlEndpoint = `${string}.${string}`;

/** Deep links into the ClearML web app at `clearml.webUrl`. */
export interface ClearmlWebLinks {
  project(projectId: string): string;
  experiment(projectId: string, taskId: string): string;
  experimentScalars(projectId: string, taskId: string): string;
  model(projectId: string, modelId: string): string;
  dataset(datasetProjectId: string, taskId: string): string;
}

/**
 * The portal's one way to ClearML's REST API, with the portal's service credentials. Plugins build their
 * own typed calls on `call`; they never see the credentials or the token.
 */
export interface ClearmlTransport {
  /** The API server (`clearml.apiUrl`), for messages. */
  readonly apiUrl: string;
  /** The web app as browsers reach it (`clearml.webUrl`). */
  readonly webUrl: string;
  readonly links: ClearmlWebLinks;
  /**
   * `POST <apiUrl>/<endpoint>` with `body`, logged in; answers the envelope's `data`. Throws a
   * `ClearmlUnreachableError`, `ClearmlCredentialsError` or `ClearmlApiError`, never answers undefined
   * for a failure.
   */
  call<T>(endpoint: ClearmlEndpoint, body?: object): Promise<T>;
}

/** ClearML answers every call in a `{ meta, data }` envelope. */
interface Envelope<T> {
  meta?: { result_code?: number; result_subcode?: number; result_msg?: string };
  data?: T;
}

const ENDPOINT = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

/** Renew the token this long before ClearML says it expires. */
const RENEW_MARGIN_MS = 60_000;

/** When a ClearML token (a JWT) expires, from its `exp` claim; undefined when it does not say. */
function tokenExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * Logs in with `auth.login` (Basic auth with the access key and secret), then sends each call with the
 * token (Bearer). The token is kept until a minute before it expires; when ClearML answers 401 anyway
 * (revoked, or the server restarted) the transport logs in again, once, and repeats the call. Concurrent
 * calls share one login. Every request is bounded by `clearml.timeoutMs`.
 */
export class DefaultClearmlTransport implements ClearmlTransport {
  private token?: { value: string; expiresAt?: number };
  private login?: Promise<string>;
  readonly links: ClearmlWebLinks;

  /** The transport for the `clearml` config block, or undefined when none of its keys is set. */
  static fromConfig(config: Config): DefaultClearmlTransport | undefined {
    const clearml = readClearmlConfig(config);
    return clearml ? new DefaultClearmlTransport(clearml) : undefined;
  }

  private constructor(private readonly options: ClearmlConfig) {
    const webUrl = options.webUrl;
    this.links = {
      project: projectId => clearmlLinks.project(webUrl, projectId),
      experiment: (projectId, taskId) =>
        clearmlLinks.experiment(webUrl, projectId, taskId),
      experimentScalars: (projectId, taskId) =>
        clearmlLinks.experimentScalars(webUrl, projectId, taskId),
      model: (projectId, modelId) =>
        clearmlLinks.model(webUrl, projectId, modelId),
      dataset: (datasetProjectId, taskId) =>
        clearmlLinks.dataset(webUrl, datasetProjectId, taskId),
    };
  }

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  get webUrl(): string {
    return this.options.webUrl;
  }

  async call<T>(endpoint: ClearmlEndpoint, body: object = {}): Promise<T> {
    if (!ENDPOINT.test(endpoint) || endpoint === 'auth.login') {
      throw new TypeError(
        `"${endpoint}" is not a ClearML API call of the form <service>.<action>`,
      );
    }
    const token = await this.currentToken();
    try {
      return await this.post<T>(endpoint, body, `Bearer ${token}`);
    } catch (error) {
      if (!(error instanceof ClearmlCredentialsError) || error.status !== 401) {
        throw error;
      }
      // The token was revoked or the server restarted: log in again, once. Another call may have
      // renewed it meanwhile; only drop the token this call used.
      if (this.token?.value === token) {
        this.token = undefined;
      }
      const renewed = await this.currentToken();
      return await this.post<T>(endpoint, body, `Bearer ${renewed}`);
    }
  }

  private async currentToken(): Promise<string> {
    const token = this.token;
    if (
      token &&
      (token.expiresAt === undefined ||
        token.expiresAt - RENEW_MARGIN_MS > Date.now())
    ) {
      return token.value;
    }
    if (!this.login) {
      this.login = this.logIn().finally(() => {
        this.login = undefined;
      });
    }
    return this.login;
  }

  private async logIn(): Promise<string> {
    const { accessKey, secretKey } = this.options;
    const basic = Buffer.from(`${accessKey}:${secretKey}`).toString('base64');
    const data = await this.post<{ token?: unknown }>(
      'auth.login',
      {},
      `Basic ${basic}`,
    );
    if (typeof data.token !== 'string' || !data.token) {
      throw new ClearmlApiError('ClearML auth.login answered without a token', {
        endpoint: 'auth.login',
        status: 200,
        statusText: 'OK',
      });
    }
    this.token = { value: data.token, expiresAt: tokenExpiry(data.token) };
    return data.token;
  }

  private async post<T>(
    endpoint: string,
    body: object,
    authorization: string,
  ): Promise<T> {
    const { apiUrl, timeoutMs } = this.options;
    const unreachable = (error: unknown) => {
      if (isTimeout(error)) {
        return new ClearmlUnreachableError(
          `ClearML at ${apiUrl} did not answer ${endpoint} within ${timeoutMs} ms`,
          endpoint,
          true,
        );
      }
      const e = error as Error;
      const reason = (e.cause as Error | undefined)?.message ?? e.message;
      return new ClearmlUnreachableError(
        `ClearML at ${apiUrl} is unreachable (${endpoint}): ${reason}`,
        endpoint,
        false,
      );
    };

    let res: Response;
    let text: string;
    try {
      res = await fetch(`${apiUrl}/${endpoint}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', authorization },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The timeout covers the whole answer, body included.
      text = await res.text();
    } catch (error) {
      throw unreachable(error);
    }

    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      envelope = undefined;
    }
    const clearmlMessage =
      typeof envelope?.meta?.result_msg === 'string'
        ? envelope.meta.result_msg
        : undefined;
    const resultCode =
      typeof envelope?.meta?.result_code === 'number'
        ? envelope.meta.result_code
        : undefined;

    if (!res.ok) {
      const details = {
        endpoint,
        status: res.status,
        statusText: res.statusText,
        resultCode,
        clearmlMessage,
      };
      const sentence = `ClearML ${endpoint} answered ${res.status} ${
        res.statusText
      }${clearmlMessage ? `: ${clearmlMessage}` : ''}`;
      if (res.status === 401 || res.status === 403) {
        throw new ClearmlCredentialsError(
          `${sentence} ${CLEARML_CREDENTIALS_HINT}`,
          details,
        );
      }
      throw new ClearmlApiError(sentence, details);
    }
    if (!envelope || typeof envelope !== 'object') {
      throw new ClearmlApiError(
        `ClearML ${endpoint} answered with something that is not JSON`,
        { endpoint, status: res.status, statusText: res.statusText },
      );
    }
    const code = resultCode ?? 200;
    if (code !== 200 || envelope.data === undefined) {
      throw new ClearmlApiError(
        `ClearML ${endpoint} failed with result code ${code}: ${
          clearmlMessage ?? 'no data in the answer'
        }`,
        {
          endpoint,
          status: res.status,
          statusText: res.statusText,
          resultCode,
          clearmlMessage,
        },
      );
    }
    return envelope.data;
  }
}
