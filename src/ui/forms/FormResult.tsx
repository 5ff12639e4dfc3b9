'use client';

import { Alert } from '../Alert';
import type { ActionResult } from './result';

/** The confirmation or error banner under a form. */
export function FormResult({ result, testId }: { result: ActionResult | null; testId?: string }) {
  if (!result) return null;
  return (
    <Alert kind={result.ok ? 'success' : 'error'} testId={testId ?? (result.ok ? 'form-success' : 'form-error')}>
      {result.message}
    </Alert>
  );
}
