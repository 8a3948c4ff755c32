/**
 * The portal's one client for ClearML's REST API, shared by the ClearML backend plugin and the
 * "Create project" scaffolder module.
 *
 * @packageDocumentation
 */

export {
  CLEARML_CONFIG_KEYS,
  CLEARML_CREDENTIALS_HINT,
  readClearmlConfig,
} from './config';
export type { ClearmlConfig } from './config';
export {
  ClearmlApiError,
  ClearmlCredentialsError,
  ClearmlError,
  ClearmlUnreachableError,
} from './errors';
export { escapeNamePattern, exactNamePattern } from './namePattern';
export { DefaultClearmlTransport } from './ClearmlTransport';
export type {
  ClearmlEndpoint,
  ClearmlTransport,
  ClearmlWebLinks,
} from './ClearmlTransport';
