import type { TRADING_PROBLEMS, Whose } from '@/domain/problems/trading';
import type { ProblemTexts } from './format';

const WHOSE_EN: Record<Whose, string> = { OWN: 'Your', COUNTERPARTY: 'The counterparty’s', INITIATOR: 'The initiator’s' };
const WHOSE_ZH: Record<Whose, string> = { OWN: '您的', COUNTERPARTY: '对手方的', INITIATOR: '发起方的' };

const LISTING_EN: Record<string, string> = { OPEN: 'open', FILLED: 'filled', CANCELLED: 'cancelled', EXPIRED: 'expired' };
const LISTING_ZH: Record<string, string> = { OPEN: '仍在挂牌中', FILLED: '已成交', CANCELLED: '已撤销', EXPIRED: '已过期' };
const PROPOSAL_EN: Record<string, string> = { PENDING: 'pending', ACCEPTED: 'accepted', REJECTED: 'rejected', CANCELLED: 'withdrawn', EXPIRED: 'expired' };
const PROPOSAL_ZH: Record<string, string> = { PENDING: '待确认', ACCEPTED: '已成交', REJECTED: '已拒绝', CANCELLED: '已撤回', EXPIRED: '已过期' };

export const tradingTexts: ProblemTexts<typeof TRADING_PROBLEMS> = {
  en: {
    SESSION_CLOSED: (p) =>
      p.dayEndDue ? 'The previous trading day is being closed (its day end is due): send the order again.' :
      `The ${p.method === 'LISTED' ? 'listed' : 'block'} trading session is closed (market time ${p.marketTime}). ` +
      (p.method === 'LISTED' ? 'Listed agreement transfers trade 09:30–11:30 and 13:00–15:00' : 'Block agreement transfers trade 13:00–15:00') +
      ' on trading days, Beijing time.',
    CLOCK_NOT_CONTROLLABLE: () => 'The market clock follows real Beijing time in production (APP_MODE=production).',
    SESSION_ALREADY_OPEN: (p) => `A session is already open (market time ${p.marketTime}).`,
    TRADING_DAY_OVER: (p) => `The trading day is over (market time ${p.marketTime}): advance to the next trading day first.`,
    NO_OPEN_SESSION: (p) => `No session is open (market time ${p.marketTime}).`,
    CLOCK_CANNOT_GO_BACK: (p) => `The market clock never moves backwards: ${p.target} is before the market time ${p.marketTime}.`,

    INSTRUMENT_SUSPENDED: (p) => `${p.symbol} is suspended by the exchange${p.reason ? `: ${p.reason}` : '.'}`,
    NO_REFERENCE_PRICE: (p) => `${p.symbol} has no previous close or reference price yet: the exchange must set one.`,
    INSTRUMENT_EXISTS: (p) => `${p.symbol} is already listed.`,
    PRICE_OUTSIDE_LISTED_BAND: (p, f) => `${f.cny(p.price)} is outside the ±${f.pct(p.band)} listed price band of ${p.symbol}: ${f.cny(p.low)}–${f.cny(p.high)}.`,
    PRICE_OUTSIDE_BLOCK_BAND: (p, f) => `${f.cny(p.price)} is outside the ±${f.pct(p.band)} block price band of ${p.symbol}: ${f.cny(p.low)}–${f.cny(p.high)}.`,
    PRICE_BETWEEN: (p, f) => `Must be between ${f.cny(p.low)} and ${f.cny(p.high)}.`,

    LISTED_QUANTITY_LIMIT: (p, f) =>
      `A listed agreement order is ${f.n(p.min)}–${f.t(p.max)}; ${f.t(p.quantity)} must be a block agreement transfer (${f.t(p.blockMin)} or more).`,
    BLOCK_MIN_QUANTITY: (p, f) => `A block agreement transfer is at least ${f.t(p.min)}; smaller orders trade as listings.`,
    AMEND_NOT_DOWN: (p, f) => `A listing can only be amended down: ${f.t(p.remaining)} are left, so the new quantity must be lower.`,

    NO_TRADING_ACCOUNT: (p) => `${WHOSE_EN[p.whose]} registry account ${p.account} has no trading and cash account.`,
    PARTICIPANT_SUSPENDED: (p) => `${WHOSE_EN[p.whose]} trading account is suspended by the exchange${p.reason ? `: ${p.reason}` : '.'}`,
    T_PLUS_ONE: (p, f) =>
      `${f.t(p.boughtToday)} of ${p.symbol} were bought today and can be sold from the next trading day (T+1): ${f.t(p.sellable)} can be sold now.`,
    SELLABLE_TODAY: (p, f) => `${f.t(p.sellable)} sellable today`,
    POSITION_LIMIT: (p, f) =>
      `This order could take your position in ${p.symbol} to ${f.t(p.position)}, above the position limit of ${f.t(p.limit)} for your participant class.`,
    POSITION_ROOM: (p, f) => `At most ${f.t(p.room)} more.`,

    LISTING_NOT_OPEN: (p) =>
      p.doing === 'TAKE'
        ? `Listing ${p.id} is ${p.status === null ? 'gone' : (LISTING_EN[p.status] ?? p.status)}: it can no longer be taken.`
        : `Listing ${p.id} is ${p.status === null ? 'gone' : (LISTING_EN[p.status] ?? p.status)}: only open listings can be changed.`,
    OUTSIDE_BEST_FIVE_LEVELS: (p, f) =>
      p.price === null
        ? `Listing ${p.id} is not in the takeable book: its lister cannot trade now.`
        : `Listing ${p.id} at ${f.cny(p.price)} is not within the best ${p.levels} price levels of the book.`,
    NOTHING_TO_TAKE: (p, f) =>
      `No ${p.side === 'BUY' ? 'sell' : 'buy'} listing of ${p.symbol} at ${p.side === 'BUY' ? 'or below' : 'or above'} ${f.cny(p.limit)} within the best ${p.levels} price levels.`,
    NO_LISTING_WITHIN_LIMIT: () => 'No listing within this limit.',
    TAKE_ONE_WAY: () => 'Send either listingId, or symbol, side and limitPrice — not both.',
    PROPOSAL_NOT_PENDING: (p) => `Block proposal ${p.id} is ${PROPOSAL_EN[p.status] ?? p.status}.`,
    SELF_BLOCK_TRADE: (p) => (p.doing === 'PROPOSE' ? 'A block trade needs a counterparty other than yourself.' : 'You cannot accept your own block proposal.'),
    OPEN_OFFER: () => 'An open block offer cannot be rejected: leave it, and it expires at session end.',

    NO_CHANGE: (p) =>
      `${p.what === 'instrument' ? p.name : `The participant ${p.name}`} is already ${p.suspended ? 'suspended' : 'trading'}.`,
    ALERT_ALREADY_REVIEWED: (p) => `Alert ${p.id} was already reviewed.`,
    FEE_RATE_IN_USE: (p, f) =>
      `The fee rate cannot change while buy orders hold cash locked at the current rate (${f.n(p.listings)} open buy listings, ${f.n(p.proposals)} pending buy block proposals): change it after the day end.`,
    FEE_RATE_INVALID: () => 'Enter a decimal below 1 with up to 6 places, e.g. 0.0005.',
    RESERVE_SHARE_INVALID: () => 'Enter a share from 0 to 1 with up to 4 places, e.g. 0.2.',
    HOLIDAY_NOT_IN_FUTURE: (p) => `Only dates after today (${p.today} on the market clock) can be changed in the calendar.`,
    NOT_A_WEEKDAY: (p) => `${p.date} is a Saturday or Sunday: there is no trading anyway.`,
    HOLIDAY_EXISTS: (p) => `${p.date} is already a holiday (${p.name}).`,

    SYMBOL_INVALID: () => 'Enter an instrument and vintage such as CEA-2024.',
  },
  zh: {
    SESSION_CLOSED: (p) =>
      p.dayEndDue ? '上一交易日正在日终处理，请重新提交委托。' :
      `${p.method === 'LISTED' ? '挂牌协议' : '大宗协议'}交易时段未开放（市场时间 ${p.marketTime}）。` +
      (p.method === 'LISTED' ? '挂牌协议交易时间为交易日 9:30–11:30 和 13:00–15:00' : '大宗协议交易时间为交易日 13:00–15:00') +
      '（北京时间）。',
    CLOCK_NOT_CONTROLLABLE: () => '生产模式下市场时钟跟随北京时间，不能调整。',
    SESSION_ALREADY_OPEN: (p) => `交易时段已开启（市场时间 ${p.marketTime}）。`,
    TRADING_DAY_OVER: (p) => `当日交易已结束（市场时间 ${p.marketTime}），请先进入下一交易日。`,
    NO_OPEN_SESSION: (p) => `当前没有进行中的交易时段（市场时间 ${p.marketTime}）。`,
    CLOCK_CANNOT_GO_BACK: (p) => `市场时钟不能回拨：${p.target} 早于当前市场时间 ${p.marketTime}。`,

    INSTRUMENT_SUSPENDED: (p) => `${p.symbol} 已被交易机构停牌${p.reason ? `：${p.reason}` : '。'}`,
    NO_REFERENCE_PRICE: (p) => `${p.symbol} 尚无前收盘价或挂牌基准价，须由交易机构设定。`,
    INSTRUMENT_EXISTS: (p) => `${p.symbol} 已上市。`,
    PRICE_OUTSIDE_LISTED_BAND: (p, f) => `${f.cny(p.price)} 超出 ${p.symbol} 挂牌协议 ±${f.pct(p.band)} 的涨跌幅限制（${f.cny(p.low)}–${f.cny(p.high)}）。`,
    PRICE_OUTSIDE_BLOCK_BAND: (p, f) => `${f.cny(p.price)} 超出 ${p.symbol} 大宗协议 ±${f.pct(p.band)} 的涨跌幅限制（${f.cny(p.low)}–${f.cny(p.high)}）。`,
    PRICE_BETWEEN: (p, f) => `须在 ${f.cny(p.low)} 至 ${f.cny(p.high)} 之间。`,

    LISTED_QUANTITY_LIMIT: (p, f) =>
      `挂牌协议单笔申报数量为 ${f.n(p.min)}–${f.t(p.max)}；${f.t(p.quantity)}须通过大宗协议交易（${f.t(p.blockMin)}及以上）。`,
    BLOCK_MIN_QUANTITY: (p, f) => `大宗协议交易单笔不少于 ${f.t(p.min)}，较小数量请通过挂牌协议交易。`,
    AMEND_NOT_DOWN: (p, f) => `挂牌数量只能减少：当前剩余 ${f.t(p.remaining)}，新数量须低于此数。`,

    NO_TRADING_ACCOUNT: (p) => `${WHOSE_ZH[p.whose]}登记账户 ${p.account} 尚未开立交易账户和资金账户。`,
    PARTICIPANT_SUSPENDED: (p) => `${WHOSE_ZH[p.whose]}交易账户已被交易机构暂停交易${p.reason ? `：${p.reason}` : '。'}`,
    T_PLUS_ONE: (p, f) => `今日买入的 ${f.t(p.boughtToday)} ${p.symbol} 须下一交易日起方可卖出（T+1），当前可卖出 ${f.t(p.sellable)}。`,
    SELLABLE_TODAY: (p, f) => `今日可卖出 ${f.t(p.sellable)}`,
    POSITION_LIMIT: (p, f) => `该订单可能使您的 ${p.symbol} 持仓达到 ${f.t(p.position)}，超过您所属参与者类别 ${f.t(p.limit)} 的最大持仓量限制。`,
    POSITION_ROOM: (p, f) => `最多还可买入 ${f.t(p.room)}。`,

    LISTING_NOT_OPEN: (p) =>
      p.doing === 'TAKE'
        ? `挂牌 ${p.id} ${p.status === null ? '已不存在' : (LISTING_ZH[p.status] ?? p.status)}，不能再摘牌。`
        : `挂牌 ${p.id} ${p.status === null ? '已不存在' : (LISTING_ZH[p.status] ?? p.status)}，只有挂牌中的挂牌可以修改或撤销。`,
    OUTSIDE_BEST_FIVE_LEVELS: (p, f) =>
      p.price === null ? `挂牌 ${p.id} 不可摘牌：挂牌方当前不能交易。` : `挂牌 ${p.id}（${f.cny(p.price)}）不在最优 ${p.levels} 档价位内，只能摘取最优 ${p.levels} 档内的挂牌。`,
    NOTHING_TO_TAKE: (p, f) =>
      `最优 ${p.levels} 档内没有${p.side === 'BUY' ? '不高于' : '不低于'} ${f.cny(p.limit)} 的 ${p.symbol} ${p.side === 'BUY' ? '卖出' : '买入'}挂牌。`,
    NO_LISTING_WITHIN_LIMIT: () => '此限价内没有可摘的挂牌。',
    TAKE_ONE_WAY: () => '请只提交挂牌编号，或只提交品种、方向和限价，二者不能同时提交。',
    PROPOSAL_NOT_PENDING: (p) => `大宗交易申报 ${p.id} ${PROPOSAL_ZH[p.status] ?? p.status}，不能再处理。`,
    SELF_BLOCK_TRADE: (p) => (p.doing === 'PROPOSE' ? '大宗协议交易的对手方不能是您自己。' : '不能接受自己发起的大宗交易申报。'),
    OPEN_OFFER: () => '公开申报不能拒绝；未被接受的申报将在交易时段结束时失效。',

    NO_CHANGE: (p) =>
      p.what === 'instrument'
        ? `${p.name} 已处于${p.suspended ? '停牌' : '正常交易'}状态。`
        : `参与者 ${p.name} 已处于${p.suspended ? '暂停交易' : '正常交易'}状态。`,
    ALERT_ALREADY_REVIEWED: (p) => `预警 ${p.id} 已核查。`,
    FEE_RATE_IN_USE: (p, f) =>
      `仍有 ${f.n(p.listings)} 笔未成交的买入挂牌和 ${f.n(p.proposals)} 笔待确认的大宗买入申报按现行费率冻结了资金，请在日终后再调整费率。`,
    FEE_RATE_INVALID: () => '请输入小于 1、最多 6 位小数的费率，例如 0.0005。',
    RESERVE_SHARE_INVALID: () => '请输入 0 到 1 之间、最多 4 位小数的比例，例如 0.2。',
    HOLIDAY_NOT_IN_FUTURE: (p) => `只能调整市场时钟今天（${p.today}）之后的日期。`,
    NOT_A_WEEKDAY: (p) => `${p.date} 是周末，本来就不交易。`,
    HOLIDAY_EXISTS: (p) => `${p.date} 已经是休市日（${p.name}）。`,

    SYMBOL_INVALID: () => '请输入品种和年度，例如 CEA-2024。',
  },
};
