import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Template upgrades page. */
export const rootRouteRef = createRouteRef();
