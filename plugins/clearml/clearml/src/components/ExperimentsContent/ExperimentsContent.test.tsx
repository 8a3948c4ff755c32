import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ClearmlApi } from '@mlops-portal/plugin-clearml-react';
import { fakeApi, responseError } from '../../__testUtils__/testData';
import { renderOnProjectPage } from '../../__testUtils__/renderOnProjectPage';
import { ExperimentsContent } from './ExperimentsContent';

const renderTab = (api: ClearmlApi) =>
  renderOnProjectPage(<ExperimentsContent />, api);

describe('ExperimentsContent', () => {
  it('charts every scalar of the chosen experiment and lists models and dataset versions', async () => {
    const api = fakeApi();
    await renderTab(api);
    expect(
      await screen.findByRole('img', { name: /^MAE \(validation\): 3 points/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /^MAPE \(validation\): 2 points/ }),
    ).toBeInTheDocument();

    const models = await screen.findByRole('table', { name: 'Models' });
    expect(models).toHaveTextContent('automl forecaster - best');
    expect(models).toHaveTextContent('ScikitLearn');
    expect(models).toHaveTextContent('Published');
    const datasets = screen.getByRole('table', { name: 'Dataset versions' });
    expect(
      within(datasets).getByRole('link', { name: 'store-sales' }),
    ).toHaveAttribute('href', '/clearml/datasets/simple/dp/experiments/d2');
    expect(datasets).toHaveTextContent('1.1.0');

    await userEvent.click(
      screen.getByRole('button', { name: /^Experiment automl forecaster/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'seasonal naive baseline' }),
    );
    expect(api.getMetricHistory).toHaveBeenLastCalledWith(
      'component:default/sales-forecast',
      't1',
    );
  });

  it('says when an experiment reported no scalars and when there are no models or datasets', async () => {
    await renderTab(
      fakeApi({
        getMetricHistory: jest
          .fn()
          .mockResolvedValue({ experimentId: 't3', series: [] }),
        getModels: jest.fn().mockResolvedValue({
          project: { id: 'p1', name: 'sales-forecast', webUrl: '/x' },
          models: [],
        }),
        getDatasets: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              503,
              'ClearML answered 500 Internal Server Error',
            ),
          ),
      }),
    );
    expect(
      await screen.findByText(/has reported no scalars/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /No models stored in ClearML project “sales-forecast” yet/,
      ),
    ).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'ClearML answered 500 Internal Server Error',
    );
  });
});
