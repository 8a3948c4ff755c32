import { PREVIEW_MAX_ROWS, readPlotlyTable } from './previewTable';

const figure = (trace: object) => JSON.stringify({ data: [trace], layout: {} });

describe('readPlotlyTable', () => {
  it('reads a reported table: HTML headers, an unnamed index column, duplicate names, gaps', () => {
    const table = readPlotlyTable(
      figure({
        type: 'table',
        header: { values: ['', '<b>sales</b>', ['unit', 'price'], 'sales'] },
        cells: {
          values: [
            [0, 1, 2],
            [10, null, 12.5],
            ['1.5', '2', '3'],
            ['a', 'b'],
          ],
        },
      }),
    );
    expect(table?.columns).toEqual([
      { name: 'index', type: 'number' },
      { name: 'sales', type: 'number' },
      { name: 'unit price', type: 'string' },
      { name: 'sales (2)', type: 'string' },
    ]);
    expect(table?.rows[1]).toEqual({
      index: 1,
      sales: null,
      'unit price': '2',
      'sales (2)': 'b',
    });
    expect(table?.rows[2]['sales (2)']).toBeNull();
  });

  it('keeps at most the first rows', () => {
    const n = PREVIEW_MAX_ROWS + 20;
    const table = readPlotlyTable(
      figure({
        type: 'table',
        header: { values: ['x'] },
        cells: { values: [Array.from({ length: n }, (_, i) => i)] },
      }),
    );
    expect(table?.rows).toHaveLength(PREVIEW_MAX_ROWS);
  });

  it('ignores what is not a table', () => {
    expect(readPlotlyTable('not json')).toBeUndefined();
    expect(
      readPlotlyTable(figure({ type: 'scatter', x: [1] })),
    ).toBeUndefined();
    expect(readPlotlyTable(JSON.stringify({ data: 'x' }))).toBeUndefined();
  });
});
