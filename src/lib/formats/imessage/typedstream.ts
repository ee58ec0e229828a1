/**
 * The text inside a Messages `attributedBody`: an NSAttributedString archived as an NeXTSTEP typedstream
 * (`\x04\x0bstreamtyped…`). Newer macOS versions leave `message.text` NULL and keep the text only here.
 *
 * Not a general typedstream reader: it finds the first NSString object (the attributed string's characters),
 * reads its `+` (byte string) value and decodes it as UTF-8. Every read is bounds-checked; anything that does
 * not look like that layout gives null instead of guessing.
 */

const HEADER = [0x04, 0x0b, ...new TextEncoder().encode('streamtyped')];
const NSSTRING = new TextEncoder().encode('NSString');
/** Type tag of a C string value: a one-character type encoding `+`. */
const STRING_TAG = [0x84, 0x01, 0x2b];
/** Bytes between the class name and the string's type tag (class version, end of class chain). */
const TAG_WINDOW = 16;
/** Integer tags: the next 2 or 4 bytes hold the value (little-endian). */
const INT16 = 0x81;
const INT32 = 0x82;

function indexOf(haystack: Uint8Array, needle: ArrayLike<number>, from: number): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The NSString text of an archived NSAttributedString, or null when the bytes are not one. */
export function attributedBodyText(blob: Uint8Array): string | null {
  if (indexOf(blob.subarray(0, HEADER.length), HEADER, 0) !== 0) return null;
  const name = indexOf(blob, NSSTRING, HEADER.length);
  if (name < 0) return null;
  const after = name + NSSTRING.length;
  const tag = indexOf(blob.subarray(after, after + TAG_WINDOW + STRING_TAG.length), STRING_TAG, 0);
  if (tag < 0) return null;
  let i = after + tag + STRING_TAG.length;
  if (i >= blob.length) return null;
  let length = blob[i++];
  if (length === INT16) {
    if (i + 2 > blob.length) return null;
    length = blob[i] | (blob[i + 1] << 8);
    i += 2;
  } else if (length === INT32) {
    if (i + 4 > blob.length) return null;
    length = (blob[i] | (blob[i + 1] << 8) | (blob[i + 2] << 16) | (blob[i + 3] << 24)) >>> 0;
    i += 4;
  } else if (length > 0x7f) {
    return null;
  }
  if (i + length > blob.length) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(blob.subarray(i, i + length));
  } catch {
    return null;
  }
}
