import { isNewer } from '../../association/binding';
import type { CsvPreset } from '../../formats/mapped-csv/mapping';

/** The presets with `preset` in place of an older one for the same header (the newest stamp wins). */
export function withPreset(presets: readonly CsvPreset[], preset: CsvPreset): CsvPreset[] {
  const old = presets.find((p) => p.key === preset.key);
  if (old && !isNewer(preset, old)) return [...presets];
  return [...presets.filter((p) => p.key !== preset.key), preset];
}
