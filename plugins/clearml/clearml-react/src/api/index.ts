export { clearmlApiRef } from './ClearmlApi';
export type { ClearmlApi } from './ClearmlApi';
export { ClearmlClient } from './ClearmlClient';
