import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * Upstream's catalog page imports its export button statically, and with it a CSV writer and Node's
 * stream polyfills (about 16 KB gzip) that every visit of the catalog downloads even though the export
 * is off. Unless `exportSettings.enabled` is set on `page:catalog`, this override renders the same page
 * from the same parts without that button; with the export enabled, upstream's page is used unchanged.
 */
const catalogIndexPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    if (config.exportSettings?.enabled) return originalFactory();
    const filters = inputs.filters.map(filter =>
      filter.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      params: {
        loader: async () => {
          const { CatalogIndexPage } = await import('./CatalogIndexPage');
          return (
            <CatalogIndexPage
              filters={<>{filters}</>}
              pagination={config.pagination}
            />
          );
        },
      },
    });
  },
});

export const catalogPageModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage],
});
