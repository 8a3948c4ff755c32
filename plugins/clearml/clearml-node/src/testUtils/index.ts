/**
 * Test utilities of the ClearML family: a stand-in for ClearML's API server. Imported as
 * `@mlops-portal/plugin-clearml-node/testUtils`, by tests only (never by production code).
 *
 * @packageDocumentation
 */

export {
  ACCESS_KEY,
  SECRET_KEY,
  clearmlStandinPerTest,
  createClearmlStandin,
  emptyFixtures,
  sampleFixtures,
} from './clearmlStandin';
export type {
  ClearmlConfigData,
  ClearmlStandin,
  ClearmlStandinFixtures,
  ClearmlStandinOptions,
  ClearmlStandinProject,
  ClearmlStandinState,
} from './clearmlStandin';
