import { screen } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { reuseApiRef } from '../../api';
import { testReuseApi } from '../../testData';
import { UsedByCard } from './UsedByCard';

const theta: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'theta', labels: { 'mlops-portal.io/level': 'molecule' } },
  spec: { type: 'ml-molecule', owner: 'researchers', lifecycle: 'production' },
};

async function renderCard(api = testReuseApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[reuseApiRef, api]]}>
      <EntityProvider entity={theta}>
        <UsedByCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return api;
}

describe('UsedByCard', () => {
  it('shows how many projects use the component, with links', async () => {
    const api = await renderCard();
    expect(await screen.findByText('Used by 2 projects')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Sales forecast' }),
    ).toBeInTheDocument();
    expect(api.getUsers).toHaveBeenCalledWith('component:default/theta');
  });

  it('says when no project uses it', async () => {
    await renderCard(
      testReuseApi({
        getUsers: jest.fn(async (entityRef: string) => ({
          entityRef,
          usage: 0,
          projects: [],
        })),
      }),
    );
    expect(
      await screen.findByText('No project uses it yet'),
    ).toBeInTheDocument();
  });
});
