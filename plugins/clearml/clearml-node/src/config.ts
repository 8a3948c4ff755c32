import { Config } from '@backstage/config';

/** Where ClearML is and how the portal logs in to it: the `clearml` block of the app config. */
export interface ClearmlConfig {
  /** The API server, without a trailing slash. */
  apiUrl: string;
  /** The web app as browsers reach it, without a trailing slash. */
  webUrl: string;
  accessKey: string;
  secretKey: string;
  /** How long one call may take, in milliseconds. */
  timeoutMs: number;
  /**
   * ClearML's file server, without a trailing slash: where files such as a dataset version's archive
   * are uploaded. Optional: only what uploads files needs it.
   */
  filesUrl?: string;
}

const KEYS = ['apiUrl', 'webUrl', 'accessKey', 'secretKey'] as const;

/** The four keys that must all be set, as written in the app config. */
export const CLEARML_CONFIG_KEYS: readonly string[] = KEYS.map(
  key => `clearml.${key}`,
);

/** What every part of the portal that needs ClearML says when the `clearml` block is not set. */
export const CLEARML_NOT_CONFIGURED = `ClearML is not configured for this portal: set ${CLEARML_CONFIG_KEYS.slice(
  0,
  -1,
).join(', ')} and ${CLEARML_CONFIG_KEYS[CLEARML_CONFIG_KEYS.length - 1]}`;

/** What a message about refused credentials tells the operator to check. */
export const CLEARML_CREDENTIALS_HINT =
  '(check clearml.accessKey and clearml.secretKey)';

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Reads the `clearml` block once. None of the four keys set means "not configured" and gives
 * `undefined` (the production config names all four from the environment, so an unset environment looks
 * like this); only some of them set is a mistake and throws, naming the missing ones.
 */
export function readClearmlConfig(config: Config): ClearmlConfig | undefined {
  const clearml = config.getOptionalConfig('clearml');
  const present = KEYS.filter(key => clearml?.has(key));
  if (!clearml || present.length === 0) {
    return undefined;
  }
  if (present.length < KEYS.length) {
    const missing = KEYS.filter(key => !present.includes(key));
    throw new Error(
      `ClearML is only partly configured: set ${missing
        .map(key => `clearml.${key}`)
        .join(', ')} too, or none of ${CLEARML_CONFIG_KEYS.join(', ')}`,
    );
  }
  const timeoutMs =
    clearml.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) {
    throw new Error(
      `clearml.timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`,
    );
  }
  const apiUrl = serviceUrl(
    clearml.getString('apiUrl'),
    'clearml.apiUrl',
    'https://api.clearml.example.com',
  );
  const files = clearml.getOptionalString('filesUrl');
  return {
    apiUrl,
    webUrl: clearml.getString('webUrl').replace(/\/+$/, ''),
    accessKey: clearml.getString('accessKey'),
    secretKey: clearml.getString('secretKey'),
    timeoutMs,
    ...(files
      ? {
          filesUrl: serviceUrl(
            files,
            'clearml.filesUrl',
            'https://files.clearml.example.com',
          ),
        }
      : {}),
  };
}

/**
 * A ClearML server address from the config: http(s), without a user name or password, without a
 * trailing slash. The value is not repeated in the messages: a malformed URL may still carry a
 * credential.
 */
function serviceUrl(value: string, key: string, example: string): string {
  const url = value.replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new Error(`${key} must be an http(s) URL such as ${example}`);
  }
  if (parsed.username || parsed.password) {
    throw new Error(
      `${key} must not contain a user name or password: the portal logs in with clearml.accessKey and clearml.secretKey`,
    );
  }
  return url;
}
