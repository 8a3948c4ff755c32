export { catalogModuleEmbeddedDatabase, tuneEmbeddedSqlite } from './module';
