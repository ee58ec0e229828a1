import type { InputFile } from './service';

/** A File/Blob as an import input, read as a stream (never as one string). */
export function blobInput(file: Blob & { name: string }): InputFile {
  return {
    name: file.name,
    size: file.size,
    async *chunks() {
      const reader = file.stream().getReader();
      try {
        for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
      } finally {
        reader.releaseLock();
      }
    }
  };
}
