import { NextResponse } from 'next/server';
import type { Lang } from '@/i18n';
import { renderFields, renderProblem } from '@/i18n/problems';
import type { DomainError } from '../errors';

/**
 * The JSON error shape of API.md for a domain error, in the reader's language: the body builder
 * the route wrapper (./route.ts) and the proxy (src/proxy.ts, which answers before any route runs)
 * share. Free of the database and the session machinery, so that the proxy can import it.
 */

/** The language of an API answer's messages: Accept-Language zh* → Chinese, else English (API.md). */
export function apiLang(req: { headers: Pick<Headers, 'get'> }): Lang {
  const first = (req.headers.get('accept-language') ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh' : 'en';
}

/** `{ error: { code, message, fields? } }` with the error's status; `headers` are added to the answer. */
export function problemResponse(e: DomainError, lang: Lang = 'en', headers?: Record<string, string>): NextResponse {
  const message = renderProblem(e.problem, lang);
  const fields = e.fieldProblems ? renderFields(e.fieldProblems, lang) : undefined;
  return NextResponse.json({ error: { code: e.code, message, ...(fields ? { fields } : {}) } }, { status: e.status, headers });
}
