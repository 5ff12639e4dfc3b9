/**
 * Auction clearing benchmark: `npm run bench:auction` (not part of `npm test`).
 *
 * Times the pure clearing engine (src/domain/auction/clearing.ts) on one large sealed-bid book:
 * BENCH_AUCTION_BIDS random bids (seeded), from BENCH_AUCTION_BIDDERS bidders of very different
 * sizes, prices clustered around 50.00 on a 0.05 grid so that thousands of bids tie at the
 * marginal price, and a lot of half the bid quantity. Every pricing × tie rule is cleared
 * BENCH_AUCTION_RUNS times after two warm-up runs; the report gives ms per clear and bids per
 * second, and checks that the same bids shuffled clear to the identical result. Printed and
 * written to bench/results/auction-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { clearAuction, formatCents, type AuctionTerms, type ClearingResult, type PricingRule, type SealedBid, type TieRule } from '../src/domain/auction/clearing';
import { randomInt, seededRandom, summarise } from './lib/stats';

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const config = z
  .object({
    BENCH_AUCTION_BIDS: int(100_000, 1, 10_000_000),
    BENCH_AUCTION_BIDDERS: int(5_000, 1, 10_000_000),
    BENCH_AUCTION_RUNS: int(10, 1, 1_000),
    BENCH_SEED: int(1, 0, 2 ** 31),
  })
  .parse(process.env);

const say = (line: string) => console.log(`[bench:auction] ${line}`);

/** The bid book: prices N(50.00, 0.40) on a 0.05 grid, 1–20,000 t, skewed bidder sizes, seq a random permutation. */
function generateBids(count: number, bidderCount: number, seed: number): SealedBid[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const seqs = Array.from({ length: count }, (_, k) => k + 1);
  for (let k = count - 1; k > 0; k--) {
    const j = randomInt(random, 0, k);
    [seqs[k], seqs[j]] = [seqs[j]!, seqs[k]!];
  }
  const bids: SealedBid[] = [];
  for (let k = 0; k < count; k++) {
    const steps = Math.round((gaussian() * 40) / 5); // 0.40 CNY standard deviation, 0.05 grid
    const cents = Math.max(1, 5_000 + steps * 5);
    bids.push({
      id: k + 1,
      bidderId: 1 + Math.floor(bidderCount * random() ** 2), // a few large bidders, many small ones
      price: formatCents(cents),
      quantity: Math.max(1, Math.round(Math.exp(random() * Math.log(20_000)))), // 1–20,000 t, log-uniform
      seq: seqs[k]!,
    });
  }
  return bids;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const j = randomInt(random, 0, k);
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

interface ScenarioReport {
  pricing: PricingRule;
  tieRule: TieRule;
  msPerClear: ReturnType<typeof summarise>;
  bidsPerSecond: number;
  clearingPrice: string | null;
  quantitySold: number;
  unsold: number;
  coverageRatio: string;
  bidders: number;
  winners: number;
  tiedAtMarginal: number;
  shortAtMarginal: number;
  shuffledIdentical: boolean;
}

/** The bids at the lowest price that won anything, and how many of them won less than they bid (0 included). */
function marginalTie(bids: readonly SealedBid[], result: ClearingResult) {
  const bidPrice = new Map(bids.map((b) => [b.id, Number(b.price)]));
  let marginal = Infinity;
  for (const a of result.awards) if (a.quantity > 0) marginal = Math.min(marginal, bidPrice.get(a.bidId)!);
  const tied = result.awards.filter((a) => bidPrice.get(a.bidId) === marginal);
  return { tied: tied.length, short: tied.filter((a) => a.quantity < a.bidQuantity).length };
}

function main() {
  const { BENCH_AUCTION_BIDS: count, BENCH_AUCTION_BIDDERS: bidderCount, BENCH_AUCTION_RUNS: runs, BENCH_SEED: seed } = config;
  const bids = generateBids(count, bidderCount, seed);
  const totalBid = bids.reduce((s, b) => s + b.quantity, 0);
  const offered = Math.max(1, Math.floor(totalBid / 2));
  const perBidderMax = Math.max(1, Math.floor((offered / bidderCount) * 20)); // binds for the largest bidders
  const distinctPrices = new Set(bids.map((b) => b.price)).size;
  say(`${count.toLocaleString('en')} bids from ${new Set(bids.map((b) => b.bidderId)).size.toLocaleString('en')} bidders, ${distinctPrices} price levels, ${totalBid.toLocaleString('en')} t bid`);
  say(`lot ${offered.toLocaleString('en')} t, reserve 49.00, per-bidder maximum ${perBidderMax.toLocaleString('en')} t, ${runs} timed runs after 2 warm-up runs`);

  const reports: ScenarioReport[] = [];
  const pricings: PricingRule[] = ['UNIFORM', 'PAY_AS_BID'];
  const tieRules: TieRule[] = ['PRO_RATA', 'TIME_PRIORITY'];
  for (const pricing of pricings) {
    for (const tieRule of tieRules) {
      const terms: AuctionTerms = { quantity: offered, reservePrice: '49.00', pricing, tieRule, perBidderMax };
      let result = clearAuction(terms, bids);
      clearAuction(terms, bids);
      const samples: number[] = [];
      for (let k = 0; k < runs; k++) {
        const start = performance.now();
        result = clearAuction(terms, bids);
        samples.push(performance.now() - start);
      }
      const ms = summarise(samples);
      const tie = marginalTie(bids, result);
      const report: ScenarioReport = {
        pricing,
        tieRule,
        msPerClear: ms,
        bidsPerSecond: Math.round(count / (ms.p50 / 1000)),
        clearingPrice: result.clearingPrice,
        quantitySold: result.quantitySold,
        unsold: result.unsold,
        coverageRatio: result.coverageRatio,
        bidders: result.bidders,
        winners: result.winners,
        tiedAtMarginal: tie.tied,
        shortAtMarginal: tie.short,
        shuffledIdentical: isDeepStrictEqual(clearAuction(terms, shuffled(bids, seed + 1)), result),
      };
      reports.push(report);
      say(
        `${pricing.padEnd(10)} ${tieRule.padEnd(13)} ms/clear min ${Math.min(...samples).toFixed(1)} median ${ms.p50.toFixed(1)} mean ${ms.mean.toFixed(1)} max ${ms.max.toFixed(1)}` +
          ` | ${report.bidsPerSecond.toLocaleString('en')} bids/s | clears at ${result.clearingPrice}, ${result.winners.toLocaleString('en')} winners,` +
          ` ${tie.tied.toLocaleString('en')} bids tied at the marginal price (${tie.short.toLocaleString('en')} won less than bid) | shuffled input identical: ${report.shuffledIdentical ? 'yes' : 'NO'}`,
      );
    }
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.versions.node}`;
  say(machine);
  const dir = path.join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `auction-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ config, machine, offered, perBidderMax, distinctPrices, reports }, null, 2));
  say(`written to ${file}`);
  if (reports.some((r) => !r.shuffledIdentical)) process.exitCode = 1;
}

main();
