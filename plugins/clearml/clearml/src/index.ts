export { clearmlPlugin as default } from './plugin';
