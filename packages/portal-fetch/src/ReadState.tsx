import { InfoCard, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/**
 * What a card or page shows of its read of a backend route while the read runs (a progress bar) and
 * when it failed (`failure`, then the backend's message, as an alert). What it shows of the answer
 * stays with the card.
 */
export function ReadState(props: {
  state: { loading: boolean; error?: Error };
  failure: string;
}) {
  const { state, failure } = props;
  return (
    <>
      {state.loading && <Progress />}
      {state.error && (
        <Typography role="alert" color="error">
          {failure}: {state.error.message}
        </Typography>
      )}
    </>
  );
}

/**
 * A card that shows one read: titled, a region named by its title, the read's `ReadState`, then
 * `children` (what it shows of the answer).
 */
export function ReadCard(props: {
  title: string;
  state: { loading: boolean; error?: Error };
  failure: string;
  children: ReactNode;
}) {
  const { title, state, failure, children } = props;
  return (
    <InfoCard title={title}>
      <section aria-label={title}>
        <ReadState state={state} failure={failure} />
        {children}
      </section>
    </InfoCard>
  );
}
