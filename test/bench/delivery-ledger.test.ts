import { describe, expect, it } from 'vitest';
import { createDeliveryLedger } from '../../bench/delivery-ledger.js';
import { createIrcReader, createLegacyReader, createNativeReader } from '../../bench/wire-readers.js';

describe('createDeliveryLedger', () => {
  it('counts an exact, in-order delivery as nothing lost', () => {
    const ledger = createDeliveryLedger(2, 1, 4);
    for (const receiver of [0, 1]) for (const seq of [1, 2]) ledger.record(receiver, 0, seq);
    expect(ledger.summary()).toEqual({ expected: 4, delivered: 4, duplicates: 0, skips: 0, lost: 0 });
  });

  it('tells duplicates, gaps and losses apart', () => {
    const ledger = createDeliveryLedger(1, 2, 6);
    [[0, 1], [0, 1], [0, 3], [1, 1]].forEach(([sender, seq]) => ledger.record(0, sender!, seq!));
    expect(ledger.summary()).toEqual({ expected: 6, delivered: 4, duplicates: 1, skips: 1, lost: 3 });
    expect(ledger.last(0, 0)).toBe(3);
  });

  it('refuses counts that are not whole', () => {
    expect(() => createDeliveryLedger(1.5, 1, 0)).toThrow(TypeError);
  });
});

describe('wire readers', () => {
  const collect = () => {
    const seen: string[] = [];
    return { seen, handlers: { message: (a: number, b: number, c: number) => seen.push(`${a}.${b}.${c}`), other: (l: Buffer) => seen.push(`other:${l.toString()}`) } };
  };

  it('reads native message frames split anywhere', () => {
    const { seen, handlers } = collect();
    const read = createNativeReader(handlers);
    const wire = Buffer.from('{"type":"message","id":1,"ts":5,"room":"#lobby","from":"u000","text":"0.1.42"}\n{"type":"ack","id":1,"ts":5}\n');
    for (let i = 0; i < wire.length; i += 7) read(wire.subarray(i, i + 7));
    expect(seen).toEqual(['0.1.42', 'other:{"type":"ack","id":1,"ts":5}']);
  });

  it('glues legacy packets back together per sender', () => {
    const { seen, handlers } = collect();
    const read = createLegacyReader(new Map([['u000', 0], ['u001', 1]]), { ...handlers, registered: (ok) => seen.push(`registered:${ok}`) });
    read(Buffer.from('TRUEu000: 0.1.7;0.2'));
    read(Buffer.from('.8\nu001: 1.1.9;\nu000: ;\n'));
    expect(seen).toEqual(['registered:true', '0.1.7', '1.1.9', '0.2.8']);
  });

  it('[BENCH-IRC] reads IRC PRIVMSG payloads across chunks, as rxchat and ngircd write them; other lines are other', () => {
    const { seen, handlers } = collect();
    const read = createIrcReader(handlers);
    const wire = Buffer.from(':u000!u000@rxchat PRIVMSG #lobby :0.1.42\r\n:rxchat 366 u001 #lobby :End of /NAMES list\r\n' +
      ':u001!~u001@127.0.0.1 PRIVMSG #lobby :1.2.43\r\nPING :bench.rxchat.test\r\n');
    for (let i = 0; i < wire.length; i += 5) read(wire.subarray(i, i + 5));
    expect(seen).toEqual(['0.1.42', 'other::rxchat 366 u001 #lobby :End of /NAMES list', '1.2.43', 'other:PING :bench.rxchat.test']);
  });
});
