import type { IMutField } from '@kanaries/graphic-walker';
import {
  ClearmlDatasetPreviewColumn,
  ClearmlDatasetPreviewValue,
} from '@mlops-portal/plugin-clearml-common';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** How Graphic Walker should treat a column: numbers are measures, dates temporal, the rest nominal. */
export function toField(
  column: ClearmlDatasetPreviewColumn,
  rows: Array<Record<string, ClearmlDatasetPreviewValue>>,
): IMutField {
  if (column.type === 'number') {
    return {
      fid: column.name,
      name: column.name,
      semanticType: 'quantitative',
      analyticType: 'measure',
    };
  }
  const values = rows
    .map(r => r[column.name])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const temporal = values.length > 0 && values.every(v => ISO_DATE.test(v));
  return {
    fid: column.name,
    name: column.name,
    semanticType: temporal ? 'temporal' : 'nominal',
    analyticType: 'dimension',
  };
}
