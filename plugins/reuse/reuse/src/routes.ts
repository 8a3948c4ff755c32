import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Reuse map page. */
export const rootRouteRef = createRouteRef();
