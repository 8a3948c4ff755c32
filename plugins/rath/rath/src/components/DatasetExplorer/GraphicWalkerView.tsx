import { GraphicWalker } from '@kanaries/graphic-walker';
import { useTheme } from '@material-ui/core/styles';
import {
  ClearmlDatasetPreviewColumn,
  ClearmlDatasetPreviewValue,
} from '@mlops-portal/plugin-clearml-common';
import { useMemo } from 'react';
import { toField } from './fields';

export interface GraphicWalkerViewProps {
  columns: ClearmlDatasetPreviewColumn[];
  rows: Array<Record<string, ClearmlDatasetPreviewValue>>;
}

/**
 * Graphic Walker on a dataset preview. This module (and Graphic Walker's 5 MB bundle with it) is only
 * loaded when a preview is shown: DatasetExplorer imports it lazily.
 */
export default function GraphicWalkerView(props: GraphicWalkerViewProps) {
  const { columns, rows } = props;
  const theme = useTheme();
  const fields = useMemo(
    () => columns.map(c => toField(c, rows)),
    [columns, rows],
  );
  return (
    <GraphicWalker
      data={rows}
      fields={fields}
      i18nLang="en-US"
      appearance={theme.palette.type === 'dark' ? 'dark' : 'light'}
    />
  );
}
