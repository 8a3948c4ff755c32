import { createApiRef } from '@backstage/frontend-plugin-api';
import { ClearmlBackendApi } from '@mlops-portal/plugin-clearml-common';

/** The portal backend's ClearML routes this plugin uses (`@mlops-portal/plugin-clearml-backend`). */
export type ClearmlApi = Omit<ClearmlBackendApi, 'getDatasetPreview'>;

export const clearmlApiRef = createApiRef<ClearmlApi>({
  id: 'plugin.clearml.api',
});

/** Calls the portal's own backend; ClearML itself is never called from the browser. */
export { ClearmlBackendClient as ClearmlClient } from '@mlops-portal/plugin-clearml-common';
