/**
 * Runs `task` every `millis` while the tab is visible, never two runs at once (a slow answer delays the next poll
 * instead of piling requests up); a hidden tab polls nothing and catches up as soon as it is shown again.
 * Returns a function that stops it.
 */
export function every(millis, task) {
  let timer = null;
  let running = false;
  let stopped = false;

  function schedule() {
    if (!stopped && !document.hidden && timer === null && !running) {
      timer = setTimeout(run, millis);
    }
  }

  async function run() {
    timer = null;
    if (stopped || document.hidden) {
      return;
    }
    running = true;
    try {
      await task();
    } catch {
      // Each task shows its own failures where its data would be; the next poll tries again.
    } finally {
      running = false;
      schedule();
    }
  }

  function onVisibilityChange() {
    if (!document.hidden && timer === null && !running) {
      run();
    }
  }

  document.addEventListener('visibilitychange', onVisibilityChange);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  };
}
