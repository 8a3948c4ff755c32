import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  libraryComponent,
  withViolations,
} from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { ComponentsPage } from './ComponentsPage';

const atoms = Array.from({ length: 23 }, (_, i) =>
  libraryComponent(`atom-${String(i + 1).padStart(2, '0')}`, 'atom', {
    category: i < 3 ? 'metric' : 'feature',
    tasks: i === 0 ? ['anomaly-detection'] : ['forecasting'],
  }),
);
const entities: Entity[] = [
  ...atoms,
  libraryComponent('theta', 'molecule', {
    description: 'Theta forecaster from a seasonal adjustment.',
    dependsOn: ['component:default/atom-01'],
  }),
  libraryComponent('window-detector', 'molecule', {
    tasks: ['anomaly-detection'],
    category: 'detector',
    owner: 'group:default/anomaly-team',
  }),
  libraryComponent('forecast-backtest', 'organism', { category: 'pipeline' }),
  withViolations(
    libraryComponent('odd-organism', 'organism', { category: 'pipeline' }),
    [
      {
        rule: 'dependency-level',
        message: 'component:default/odd-organism: ... (rule dependency-level).',
        fix: 'remove it.',
      },
      {
        rule: 'known-task',
        message: 'component:default/odd-organism: ... (rule known-task).',
        fix: 'use only forecasting.',
      },
    ],
  ),
  libraryComponent('forecasting-project', 'template', {
    kind: 'Template',
    category: 'pipeline',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'mlops-portal', title: 'MLOps Portal' },
    spec: { type: 'website', owner: 'group:default/administrators' },
  },
];

async function renderPage(api = catalogApiMock({ entities })) {
  await renderWithApis(<ComponentsPage />, [[catalogApiRef, api]]);
}

const column = (name: string) => screen.getByRole('region', { name });

