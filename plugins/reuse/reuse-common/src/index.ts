/**
 * The reuse map's shared vocabulary: how a project's files name the components it uses, what marks a
 * component deprecated, and the response types of the reuse routes.
 *
 * @packageDocumentation
 */

export * from './model';
export * from './projectFiles';
