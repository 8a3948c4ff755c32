import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ExplorePage } from './ExplorePage';

describe('ExplorePage', () => {
  it("frames Rath from the portal's own /rath/ route and says data stays in the portal", async () => {
    await renderInTestApp(<ExplorePage />);
    expect(await screen.findByTitle('Rath')).toHaveAttribute('src', '/rath/');
    expect(screen.getByText(/Data you load here stays in the portal/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'open Rath in a new tab' }),
    ).toHaveAttribute('href', '/rath/');
  });
});