async function chooseOption(filter: string, option: RegExp) {
  await userEvent.click(
    screen.getByRole('button', { name: new RegExp(`^${filter} `) }),
  );
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('ComponentsPage', () => {
  it('shows the five levels side by side with their counts', async () => {
    await renderPage();
    expect(await screen.findByLabelText('23 atoms')).toBeInTheDocument();
    expect(screen.getByLabelText('2 molecules')).toBeInTheDocument();
    expect(screen.getByLabelText('2 organisms')).toBeInTheDocument();
    expect(screen.getByLabelText('1 templates')).toBeInTheDocument();
    expect(screen.getByLabelText('0 pages')).toBeInTheDocument();
    expect(
      within(column('Pages')).getByText('No pages in the catalog yet.'),
    ).toBeInTheDocument();
    // Entities without a level are not components of the atomic catalog.
    expect(screen.queryByText('MLOps Portal')).not.toBeInTheDocument();
  });

  it('shows each component with its description, tasks, category and version, linked to its page', async () => {
    await renderPage();
    const molecules = column('Molecules');
    const theta = await within(molecules).findByRole('link', {
      name: 'Theta',
    });
    expect(theta).toHaveAttribute('href', '/catalog/default/component/theta');
    const card = theta.closest('li')!;
    expect(
      within(card).getByText('Theta forecaster from a seasonal adjustment.'),
    ).toBeInTheDocument();
    expect(within(card).getByText('Forecasting')).toBeInTheDocument();
    expect(within(card).getByText('model')).toBeInTheDocument();
    expect(within(card).getByText('v0.1.0')).toBeInTheDocument();
  });

  it('loads a level a page at a time', async () => {
    await renderPage();
    const atomsColumn = column('Atoms');
    await within(atomsColumn).findByRole('link', { name: 'Atom01' });
    expect(within(atomsColumn).getAllByRole('listitem')).toHaveLength(20);
    await userEvent.click(
      within(atomsColumn).getByRole('button', {
        name: 'Show more atoms (3 left)',
      }),
    );
    await waitFor(() =>
      expect(within(atomsColumn).getAllByRole('listitem')).toHaveLength(23),
    );
    expect(
      within(atomsColumn).queryByRole('button', { name: /Show more/ }),
    ).not.toBeInTheDocument();
  });

  it('filters by task, category, owner and text, and says when nothing matches', async () => {
    await renderPage();
    await screen.findByLabelText('23 atoms');

    await chooseOption('Task', /^Anomaly detection \(2\)$/);
    expect(await screen.findByLabelText('1 atoms')).toBeInTheDocument();
    expect(screen.getByLabelText('1 molecules')).toBeInTheDocument();
    expect(
      within(column('Molecules')).getByRole('link', { name: 'WindowDetector' }),
    ).toBeInTheDocument();
    expect(
      within(column('Organisms')).getByText(
        'No organisms match these filters.',
      ),
    ).toBeInTheDocument();

    await chooseOption('Task', /^All tasks$/);
    await chooseOption('Category', /^metric \(3\)$/);
    expect(await screen.findByLabelText('3 atoms')).toBeInTheDocument();
    expect(screen.getByLabelText('0 molecules')).toBeInTheDocument();

    await chooseOption('Category', /^All categories$/);
    await chooseOption('Owner', /^anomaly-team \(1\)$/);
    expect(await screen.findByLabelText('0 atoms')).toBeInTheDocument();
    expect(screen.getByLabelText('1 molecules')).toBeInTheDocument();

    await chooseOption('Owner', /^All owners$/);
    await userEvent.type(screen.getByLabelText('Search'), 'seasonal');
    expect(await screen.findByLabelText('0 atoms')).toBeInTheDocument();
    expect(screen.getByLabelText('1 molecules')).toBeInTheDocument();
    expect(
      within(column('Molecules')).getByRole('link', { name: 'Theta' }),
    ).toBeInTheDocument();
  });

  it('counts with the catalog’s paged queries and facets, never by fetching every entity', async () => {
    const api = catalogApiMock({ entities });
    const getEntities = jest.spyOn(api, 'getEntities');
    const queryEntities = jest.spyOn(api, 'queryEntities');
    await renderPage(api);
    await screen.findByLabelText('23 atoms');
    expect(getEntities).not.toHaveBeenCalled();
    for (const [request] of queryEntities.mock.calls) {
      expect(request).toMatchObject({ limit: 20 });
    }
  });

  it('explains a catalog error in the level it affects and retries', async () => {
    const api = catalogApiMock({ entities });
    const queryEntities = api.queryEntities.bind(api);
    let failing = true;
    jest.spyOn(api, 'queryEntities').mockImplementation(async request => {
      const filter = (request as { filter?: Record<string, unknown> }).filter;
      if (
        failing &&
        filter?.['metadata.labels.mlops-portal.io/level'] === 'organism'
      ) {
        throw new Error('catalog unavailable');
      }
      return queryEntities(request);
    });
    await renderPage(api);
    const organisms = column('Organisms');
    expect(await within(organisms).findByRole('alert')).toHaveTextContent(
      'Could not load the organisms: catalog unavailable',
    );
    expect(await screen.findByLabelText('23 atoms')).toBeInTheDocument();
    failing = false;
    await userEvent.click(
      within(organisms).getByRole('button', { name: 'Try again' }),
    );
    expect(await screen.findByLabelText('2 organisms')).toBeInTheDocument();
  });

  it('marks the components that break rules, and filters on them', async () => {
    await renderPage();
    const organisms = column('Organisms');
    const broken = (
      await within(organisms).findByRole('link', { name: 'OddOrganism' })
    ).closest('li')!;
    expect(within(broken).getByText('Breaks 2 rules')).toBeInTheDocument();
    const valid = within(organisms)
      .getByRole('link', { name: 'ForecastBacktest' })
      .closest('li')!;
    expect(within(valid).queryByText(/^Breaks/)).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only with rule violations' }),
    );
    expect(await screen.findByLabelText('0 atoms')).toBeInTheDocument();
    expect(await screen.findByLabelText('1 organisms')).toBeInTheDocument();
    expect(
      within(organisms).getByRole('link', { name: 'OddOrganism' }),
    ).toBeInTheDocument();
    expect(
      within(column('Atoms')).getByText('No atoms match these filters.'),
    ).toBeInTheDocument();
  });
});
