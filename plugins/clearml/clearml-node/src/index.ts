/**
 * The portal's one client for ClearML's REST API, shared by the ClearML backend plugin and the
 * "Create project" scaffolder module.
 *
 * @packageDocumentation
 */

export {
  CLEARML_CONFIG_KEYS,
  CLEARML_CREDENTIALS_HINT,
  CLEARML_NOT_CONFIGURED,
  readClearmlConfig,
} from './config';
export type { ClearmlConfig } from './config';
export {
  callClearml,
  ClearmlApiError,
  ClearmlCredentialsError,
  ClearmlError,
  ClearmlUnreachableError,
} from './errors';
export { escapeNamePattern, exactNamePattern } from './namePattern';
export { DefaultClearmlClient } from './ClearmlClient';
export { clearmlClientForRoutes } from './clearmlClientForRoutes';
export {
  getDatasetVersions,
  HELD_OUT_TITLE,
  heldOutScore,
  taskProperties,
} from './trainingRuns';
export type {
  ClearmlClient,
  ClearmlEndpoint,
  ClearmlWebLinks,
} from './ClearmlClient';
export type * from './types';
