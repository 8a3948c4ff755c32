/**
 * A project's status on its page: the latest pipeline of the default branch and the first baseline.
 *
 * @packageDocumentation
 */

export { projectStatusPlugin as default } from './plugin';
export { projectStatusApiRef, ProjectStatusClient } from './api';
export type { ProjectStatusApi } from './api';
