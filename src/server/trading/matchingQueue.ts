/**
 * The matching queue: takes of one instrument are executed one batch at a time per process.
 *
 * Takes of an instrument are serialised anyway (they hold the instrument lock, see locks.ts). Left
 * to themselves, 50 concurrent takes would each hold a pooled connection while queueing on that
 * lock, starving every other request of connections, and each would hold the lock across a dozen
 * round trips. Here they queue in memory instead, and whatever queued while one batch ran is
 * executed as the next batch in ONE transaction (group commit): the lock is taken once, the rows
 * are locked and read once, the fills are computed in memory in arrival order, and everything is
 * written with a handful of statements. The instrument lock still guards against other processes.
 */

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface QueuedJob<J, R> {
  job: J;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/** The most jobs one batch takes: bounds the transaction's size and the wait of the last job. */
export const MAX_BATCH = 64;

class BatchQueue<J, R> {
  private pending: QueuedJob<J, R>[] = [];
  private running = false;

  constructor(private readonly run: (jobs: J[]) => Promise<Outcome<R>[]>) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        let outcomes: Outcome<R>[];
        try {
          outcomes = await this.run(batch.map((b) => b.job));
        } catch (error) {
          // The batch failed as a whole: run its jobs one by one, so one job's failure is its own.
          outcomes = [];
          for (const b of batch) {
            if (batch.length === 1) {
              outcomes.push({ ok: false, error });
              continue;
            }
            try {
              outcomes.push((await this.run([b.job]))[0]!);
            } catch (e) {
              outcomes.push({ ok: false, error: e });
            }
          }
        }
        batch.forEach((b, i) => {
          const o = outcomes[i]!;
          if (o.ok) b.resolve(o.value);
          else b.reject(o.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}

const queues = new Map<string, BatchQueue<unknown, unknown>>();

/** Submits a job to the batch queue named `key` (one per instrument), created with `run` on first use. */
export function submitToQueue<J, R>(key: string, run: (jobs: J[]) => Promise<Outcome<R>[]>, job: J): Promise<R> {
  let q = queues.get(key) as BatchQueue<J, R> | undefined;
  if (!q) {
    q = new BatchQueue<J, R>(run);
    queues.set(key, q as BatchQueue<unknown, unknown>);
  }
  return q.submit(job);
}
