/**
 * Collects items and hands them over once per animation frame, however many arrive in it: a chatty log
 * becomes one React update per frame instead of one per event.
 */
export function frameBatch<T>(deliver: (items: T[]) => void): { push(item: T): void; cancel(): void } {
  let frame = 0;
  const pending: T[] = [];
  const flush = () => {
    frame = 0;
    deliver(pending.splice(0));
  };
  return {
    push(item) {
      pending.push(item);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    cancel() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
