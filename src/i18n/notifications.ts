import type { NotificationKind, NotificationKinds, NotificationParams } from '@/domain/notifications/kinds';
import type { ApprovalAction } from '@/domain/registry/fourEyes';
import { formatMarketTime, toMarketTime } from '@/domain/trading/calendar';
import type { Lang } from './index';
import { textFormat, type TextFormat } from './problems/format';

/**
 * The texts of every notification kind (src/domain/notifications/kinds.ts) in English and Chinese:
 * a title and a body rendered from the notification's parameters, and the kind's name and
 * description for the preferences. The type check asks for every kind in both languages. Emails
 * use the same texts, in the recipient's language.
 */

interface KindTexts<P> {
  /** The kind's name in the preferences. */
  label: string;
  /** What it is about and who gets it, under the name in the preferences. */
  description: string;
  title: (p: P, f: TextFormat) => string;
  body: (p: P, f: TextFormat) => string;
}

type TextsOf = { [K in keyof NotificationKinds]: KindTexts<NotificationKinds[K]['params']> };

/** An instant as the market clock shows it (Beijing): "2026-11-23 15:00". */
const at = (iso: string) => formatMarketTime(toMarketTime(new Date(iso)));

/** The four-eyes actions (src/domain/registry/fourEyes.ts) as the texts name them. */
const APPROVAL_ACTIONS: Record<Lang, Record<ApprovalAction, string>> = {
  en: {
    'trustedAccount.add': 'add an account to a trusted account list',
    'account.status': 'change an account’s status',
    freeze: 'freeze units',
    unfreeze: 'release a freeze',
    pledge: 'pledge units',
    pledgeRelease: 'release a pledge',
    reversal: 'reverse a movement',
    issuance: 'issue units',
    distribution: 'distribute allowances to a province',
    'compliance.policy': 'change the compliance policy',
    'compliance.cycle': 'set a compliance year’s deadlines',
    'allocation.plan': 'set the cap and the provincial budgets',
    'allocation.distribute': 'issue the cap and distribute the provincial budgets',
    'allocation.rule': 'change an industry allocation rule',
    'allocation.run': 'confirm an allocation run',
    'auction.settlement': 'settle an auction',
  },
  zh: {
    'trustedAccount.add': '将账户加入可信账户列表',
    'account.status': '变更账户状态',
    freeze: '冻结',
    unfreeze: '解除冻结',
    pledge: '质押',
    pledgeRelease: '解除质押',
    reversal: '冲正一笔变动',
    issuance: '签发',
    distribution: '向省级分配账户划转配额',
    'compliance.policy': '变更履约政策',
    'compliance.cycle': '设置履约年度期限',
    'allocation.plan': '设置配额总量与省级预算',
    'allocation.distribute': '签发配额总量并向各省划转预算',
    'allocation.rule': '变更行业分配规则',
    'allocation.run': '确认配额分配批次',
    'auction.settlement': '结算拍卖',
  },
};
const approvalAction = (action: ApprovalAction, lang: Lang) => APPROVAL_ACTIONS[lang][action] ?? action;

const TRANSFER_KINDS: Record<Lang, Record<NotificationParams<'TRANSFER_AWAITING_APPROVAL'>['transferKind'], string>> = {
  en: { INHERITANCE: 'inheritance', MERGER: 'merger', SPLIT: 'split', COURT_ORDER: 'court order', DONATION: 'donation' },
  zh: { INHERITANCE: '继承', MERGER: '合并', SPLIT: '分立', COURT_ORDER: '司法划转', DONATION: '捐赠' },
};

