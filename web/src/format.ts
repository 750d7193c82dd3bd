// Dates and scopes as people read them.

export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function moment(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const isPast = (iso: string | null | undefined): boolean => !!iso && Date.parse(iso) <= Date.now();

/** "record: read, update · table: read", or "all scopes". */
export function scopeSummary(scopes: readonly string[], catalogueSize: number): string {
  if (catalogueSize > 0 && scopes.length >= catalogueSize) return 'all scopes';
  const byResource = new Map<string, string[]>();
  for (const scope of scopes) {
    const [resource, action] = scope.split('|');
    if (!resource || !action) continue;
    byResource.set(resource, [...(byResource.get(resource) ?? []), action.replace('_', ' ')]);
  }
  return [...byResource].map(([resource, actions]) => `${resource}: ${actions.join(', ')}`).join(' · ') || 'no scopes';
}

/** YYYY-MM-DD, `days` from today (local). */
export function dateInDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
