import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

/**
 * The researcher's front door: what the portal offers and where. Each capability adds its entry here
 * as it lands, so the list never promises a page that does not exist.
 */
const startHereWidget = HomePageWidgetBlueprint.make({
  name: 'start-here',
  params: {
    name: 'StartHere',
    title: 'What you can do here',
    description: 'The portal’s capabilities, one click away',
    components: () =>
      import('./StartHere').then(m => ({ Content: m.StartHere })),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [startHereWidget],
});
