import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { levelFilter, taskFilter } from './searchFilters';

/** The search page's filters for the component library: atomic level and task. */
export const searchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [levelFilter, taskFilter],
});
