import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

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
