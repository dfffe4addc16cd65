// `npm test`'s first step: installs node_modules with `npm ci` when it is missing or was installed from
// another package-lock.json, so that `mvn verify` on a fresh clone needs nothing else and a rerun costs nothing.
// brs-engine's canvas dependency builds from source here; node-gyp then needs Node's headers, which
// Debian's nodejs package installs under /usr/include/node (used unless npm_config_nodedir is set).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const clients = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = createHash('sha256').update(fs.readFileSync(path.join(clients, 'package-lock.json'))).digest('hex');
const marker = path.join(clients, 'node_modules', '.ctvgw-installed-from');

if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === lock) {
  process.exit(0);
}
const env = { ...process.env };
if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) {
  env.npm_config_nodedir = '/usr';
}
console.log('clients: npm ci (package-lock.json changed or node_modules missing)');
const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: clients, env, stdio: 'inherit' });
if (npm.status !== 0) {
  console.error('clients: npm ci failed; on Debian: apt-get install nodejs npm g++ make python3 pkg-config'
    + ' libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev');
  process.exit(npm.status ?? 1);
}
fs.writeFileSync(marker, lock);
