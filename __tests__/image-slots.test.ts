// The image scheduler (issue 16, speed): two images per core, a large image taking more slots,
// none waiting for ever. Pure: tasks are promises resolved by the test.
import { describe, expect, it } from 'vitest';
import { ImageSlots, SLOT_PIXELS } from '../src/images/schedule.js';

/** A task that records when it starts and ends when the test says. */
function task(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    finish,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ImageSlots', () => {
  it('runs two images per core at once', () => {
    expect(ImageSlots.forCores(2).slots).toBe(4);
    expect(ImageSlots.forCores(1).slots).toBe(2);
    expect(ImageSlots.forCores(0).slots).toBe(2);
  });

  it('gives an image a slot per 16 MP, at least one and at most all', () => {
    const s = new ImageSlots(4);
    expect(s.weightOf(0)).toBe(1);
    expect(s.weightOf(12_000_000)).toBe(1);
    expect(s.weightOf(SLOT_PIXELS + 1)).toBe(2);
    expect(s.weightOf(268_000_000)).toBe(4);
  });

  it('never runs more than its slots, and a large image alone, in the order asked', async () => {
    const s = new ImageSlots(4);
    const log: string[] = [];
    const [a, b, big, c] = ['a', 'b', 'big', 'c'].map((n) => task(log, n));
    const runs = [s.run(1e6, a!.run), s.run(1e6, b!.run), s.run(100e6, big!.run), s.run(1e6, c!.run)];
    await tick();
    // The large image waits for all 4 slots; the small one after it waits its turn.
    expect(log).toEqual(['start a', 'start b']);
    a!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a']);
    b!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b', 'start big']);
    big!.finish();
    await tick();
    expect(log.slice(-2)).toEqual(['end big', 'start c']);
    c!.finish();
    await Promise.all(runs);
  });

  it('frees the slots of a task that fails', async () => {
    const s = new ImageSlots(2);
    await expect(s.run(1e9, () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    await expect(s.run(1e9, async () => 'ran')).resolves.toBe('ran');
  });
});
