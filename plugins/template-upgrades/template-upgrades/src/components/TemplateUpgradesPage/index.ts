export { TemplateUpgradesPage } from './TemplateUpgradesPage';
