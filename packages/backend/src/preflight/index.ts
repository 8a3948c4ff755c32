export { preflight, checkConfig } from './preflight';
