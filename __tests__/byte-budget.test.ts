import { describe, expect, it } from 'vitest';
import { byteBudget } from '../src/storage/byte-budget.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('byteBudget', () => {
  it('grants at once while bytes are free, and makes the next waiter wait until enough come back', async () => {
    const budget = byteBudget(100);
    const a = await budget.take(60);
    const b = await budget.take(40);
    let cGranted = false;
    const c = budget.take(50).then((release) => ((cGranted = true), release));
    await tick();
    expect(cGranted).toBe(false);
    a();
    await tick();
    expect(cGranted).toBe(true);
    b();
    (await c)();
  });

  it('serves waiters first come, first served: a small request does not pass a large one', async () => {
    const budget = byteBudget(100);
    const held = await budget.take(90);
    const order: string[] = [];
    const large = budget.take(80).then((r) => (order.push('large'), r));
    const small = budget.take(5).then((r) => (order.push('small'), r));
    await tick();
    expect(order).toEqual([]);
    held();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('caps a request larger than the whole budget at the budget, and ignores a second release', async () => {
    const budget = byteBudget(100);
    const huge = await budget.take(1_000);
    let next = false;
    const after = budget.take(1).then((r) => ((next = true), r));
    await tick();
    expect(next).toBe(false);
    huge();
    huge();
    (await after)();
    // Released twice but counted once: 100 free, so 100 can be taken and 1 more must wait.
    const full = await budget.take(100);
    let extra = false;
    void budget.take(1).then(() => (extra = true));
    await tick();
    expect(extra).toBe(false);
    full();
  });
});
