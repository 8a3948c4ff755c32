import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Components page. */
export const rootRouteRef = createRouteRef();
