export { preflight, checkConfig, checkPostgres } from './preflight';
