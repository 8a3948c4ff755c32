import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { ProjectDatasets } from './ProjectDatasets';

// The explorer itself is tested in DatasetExplorer.test.tsx: here it says which project it was given.
jest.mock('../DatasetExplorer', () => ({
  DatasetExplorer: () => {
    const { entity } = useEntity();
    return <p>Explorer of {entity.metadata.name}</p>;
  },
}));

const component = (name: string, annotations?: Record<string, string>) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, title: `${name} project`, annotations },
    spec: { type: 'ml-project', owner: 'team', lifecycle: 'experimental' },
  } as Entity);

describe('ProjectDatasets', () => {
  it('offers the projects that name a ClearML project and explores the chosen one', async () => {
    const entities = [
      component('sales-forecast', { 'clear.ml/project-name': 'sales' }),
      component('churn', { 'clear.ml/project-name': 'churn' }),
      component('library'),
    ];
    await renderInTestApp(<ProjectDatasets />, {
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
    });
    expect(
      await screen.findByText('Explorer of churn', undefined, {
        timeout: 5000,
      }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Project/ }));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'churn project',
      'sales-forecast project',
    ]);
    await userEvent.click(options[1]);
    expect(
      await screen.findByText('Explorer of sales-forecast'),
    ).toBeInTheDocument();
  });

  it('says when no project names a ClearML project', async () => {
    await renderInTestApp(<ProjectDatasets />, {
      apis: [[catalogApiRef, catalogApiMock({ entities: [component('x')] })]],
    });
    expect(
      await screen.findByText(
        /No project in the catalog names a ClearML project/,
      ),
    ).toBeInTheDocument();
  });
});
