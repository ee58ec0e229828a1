/** `tsx bench/generate/cli.ts [--full] [--smoke] [--xml-gb N]`: generates the data sets without measuring. */
import { FORMATS, ensureBigXml, ensureDataset } from './datasets';

const args = process.argv.slice(2);
const full = args.includes('--full');
const smoke = args.includes('--smoke');
const gbAt = args.indexOf('--xml-gb');
const gb = gbAt >= 0 ? Number(args[gbAt + 1]) : full ? 1 : 0;
const labels = smoke ? ['10k'] : full ? ['10k', '100k', '1M'] : ['10k', '100k'];
for (const label of labels) for (const f of FORMATS) await ensureDataset(f, label);
if (gb > 0) await ensureBigXml(gb);
