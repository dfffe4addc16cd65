// A TV web app's page, as far as ctv-gateway.js can see it: each launch evaluates the kit as a classic
// <script> in a fresh global (a node:vm context) holding the platform's services, stubbed at their documented
// interfaces, a localStorage that outlives the launch, and Node's real fetch (talking to a real gateway).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const kitFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'ctv-gateway.js');
const kit = new vm.Script(fs.readFileSync(kitFile, 'utf8'), { filename: kitFile });

/** The Web Storage interface (getItem, setItem, removeItem, clear, key, length) over a Map. */
export function memoryStorage() {
  const items = new Map();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => (items.has(String(k)) ? items.get(String(k)) : null),
    setItem: (k, v) => void items.set(String(k), String(v)),
    removeItem: (k) => void items.delete(String(k)),
    clear: () => items.clear(),
    dump: () => Object.fromEntries(items),
  };
}

/**
 * LG webOS with webOSTV.js: webOS.service.request(uri, {method, parameters, onSuccess, onFailure}) answering
 * as the Luna API reference documents (asynchronously), and webOS.fetchAppInfo(callback) with appinfo.json.
 * `emulator: true` answers getIDs with the all-zero LGUDID the emulator returns.
 */
export function webOSServices({ lgudid, emulator = false, modelName = 'OLED55C1', sdkVersion = '7.0.0', version = '1.0.2' }) {
  const calls = [];
  const answer = (uri, method, parameters) => {
    if (uri === 'luna://com.webos.service.sm' && method === 'deviceid/getIDs') {
      if (!Array.isArray(parameters?.idType) || !parameters.idType.includes('LGUDID')) {
        return { returnValue: false, errorCode: 'ERR.001', errorText: 'Invalid Parameters' };
      }
      const idValue = emulator ? '00000000-0000-0000-0000-000000000000' : lgudid;
      return { returnValue: true, idList: [{ idType: 'LGUDID', idValue }] };
    }
    if (uri === 'luna://com.webos.service.tv.systemproperty' && method === 'getSystemInfo') {
      const all = { modelName, sdkVersion, firmwareVersion: '03.20.60', UHD: 'true' };
      const result = { returnValue: true };
      for (const key of parameters?.keys ?? []) {
        if (key in all) result[key] = all[key];
      }
      return result;
    }
    return { returnValue: false, errorCode: -1, errorText: `Unknown method "${method}" for category "/"` };
  };
  const webOS = {
    platform: { tv: true },
    service: {
      request(uri, params) {
        calls.push({ uri, method: params.method, parameters: JSON.parse(JSON.stringify(params.parameters)) });
        const result = answer(uri, params.method, params.parameters);
        setImmediate(() => {
          if (result.returnValue) params.onSuccess?.(result);
          else params.onFailure?.(result);
          params.onComplete?.(result);
        });
        return { uri, params, cancel() {} };
      },
    },
    fetchAppInfo(callback) {
      setImmediate(() => callback({ id: 'com.example.app', version, type: 'web', main: 'index.html', title: 'Example' }));
    },
  };
  return { globals: { webOS }, calls, lgudid };
}

/**
 * Samsung Tizen with $WEBAPIS/webapis/webapis.js: webapis.adinfo.getTIFA()/isLATEnabled(),
 * webapis.productinfo.getModel(), tizen.systeminfo.getCapability(key), tizen.application.getAppInfo().
 */
export function tizenServices({ tifa, lat = false, model = 'QN55Q80AAFXZA', platformVersion = '6.0', version = '2.1.0' }) {
  const calls = [];
  const call = (name, result) => (...args) => {
    calls.push({ name, args });
    return result;
  };
  return {
    calls,
    tifa,
    globals: {
      webapis: {
        adinfo: { getVersion: call('adinfo.getVersion', '1.0'), getTIFA: call('adinfo.getTIFA', tifa), isLATEnabled: call('adinfo.isLATEnabled', lat) },
        productinfo: { getModel: call('productinfo.getModel', model) },
      },
      tizen: {
        systeminfo: {
          getCapability(key) {
            calls.push({ name: 'systeminfo.getCapability', args: [key] });
            if (key === 'http://tizen.org/feature/platform.version') return platformVersion;
            const error = new Error(`${key} is not supported`);
            error.name = 'NotSupportedError';
            throw error;
          },
        },
        application: { getAppInfo: call('application.getAppInfo', { id: 'Ex4mpleApp.Main', name: 'Example', version }) },
      },
    },
  };
}

/** A TV that keeps its localStorage across launches. */
export function tv(services) {
  const storage = memoryStorage();
  return {
    storage,
    /** One app launch: a fresh page that loads the kit and calls CtvGateway.start(options) (then `after`). */
    async launch(options, after) {
      const lines = [];
      const console = { info: (line) => lines.push(line), log: (line) => lines.push(line), warn: (line) => lines.push(line) };
      const page = vm.createContext({ ...services.globals, localStorage: storage, fetch, console, setTimeout, clearTimeout });
      page.self = page;
      page.window = page;
      kit.runInContext(page);
      const result = JSON.parse(JSON.stringify(await page.CtvGateway.start(options)));
      const extra = after ? JSON.parse(JSON.stringify(await after(page.CtvGateway))) : undefined;
      return { result, extra, log: lines.join('\n') };
    },
  };
}
