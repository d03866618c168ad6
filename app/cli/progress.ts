// A small progress bar for CLI scripts: redrawn in place on a terminal, one line
// per 10% otherwise (CI logs).
export function progressBar(label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastDecile = -1;
  const started = Date.now();
  const render = (done: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} (${rate}/s)`,
      );
    } else {
      const decile = Math.floor(ratio * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}: ${done}/${total} (${Math.round(ratio * 100)}%, ${rate}/s)\n`);
      }
    }
  };
  render(0);
  return {
    update: render,
    done(done: number) {
      render(done);
      if (tty) process.stderr.write("\n");
    },
  };
}