const EN: TextsOf = {
  APPROVAL_PENDING: {
    label: 'Requests awaiting your approval',
    description: 'Another user asked for an action that needs a second person (four eyes).',
    title: (p) => `Approval needed: ${approvalAction(p.action, 'en')}`,
    body: (p) => `${p.requestedBy} asked to ${approvalAction(p.action, 'en')} (request #${p.requestId}). It needs your approval or rejection; the requester cannot decide it.`,
  },
  TRUSTED_ACCOUNT_PENDING: {
    label: 'Trusted account changes awaiting approval',
    description: 'A representative of your organisation asked to add an account to its trusted account list.',
    title: (p) => `Trusted account to approve for ${p.account}`,
    body: (p) => `${p.requestedBy} asked to add account ${p.trustedAccount} to the trusted account list of ${p.account} (request #${p.requestId}). A second representative must approve it.`,
  },
  TRANSFER_DELAYED: {
    label: 'Delayed transfers',
    description: 'A transfer to an account outside the trusted list waits its delay; it can be cancelled until it moves.',
    title: (p, f) => `Transfer of ${f.t(p.quantity)} delayed until ${at(p.executesAt)}`,
    body: (p, f) =>
      `Transfer #${p.transferId} of ${f.t(p.quantity)} ${p.instrument}-${p.vintage} from ${p.fromAccount} to ${p.toAccount} is not on the trusted account list: it moves at ${at(p.executesAt)} (market time) unless cancelled before.`,
  },
  TRANSFER_AWAITING_APPROVAL: {
    label: 'Non-trade transfers awaiting approval',
    description: 'Inheritance, merger, split, court-ordered and donation transfers need the registry operator’s approval.',
    title: (p, f) => `Non-trade transfer to approve: ${f.t(p.quantity)} ${p.instrument}-${p.vintage}`,
    body: (p, f) =>
      `Transfer #${p.transferId} (${TRANSFER_KINDS.en[p.transferKind]}) of ${f.t(p.quantity)} ${p.instrument}-${p.vintage} from ${p.fromAccount} to ${p.toAccount} awaits approval. Check the supporting documents, then approve or reject it.`,
  },
  DEADLINE_APPROACHING: {
    label: 'Surrender deadline approaching',
    description: 'Reminders 30, 7 and 1 days before the surrender deadline of a compliance year.',
    title: (p) => (p.daysLeft === 0 ? `Surrender deadline for ${p.year} is today` : `Surrender deadline for ${p.year} in ${p.daysLeft} ${p.daysLeft === 1 ? 'day' : 'days'}`),
    body: (p) =>
      `Allowances for the compliance year ${p.year} must be surrendered by ${p.deadline}. Check your obligation and holdings, and buy what is missing in time: a shortfall is fined and deducted from next year’s allocation.`,
  },
  REPORT_TO_VERIFY: {
    label: 'Emission reports to verify',
    description: 'A covered entity of your province filed its emission report.',
    title: (p) => `Emission report ${p.year} to verify: ${p.organisation}`,
    body: (p, f) =>
      `${p.organisation} ${p.refiled ? 'filed its emission report again' : 'filed its emission report'} for ${p.year}: ${f.t(p.reportedCo2e)} CO2e reported (report #${p.reportId}). Confirm the figure or correct it with a reason.`,
  },
  PENALTY_IMPOSED: {
    label: 'Penalties',
    description: 'Closing a compliance year found a shortfall in your surrender.',
    title: (p, f) => `Penalty for ${p.year}: fine of ${f.cny(p.fine)}`,
    body: (p, f) =>
      `The compliance year ${p.year} was closed with a shortfall of ${f.t(p.shortfall)} in your surrender. A fine of ${f.cny(p.fine)} was imposed, and the shortfall is deducted from your ${p.deductionYear} allocation. Surrendering the missing units now lowers the deduction.`,
  },
  AUCTION_OPENING: {
    label: 'Auctions opening',
    description: 'An auction you may bid in opened for sealed bids.',
    title: (p) => `Auction open: ${p.title}`,
    body: (p, f) =>
      `Auction #${p.auctionId} “${p.title}” offers ${f.t(p.quantity)} ${p.instrument}-${p.vintage}${p.reservePrice ? ` with a reserve price of ${f.cny(p.reservePrice)} per tonne` : ''}. Bids are sealed and taken until ${at(p.closesAt)} (market time).`,
  },
};

