import { screen, within } from '@testing-library/react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { libraryComponent } from '@mlops-portal/plugin-atomic-catalog-common/testUtils';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { CompositionCard } from './CompositionCard';

const c = (name: string) => `component:default/${name}`;

const naive = libraryComponent('naive', 'atom', {
  dependencyOf: [c('theta')],
});
const deseason = libraryComponent('seasonal-adjustment', 'atom', {
  dependencyOf: [c('theta')],
});
const mae = libraryComponent('mae', 'atom', {
  dependencyOf: [c('forecast-backtest')],
});
const theta = libraryComponent('theta', 'molecule', {
  dependsOn: [c('naive'), c('seasonal-adjustment')],
  dependencyOf: [c('forecast-backtest')],
});
const backtest = libraryComponent('forecast-backtest', 'organism', {
  dependsOn: [c('theta'), c('mae')],
  dependencyOf: ['template:default/forecasting-project'],
});
const template = libraryComponent('forecasting-project', 'template', {
  kind: 'Template',
  dependsOn: [c('forecast-backtest')],
});
const entities = [naive, deseason, mae, theta, backtest, template];

const renderCard = (entity: Entity, api = catalogApiMock({ entities })) =>
  renderWithApis(<CompositionCard />, [[catalogApiRef, api]], { entity });

const section = (name: string) => screen.getByRole('region', { name });

describe('CompositionCard', () => {
  it('shows what a molecule is built from and the organisms and templates that use it', async () => {
    await renderCard(theta);
    await screen.findByRole('region', { name: 'Built from' });
    const builtFrom = section('Built from');
    expect(
      within(builtFrom).getByRole('link', { name: 'Naive' }),
    ).toHaveAttribute('href', '/catalog/default/component/naive');
    expect(
      within(builtFrom).getByRole('link', { name: 'SeasonalAdjustment' }),
    ).toBeInTheDocument();

    const usedBy = section('Used by');
    const organism = within(usedBy).getByRole('link', {
      name: 'ForecastBacktest',
    });
    // ...and, recursively, the template that uses that organism, nested below it.
    const organismItem = organism.closest('li')!;
    expect(within(organismItem).getByText('organism')).toBeInTheDocument();
    expect(
      within(organismItem).getByRole('link', { name: 'ForecastingProject' }),
    ).toHaveAttribute('href', '/catalog/default/template/forecasting-project');
  });

  it('drills from a template down to its atoms', async () => {
    await renderCard(template);
    await screen.findByRole('region', { name: 'Built from' });
    const builtFrom = section('Built from');
    for (const name of [
      'ForecastBacktest',
      'Theta',
      'Mae',
      'Naive',
      'SeasonalAdjustment',
    ]) {
      expect(within(builtFrom).getByRole('link', { name })).toBeInTheDocument();
    }
    expect(
      within(section('Used by')).getByText(
        'Not used by any molecule, organism, template or project yet.',
      ),
    ).toBeInTheDocument();
  });

  it('says an atom is built from nothing', async () => {
    await renderCard(mae);
    expect(
      await screen.findByText(
        'Nothing: an atom depends on no other component.',
      ),
    ).toBeInTheDocument();
  });

  it('names a dependency the catalog does not have', async () => {
    const broken = libraryComponent('broken', 'molecule', {
      dependsOn: [c('ghost')],
    });
    await renderCard(broken);
    expect(
      await screen.findByText('component:default/ghost (not in the catalog)'),
    ).toBeInTheDocument();
  });

  it('stops at a dependency cycle', async () => {
    const a = libraryComponent('a', 'molecule', {
      dependsOn: [c('b')],
    });
    const b = libraryComponent('b', 'molecule', { dependsOn: [c('a')] });
    await renderCard(a, catalogApiMock({ entities: [a, b] }));
    const builtFrom = await screen.findByRole('region', { name: 'Built from' });
    expect(
      within(builtFrom).getByText('(dependency cycle)'),
    ).toBeInTheDocument();
  });

  // THREATS 35: a 10,000-deep dependsOn chain (each component built from the next) would otherwise
  // make the card fetch level after level and draw them all.
  it('shows a 10,000-deep chain of dependencies shortened, fetching only the first levels', async () => {
    const depth = 10_000;
    const chain = Array.from({ length: depth }, (_, i) =>
      libraryComponent(`link-${i}`, 'molecule', {
        dependsOn: i + 1 < depth ? [c(`link-${i + 1}`)] : [],
        dependencyOf: i > 0 ? [c(`link-${i - 1}`)] : [],
      }),
    );
    const api = catalogApiMock({ entities: chain });
    const getEntitiesByRefs = jest.spyOn(api, 'getEntitiesByRefs');
    await renderCard(chain[0], api);
    const builtFrom = await screen.findByRole('region', { name: 'Built from' });
    expect(
      await within(builtFrom).findByText(
        /^Shortened: the graph goes on beyond \d+ levels/,
      ),
    ).toBeInTheDocument();
    expect(
      within(builtFrom).getByRole('link', { name: 'Link1' }),
    ).toBeInTheDocument();
    expect(
      within(builtFrom).queryByRole('link', { name: 'Link100' }),
    ).not.toBeInTheDocument();
    const fetched = getEntitiesByRefs.mock.calls.flatMap(
      ([request]) => request.entityRefs,
    );
    expect(fetched.length).toBeLessThan(20);
    expect(fetched).not.toContain(c('link-9999'));
  });

  it('explains when the catalog cannot be reached', async () => {
    const api = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn().mockRejectedValue(new Error('timeout')),
    });
    await renderCard(theta, api);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the composition: timeout',
    );
  });
});
