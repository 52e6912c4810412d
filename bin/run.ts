// Runs the CLI with the process's arguments: the entry of the JavaScript build (dist/node/<build>/cli.js,
// see bin/build-node.mjs) and of bin/draftroom's tsx fallback.
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
