/**
 * What the portal's backend plugins share: a request's parameters checked into one sentence, and the
 * catalog entity a request names, as the requesting user sees it.
 *
 * @packageDocumentation
 */

export { entityRefSchema, getEntityAsUser, parseRequest } from './request';
