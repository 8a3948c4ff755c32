export { rathPlugin as default } from './plugin';
