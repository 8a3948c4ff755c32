export { templateUpgradesApiRef } from './TemplateUpgradesApi';
export type { TemplateUpgradesApi } from './TemplateUpgradesApi';
export { TemplateUpgradesClient } from './TemplateUpgradesClient';
