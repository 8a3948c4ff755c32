/**
 * ClearML in the portal's browser: the API ref and the one client of the portal backend's ClearML routes.
 *
 * @packageDocumentation
 */

export * from './api';
