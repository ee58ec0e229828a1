/** Reads the first bytes of a stream without losing them: returns them and a stream that replays them. */
export async function peek(chunks: AsyncIterable<Uint8Array>, size: number): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  const head = new Uint8Array(Math.min(length, size));
  let offset = 0;
  for (const b of buffered) {
    if (offset >= head.length) break;
    const take = b.subarray(0, head.length - offset);
    head.set(take, offset);
    offset += take.length;
  }
  async function* replay() {
    yield* buffered;
    if (done) return;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  }
  return { head, stream: replay() };
}
