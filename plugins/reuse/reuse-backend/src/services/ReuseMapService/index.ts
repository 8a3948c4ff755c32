export { DefaultReuseMapService } from './ReuseMapService';
export type { ReuseMapService } from './ReuseMapService';
