import type { REGISTRY_PROBLEMS } from '@/domain/problems/registry';
import { en as EN } from '../en';
import { zh as ZH } from '../zh';
import type { ProblemTexts } from './format';

const BUCKET_EN = { AVAILABLE: 'available', LOCKED: 'locked', PLEDGED: 'pledged', FROZEN: 'frozen' } as const;
const BUCKET_ZH = { AVAILABLE: '可用', LOCKED: '锁定', PLEDGED: '质押', FROZEN: '冻结' } as const;
const status = (s: keyof typeof EN.accountStatus) => EN.accountStatus[s].toLowerCase();

const NOT_ACTIVE_EN = { send: 'send units', receive: 'receive units', trade: 'trade: only active accounts trade', surrender: 'surrender' } as const;
const NOT_ACTIVE_ZH = { send: '转出', receive: '转入', trade: '交易（仅状态正常的账户可以交易）', surrender: '清缴' } as const;
const ACTION_EN = {
  approve: 'approved', restrictSome: 'put under some restrictions', restrict: 'restricted', suspend: 'suspended', requestClosure: 'put up for closure',
  reinstate: 'reinstated', close: 'closed', reject: 'rejected',
} as const;

const CREDIT_CODE_EN = {
  LENGTH: 'A unified social credit code has 18 characters.',
  CHARACTER: 'The code contains a character not allowed (I, O, Z, S and V are never used).',
  DIVISION: 'Characters 3–8 must be the administrative division code (digits).',
  CHECK_DIGIT: 'The check digit does not match (GB 32100-2015).',
} as const;
const CREDIT_CODE_ZH = {
  LENGTH: '统一社会信用代码应为 18 位。',
  CHARACTER: '代码含有不允许的字符（不使用 I、O、Z、S、V）。',
  DIVISION: '第 3–8 位应为行政区划代码（数字）。',
  CHECK_DIGIT: '校验码不符（GB 32100-2015）。',
} as const;

