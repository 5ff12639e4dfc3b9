import type { Note, Notes } from '@/domain/notes';
import type { Lang } from './index';
import { textFormat, type ProblemTexts, type TextFormat } from './problems/format';

/**
 * The texts of generated memos and alert details (src/domain/notes.ts) in English and Chinese.
 * Rendered where they are shown, in the reader's language; the English text is also stored with
 * each journal entry and alert (exports, the audit trail).
 */
const band = (p: { price: string; low: string; high: string }, f: TextFormat, word: string) => `${f.cny(p.price)} (${word} ${f.cny(p.low)}–${f.cny(p.high)})`;
const title = (p: { title: string; titleZh: string | null }, lang: Lang) => (lang === 'zh' && p.titleZh ? p.titleZh : p.title);

const TEXTS: ProblemTexts<Notes> = {
  en: {
    SELL_LISTING_LOCK: (p, f) => `Sell listing of ${f.t(p.quantity)} ${p.symbol} at ${f.cny(p.price)}`,
    BUY_LISTING_LOCK: (p, f) => `Buy listing of ${f.t(p.quantity)} ${p.symbol} at ${f.cny(p.price)} (value and fee)`,
    LISTING_AMENDED: (p, f) => `Listing ${p.listing} amended down to ${f.t(p.remaining)}`,
    LISTING_CANCELLED: (p) => `Listing ${p.listing} cancelled`,
    LISTINGS_EXPIRED: (p) => `Listings expired at the end of ${p.day}`,
    TAKE: (p, f) => `Take of ${f.t(p.quantity)} ${p.symbol} (${f.n(p.fills)} ${p.fills === 1 ? 'fill' : 'fills'})`,
    BLOCK_SELL_LOCK: (p, f) => `Block sell proposal of ${f.t(p.quantity)} ${p.symbol}`,
    BLOCK_BUY_LOCK: (p, f) => `Block buy proposal of ${f.t(p.quantity)} ${p.symbol} (value and fee)`,
    BLOCK_PROPOSAL_ENDED: (p) => `Block proposal ${p.proposal} ${p.how === 'reject' ? 'rejected' : 'withdrawn'}`,
    BLOCK_PROPOSALS_EXPIRED: (p) => `Block proposals expired at the end of ${p.day}`,
    BLOCK_TRADE: (p, f) => `Block trade ${p.proposal}: ${f.t(p.quantity)} ${p.symbol}`,
    CASH_DEPOSIT: () => 'Deposit',
    PLEDGED: (p, f) => `Pledged to ${p.pledgee} securing ${f.cny(p.securedAmount)}`,
    TRANSFER_LOCK: (p) => `Locked for non-trade transfer request ${p.request}`,
    TRANSFER: (p) => `${p.kind}: ${p.reason}`,
    TRANSFER_REJECTED: (p) => `Non-trade transfer request ${p.request} rejected`,
    TRANSFER_CANCELLED: (p) => `Non-trade transfer ${p.request} cancelled during its delay`,
    REVERSAL: (p) => `Reversal of entry ${p.entry}: ${p.reason}`,
    SURRENDER: (p) => `Surrender for ${p.year}`,
    SURRENDER_EXCESS: (p) => `Surrendered beyond the ${p.year} obligation`,
    EXPIRY: (p) => `Removed from the covered-entity list; transition period ended ${p.until}`,
    NATIONAL_CAP: (p) => `${p.year} national cap`,
    ALLOCATION_RUN: (p) => `${p.year} ${p.kind === 'PRE_ALLOCATION' ? 'pre-allocation' : 'true-up'} of ${p.province}, run #${p.run}`,
    ALLOCATION_PAID_SHARE: (p) => `${p.year} ${p.kind === 'PRE_ALLOCATION' ? 'pre-allocation' : 'true-up'} of ${p.province}, run #${p.run}: paid share of organisation ${p.organisation} set aside for auction`,
    PROVINCE_BUDGET: (p) => `${p.year} budget of ${p.province}`,
    AUCTION_OFFERED: (p) => `Offered in auction ${p.auction}: ${title(p, 'en')}`,
    AUCTION_CANCELLED: (p) => `Auction ${p.auction} cancelled`,
    AUCTION_SETTLED: (p) => `Auction ${p.auction} settled: ${title(p, 'en')}`,
    AUCTION_GUARANTEE: (p) => ({ lock: `Bid guarantee, auction ${p.auction}`, amend: `Bid guarantee adjusted, auction ${p.auction}`, release: `Bid withdrawn, auction ${p.auction}` })[p.change],
    BASIS_TRADE_SETTLEMENT: () => 'Trade settlement, delivery versus payment',
    BASIS_COMPLIANCE_YEAR: (p) => `Compliance year ${p.year}`,
    BASIS_ALLOCATION_PLAN: (p) => `${p.year} allocation plan`,
    BASIS_NATIONAL_TOTAL: (p) => `${p.year} national allowance total and allocation plan`,
    BASIS_PROVINCE_BUDGET: (p) => `${p.year} provincial allocation budget`,
    BASIS_COVERAGE_EXPIRY: () => 'Covered-entity list: expiry after the transition period',
    BASIS_PENALTY: (p, f) => (p.rule === 'TRIAL_2021' ? 'Fixed range of the 2021 trial measures: 20,000–30,000 CNY' : `5–10 × average price ${f.cny(p.averagePrice)} × shortfall ${f.t(p.shortfall)}`),
    ALERT_SELF_TRADE: (p, f) => `Self-trade: the same account bought and sold ${f.t(p.quantity)} of ${p.symbol} at ${band(p, f, 'band')}.`,
    ALERT_RELATED_ACCOUNTS: (p, f) => `Trade between related accounts of one group: ${f.t(p.quantity)} of ${p.symbol} at ${band(p, f, 'band')}.`,
    ALERT_BAND_LIMIT: (p, f) => `Trade at the price band limit: ${f.t(p.quantity)} of ${p.symbol} at ${band(p, f, 'band')}.`,
    ALERT_LIST_AND_CANCEL: (p, f) => `Repeated list-and-cancel: ${f.n(p.cancelled)} listings cancelled today by one participant (threshold ${f.n(p.threshold)}).`,
  },
  zh: {
    SELL_LISTING_LOCK: (p, f) => `卖出挂牌 ${p.symbol} ${f.t(p.quantity)}，价格 ${f.cny(p.price)}`,
    BUY_LISTING_LOCK: (p, f) => `买入挂牌 ${p.symbol} ${f.t(p.quantity)}，价格 ${f.cny(p.price)}（含货款与手续费）`,
    LISTING_AMENDED: (p, f) => `挂牌 ${p.listing} 数量减至 ${f.t(p.remaining)}`,
    LISTING_CANCELLED: (p) => `挂牌 ${p.listing} 已撤销`,
    LISTINGS_EXPIRED: (p) => `${p.day} 日终挂牌失效`,
    TAKE: (p, f) => `摘牌 ${p.symbol} ${f.t(p.quantity)}（成交 ${f.n(p.fills)} 笔）`,
    BLOCK_SELL_LOCK: (p, f) => `大宗协议卖出申报 ${p.symbol} ${f.t(p.quantity)}`,
    BLOCK_BUY_LOCK: (p, f) => `大宗协议买入申报 ${p.symbol} ${f.t(p.quantity)}（含货款与手续费）`,
    BLOCK_PROPOSAL_ENDED: (p) => `大宗协议申报 ${p.proposal} ${p.how === 'reject' ? '已被拒绝' : '已撤回'}`,
    BLOCK_PROPOSALS_EXPIRED: (p) => `${p.day} 日终大宗协议申报失效`,
    BLOCK_TRADE: (p, f) => `大宗协议成交 ${p.proposal}：${p.symbol} ${f.t(p.quantity)}`,
    CASH_DEPOSIT: () => '入金',
    PLEDGED: (p, f) => `质押给 ${p.pledgee}，担保金额 ${f.cny(p.securedAmount)}`,
    TRANSFER_LOCK: (p) => `非交易过户申请 ${p.request} 锁定`,
    TRANSFER: (p) => `${({ INHERITANCE: '继承', MERGER: '合并', SPLIT: '分立', COURT_ORDER: '司法裁决', DONATION: '捐赠' } as Record<string, string>)[p.kind] ?? p.kind}：${p.reason}`,
    TRANSFER_REJECTED: (p) => `非交易过户申请 ${p.request} 已驳回`,
    TRANSFER_CANCELLED: (p) => `非交易过户 ${p.request} 在延时期内取消`,
    REVERSAL: (p) => `冲正凭证 ${p.entry}：${p.reason}`,
    SURRENDER: (p) => `${p.year} 年度清缴`,
    SURRENDER_EXCESS: (p) => `超出 ${p.year} 年度清缴义务的部分`,
    EXPIRY: (p) => `移出重点排放单位名录，过渡期于 ${p.until} 届满`,
    NATIONAL_CAP: (p) => `${p.year} 年度全国配额总量`,
    ALLOCATION_RUN: (p) => `${p.year} 年度 ${p.province} ${p.kind === 'PRE_ALLOCATION' ? '预分配' : '核定调整'}，批次 #${p.run}`,
    ALLOCATION_PAID_SHARE: (p) => `${p.year} 年度 ${p.province} ${p.kind === 'PRE_ALLOCATION' ? '预分配' : '核定调整'}，批次 #${p.run}：机构 ${p.organisation} 的有偿分配部分转入拍卖账户`,
    PROVINCE_BUDGET: (p) => `${p.year} 年度 ${p.province} 配额预算`,
    AUCTION_OFFERED: (p) => `竞价 ${p.auction} 出让：${title(p, 'zh')}`,
    AUCTION_CANCELLED: (p) => `竞价 ${p.auction} 已取消`,
    AUCTION_SETTLED: (p) => `竞价 ${p.auction} 已结算：${title(p, 'zh')}`,
    AUCTION_GUARANTEE: (p) => ({ lock: `竞价 ${p.auction} 竞买保证金`, amend: `竞价 ${p.auction} 竞买保证金调整`, release: `竞价 ${p.auction} 申报撤回` })[p.change],
    BASIS_TRADE_SETTLEMENT: () => '交易变更，券款对付',
    BASIS_COMPLIANCE_YEAR: (p) => `${p.year} 年度履约`,
    BASIS_ALLOCATION_PLAN: (p) => `${p.year} 年度配额分配方案`,
    BASIS_NATIONAL_TOTAL: (p) => `${p.year} 年度全国配额总量与分配方案`,
    BASIS_PROVINCE_BUDGET: (p) => `${p.year} 年度省级配额预算`,
    BASIS_COVERAGE_EXPIRY: () => '重点排放单位名录：过渡期满注销',
    BASIS_PENALTY: (p, f) => (p.rule === 'TRIAL_2021' ? '《碳排放权交易管理办法（试行）》固定罚款区间：2 万至 3 万元' : `市场交易均价 ${f.cny(p.averagePrice)} × 欠缴量 ${f.t(p.shortfall)} 的 5 至 10 倍`),
    ALERT_SELF_TRADE: (p, f) => `自成交：同一账户买卖 ${p.symbol} ${f.t(p.quantity)}，价格 ${band(p, f, '涨跌幅区间')}。`,
    ALERT_RELATED_ACCOUNTS: (p, f) => `同一集团关联账户之间成交 ${p.symbol} ${f.t(p.quantity)}，价格 ${band(p, f, '涨跌幅区间')}。`,
    ALERT_BAND_LIMIT: (p, f) => `以涨跌幅限制价格成交 ${p.symbol} ${f.t(p.quantity)}，价格 ${band(p, f, '涨跌幅区间')}。`,
    ALERT_LIST_AND_CANCEL: (p, f) => `频繁挂撤单：同一参与人当日已撤销 ${f.n(p.cancelled)} 笔挂牌（阈值 ${f.n(p.threshold)}）。`,
  },
};

/** A note in the reader's language. */
export function renderNote(note: Note, lang: Lang): string {
  const text = TEXTS[lang][note.code] as (params: unknown, f: TextFormat) => string;
  return text(note.params, textFormat(lang));
}

/** A stored memo or detail for the reader: its note rendered, else the stored text as typed. */
export const noteOrText = (noteValue: Note | null, text: string | null, lang: Lang): string | null => (noteValue ? renderNote(noteValue, lang) : text);
