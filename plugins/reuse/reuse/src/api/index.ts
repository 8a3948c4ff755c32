export { reuseApiRef } from './ReuseApi';
export type { ReuseApi, ReuseUsers } from './ReuseApi';
export { ReuseClient } from './ReuseClient';