const ZH: TextsOf = {
  APPROVAL_PENDING: {
    label: '待您审批的申请',
    description: '其他用户申请了需要第二人复核（双人复核）的操作。',
    title: (p) => `待审批：${approvalAction(p.action, 'zh')}`,
    body: (p) => `${p.requestedBy} 申请${approvalAction(p.action, 'zh')}（申请编号 #${p.requestId}），需要您批准或驳回；申请人本人不能审批。`,
  },
  TRUSTED_ACCOUNT_PENDING: {
    label: '待审批的可信账户变更',
    description: '本单位的一名代表申请将某账户加入可信账户列表。',
    title: (p) => `待审批：${p.account} 的可信账户`,
    body: (p) => `${p.requestedBy} 申请将账户 ${p.trustedAccount} 加入 ${p.account} 的可信账户列表（申请编号 #${p.requestId}），需由另一名代表批准。`,
  },
  TRANSFER_DELAYED: {
    label: '延迟执行的划转',
    description: '转入可信列表以外账户的划转需等待延迟期，执行前可以撤销。',
    title: (p, f) => `${f.t(p.quantity)} 的划转延迟至 ${at(p.executesAt)} 执行`,
    body: (p, f) =>
      `划转 #${p.transferId}：${f.t(p.quantity)} ${p.instrument}-${p.vintage}，由 ${p.fromAccount} 转入 ${p.toAccount}。转入账户不在可信账户列表中，将于 ${at(p.executesAt)}（市场时间）执行，此前可以撤销。`,
  },
  TRANSFER_AWAITING_APPROVAL: {
    label: '待审批的非交易过户',
    description: '继承、合并、分立、司法划转和捐赠过户须经登记机构批准。',
    title: (p, f) => `待审批的非交易过户：${f.t(p.quantity)} ${p.instrument}-${p.vintage}`,
    body: (p, f) =>
      `过户 #${p.transferId}（${TRANSFER_KINDS.zh[p.transferKind]}）：${f.t(p.quantity)} ${p.instrument}-${p.vintage}，由 ${p.fromAccount} 转入 ${p.toAccount}，等待审批。请核对证明材料后批准或驳回。`,
  },
  DEADLINE_APPROACHING: {
    label: '清缴截止日临近',
    description: '在履约年度清缴截止日前 30 天、7 天和 1 天提醒。',
    title: (p) => (p.daysLeft === 0 ? `${p.year} 年度清缴今日截止` : `${p.year} 年度清缴还有 ${p.daysLeft} 天截止`),
    body: (p) => `${p.year} 履约年度的配额须于 ${p.deadline} 前完成清缴。请核对应履约量与持仓，及时购入不足部分：未足额清缴将被处以罚款，差额从下一年度配额中扣减。`,
  },
  REPORT_TO_VERIFY: {
    label: '待核查的排放报告',
    description: '本省的重点排放单位提交了排放报告。',
    title: (p) => `待核查：${p.organisationZh} ${p.year} 年度排放报告`,
    body: (p, f) =>
      `${p.organisationZh}${p.refiled ? '重新提交了' : '提交了'} ${p.year} 年度排放报告：报告排放量 ${f.t(p.reportedCo2e)} 二氧化碳当量（报告 #${p.reportId}）。请确认该数据，或说明理由后更正。`,
  },
  PENALTY_IMPOSED: {
    label: '处罚',
    description: '履约年度结束时发现清缴不足。',
    title: (p, f) => `${p.year} 年度处罚：罚款 ${f.cny(p.fine)}`,
    body: (p, f) =>
      `${p.year} 履约年度已结束，贵单位清缴不足 ${f.t(p.shortfall)}。已处以罚款 ${f.cny(p.fine)}，差额将从 ${p.deductionYear} 年度配额中扣减。现在补足清缴可减少扣减量。`,
  },
  AUCTION_OPENING: {
    label: '拍卖开始',
    description: '您可参与的拍卖已开始接受密封报价。',
    title: (p) => `拍卖开始：${p.titleZh ?? p.title}`,
    body: (p, f) =>
      `拍卖 #${p.auctionId}「${p.titleZh ?? p.title}」出让 ${f.t(p.quantity)} ${p.instrument}-${p.vintage}${p.reservePrice ? `，底价每吨 ${f.cny(p.reservePrice)}` : ''}。密封报价截止时间：${at(p.closesAt)}（市场时间）。`,
  },
};

const TEXTS: Record<Lang, TextsOf> = { en: EN, zh: ZH };

/** A notification's title and body in the reader's language. */
export function renderNotification<K extends NotificationKind>(kind: K, params: NotificationParams<K>, lang: Lang): { title: string; body: string } {
  const texts = TEXTS[lang][kind] as unknown as KindTexts<NotificationParams<K>>;
  const f = textFormat(lang);
  return { title: texts.title(params, f), body: texts.body(params, f) };
}

/** A kind's name and description for the preferences, in the reader's language. */
export function notificationKindLabel(kind: NotificationKind, lang: Lang): { label: string; description: string } {
  const { label, description } = TEXTS[lang][kind];
  return { label, description };
}

/** The frame of a notification email around its title and body, in the recipient's language. */
const EMAIL: Record<Lang, { open: (url: string) => string; footer: (settings: string) => string }> = {
  en: {
    open: (url) => `Open: ${url}`,
    footer: (settings) => `You receive this email because of your notification settings in the Carbon Allowance Registry. Change them at ${settings}. Times are market time (Beijing).`,
  },
  zh: {
    open: (url) => `打开：${url}`,
    footer: (settings) => `您收到此邮件，是因为您在全国碳排放权注册登记系统中的通知设置。可在 ${settings} 修改。时间均为市场时间（北京时间）。`,
  },
};

/**
 * A notification as an email in the recipient's language: the title as subject, the body, a link to
 * the page (absolute when the server knows its own URL, NEXTAUTH_URL), and why the mail came.
 */
export function renderNotificationEmail<K extends NotificationKind>(
  kind: K,
  params: NotificationParams<K>,
  link: string | null,
  lang: Lang,
  baseUrl: string | undefined,
): { subject: string; text: string } {
  const { title, body } = renderNotification(kind, params, lang);
  const url = (path: string) => (baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : path);
  const frame = EMAIL[lang];
  const parts = [body, ...(link ? [frame.open(url(link))] : []), '—', frame.footer(url('/notifications'))];
  return { subject: title, text: parts.join('\n\n') };
}
