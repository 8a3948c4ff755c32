import { screen } from '@testing-library/react';
import { renderWithApis } from '@mlops-portal/portal-fetch/testUtils';
import { ProjectStatus } from '@mlops-portal/plugin-project-status-common';
import { projectStatusApiRef } from '../../api';
import { ProjectStatusCard } from './ProjectStatusCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'sales', namespace: 'default' },
  spec: { type: 'ml-project', owner: 'group:default/research' },
};

const green: ProjectStatus = {
  projectUrl: 'http://gitlab.test/research/sales',
  pipeline: {
    id: 1000,
    status: 'success',
    ref: 'main',
    webUrl: 'http://gitlab.test/research/sales/-/pipelines/1000',
    createdAt: '2026-12-02T20:00:00Z',
    stages: [
      { name: 'test', status: 'success' },
      { name: 'train', status: 'success' },
    ],
  },
  baseline: {
    source: 'gitlab',
    task: 'forecasting',
    metric: 'smape',
    score: 8.254321,
    higherIsBetter: false,
    model: 'theta',
    datasetVersion: null,
    datasetUrl: null,
    runUrl: null,
    jobUrl: 'http://gitlab.test/research/sales/-/jobs/7',
  },
};

async function renderCard(getStatus: jest.Mock) {
  await renderWithApis(
    <ProjectStatusCard />,
    [[projectStatusApiRef, { getStatus }]],
    { entity },
  );
  return getStatus;
}

describe('ProjectStatusCard', () => {
  it('shows the green pipeline, its stages and the baseline with a link to the train job', async () => {
    const getStatus = await renderCard(jest.fn().mockResolvedValue(green));
    expect(
      await screen.findByRole('link', { name: /Pipeline #1000/ }),
    ).toHaveAttribute('href', green.pipeline!.webUrl);
    expect(screen.getAllByText('passed')).toHaveLength(1);
    expect(screen.getByText('test: passed')).toBeInTheDocument();
    expect(screen.getByText('train: passed')).toBeInTheDocument();
    expect(screen.getByText('smape 8.254')).toBeInTheDocument();
    expect(
      screen.getByText('held-out score, lower is better'),
    ).toBeInTheDocument();
    expect(screen.getByText('Model: theta')).toBeInTheDocument();
    expect(
      screen.getByText('Dataset version: the bundled sample'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /The train job in GitLab/ }),
    ).toHaveAttribute('href', green.baseline!.jobUrl);
    expect(
      screen.getByText("Read from the train job's report in GitLab"),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /The run in ClearML/ }),
    ).not.toBeInTheDocument();
    expect(getStatus).toHaveBeenCalledWith('component:default/sales');
  });

  it('links the ClearML run and the dataset version when the run was logged there', async () => {
    await renderCard(
      jest.fn().mockResolvedValue({
        ...green,
        baseline: {
          ...green.baseline,
          source: 'clearml',
          datasetVersion: 'v1',
          datasetUrl: 'http://clearml.test/datasets/d1',
          runUrl: 'http://clearml.test/projects/p1/experiments/t1',
          jobUrl: undefined,
        },
      }),
    );
    expect(
      await screen.findByRole('link', { name: /The run in ClearML/ }),
    ).toHaveAttribute('href', 'http://clearml.test/projects/p1/experiments/t1');
    expect(
      screen.getByText('Read from the run in ClearML'),
    ).toBeInTheDocument();
    // no train job succeeded in the latest pipeline: no link to one
    expect(
      screen.queryByRole('link', { name: /The train job in GitLab/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^v1/ })).toHaveAttribute(
      'href',
      'http://clearml.test/datasets/d1',
    );
  });

  it('says the baseline comes when training has finished, while the pipeline runs', async () => {
    await renderCard(
      jest.fn().mockResolvedValue({
        projectUrl: green.projectUrl,
        pipeline: {
          ...green.pipeline,
          status: 'running',
          stages: [{ name: 'train', status: 'running' }],
        },
      }),
    );
    expect(
      await screen.findByText(
        'The first baseline appears here when the train job has finished.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('train: running')).toBeInTheDocument();
  });

  it('says there is no pipeline yet', async () => {
    await renderCard(
      jest.fn().mockResolvedValue({ projectUrl: green.projectUrl }),
    );
    expect(
      await screen.findByText(/No pipeline on the default branch yet/),
    ).toBeInTheDocument();
  });

  it('shows the backend’s sentence when GitLab cannot be read', async () => {
    await renderCard(
      jest
        .fn()
        .mockRejectedValue(
          new Error(
            'GitLab at http://gitlab.test is unreachable while reading the pipelines of research/sales',
          ),
        ),
    );
    expect(
      (
        await screen.findAllByText(
          /GitLab at http:\/\/gitlab.test is unreachable/,
        )
      )[0],
    ).toBeInTheDocument();
  });
});
