'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { setLanguage } from '@/app/actions/language';
import { useI18n } from '@/i18n/client';
import type { Lang } from '@/i18n';

const LABELS: Record<Lang, string> = { en: 'EN', zh: '中文' };

export function LanguageSwitch() {
  const { lang, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const choose = (next: Lang) => {
    if (next === lang) return;
    startTransition(async () => {
      await setLanguage(next);
      router.refresh();
    });
  };
  return (
    <div className="seg" role="group" aria-label={t.common.language} aria-busy={pending || undefined}>
      {(['en', 'zh'] as const).map((l) => (
        <button key={l} type="button" className={l === lang ? 'on' : undefined} aria-pressed={l === lang} onClick={() => choose(l)} data-testid={`lang-${l}`} lang={l === 'zh' ? 'zh-CN' : 'en'}>
          {LABELS[l]}
        </button>
      ))}
    </div>
  );
}
