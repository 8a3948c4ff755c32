/**
 * What the portal's frontend plugins' tests render and read with.
 *
 * @packageDocumentation
 */

export { renderWithApis } from './renderWithApis';
export {
  errorAnswer,
  jsonAnswer,
  portalBackendDouble,
} from './portalBackendDouble';
