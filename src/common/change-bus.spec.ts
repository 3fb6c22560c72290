import { describe, expect, it } from '@jest/globals';
import { LocalChangeBus, type Change } from './change-bus.js';

function listening(bus: LocalChangeBus): Change[] {
  const heard: Change[] = [];
  bus.subscribe((change) => heard.push(change));
  return heard;
}

describe('LocalChangeBus', () => {
  const change: Change = { kind: 'session', id: 's-1' };

  it('tells itself and every bus on the same embedded database in this process, once each', async () => {
    const a = new LocalChangeBus('postgres://127.0.0.1:5001/postgres');
    const b = new LocalChangeBus('postgres://127.0.0.1:5001/postgres');
    const other = new LocalChangeBus('postgres://127.0.0.1:5002/postgres');
    await Promise.all([a.start(), b.start(), other.start()]);
    const [heardByA, heardByB, heardByOther] = [listening(a), listening(b), listening(other)];
    await a.publish(change);
    expect(heardByA).toEqual([change]);
    expect(heardByB).toEqual([change]);
    expect(heardByOther).toEqual([]);
    await Promise.all([a.stop(), b.stop(), other.stop()]);
  });

  it('tells a stopped bus nothing more', async () => {
    const a = new LocalChangeBus('postgres://127.0.0.1:5003/postgres');
    const b = new LocalChangeBus('postgres://127.0.0.1:5003/postgres');
    await Promise.all([a.start(), b.start()]);
    const heardByB = listening(b);
    await b.stop();
    await a.publish(change);
    expect(heardByB).toEqual([]);
    await a.stop();
  });
});
