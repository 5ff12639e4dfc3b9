import { defineProblems, none } from './define';

/** The notifications' problem codes (texts: src/i18n/problems/notifications.ts). */
export const NOTIFICATION_PROBLEMS = defineProblems({
  /** Marking as read takes either the ids of notifications or `all: true`, not both, not neither. */
  FIELD_IDS_OR_ALL: { kind: 'INVALID', params: none },
  /** The preferences name a kind twice. */
  FIELD_DUPLICATE_KIND: { kind: 'INVALID', params: none },
});
