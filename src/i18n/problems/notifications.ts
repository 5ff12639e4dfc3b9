import type { NOTIFICATION_PROBLEMS } from '@/domain/problems/notifications';
import type { ProblemTexts } from './format';

export const notificationTexts: ProblemTexts<typeof NOTIFICATION_PROBLEMS> = {
  en: {
    FIELD_IDS_OR_ALL: () => 'Give either the ids of the notifications to mark as read, or all: true.',
    FIELD_DUPLICATE_KIND: () => 'Each notification kind may appear once.',
  },
  zh: {
    FIELD_IDS_OR_ALL: () => '请提供要标记为已读的通知编号（ids），或 all: true，二者选一。',
    FIELD_DUPLICATE_KIND: () => '每种通知类型只能出现一次。',
  },
};
