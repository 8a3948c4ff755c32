import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CLEARML_CREDENTIALS_HINT } from './config';

/**
 * ClearML did not do what the portal asked. Every ClearML error is a `ServiceUnavailableError`, so one
 * that reaches Backstage's error middleware answers 503: the portal is up, the service it depends on is
 * not. Messages name the API server and the call, never a credential or a token.
 */
export class ClearmlError extends ServiceUnavailableError {
  /** The call, for example `projects.get_all`. */
  readonly endpoint: string;

  constructor(message: string, endpoint: string) {
    super(message);
    this.endpoint = endpoint;
  }

  /**
   * The sentence for a browser: without ClearML's own message or the call, which stay in the log. The
   * message itself where it holds neither (unreachable, slow).
   */
  get publicMessage(): string {
    return this.message;
  }
}

/** The API server could not be reached, or did not answer within `clearml.timeoutMs`. */
export class ClearmlUnreachableError extends ClearmlError {
  /** True when the server was reached but too slow. */
  readonly timedOut: boolean;

  constructor(message: string, endpoint: string, timedOut: boolean) {
    super(message, endpoint);
    this.timedOut = timedOut;
  }
}

/** ClearML answered, with an error: an HTTP error status or an error `result_code` in its envelope. */
export class ClearmlApiError extends ClearmlError {
  /** The HTTP status of the answer (200 when only the envelope's `result_code` says it failed). */
  readonly status: number;
  readonly statusText: string;
  /** `meta.result_code` of the envelope, when the answer had one. */
  readonly resultCode?: number;
  /** `meta.result_msg`: ClearML's own sentence, for example "Project with the same name already exists". */
  readonly clearmlMessage?: string;

  constructor(
    message: string,
    details: {
      endpoint: string;
      status: number;
      statusText: string;
      resultCode?: number;
      clearmlMessage?: string;
    },
  ) {
    super(message, details.endpoint);
    this.status = details.status;
    this.statusText = details.statusText;
    this.resultCode = details.resultCode;
    this.clearmlMessage = details.clearmlMessage;
  }

  /** `ClearML answered <status> <text>` for an error status; the message when only the envelope failed. */
  get publicMessage(): string {
    return this.status === 200
      ? this.message
      : `ClearML answered ${this.status} ${this.statusText}`;
  }
}

/**
 * ClearML refused the portal's credentials: `auth.login` answered 401 or 403, or a call still did with a
 * freshly issued token. The message says to check `clearml.accessKey` and `clearml.secretKey`.
 */
export class ClearmlCredentialsError extends ClearmlApiError {
  get publicMessage(): string {
    return `ClearML answered ${this.status} ${this.statusText} ${CLEARML_CREDENTIALS_HINT}`;
  }
}

/**
 * Runs `call`; ClearML failing in it (down, slow, 5xx, refused credentials) is logged with its details
 * and thrown on as a 503 that carries only the error's public message. Other errors pass unchanged.
 */
export async function callClearml<T>(
  logger: LoggerService,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ClearmlError)) {
      throw error;
    }
    if (error instanceof ClearmlApiError && error.status !== 200) {
      const { status, endpoint, clearmlMessage } = error;
      logger.warn('ClearML call failed', {
        status,
        endpoint,
        ...(clearmlMessage ? { clearmlMessage } : {}),
      });
    } else {
      logger.warn('ClearML unavailable', { reason: error.message });
    }
    if (error.publicMessage === error.message) {
      throw error;
    }
    throw new ServiceUnavailableError(error.publicMessage);
  }
}
