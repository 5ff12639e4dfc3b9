'use client';

import type { z } from 'zod';
import { fmt } from '@/i18n';
import type { ActionResult } from './result';
import { ReasonDialog } from './ReasonDialog';

export interface ApproveRejectTexts {
  approve: string;
  reject: string;
  /** Dialog titles with `{id}`. */
  approveTitle: string;
  rejectTitle: string;
  note: string;
  noteHint: string;
}

/**
 * The second person's decision on a request (a transfer, a four-eyes request): approve or reject,
 * each with a note; approving is signed with a one-time code when the user has two-factor.
 */
export function ApproveRejectButtons({ id, texts, schema, run, testIdPrefix }: {
  id: number;
  texts: ApproveRejectTexts;
  schema: z.ZodType;
  run: (decision: 'approve' | 'reject', note: string, signatureCode?: string) => Promise<ActionResult>;
  testIdPrefix: string;
}) {
  return (
    <div className="btn-row">
      {(['approve', 'reject'] as const).map((decision) => (
        <ReasonDialog
          key={decision}
          trigger={decision === 'approve' ? texts.approve : texts.reject}
          tone={decision === 'approve' ? 'primary' : 'danger'}
          title={fmt(decision === 'approve' ? texts.approveTitle : texts.rejectTitle, { id })}
          label={texts.note}
          hint={texts.noteHint}
          schema={schema}
          field="note"
          run={(note, signatureCode) => run(decision, note, signatureCode)}
          signed={decision === 'approve'}
          testId={`${testIdPrefix}-${decision}-${id}`}
        />
      ))}
    </div>
  );
}
