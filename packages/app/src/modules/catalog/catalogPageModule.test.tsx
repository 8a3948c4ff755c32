import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogPageModule } from './catalogPageModule';

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'seasonal-naive', title: 'SeasonalNaive' },
    spec: { type: 'library', lifecycle: 'production', owner: 'researchers' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'demand-forecast' },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'researchers' },
  },
];

function renderCatalog(exportEnabled?: boolean) {
  return renderTestApp({
    features: [catalogPlugin, catalogPageModule],
    initialRouteEntries: ['/catalog'],
    config: {
      organization: { name: 'ML Research' },
      ...(exportEnabled && {
        app: {
          extensions: [
            {
              'page:catalog': { config: { exportSettings: { enabled: true } } },
            },
          ],
        },
      }),
    },
    apis: [
      [catalogApiRef, catalogApiMock({ entities })],
      [permissionApiRef, mockApis.permission()],
    ],
  });
}

// The page is loaded lazily, which is slow on a busy machine.
const slow = { timeout: 30_000 };

describe('the catalog page', () => {
  jest.setTimeout(90_000);

  it('lists the entities under the organisation’s title, without the export button', async () => {
    renderCatalog();
    expect(
      await screen.findByRole('heading', { name: 'ML Research Catalog' }, slow),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('menuitem', { name: /^All/ }, slow),
    );
    expect(
      await screen.findByRole('link', { name: 'SeasonalNaive' }, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'demand-forecast' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Export selection' }),
    ).not.toBeInTheDocument();
  });

  it('is upstream’s page, with the export button, when the export is enabled', async () => {
    renderCatalog(true);
    expect(
      await screen.findByRole('button', { name: 'Export selection' }, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'ML Research Catalog' }),
    ).toBeInTheDocument();
  });
});
