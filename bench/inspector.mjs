// A Chrome DevTools Protocol client for one worker in workerd's V8 inspector (Miniflare
// `inspectorPort`): CPU profiles (bench/profile.mjs) and heap readings (bench/run.mjs).
import WebSocket from 'ws';

/** Connects to the inspector target whose title names `worker`; `send` runs one CDP method. */
export async function connectInspector(port, worker) {
  let targets;
  for (let i = 0; i < 50 && !targets; i++) {
    try {
      targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Titles read "workerd: worker core:user:<name>" (sometimes the name twice).
  const target = targets?.find((t) => new RegExp(`core:user:${worker}( |$)`).test(t.title ?? ''));
  if (!target) throw new Error(`no inspector target for worker ${worker} on port ${port}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 2 ** 31 });
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('error', rej);
  });
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      const { res, rej } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? rej(new Error(JSON.stringify(msg.error))) : res(msg.result);
    }
  });
  const send = (method, params = {}) =>
    new Promise((res, rej) => {
      const i = ++id;
      pending.set(i, { res, rej });
      ws.send(JSON.stringify({ id: i, method, params }));
    });
  return { send, close: () => ws.close() };
}
