import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ReadCard, ReadState } from './ReadState';

describe('ReadState', () => {
  it('shows progress while the read runs', async () => {
    const { findByRole, queryByRole } = await renderInTestApp(
      <ReadState state={{ loading: true }} failure="Could not load the map" />,
    );
    expect(await findByRole('progressbar')).toBeTruthy();
    expect(queryByRole('alert')).toBeNull();
  });

  it("says what could not be loaded, with the backend's message", async () => {
    const { findByRole, queryByRole } = await renderInTestApp(
      <ReadState
        state={{ loading: false, error: new Error('503 Service Unavailable') }}
        failure="Could not load the map"
      />,
    );
    expect((await findByRole('alert')).textContent).toBe(
      'Could not load the map: 503 Service Unavailable',
    );
    expect(queryByRole('progressbar')).toBeNull();
  });

  it('shows nothing once the read has answered', async () => {
    const { container } = await renderInTestApp(
      <ReadState state={{ loading: false }} failure="Could not load the map" />,
    );
    expect(container.textContent).toBe('');
  });
});

describe('ReadCard', () => {
  it('shows the read and then the answer in a region named by its title', async () => {
    const { findByRole } = await renderInTestApp(
      <ReadCard
        title="Usage"
        state={{ loading: false, error: new Error('timed out') }}
        failure="Could not load the usage"
      >
        Used by 2 projects
      </ReadCard>,
    );
    const region = await findByRole('region', { name: 'Usage' });
    expect(region.textContent).toBe(
      'Could not load the usage: timed outUsed by 2 projects',
    );
  });
});
