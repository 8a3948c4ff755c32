import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading a project's experiments, metrics, models and dataset versions through the portal.
 *
 * @public
 */
export const clearmlExperimentsReadPermission = createPermission({
  name: 'clearml.experiments.read',
  attributes: { action: 'read' },
});

/**
 * Reading the rows of a dataset version's preview (data, not only metadata) through the portal.
 *
 * @public
 */
export const clearmlDatasetPreviewReadPermission = createPermission({
  name: 'clearml.dataset.preview.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the ClearML plugin.
 *
 * @public
 */
export const clearmlPermissions = [
  clearmlExperimentsReadPermission,
  clearmlDatasetPreviewReadPermission,
];
