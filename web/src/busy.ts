// One shape for "run this call behind a busy mark": raise the mark, run the work, hand a
// failure to whoever shows problems, lower the mark however it ended. Used by the
// forecast-method screens (a disabled button and a status line, see runBusy in
// pages/forecast-methods/shared.ts) and the territory-plan page (its busy flag and
// data-busy); pages say what the mark is and where the problem goes, not the try/finally.

/**
 * Runs `work` behind a busy mark: calls `mark(true)` and starts `work` at once
 * (synchronously); when `work` rejects, awaits `fail(err)` while the mark is still up; calls
 * `mark(false)` last, whether `work` resolved or failed. Resolves once the mark is down;
 * rejects only if `fail` (or `mark`) throws.
 */
export async function withBusy(mark: (busy: boolean) => void, work: () => Promise<void>, fail: (err: unknown) => void | Promise<void>): Promise<void> {
  mark(true);
  try {
    await work();
  } catch (err) {
    await fail(err);
  } finally {
    mark(false);
  }
}
