'use client';

import { useI18n } from '@/i18n/client';

/** The loading state of every page (loading.tsx): header, figures and a table placeholder. */
export function PageSkeleton() {
  const { t } = useI18n();
  const label = t.common.loading;
  return (
    <div aria-busy="true" aria-live="polite" data-testid="page-loading">
      <span className="sr-only">{label}</span>
      <div className="skeleton" style={{ height: 26, width: 260, marginBottom: 10 }} />
      <div className="skeleton" style={{ height: 14, width: 420, marginBottom: 24 }} />
      <div className="grid grid-4 mb">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="card kpi">
            <div className="skeleton" style={{ height: 12, width: '50%' }} />
            <div className="skeleton" style={{ height: 24, width: '70%', marginTop: 8 }} />
          </div>
        ))}
      </div>
      <div className="card">
        <div className="card-body">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <div key={i} className="skeleton" style={{ height: 16, marginBottom: 14, width: `${90 - i * 6}%` }} />
          ))}
        </div>
      </div>
    </div>
  );
}
