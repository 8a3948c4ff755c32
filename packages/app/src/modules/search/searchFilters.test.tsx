import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  SearchApi,
  SearchContextProvider,
  searchApiRef,
} from '@backstage/plugin-search-react';
import { LevelFilter, TaskFilter } from './searchFilters';

type SearchQuery = Parameters<SearchApi['query']>[0];

function renderFilters() {
  const queries: SearchQuery[] = [];
  const searchApi = {
    query: jest.fn(async (query: SearchQuery) => {
      queries.push(query);
      return { results: [] };
    }),
  };
  renderInTestApp(
    <SearchContextProvider>
      <LevelFilter />
      <TaskFilter />
    </SearchContextProvider>,
    { apis: [[searchApiRef, searchApi]] },
  );
  return queries;
}

async function choose(label: string, option: string) {
  // The select sits beside its label, in the same form control.
  const control = screen.getByText(label).closest('.MuiFormControl-root');
  await userEvent.click(within(control as HTMLElement).getByRole('button'));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('the search page filters for the component library', () => {
  it('narrows the search to one atomic level', async () => {
    const queries = renderFilters();
    await choose('Level', 'Molecule');
    await waitFor(() =>
      expect(queries.at(-1)?.filters).toEqual({ level: 'molecule' }),
    );
  });

  it('narrows the search to one task, spelled as the index holds it', async () => {
    const queries = renderFilters();
    await choose('Task', 'Anomaly detection');
    await waitFor(() =>
      expect(queries.at(-1)?.filters).toEqual({ tasks: 'anomalydetection' }),
    );
  });
});
