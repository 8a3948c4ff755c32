import {
  errorAnswer,
  jsonAnswer,
  portalBackendDouble,
} from '@mlops-portal/portal-fetch/testUtils';
import { ClearmlClient } from './ClearmlClient';

function client(respond: (url: string) => Response) {
  const { apis, calls } = portalBackendDouble(respond);
  return { api: new ClearmlClient(apis), calls };
}

describe('ClearmlClient', () => {
  it('asks the portal backend for one entity, with ids and refs encoded', async () => {
    const { api, calls } = client(() => jsonAnswer(200, { rows: [] }));
    await api.getDatasetPreview('component:default/sales forecast', 'ds/1');
    await api.getMetricHistory('component:default/x', 'exp 2');
    expect(calls).toEqual([
      'http://portal.test/api/clearml/datasets/ds%2F1/preview?entityRef=component%3Adefault%2Fsales%20forecast',
      'http://portal.test/api/clearml/experiments/exp%202/metrics?entityRef=component%3Adefault%2Fx',
    ]);
  });

  it('turns an error answer into an error carrying the backend’s message', async () => {
    const { api } = client(() =>
      errorAnswer(503, {
        name: 'ServiceUnavailableError',
        message: 'ClearML is not answering',
      }),
    );
    await expect(api.getDatasets('component:default/x')).rejects.toMatchObject({
      statusCode: 503,
      cause: { message: 'ClearML is not answering' },
    });
  });
});
