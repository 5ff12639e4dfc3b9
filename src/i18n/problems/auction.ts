import type { AUCTION_PROBLEMS, AuctionStep } from '@/domain/problems/auction';
import type { ProblemTexts } from './format';

const STATUS_EN: Record<string, string> = {
  DRAFT: 'a draft', SCHEDULED: 'scheduled', OPEN: 'open', CLOSED: 'closed', SETTLED: 'settled', CANCELLED: 'cancelled',
};
const STATUS_ZH: Record<string, string> = {
  DRAFT: '为草稿', SCHEDULED: '已公告', OPEN: '正在竞价', CLOSED: '已截止', SETTLED: '已结算', CANCELLED: '已取消',
};
const STEP_EN: Record<AuctionStep, string> = {
  SCHEDULE: 'be announced', OPEN: 'be opened', CANCEL: 'be cancelled (only before it opens)', CLOSE: 'be closed and settled',
};
const STEP_ZH: Record<AuctionStep, string> = {
  SCHEDULE: '发布公告', OPEN: '开始竞价', CANCEL: '取消（只能在竞价开始前取消）', CLOSE: '截止结算',
};
const BID_EN: Record<string, string> = { ACTIVE: 'active', WITHDRAWN: 'withdrawn', WON: 'won', LOST: 'lost', DEFAULTED: 'defaulted' };
const BID_ZH: Record<string, string> = { ACTIVE: '有效', WITHDRAWN: '已撤回', WON: '已成交', LOST: '未成交', DEFAULTED: '已违约' };

export const auctionTexts: ProblemTexts<typeof AUCTION_PROBLEMS> = {
  en: {
    AUCTION_STATUS: (p) => `Auction ${p.id} is ${STATUS_EN[p.status] ?? p.status}: it cannot ${STEP_EN[p.step]}.`,
    WINDOW_PASSED: (p) => `The bidding window closes at ${p.closesAt} (market time), which has passed.`,
    WINDOW_OPEN: (p) => `The bidding window of auction ${p.id} runs until ${p.closesAt} (market time): close it after that.`,
    AUCTION_ACCOUNT_SHORT: (p, f) => `The auction account has ${f.t(p.available)} of ${p.asset} available; the auction offers ${f.t(p.offered)}.`,
    BIDDING_CLOSED: (p) => `The bidding window of auction ${p.id} closed at ${p.closedAt} (market time).`,
    BIDDING_NOT_OPEN: (p) => `Auction ${p.id} is ${STATUS_EN[p.status] ?? p.status}: bids are taken only while it is open.`,
    NOT_ELIGIBLE: (p) => `Auction ${p.id} is open to compliance entities only.`,
    BELOW_RESERVE: (p, f) => `The reserve price is ${f.cny(p.reserve)} per t: bids below it cannot win.`,
    PER_BIDDER_MAX: (p, f) => `A bidder may bid for at most ${f.t(p.max)} in auction ${p.id}; your other bids already total ${f.t(p.already)}.`,
    BID_NOT_ACTIVE: (p) => `Bid ${p.id} is ${BID_EN[p.status] ?? p.status}.`,
    WINDOW_ORDER: () => 'The window must close after it opens.',
    GUARANTEE_SHARE: () => 'Enter a share above 0 and at most 1, e.g. 0.10 (10 %).',
  },
  zh: {
    AUCTION_STATUS: (p) => `竞价 ${p.id} 当前${STATUS_ZH[p.status] ?? p.status}，不能${STEP_ZH[p.step]}。`,
    WINDOW_PASSED: (p) => `竞价截止时间 ${p.closesAt}（市场时间）已过。`,
    WINDOW_OPEN: (p) => `竞价 ${p.id} 的竞价时段持续至 ${p.closesAt}（市场时间），截止后才能结算。`,
    AUCTION_ACCOUNT_SHORT: (p, f) => `拍卖账户中 ${p.asset} 的可用数量为 ${f.t(p.available)}，不足本场竞价的 ${f.t(p.offered)}，请国家主管部门先行划入。`,
    BIDDING_CLOSED: (p) => `竞价 ${p.id} 已于 ${p.closedAt}（市场时间）截止，不再接受申报。`,
    BIDDING_NOT_OPEN: (p) => `竞价 ${p.id} 当前${STATUS_ZH[p.status] ?? p.status}，只能在竞价时段内申报。`,
    NOT_ELIGIBLE: (p) => `竞价 ${p.id} 仅限重点排放单位参与。`,
    BELOW_RESERVE: (p, f) => `底价为每吨 ${f.cny(p.reserve)}，低于底价的申报不能成交。`,
    PER_BIDDER_MAX: (p, f) => `竞价 ${p.id} 中单个竞买人的申报总量不得超过 ${f.t(p.max)}；您的其他申报已达 ${f.t(p.already)}。`,
    BID_NOT_ACTIVE: (p) => `申报 ${p.id} ${BID_ZH[p.status] ?? p.status}，已不是有效申报。`,
    WINDOW_ORDER: () => '截止时间须晚于开始时间。',
    GUARANTEE_SHARE: () => '请输入大于 0 且不超过 1 的比例，例如 0.10（10%）。',
  },
};
