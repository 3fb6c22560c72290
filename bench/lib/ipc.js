// Request/response over the IPC channel of a forked process: the parent calls, the child serves.

/** In a child: answers `{ id, cmd, args }` messages with `{ id, result }` or `{ id, error }`. */
export function serve(handlers) {
  const all = { usage: () => ({ cpu: process.cpuUsage(), memory: process.memoryUsage() }), ...handlers };
  process.on('message', async (message) => {
    if (!message || typeof message.id !== 'number') return;
    const handler = all[message.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${message.cmd}`);
      process.send({ id: message.id, result: await handler(message.args ?? {}) });
    } catch (error) {
      process.send({ id: message.id, error: String(error?.stack ?? error) });
    }
  });
  // The parent going away must not leave a server running.
  process.on('disconnect', () => process.exit(0));
}

/** In a child: tells the parent it is ready, with whatever it needs to know (URL, port). */
export function ready(info) {
  process.send({ ready: true, ...info });
}

/** In the parent: a forked child with `call(cmd, args)` and `readyInfo`. */
export class ChildHandle {
  #next = 1;
  #pending = new Map();

  constructor(name, child) {
    this.name = name;
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.readyInfo = new Promise((resolve, reject) => {
      child.on('message', (message) => {
        if (message?.ready) return resolve(message);
        const pending = this.#pending.get(message?.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        if (message.error) pending.reject(new Error(`${name}: ${message.error}`));
        else pending.resolve(message.result);
      });
      this.exited.then(({ code, signal }) => {
        const error = new Error(`${name} exited (code ${code}, signal ${signal})`);
        reject(error);
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
      });
    });
  }

  call(cmd, args) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.process.send({ id, cmd, args });
    });
  }

  /** CPU microseconds (user + system) the child has used so far. */
  async cpuMicros() {
    const { cpu } = await this.call('usage');
    return cpu.user + cpu.system;
  }

  async stop(timeoutMs = 15_000) {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.call('stop').catch(() => undefined);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
