export { DefaultTemplateUpgradesService } from './TemplateUpgradesService';
export type { TemplateUpgradesService } from './TemplateUpgradesService';
