import {
  ClearmlDatasetPreviewColumn,
  ClearmlDatasetPreviewValue,
} from '@mlops-portal/plugin-clearml-common';

/** At most this many rows and columns of a preview reach the browser. */
export const PREVIEW_MAX_ROWS = 500;
export const PREVIEW_MAX_COLUMNS = 100;

export interface PreviewTable {
  columns: ClearmlDatasetPreviewColumn[];
  rows: Array<Record<string, ClearmlDatasetPreviewValue>>;
}

function cellValue(value: unknown): ClearmlDatasetPreviewValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  return JSON.stringify(value);
}

/** Header cells are text, sometimes HTML (`<b>sales</b>`) or a list of lines. */
function headerText(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' ') : String(value ?? '');
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads the table of a Plotly figure as ClearML stores a reported table (`report_table`): one trace of type
 * `table` with `header.values` (column names) and `cells.values` (one array per column). Returns
 * undefined for anything else. Duplicate or empty column names get a suffix / the name `index`.
 */
export function readPlotlyTable(plotJson: string): PreviewTable | undefined {
  let figure: unknown;
  try {
    figure = JSON.parse(plotJson);
  } catch {
    return undefined;
  }
  const traces = (figure as { data?: unknown })?.data;
  if (!Array.isArray(traces)) {
    return undefined;
  }
  const trace = traces.find(
    (
      t,
    ): t is {
      header?: { values?: unknown };
      cells?: { values?: unknown };
    } => typeof t === 'object' && t !== null && t.type === 'table',
  );
  const headers = trace?.header?.values;
  const cells = trace?.cells?.values;
  if (!Array.isArray(headers) || !Array.isArray(cells)) {
    return undefined;
  }
  const count = Math.min(headers.length, cells.length, PREVIEW_MAX_COLUMNS);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const base =
      headerText(headers[i]) || (i === 0 ? 'index' : `column ${i + 1}`);
    let name = base;
    for (let n = 2; names.includes(name); n++) {
      name = `${base} (${n})`;
    }
    names.push(name);
  }
  const columnValues = names.map((_, i) =>
    Array.isArray(cells[i]) ? (cells[i] as unknown[]).map(cellValue) : [],
  );
  const rowCount = Math.min(
    Math.max(0, ...columnValues.map(c => c.length)),
    PREVIEW_MAX_ROWS,
  );
  const rows = Array.from({ length: rowCount }, (_, r) =>
    Object.fromEntries(
      names.map((name, c) => [name, columnValues[c][r] ?? null]),
    ),
  );
  const columns: ClearmlDatasetPreviewColumn[] = names.map((name, c) => {
    const present = columnValues[c]
      .slice(0, rowCount)
      .filter(v => v !== null && v !== '');
    return {
      name,
      type:
        present.length > 0 && present.every(v => typeof v === 'number')
          ? 'number'
          : 'string',
    };
  });
  return { columns, rows };
}
