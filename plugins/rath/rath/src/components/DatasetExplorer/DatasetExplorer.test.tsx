import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mlProjectEntity } from '@mlops-portal/plugin-clearml-common/testUtils';
import {
  ClearmlDatasetPreviewResponse,
  ClearmlDatasetsResponse,
  ClearmlDatasetVersion,
} from '@mlops-portal/plugin-clearml-common';
import {
  clearmlApiRef,
  ClearmlClient,
} from '@mlops-portal/plugin-clearml-react';
import {
  errorAnswer,
  jsonAnswer,
  portalBackendDouble,
  renderWithApis,
} from '@mlops-portal/portal-fetch/testUtils';
import type { GraphicWalkerViewProps } from './GraphicWalkerView';
import { DatasetExplorer } from './DatasetExplorer';

// Graphic Walker itself draws on canvases and in a shadow root that jsdom cannot show; here it stands in
// as a list of what it was handed. The Playwright test (clearml.test.ts) runs the real one in Chromium.
jest.mock('./GraphicWalkerView', () => ({
  __esModule: true,
  default: (props: GraphicWalkerViewProps) => (
    <p>
      Graphic Walker: {props.columns.map(c => `${c.name}:${c.type}`).join(', ')}{' '}
      / {props.rows.length} rows
    </p>
  ),
}));

const entity = mlProjectEntity('sales-forecast');

const project = { id: 'p1', name: 'sales-forecast', webUrl: '/clearml/p1' };
const version = (id: string, v: string): ClearmlDatasetVersion => ({
  id,
  name: 'store-sales',
  version: v,
  status: 'published',
  tags: [],
  webUrl: `/clearml/datasets/simple/dp/experiments/${id}`,
});
const datasets: ClearmlDatasetsResponse = {
  project,
  datasets: [version('d2', '1.1.0'), version('d1', '1.0.0')],
};
const preview = (
  dataset: ClearmlDatasetVersion,
): ClearmlDatasetPreviewResponse =>
  dataset.id === 'd2'
    ? {
        dataset,
        columns: [
          { name: 'date', type: 'string' },
          { name: 'sales', type: 'number' },
        ],
        rows: [
          { date: '2026-11-01', sales: 135 },
          { date: '2026-11-02', sales: 127 },
        ],
      }
    : { dataset, columns: [], rows: [] };

const BASE = 'http://portal.test/api/clearml';
const backendError = (status: number, message: string) =>
  errorAnswer(status, { name: 'Error', message });

type Route = (url: URL) => Response | Promise<Response>;

/** The portal backend's ClearML routes as the explorer calls them through the fetch API. */
function fakeBackend(overrides: { datasets?: Route; preview?: Route } = {}) {
  return portalBackendDouble(async input => {
    const url = new URL(input);
    expect(url.searchParams.get('entityRef')).toBe(
      'component:default/sales-forecast',
    );
    if (url.pathname === '/api/clearml/datasets') {
      return overrides.datasets?.(url) ?? jsonAnswer(200, datasets);
    }
    const id = url.pathname.match(
      /^\/api\/clearml\/datasets\/([^/]+)\/preview$/,
    )?.[1];
    if (id) {
      return (
        overrides.preview?.(url) ??
        jsonAnswer(200, preview(datasets.datasets.find(d => d.id === id)!))
      );
    }
    return backendError(404, `no route ${url.pathname}`);
  });
}

async function renderExplorer(backend: ReturnType<typeof fakeBackend>) {
  await renderWithApis(
    <DatasetExplorer />,
    [[clearmlApiRef, new ClearmlClient(backend.apis)]],
    { entity },
  );
}

const previewCalls = (backend: ReturnType<typeof fakeBackend>) =>
  backend.calls.filter(u => u.includes('/preview'));

describe('DatasetExplorer', () => {
  it("hands the latest version's preview rows to Graphic Walker, and another version on choice", async () => {
    const backend = fakeBackend();
    await renderExplorer(backend);
    expect(
      await screen.findByText(
        'Graphic Walker: date:string, sales:number / 2 rows',
        undefined,
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The first 2 rows of store-sales 1\.1\.0 \(2 columns\)/),
    ).toBeInTheDocument();
    expect(previewCalls(backend)).toEqual([
      `${BASE}/datasets/d2/preview?entityRef=component%3Adefault%2Fsales-forecast`,
    ]);

    await userEvent.click(
      screen.getByRole('button', { name: /Dataset version/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'store-sales 1.0.0' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'No preview of this version',
    );
    expect(screen.queryByText(/^Graphic Walker:/)).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the version in ClearML' }),
    ).toHaveAttribute('href', '/clearml/datasets/simple/dp/experiments/d1');
  });

  it('shows progress while the versions load', async () => {
    await renderExplorer(
      fakeBackend({ datasets: () => new Promise<Response>(() => {}) }),
    );
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says when the project has no dataset versions', async () => {
    const backend = fakeBackend({
      datasets: () => jsonAnswer(200, { project, datasets: [] }),
    });
    await renderExplorer(backend);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'No dataset versions yet',
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'ClearML project sales-forecast has no datasets',
    );
    expect(previewCalls(backend)).toEqual([]);
  });

  it("shows the backend's sentence when ClearML is unavailable", async () => {
    await renderExplorer(
      fakeBackend({
        datasets: () =>
          backendError(503, 'ClearML answered 500 Internal Server Error'),
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ClearML is unavailable');
    expect(alert).toHaveTextContent(
      'ClearML answered 500 Internal Server Error',
    );
  });

  it('says when the user may not read dataset rows', async () => {
    await renderExplorer(
      fakeBackend({
        preview: () =>
          backendError(
            403,
            "You are not allowed to read the rows of a project's datasets in the portal",
          ),
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No access to the dataset preview');
    expect(alert).toHaveTextContent('not allowed to read the rows');
  });
});
