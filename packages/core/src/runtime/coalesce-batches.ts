import type { BatchHandler, MessageBatch } from '../kafka/bus.ts';

/**
 * Joins the partition batches a consumer hands over at the same moment (one fetch spans several
 * partitions) into one call of `handle`. Handled one after another, six partition batches cost six
 * produce requests and six acknowledgement waits in a row; joined, they cost one. Each caller's promise
 * settles with the joint call, so every partition still commits only after its outputs are acknowledged,
 * and a partition never has two batches in flight, so its order holds.
 */
export function coalesceBatches(handle: (batches: MessageBatch[]) => Promise<void>): BatchHandler {
  let waiting: { batch: MessageBatch; resolve: () => void; reject: (error: unknown) => void }[] = [];

  const flush = async () => {
    const group = waiting;
    waiting = [];
    try {
      await handle(group.map((entry) => entry.batch));
      for (const entry of group) entry.resolve();
    } catch (error) {
      for (const entry of group) entry.reject(error);
    }
  };

  return (batch) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ batch, resolve, reject });
      // The clients start their partition batches in one turn of the event loop; setImmediate runs after
      // that turn's I/O callbacks and microtasks, so it sees all of them.
      if (waiting.length === 1) setImmediate(() => void flush());
    });
}
