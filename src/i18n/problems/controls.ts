import type { CONTROLS_PROBLEMS } from '@/domain/problems/controls';
import { en as EN } from '../en';
import { zh as ZH } from '../zh';
import type { ProblemTexts } from './format';

const REFUSAL_EN = {
  OWN_REQUEST: 'you made it, and a second person must decide',
  AFFECTED: 'it concerns your own organisation',
  OTHER_ORGANISATION: 'only another representative of the same account holder decides it',
  NOT_SENIOR: 'a senior role decides it',
  NO_PERMISSION: 'your role does not decide it',
} as const;
const REFUSAL_ZH = {
  OWN_REQUEST: '该申请由您提出，须由另一人审批',
  AFFECTED: '该申请涉及您所在机构',
  OTHER_ORGANISATION: '须由同一账户持有人的另一名代表审批',
  NOT_SENIOR: '须由更高级别角色审批',
  NO_PERMISSION: '您的角色无权审批',
} as const;
const NOT_REVERSIBLE_EN = {
  TYPE: (type: string) => `${type} entries are not reversed by a correction (trades and auctions are final, surrenders and cancellations permanent, locks and encumbrances have their own release)`,
  ALREADY_REVERSED: () => 'it was reversed already',
  IS_REVERSAL: () => 'it is itself a reversal',
} as const;
const NOT_REVERSIBLE_ZH = {
  TYPE: (type: string) => `“${type}”类凭证不能冲正（交易和竞价为最终结算，清缴和注销不可撤回，锁定和冻结质押另有解除流程）`,
  ALREADY_REVERSED: () => '该凭证已被冲正',
  IS_REVERSAL: () => '该凭证本身即为冲正凭证',
} as const;
const movementEn = (t: string) => EN.movementTypes[t as keyof typeof EN.movementTypes] ?? t;
const movementZh = (t: string) => ZH.movementTypes[t as keyof typeof ZH.movementTypes] ?? t;

export const controlsTexts: ProblemTexts<typeof CONTROLS_PROBLEMS> = {
  en: {
    APPROVAL_NOT_ALLOWED: (p) => `You cannot decide request ${p.id}: ${REFUSAL_EN[p.reason]}.`,
    APPROVAL_CLOSED: (p) => `Request ${p.id} is ${({ APPROVED: 'approved', REJECTED: 'rejected', EXPIRED: 'expired' } as const)[p.status]} already.`,
    APPROVAL_ALREADY_REQUESTED: (p) => `Request ${p.id} for the same change is already waiting for approval.`,
    TRUSTED_ACCOUNT_LISTED: (p) => `Account ${p.account} is already on the trusted account list, or its addition is waiting.`,
    TRANSFER_NOT_CANCELLABLE: (p) =>
      p.reason === 'DELAY_OVER' ? `Transfer ${p.id}'s delay is over: it is being carried out and can no longer be cancelled.` : `Transfer ${p.id} is not waiting out a delay: only a delayed transfer can be cancelled.`,
    NOT_REVERSIBLE: (p) => `Entry ${p.entry} cannot be reversed: ${NOT_REVERSIBLE_EN[p.reason](movementEn(p.type))}.`,
  },
  zh: {
    APPROVAL_NOT_ALLOWED: (p) => `您不能审批申请 ${p.id}：${REFUSAL_ZH[p.reason]}。`,
    APPROVAL_CLOSED: (p) => `申请 ${p.id} 已${({ APPROVED: '批准', REJECTED: '驳回', EXPIRED: '过期' } as const)[p.status]}。`,
    APPROVAL_ALREADY_REQUESTED: (p) => `相同变更的申请 ${p.id} 正在等待审批。`,
    TRUSTED_ACCOUNT_LISTED: (p) => `账户 ${p.account} 已在可信账户名单中，或其添加申请正在处理。`,
    TRANSFER_NOT_CANCELLABLE: (p) => (p.reason === 'DELAY_OVER' ? `过户 ${p.id} 的延时已结束，正在执行，不能再取消。` : `过户 ${p.id} 不在延时期内：只有延时执行中的过户可以取消。`),
    NOT_REVERSIBLE: (p) => `凭证 ${p.entry} 不能冲正：${NOT_REVERSIBLE_ZH[p.reason](movementZh(p.type))}。`,
  },
};