export const registryTexts: ProblemTexts<typeof REGISTRY_PROBLEMS> = {
  en: {
    INSUFFICIENT_HOLDING: (p, f) =>
      `Not enough ${BUCKET_EN[p.bucket]} ${p.instrument}-${p.vintage}${p.accountId === null ? '' : ` in account ${p.accountId}`}: ` +
      `${f.t(p.available)} ${BUCKET_EN[p.bucket]}, ${f.t(p.needed)} needed.`,
    INSUFFICIENT_CASH: (p, f) =>
      `Not enough cash${p.cashAccountId === null ? '' : ` in cash account ${p.cashAccountId}`}: ${f.cny(p.available)} available` +
      `${p.needed === null ? '' : `, ${f.cny(p.needed)} needed`}.`,
    CCER_PROJECTS_SHORT: (p, f) =>
      `Account ${p.accountId} holds ${f.t(p.held)} of CCER-${p.vintage} from the projects this movement may use; ${f.t(p.needed)} are needed.`,
    ACCOUNT_NOT_ACTIVE: (p) => `Registry account ${p.account} is ${status(p.status)}: it cannot ${NOT_ACTIVE_EN[p.action]}.`,
    INVALID_TRANSITION: (p) => `An account that is ${status(p.status)} cannot be ${ACTION_EN[p.action]}.`,
    ACCOUNT_NOT_EMPTY: (p, f) =>
      p.reason === 'HOLDINGS' ? `The account still holds ${f.t(p.holdings)} of units: it can be closed only when empty.` :
      p.reason === 'CASH' ? `The account still holds ${f.cny(p.cash)} of cash: it can be closed only when empty.` :
      'The account’s balances could not be checked: it can be closed only when empty.',
    SYSTEM_ACCOUNT: (p) => `${p.account} is a system account: its status does not change.`,
    DUPLICATE_CREDIT_CODE: (p) => `An organisation with the unified social credit code ${p.creditCode} already has an account.`,
    NOT_A_PARTICIPANT_ACCOUNT: (p) =>
      p.use === 'allocation'
        ? `Allocations go to participant accounts only: ${p.account} is a system account.`
        : `Only participant accounts can pledge units: ${p.account} is a system account.`,
    NO_PROVINCE: (p) => `Account ${p.account} has no province to allocate from.`,
    ALREADY_RELEASED: (p) => `${p.what === 'freeze' ? 'Freeze' : 'Pledge'} ${p.id} was already released.`,
    ALREADY_DECIDED: (p) => `Transfer request ${p.id} was already ${p.status === 'APPROVED' ? 'approved' : 'rejected'}.`,
    SAME_ACCOUNT: () => 'The destination must be another account.',
    UNKNOWN_DESTINATION: (p) => `The destination must be a participant registry account: account ${p.accountId} is not one.`,
    UNKNOWN_ORGANISATION: (p) => `There is no organisation ${p.id}.`,
    UNKNOWN_PROVINCE: (p) => `There is no province ${p.code}.`,
    CCER_PROJECT_EXISTS: (p) => `A project with code ${p.code} is already registered.`,
    UNKNOWN_CCER_PROJECT: (p) => `No CCER project is registered with code ${p.code}.`,
    FIELD_HOLDING_SHORT: (p, f) => `Only ${f.t(p.available)} ${BUCKET_EN[p.bucket]}.`,
    FIELD_CASH_SHORT: (p, f) => `Only ${f.cny(p.available)} available.`,
    FIELD_CCER_PROJECTS_SHORT: (p, f) => `Only ${f.t(p.held)} come from the projects allowed.`,
    FIELD_ACCOUNT_NOT_ACTIVE: (p) => `The account is ${status(p.status)}.`,
    FIELD_NOT_A_PARTICIPANT_ACCOUNT: () => 'Not a participant account.',
    FIELD_SAME_AS_SOURCE: () => 'Same as the source account.',
    FIELD_NO_SUCH: (p) => `No such ${p.what === 'project' ? 'CCER project' : p.what}.`,
    FIELD_ALREADY_REGISTERED: () => 'Already registered.',
    FIELD_NOTHING_CHANGED: () => 'Change at least one field: nothing differs from the registered information.',
    FIELD_CNY_AMOUNT: () => 'Enter an amount in CNY above zero with at most two decimals, e.g. 52.30.',
    FIELD_CREDIT_CODE: (p) => CREDIT_CODE_EN[p.reason],
    FIELD_CCER_PROJECT_CODE: () => 'Enter 3–40 letters, digits and hyphens, like CCER-GD-2023-0001.',
    FIELD_PROJECT_FOR_CCER: (p) => (p.instrument === 'CCER' ? 'CCER must name the project they come from.' : 'CEA come from no project: leave this empty.'),
    FIELD_CURSOR: () => 'Use the cursor of a previous page.',
  },
  zh: {
    INSUFFICIENT_HOLDING: (p, f) =>
      `${p.accountId === null ? '' : `账户 ${p.accountId} 中 `}${p.instrument}-${p.vintage} ${BUCKET_ZH[p.bucket]}数量不足：` +
      `${BUCKET_ZH[p.bucket]} ${f.t(p.available)}，需要 ${f.t(p.needed)}。`,
    INSUFFICIENT_CASH: (p, f) =>
      `${p.cashAccountId === null ? '' : `资金账户 ${p.cashAccountId} `}可用资金不足：可用 ${f.cny(p.available)}` +
      `${p.needed === null ? '' : `，需要 ${f.cny(p.needed)}`}。`,
    CCER_PROJECTS_SHORT: (p, f) =>
      `账户 ${p.accountId} 中来自所需项目的 CCER-${p.vintage} 数量不足：持有 ${f.t(p.held)}，需要 ${f.t(p.needed)}。`,
    ACCOUNT_NOT_ACTIVE: (p) => `注册登记账户 ${p.account} 状态为“${ZH.accountStatus[p.status]}”，不能${NOT_ACTIVE_ZH[p.action]}。`,
    INVALID_TRANSITION: (p) => `状态为“${ZH.accountStatus[p.status]}”的账户不能${ZH.accountActions[p.action]}。`,
    ACCOUNT_NOT_EMPTY: (p, f) =>
      p.reason === 'HOLDINGS' ? `账户仍持有 ${f.t(p.holdings)} 配额或核证减排量，清空后方可注销。` :
      p.reason === 'CASH' ? `账户仍有资金 ${f.cny(p.cash)}，清空后方可注销。` :
      '无法核对账户余额，账户清空后方可注销。',
    SYSTEM_ACCOUNT: (p) => `${p.account} 为系统账户，不能变更状态。`,
    DUPLICATE_CREDIT_CODE: (p) => `统一社会信用代码 ${p.creditCode} 已开立账户。`,
    NOT_A_PARTICIPANT_ACCOUNT: (p) =>
      p.use === 'allocation' ? `配额只能分配至参与方账户，${p.account} 为系统账户。` : `只有参与方账户可以质押，${p.account} 为系统账户。`,
    NO_PROVINCE: (p) => `账户 ${p.account} 没有所属省份，无法分配。`,
    ALREADY_RELEASED: (p) => `${p.what === 'freeze' ? '冻结' : '质押'} ${p.id} 已经解除。`,
    ALREADY_DECIDED: (p) => `过户申请 ${p.id} 已处理（${ZH.requestStatus[p.status]}）。`,
    SAME_ACCOUNT: () => '转入账户不能与转出账户相同。',
    UNKNOWN_DESTINATION: (p) => `转入账户必须是参与方注册登记账户，账户 ${p.accountId} 不是。`,
    UNKNOWN_ORGANISATION: (p) => `没有编号为 ${p.id} 的机构。`,
    UNKNOWN_PROVINCE: (p) => `没有代码为 ${p.code} 的省份。`,
    CCER_PROJECT_EXISTS: (p) => `项目编号 ${p.code} 已登记。`,
    UNKNOWN_CCER_PROJECT: (p) => `没有以编号 ${p.code} 登记的 CCER 项目。`,
    FIELD_HOLDING_SHORT: (p, f) => `仅有 ${f.t(p.available)}${BUCKET_ZH[p.bucket]}。`,
    FIELD_CASH_SHORT: (p, f) => `可用资金仅 ${f.cny(p.available)}。`,
    FIELD_CCER_PROJECTS_SHORT: (p, f) => `来自所需项目的仅 ${f.t(p.held)}。`,
    FIELD_ACCOUNT_NOT_ACTIVE: (p) => `账户状态为“${ZH.accountStatus[p.status]}”。`,
    FIELD_NOT_A_PARTICIPANT_ACCOUNT: () => '不是参与方账户。',
    FIELD_SAME_AS_SOURCE: () => '与转出账户相同。',
    FIELD_NO_SUCH: (p) => `没有该${({ organisation: '机构', province: '省份', project: ' CCER 项目' } as const)[p.what]}。`,
    FIELD_ALREADY_REGISTERED: () => '已登记。',
    FIELD_NOTHING_CHANGED: () => '请至少修改一项：填写的信息与已登记信息相同。',
    FIELD_CNY_AMOUNT: () => '请输入大于零的人民币金额，最多两位小数，例如 52.30。',
    FIELD_CREDIT_CODE: (p) => CREDIT_CODE_ZH[p.reason],
    FIELD_CCER_PROJECT_CODE: () => '请输入 3–40 位字母、数字或连字符，例如 CCER-GD-2023-0001。',
    FIELD_PROJECT_FOR_CCER: (p) => (p.instrument === 'CCER' ? 'CCER 须填写来源项目。' : '配额（CEA）没有来源项目，请留空。'),
    FIELD_CURSOR: () => '请使用上一页返回的游标。',
  },
};
