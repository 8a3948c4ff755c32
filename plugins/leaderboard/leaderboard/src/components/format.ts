import { LeaderboardFreshness } from '@mlops-portal/plugin-leaderboard-common';

/** A score as the page shows it: four significant digits. */
export function formatScore(score: number): string {
  return Number(score.toPrecision(4)).toString();
}

/** `1st`, `2nd`, `3rd`, `4th`… */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** The day a run completed, as ISO date. */
export function formatDate(iso?: string): string {
  return iso ? iso.slice(0, 10) : '—';
}

/** How fresh an answer is, in one sentence. */
export function freshnessText(f: LeaderboardFreshness): string {
  const at = new Date(f.readAt).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return f.maxAgeSeconds > 0
    ? `Read from ClearML at ${at}; the portal reads it again after ${f.maxAgeSeconds} s.`
    : `Read from ClearML at ${at}.`;
}
