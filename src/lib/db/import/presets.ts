import { isNewer } from '../../association/binding';
import { FieldProblem } from '../../boundary/fields';
import { checkMapping, headerKey, type CsvMapping, type CsvPreset } from '../../formats/mapped-csv/mapping';
import type { Settings } from '../store/settings';

/** The presets with `preset` in place of an older one for the same header (the newest stamp wins). */
export function withPreset(presets: readonly CsvPreset[], preset: CsvPreset): CsvPreset[] {
  const old = presets.find((p) => p.key === preset.key);
  if (old && !isNewer(preset, old)) return [...presets];
  return [...presets.filter((p) => p.key !== preset.key), preset];
}

/** A mapping from the page, checked; a wrong one is an error naming the field. */
export function validMapping(value: unknown): CsvMapping {
  try {
    return checkMapping(value);
  } catch (err) {
    if (err instanceof FieldProblem) throw new Error(`column mapping: ${err.message}`);
    throw err;
  }
}

/**
 * Stores `mapping` in the preferences as the preset for its header (replacing the one saved before), stamped
 * with the next Lamport clock value so sync carries it. The caller saves the preferences and device state.
 */
export function addPreset({ preferences, device }: Settings, mapping: CsvMapping): void {
  device.clock++;
  const preset = { key: headerKey(mapping.header), mapping, clock: device.clock, device: device.deviceId };
  preferences.csvPresets = withPreset(preferences.csvPresets, preset);
}
