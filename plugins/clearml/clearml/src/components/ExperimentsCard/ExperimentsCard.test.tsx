import { screen, within } from '@testing-library/react';
import { ClearmlApi } from '@mlops-portal/plugin-clearml-react';
import {
  experiments,
  fakeApi,
  responseError,
} from '../../__testUtils__/testData';
import { renderOnProjectPage } from '../../__testUtils__/renderOnProjectPage';
import { ExperimentsCard } from './ExperimentsCard';

const renderCard = (api: ClearmlApi) =>
  renderOnProjectPage(<ExperimentsCard />, api);

/** The card when the backend answers its read of the experiments with `status` and `message`. */
async function renderCardFailing(status: number, message: string) {
  const error = await responseError(status, message);
  await renderCard(
    fakeApi({ getExperiments: jest.fn().mockRejectedValue(error) }),
  );
}

describe('ExperimentsCard', () => {
  it('lists experiments with status, key metrics, duration and links, and the main metric trend', async () => {
    const api = fakeApi();
    await renderCard(api);
    const table = await screen.findByRole('table', { name: 'Experiments' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('automl forecaster (48h horizon)');
    expect(rows[0]).toHaveTextContent('Running');
    expect(rows[0]).toHaveTextContent(
      'MAE (validation) 12.7, MAPE (validation) 0.0930',
    );
    expect(rows[0]).toHaveTextContent('42m 00s');
    expect(rows[1]).toHaveTextContent('Failed');
    expect(rows[1]).toHaveTextContent('—');
    expect(
      within(rows[0]).getByRole('link', {
        name: /automl forecaster \(48h horizon\)/,
      }),
    ).toHaveAttribute(
      'href',
      '/clearml/projects/p1/experiments/t3/output/execution',
    );
    expect(
      await screen.findByRole('img', {
        name: /^MAE \(validation\): 3 points, last 12\.7/,
      }),
    ).toBeInTheDocument();
    expect(api.getExperiments).toHaveBeenCalledWith(
      'component:default/sales-forecast',
    );
    expect(api.getMetricHistory).toHaveBeenCalledWith(
      'component:default/sales-forecast',
      't3',
    );
    expect(
      screen.getByText('All experiments in ClearML').closest('a'),
    ).toHaveAttribute('href', '/clearml/projects/p1/experiments');
  });

  it('says when the project has no experiments yet', async () => {
    await renderCard(
      fakeApi({
        getExperiments: jest
          .fn()
          .mockResolvedValue({ ...experiments, experiments: [] }),
      }),
    );
    expect(
      await screen.findByText(
        /No experiments in ClearML project “sales-forecast” yet/,
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's sentence when ClearML is unavailable", async () => {
    await renderCardFailing(
      503,
      'ClearML at http://apiserver:8008 did not answer auth.login within 5000 ms',
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ClearML is unavailable');
    expect(alert).toHaveTextContent('did not answer auth.login within 5000 ms');
  });

  it('says so, and shows nothing else, to a user outside the groups the edge lets into ClearML', async () => {
    // The permission policy refuses clearml.* to them (permission.portalPolicy.clearmlGroups): 403.
    await renderCardFailing(403, 'You are not allowed to read experiments');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No access to ClearML data');
    expect(
      screen.queryByRole('table', { name: 'Experiments' }),
    ).not.toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderCard(
      fakeApi({ getExperiments: jest.fn(() => new Promise<never>(() => {})) }),
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });
});
