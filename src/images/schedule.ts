// How many images are compressed at once. Two per core: an image's search alternates between
// libvips (decoding, resizing, encoding: in libuv's thread pool) and JavaScript (similarity,
// colour counts: on the one main thread), so with one image per core a core idles whenever both
// are in JavaScript. On the bench corpus (51 images, 2 cores, the best of 3 rounds each, taken in
// turn): one per core 11.46 s, 1.5 per core 10.82 s, 2 per core 9.91 s. Memory bounds it: an
// image in flight holds its decoded pixels and a candidate or two, so it takes a slot per
// SLOT_PIXELS of its pixels, and one larger than all the slots runs alone.

export const IMAGES_PER_CORE = 2;
/** 16 MP: 64 MB of RGBA pixels, a 12 MP photo or a 4000×4000 plot in one slot. */
export const SLOT_PIXELS = 16_000_000;

export class ImageSlots {
  private used = 0;
  private readonly waiting: Array<{ weight: number; start: () => void }> = [];

  constructor(readonly slots: number) {}

  static forCores(cores: number): ImageSlots {
    return new ImageSlots(Math.max(1, Math.floor(cores)) * IMAGES_PER_CORE);
  }

  /** The slots an image of `pixels` (all frames) takes: at least 1, at most all of them. */
  weightOf(pixels: number): number {
    return Math.min(this.slots, Math.max(1, Math.ceil(pixels / SLOT_PIXELS)));
  }

  /** Runs `task` once the image's slots are free, in the order asked (a large image waiting is
   * not overtaken by smaller ones, so it cannot wait for ever). */
  async run<T>(pixels: number, task: () => Promise<T>): Promise<T> {
    const weight = this.weightOf(pixels);
    await this.acquire(weight);
    try {
      return await task();
    } finally {
      this.release(weight);
    }
  }

  private acquire(weight: number): Promise<void> {
    if (this.waiting.length === 0 && this.used + weight <= this.slots) {
      this.used += weight;
      return Promise.resolve();
    }
    return new Promise((start) => this.waiting.push({ weight, start }));
  }

  private release(weight: number): void {
    this.used -= weight;
    for (let next = this.waiting[0]; next && this.used + next.weight <= this.slots; next = this.waiting[0]) {
      this.waiting.shift();
      this.used += next.weight;
      next.start();
    }
  }
}
