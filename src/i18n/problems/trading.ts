import type { TRADING_PROBLEMS } from '@/domain/problems/trading';
import type { ProblemTexts } from './format';

export const tradingTexts: ProblemTexts<typeof TRADING_PROBLEMS> = {
  en: {
    SESSION_CLOSED: (p) =>
      p.dayEndDue ? 'The previous trading day is being closed (its day end is due): send the order again.' :
      `The ${p.method === 'LISTED' ? 'listed' : 'block'} trading session is closed (market time ${p.marketTime}). ` +
      (p.method === 'LISTED' ? 'Listed agreement transfers trade 09:30–11:30 and 13:00–15:00' : 'Block agreement transfers trade 13:00–15:00') +
      ' on trading days, Beijing time.',
  },
  zh: {
    SESSION_CLOSED: (p) =>
      p.dayEndDue ? '上一交易日正在日终处理，请重新提交委托。' :
      `${p.method === 'LISTED' ? '挂牌协议' : '大宗协议'}交易时段未开放（市场时间 ${p.marketTime}）。` +
      (p.method === 'LISTED' ? '挂牌协议交易时间为交易日 9:30–11:30 和 13:00–15:00' : '大宗协议交易时间为交易日 13:00–15:00') +
      '（北京时间）。',
  },
};
