/**
 * ClearML in the portal: what the backend and frontend plugins share.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './types';
export * from './links';
