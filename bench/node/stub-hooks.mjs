// Module resolution hooks for the benchmark only: while an importer that src/lib/importers/registry.ts names
// is still being written (its file does not exist yet), resolve it to a stub that detects nothing, so the
// rest of the pipeline can be measured. Each stubbed module is reported on stderr and in the results.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const fromImporters = context.parentURL?.includes('/src/lib/importers/');
    const m = /^\.\/([a-z0-9-]+)(\.ts|\.js)?$/.exec(specifier);
    if (fromImporters && m && err?.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(`BENCH-STUB ${m[1]}\n`);
      return { url: `data:text/javascript,${encodeURIComponent(stubSource(m[1]))}`, shortCircuit: true, format: 'module' };
    }
    throw err;
  }
}

function stubSource(name) {
  const exportName = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase()) + 'Importer';
  return `export const ${exportName} = { format: 'stub-${name}', detect: () => false, async *parse() { throw new Error('importer ${name} is not written yet (bench stub)'); } };`;
}
