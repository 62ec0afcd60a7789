/** `tsx legacy-bank/main.ts --port 4010 --user bot1:secret --inspection` (see cli.ts for every flag). */
import { parseLegacyBankArgs, runLegacyBankFromCli } from './cli.js';

try {
  await runLegacyBankFromCli(parseLegacyBankArgs(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`legacy-bank: ${(err as Error).message}\n`);
  process.exit(1);
}
