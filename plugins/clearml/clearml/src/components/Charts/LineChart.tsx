import { useTheme } from '@material-ui/core/styles';
import { ClearmlMetricPoint } from '@mlops-portal/plugin-clearml-common';
import { formatValue } from './format';

/** A small SVG line chart of one scalar's history; `compact` draws a sparkline without labels. */
export function LineChart(props: {
  points: ClearmlMetricPoint[];
  label: string;
  compact?: boolean;
  width?: number;
  height?: number;
}) {
  const { points, label, compact } = props;
  const theme = useTheme();
  const width = props.width ?? (compact ? 120 : 360);
  const height = props.height ?? (compact ? 28 : 160);
  const pad = compact ? 2 : 28;
  if (points.length === 0) {
    return null;
  }
  const xs = points.map(p => p.iteration);
  const ys = points.map(p => p.value);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) =>
    pad + ((x - xMin) / (xMax - xMin || 1)) * (width - 2 * pad);
  const sy = (y: number) =>
    height - pad - ((y - yMin) / (yMax - yMin || 1)) * (height - 2 * pad);
  const path = points
    .map(p => `${sx(p.iteration).toFixed(1)},${sy(p.value).toFixed(1)}`)
    .join(' ');
  const last = points[points.length - 1];
  const summary = `${label}: ${points.length} points, last ${formatValue(
    last.value,
  )} at iteration ${last.iteration}, range ${formatValue(
    yMin,
  )} to ${formatValue(yMax)}`;
  return (
    <svg
      role="img"
      aria-label={summary}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title>{summary}</title>
      {!compact && (
        <g fontSize={10} fill={theme.palette.text.secondary}>
          <line
            x1={pad}
            y1={height - pad}
            x2={width - pad}
            y2={height - pad}
            stroke={theme.palette.divider}
          />
          <text x={2} y={pad}>
            {formatValue(yMax)}
          </text>
          <text x={2} y={height - pad}>
            {formatValue(yMin)}
          </text>
          <text x={pad} y={height - 8}>
            {xMin}
          </text>
          <text x={width - pad} y={height - 8} textAnchor="end">
            {xMax}
          </text>
        </g>
      )}
      <polyline
        points={path}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={compact ? 1.5 : 2}
      />
    </svg>
  );
}
