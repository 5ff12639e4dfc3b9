import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@/server/errors';
import {
  cancelVoluntarily, decideNonTradeTransfer, freeze, pledge, releasePledge, requestNonTradeTransfer, unfreeze,
} from '@/server/registry/movements';
import { verifyLedger } from '@/server/registry/verify';
import { bootstrapRegistry, createParticipant, holdingOf, type Participant, type Registry } from '../../support/fixtures';

/**
 * Property: after ANY sequence of registry movements — accepted or refused — every balance
 * equals what a simple model predicts, no balance is negative, every vintage is conserved and the
 * journal reproduces the cached balances (verifyLedger).
 */

type Op =
  | { kind: 'cancel'; who: number; vintage: number; qty: number }
  | { kind: 'freeze'; who: number; vintage: number; qty: number }
  | { kind: 'unfreeze'; pick: number }
  | { kind: 'pledge'; who: number; vintage: number; qty: number }
  | { kind: 'release'; pick: number }
  | { kind: 'transfer'; who: number; to: number; vintage: number; qty: number }
  | { kind: 'decide'; pick: number; approve: boolean };

const who = fc.integer({ min: 0, max: 2 });
const vintage = fc.constantFrom(2023, 2024);
const qty = fc.integer({ min: 1, max: 400 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('cancel' as const), who, vintage, qty }),
  fc.record({ kind: fc.constant('freeze' as const), who, vintage, qty }),
  fc.record({ kind: fc.constant('unfreeze' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pledge' as const), who, vintage, qty }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('transfer' as const), who, to: who, vintage, qty }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), approve: fc.boolean() }),
);

interface Bal { available: number; locked: number; pledged: number; frozen: number }
const empty = (): Bal => ({ available: 0, locked: 0, pledged: 0, frozen: 0 });

let reg: Registry;
beforeAll(async () => {
  reg = await bootstrapRegistry();
});

describe('registry conservation (property-based, real PostgreSQL)', () => {
  it('any sequence of movements keeps balances equal to the model and every vintage conserved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 18 }), fc.tuple(qty, qty, qty), async (ops, initial) => {
        const people: Participant[] = [];
        const model = new Map<string, Bal>();
        const key = (i: number, v: number) => `${i}:${v}`;
        const bal = (i: number, v: number) => {
          const k = key(i, v);
          if (!model.has(k)) model.set(k, empty());
          return model.get(k)!;
        };
        for (let i = 0; i < 3; i++) {
          people.push(await createParticipant(reg, { cea: { 2023: initial[i]!, 2024: initial[i]! * 2 } }));
          bal(i, 2023).available = initial[i]!;
          bal(i, 2024).available = initial[i]! * 2;
        }
        const freezes: { id: number; who: number; vintage: number; qty: number }[] = [];
        const pledges: { id: number; who: number; vintage: number; qty: number }[] = [];
        const pending: { id: number; from: number; to: number; vintage: number; qty: number }[] = [];

        const expectRefusal = async (p: Promise<unknown>, code: string) => {
          const e = await p.then(() => null, (err: unknown) => err);
          expect(e).toBeInstanceOf(DomainError);
          expect((e as DomainError).code).toBe(code);
        };

        for (const op of ops) {
          switch (op.kind) {
            case 'cancel': {
              const b = bal(op.who, op.vintage);
              const run = cancelVoluntarily(people[op.who]!.actor, { instrument: 'CEA', vintage: op.vintage, quantity: op.qty, reason: 'property test' });
              if (op.qty > b.available) await expectRefusal(run, 'INSUFFICIENT_HOLDING');
              else { await run; b.available -= op.qty; }
              break;
            }
            case 'freeze':
            case 'pledge': {
              const b = bal(op.who, op.vintage);
              const base = { accountId: people[op.who]!.accountId, instrument: 'CEA' as const, vintage: op.vintage, quantity: op.qty };
              const run = op.kind === 'freeze'
                ? freeze(reg.registry, { ...base, authority: 'Court', orderReference: 'P', reason: 'property test' }).then((r) => r.freezeId)
                : pledge(reg.registry, { ...base, pledgee: 'Bank', securedAmount: '100.00', contractReference: 'P' }).then((r) => r.pledgeId);
              if (op.qty > b.available) await expectRefusal(run, 'INSUFFICIENT_HOLDING');
              else {
                const id = await run;
                b.available -= op.qty;
                if (op.kind === 'freeze') { b.frozen += op.qty; freezes.push({ id, who: op.who, vintage: op.vintage, qty: op.qty }); }
                else { b.pledged += op.qty; pledges.push({ id, who: op.who, vintage: op.vintage, qty: op.qty }); }
              }
              break;
            }
            case 'unfreeze':
            case 'release': {
              const list = op.kind === 'unfreeze' ? freezes : pledges;
              if (list.length === 0) break;
              const [r] = list.splice(op.pick % list.length, 1);
              const b = bal(r!.who, r!.vintage);
              if (op.kind === 'unfreeze') { await unfreeze(reg.registry, r!.id, 'property test'); b.frozen -= r!.qty; }
              else { await releasePledge(reg.registry, r!.id, 'property test'); b.pledged -= r!.qty; }
              b.available += r!.qty;
              break;
            }
            case 'transfer': {
              if (op.who === op.to) break;
              const b = bal(op.who, op.vintage);
              const run = requestNonTradeTransfer(people[op.who]!.actor, {
                toAccountId: people[op.to]!.accountId, instrument: 'CEA', vintage: op.vintage, quantity: op.qty, kind: 'DONATION', reason: 'property test', documentsRef: 'P',
              });
              if (op.qty > b.available) await expectRefusal(run, 'INSUFFICIENT_HOLDING');
              else {
                const { requestId } = await run;
                b.available -= op.qty;
                b.locked += op.qty;
                pending.push({ id: requestId, from: op.who, to: op.to, vintage: op.vintage, qty: op.qty });
              }
              break;
            }
            case 'decide': {
              if (pending.length === 0) break;
              const [r] = pending.splice(op.pick % pending.length, 1);
              await decideNonTradeTransfer(reg.registry2, r!.id, op.approve ? 'approve' : 'reject', 'property test');
              bal(r!.from, r!.vintage).locked -= r!.qty;
              if (op.approve) bal(r!.to, r!.vintage).available += r!.qty;
              else bal(r!.from, r!.vintage).available += r!.qty;
              break;
            }
          }
        }

        for (let i = 0; i < 3; i++) {
          for (const v of [2023, 2024]) {
            const actual = await holdingOf(people[i]!.accountId, v);
            expect(actual).toEqual(bal(i, v));
            for (const n of Object.values(actual)) expect(n).toBeGreaterThanOrEqual(0);
          }
        }
        const report = await verifyLedger();
        expect(report.holdingMismatches).toEqual([]);
        expect(report.vintages.every((x) => x.net === '0')).toBe(true);
        expect(report.ok).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
