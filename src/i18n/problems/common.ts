import type { COMMON_PROBLEMS } from '@/domain/problems/common';
import type { ProblemTexts } from './format';

const WHAT_EN = {
  account: 'Account', organisation: 'Organisation', instrument: 'Instrument', listing: 'Listing', proposal: 'Block proposal', auction: 'Auction',
  bid: 'Bid', report: 'Emission report', run: 'Allocation run', rule: 'Industry rule', transfer: 'Transfer request', encumbrance: 'Freeze or pledge',
  project: 'CCER project', alert: 'Alert', user: 'User', holiday: 'Holiday', entry: 'Journal entry', cashAccount: 'Cash account', province: 'Province',
} as const;
const WHAT_ZH: Record<keyof typeof WHAT_EN, string> = {
  account: '账户', organisation: '机构', instrument: '交易品种', listing: '挂牌', proposal: '大宗交易申报', auction: '竞价',
  bid: '申报', report: '排放报告', run: '分配批次', rule: '行业规则', transfer: '过户申请', encumbrance: '冻结或质押',
  project: 'CCER 项目', alert: '预警', user: '用户', holiday: '休市日', entry: '记账凭证', cashAccount: '资金账户', province: '省份',
};

export const commonTexts: ProblemTexts<typeof COMMON_PROBLEMS> = {
  en: {
    INVALID_INPUT: () => 'The request is invalid.',
    INVALID_JSON: () => 'The request body must be a JSON object.',
    UNAUTHENTICATED: (p) =>
      ({
        SIGN_IN: 'Sign in first.',
        SESSION_EXPIRED: 'Your session is no longer valid. Sign in again.',
        BAD_HEADER: 'The Authorization header must be "Bearer <token>".',
        UNKNOWN_TOKEN: 'The API token is unknown or expired. Get a new one from POST /api/v1/auth/token.',
        WRONG_CREDENTIALS: 'Email or password is wrong.',
      })[p.reason],
    FORBIDDEN: (p) =>
      ({
        none: 'You are not allowed to do this.',
        OUTSIDE_PROVINCE: p.province ? `This is outside your province (${p.province}).` : 'This is outside your province.',
        OWN_REQUEST: 'You requested this yourself: a second person must decide it (four eyes).',
        OTHER_ACCOUNT: 'You may act only on your own organisation\'s account.',
        COVERED_ENTITIES_ONLY: 'Only covered entities (重点排放单位) do this.',
      })[p.reason ?? 'none'],
    NOT_FOUND: (p) => `${WHAT_EN[p.what]}${p.id === null ? '' : ` ${p.id}`} was not found.`,
    RATE_LIMITED: () => 'Too many attempts. Try again later.',
    IDEMPOTENCY_KEY_REUSED: () => 'This Idempotency-Key was used for a different request.',
    IDEMPOTENCY_KEY_IN_USE: () => 'A request with this Idempotency-Key is still being processed. Try again shortly.',
    FIELD_REQUIRED: () => 'Required.',
    FIELD_INVALID: () => 'Not valid.',
    FIELD_NOT_A_DATE: () => 'Enter a date (YYYY-MM-DD).',
    FIELD_NOT_A_DATE_TIME: () => 'Enter a date and time.',
    FIELD_WHOLE_NUMBER: () => 'Enter a whole number.',
    FIELD_AT_LEAST: (p, f) => `Must be at least ${typeof p.min === 'number' ? f.n(p.min) : p.min}.`,
    FIELD_AT_MOST: (p, f) => `Must be at most ${typeof p.max === 'number' ? f.n(p.max) : p.max}.`,
    FIELD_ABOVE: (p, f) => `Must be above ${typeof p.min === 'number' ? f.n(p.min) : p.min}.`,
    FIELD_BELOW: (p, f) => `Must be below ${typeof p.max === 'number' ? f.n(p.max) : p.max}.`,
    FIELD_MIN_LENGTH: (p) => `Needs at least ${p.min} characters.`,
    FIELD_MAX_LENGTH: (p) => `At most ${p.max} characters.`,
    FIELD_ONE_OF: (p, f) => `Choose one of ${f.list(p.options)}.`,
    FIELD_PRICE: () => 'Enter a price in CNY with at most 2 decimals, e.g. 52.30.',
    FIELD_YEAR: () => 'Enter a year such as 2024.',
    FIELD_EMAIL: () => 'Enter an email address.',
    FIELD_UNKNOWN: () => 'Not a known field.',
  },
  zh: {
    INVALID_INPUT: () => '请求无效。',
    INVALID_JSON: () => '请求正文必须是 JSON 对象。',
    UNAUTHENTICATED: (p) =>
      ({
        SIGN_IN: '请先登录。',
        SESSION_EXPIRED: '登录已失效，请重新登录。',
        BAD_HEADER: 'Authorization 请求头格式应为 "Bearer <token>"。',
        UNKNOWN_TOKEN: 'API 令牌无效或已过期，请通过 POST /api/v1/auth/token 重新获取。',
        WRONG_CREDENTIALS: '邮箱或密码错误。',
      })[p.reason],
    FORBIDDEN: (p) =>
      ({
        none: '您无权执行此操作。',
        OUTSIDE_PROVINCE: p.province ? `超出您所辖省份（${p.province}）的范围。` : '超出您所辖省份的范围。',
        OWN_REQUEST: '该申请由您本人提出，须由另一人审批（双人复核）。',
        OTHER_ACCOUNT: '您只能操作本机构的账户。',
        COVERED_ENTITIES_ONLY: '仅重点排放单位可执行此操作。',
      })[p.reason ?? 'none'],
    NOT_FOUND: (p) => `未找到${WHAT_ZH[p.what]}${p.id === null ? '' : ` ${p.id}`}。`,
    RATE_LIMITED: () => '尝试次数过多，请稍后再试。',
    IDEMPOTENCY_KEY_REUSED: () => '该 Idempotency-Key 已用于另一个不同的请求。',
    IDEMPOTENCY_KEY_IN_USE: () => '使用该 Idempotency-Key 的请求仍在处理中，请稍后再试。',
    FIELD_REQUIRED: () => '必填。',
    FIELD_INVALID: () => '无效。',
    FIELD_NOT_A_DATE: () => '请输入日期（YYYY-MM-DD）。',
    FIELD_NOT_A_DATE_TIME: () => '请输入日期和时间。',
    FIELD_WHOLE_NUMBER: () => '请输入整数。',
    FIELD_AT_LEAST: (p, f) => `不得小于 ${typeof p.min === 'number' ? f.n(p.min) : p.min}。`,
    FIELD_AT_MOST: (p, f) => `不得大于 ${typeof p.max === 'number' ? f.n(p.max) : p.max}。`,
    FIELD_ABOVE: (p, f) => `必须大于 ${typeof p.min === 'number' ? f.n(p.min) : p.min}。`,
    FIELD_BELOW: (p, f) => `必须小于 ${typeof p.max === 'number' ? f.n(p.max) : p.max}。`,
    FIELD_MIN_LENGTH: (p) => `至少 ${p.min} 个字符。`,
    FIELD_MAX_LENGTH: (p) => `最多 ${p.max} 个字符。`,
    FIELD_ONE_OF: (p, f) => `请选择：${f.list(p.options)}。`,
    FIELD_PRICE: () => '请输入人民币价格，最多两位小数，例如 52.30。',
    FIELD_YEAR: () => '请输入年份，例如 2024。',
    FIELD_EMAIL: () => '请输入电子邮箱地址。',
    FIELD_UNKNOWN: () => '不是可识别的字段。',
  },
};
