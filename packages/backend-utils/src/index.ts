/**
 * What the portal's backend plugins share: a request's parameters checked into one sentence, and the
 * catalog entity a request names, and all the entities a query matches, as the requesting user sees
 * them.
 *
 * @packageDocumentation
 */

export { queryAllEntitiesAsUser } from './catalog';
export { catalogPluginDeps } from './deps';
export type { CatalogRouterOptions } from './deps';
export {
  entityRefSchema,
  getEntityAsUser,
  oneOfSchema,
  parseRequest,
} from './request';
