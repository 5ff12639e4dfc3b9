/**
 * How a read model names a market counterparty it may not identify (the market is anonymous:
 * listed-trade and auction counterparts are not shown to participants). The Chinese has the same keys.
 */
export const anonymityEn = {
  anonymousCounterparty: 'counterparty (anonymous)',
};

export const anonymityZh: typeof anonymityEn = {
  anonymousCounterparty: '匿名对手方',
};
