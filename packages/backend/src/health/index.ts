export { rootHealthServiceFactory } from './databaseReadiness';
