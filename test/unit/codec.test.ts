// The Temporal payload codec: payloads leave the process sealed with AES-256-GCM under the active PII
// key, name their key id in metadata, still open after the key rotates (old key kept in PII_KEY),
// and fail loudly when their key is gone or the ciphertext was touched; unencrypted ones are refused.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError, PiiPayloadCodec } from '../../runtime/codec';
import { isRefusedPayload, REFUSED_PAYLOAD } from '../../workflows/refused-payload';

const keyA = `ka:${randomBytes(32).toString('base64')}`;
const keyB = `kb:${randomBytes(32).toString('base64')}`;

const secret = { name: '王小明', idNumber: '11010519491231002X', summary: '独居老人, no pension' };
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (p: Payload) =>
  Buffer.from(p.data ?? []).toString('latin1') +
  JSON.stringify(Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString()])));

describe('PiiPayloadCodec', () => {
  test('encodes to binary/encrypted with the active key id and nothing readable, and decodes back exactly', async () => {
    const codec = PiiPayloadCodec.fromSpec(`${keyA},${keyB}`);
    const original = plain(secret);
    const [encoded] = await codec.encode([original]);
    expect(Buffer.from(encoded.metadata!.encoding).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded.metadata![KEY_ID_METADATA]).toString()).toBe('ka');
    for (const fragment of ['王小明', '11010519491231002X', 'pension', 'json/plain']) expect(text(encoded)).not.toContain(fragment);
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(secret);
    expect(Buffer.from(decoded.metadata!.encoding).toString()).toBe('json/plain');
  });

  test('uses a fresh IV per payload, so equal values never look equal', async () => {
    const codec = PiiPayloadCodec.fromSpec(keyA);
    const [a, b] = await codec.encode([plain(secret), plain(secret)]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  test('after rotation (new key first, old key kept) old payloads still decode and new ones use the new key', async () => {
    const before = PiiPayloadCodec.fromSpec(keyA);
    const [old] = await before.encode([plain(secret)]);
    const rotated = PiiPayloadCodec.fromSpec(`${keyB},${keyA}`);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual(secret);
    const [fresh] = await rotated.encode([plain(secret)]);
    expect(Buffer.from(fresh.metadata![KEY_ID_METADATA]).toString()).toBe('kb');
  });

  test('a payload whose key id is no longer configured fails loudly, naming the key and the fix', async () => {
    const [old] = await PiiPayloadCodec.fromSpec(keyA).encode([plain(secret)]);
    const onlyB = PiiPayloadCodec.fromSpec(keyB);
    await expect(onlyB.decode([old])).rejects.toThrow(PayloadDecryptionError);
    await expect(onlyB.decode([old])).rejects.toThrow(/key "ka", which is not in PII_KEY \(configured: kb\)/);
  });

  test('an encrypted payload without a key id, truncated, altered, or under the same id with another key is refused', async () => {
    const codec = PiiPayloadCodec.fromSpec(keyA);
    const [sealed] = await codec.encode([plain(secret)]);
    const { [KEY_ID_METADATA]: _kid, ...noKid } = sealed.metadata!;
    await expect(codec.decode([{ ...sealed, metadata: noKid }])).rejects.toThrow(/no key id/);
    await expect(codec.decode([{ ...sealed, data: sealed.data!.slice(0, 10) }])).rejects.toThrow(/truncated/);
    const flipped = new Uint8Array(sealed.data!);
    flipped[20] = flipped[20] ^ 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/failed authentication/);
    const impostor = PiiPayloadCodec.fromSpec(`ka:${randomBytes(32).toString('base64')}`);
    await expect(impostor.decode([sealed])).rejects.toThrow(/failed authentication/);
    // Moving a payload to another key id is detected too (the key id is authenticated data).
    const twoIds = PiiPayloadCodec.fromSpec(`${keyA},${keyA.replace('ka:', 'kc:')}`);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata!, [KEY_ID_METADATA]: new TextEncoder().encode('kc') } };
    await expect(twoIds.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  test('an unencrypted payload is refused by clients, marked for the workflow by workers, shown as it is to the UI', async () => {
    // §14: whoever reaches the Temporal frontend without PII_KEY can only send plain payloads.
    const original = plain({ caseId: 'c-1', actor: { role: 'city_officer' } });
    const nullPayload: Payload = { metadata: { encoding: new TextEncoder().encode('binary/null') } };
    const client = PiiPayloadCodec.fromSpec(keyA);
    await expect(client.decode([original])).rejects.toThrow(PayloadDecryptionError);
    await expect(client.decode([nullPayload])).rejects.toThrow(/unencrypted Temporal payload was refused/);

    const worker = PiiPayloadCodec.fromSpec(keyA, { plaintext: 'mark' });
    const [marked, markedNull] = await worker.decode([original, nullPayload]);
    expect(defaultPayloadConverter.fromPayload(marked)).toEqual(REFUSED_PAYLOAD);
    expect(isRefusedPayload(defaultPayloadConverter.fromPayload(markedNull))).toBe(true);
    // The platform's own payloads are untouched by either policy.
    const [sealed] = await worker.encode([original]);
    expect(defaultPayloadConverter.fromPayload((await worker.decode([sealed]))[0])).toEqual({
      caseId: 'c-1',
      actor: { role: 'city_officer' },
    });

    const viewer = PiiPayloadCodec.fromSpec(keyA, { plaintext: 'pass' });
    expect(await viewer.decode([original, nullPayload])).toEqual([original, nullPayload]);
  });

  test('round-trips payloads with binary data and several metadata entries', async () => {
    const codec = PiiPayloadCodec.fromSpec(keyA);
    const original: Payload = {
      metadata: { encoding: new TextEncoder().encode('binary/plain'), messageType: new TextEncoder().encode('x.Y') },
      data: new Uint8Array(randomBytes(300)),
    };
    const [decoded] = await codec.decode(await codec.encode([original]));
    expect(Buffer.from(decoded.data!).equals(Buffer.from(original.data!))).toBe(true);
    expect(Object.keys(decoded.metadata!).sort()).toEqual(['encoding', 'messageType']);
  });
});
