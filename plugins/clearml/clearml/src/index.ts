export { clearmlPlugin as default } from './plugin';
export { clearmlApiRef, ClearmlClient } from './api/ClearmlClient';
export type { ClearmlApi } from './api/ClearmlClient';
