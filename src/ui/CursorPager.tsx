import Link from 'next/link';

/**
 * Next/Previous links for cursor-paged lists. The cursors of earlier pages travel in `trail`
 * ("-" is the first page), so Previous works without server state.
 */
export function CursorPager({
  basePath, params, nextCursor, labels, testId,
}: {
  basePath: string;
  /** Current search params (filters), including cursor and trail. */
  params: Record<string, string | undefined>;
  nextCursor: string | null;
  labels: { previous: string; next: string; newest: string };
  testId?: string;
}) {
  const { cursor, trail, ...filters } = params;
  const steps = trail ? trail.split('.') : [];
  const href = (c: string | undefined, tr: string[]) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (c) q.set('cursor', c);
    if (tr.length) q.set('trail', tr.join('.'));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const hasPrev = Boolean(cursor);
  const prevCursor = steps.at(-1);
  const prevHref = href(prevCursor && prevCursor !== '-' ? prevCursor : undefined, steps.slice(0, -1));
  const nextHref = nextCursor ? href(nextCursor, [...steps, cursor ?? '-']) : null;
  return (
    <div className="table-foot" data-testid={testId}>
      <span />
      <div className="pager">
        {hasPrev ? (
          <Link className="btn sm" href={href(undefined, [])}>
            « {labels.newest}
          </Link>
        ) : null}
        {hasPrev ? (
          <Link className="btn sm" href={prevHref} data-testid={testId ? `${testId}-prev` : undefined}>
            ‹ {labels.previous}
          </Link>
        ) : (
          <span className="btn sm" aria-disabled="true">
            ‹ {labels.previous}
          </span>
        )}
        {nextHref ? (
          <Link className="btn sm" href={nextHref} data-testid={testId ? `${testId}-next` : undefined}>
            {labels.next} ›
          </Link>
        ) : (
          <span className="btn sm" aria-disabled="true">
            {labels.next} ›
          </span>
        )}
      </div>
    </div>
  );
}
