/*
 * ctv-gateway.js: reports an LG webOS or Samsung Tizen TV app's install to ctv-gateway (which forwards it to
 * Kochava). One file, no dependencies, plain ES5 (runs on old TV engines); needs Promise and fetch.
 * See clients/web/README.md.
 *
 *   <script src="ctv-gateway.js"></script>
 *   CtvGateway.start({ url: 'https://gw.example.com', appId: 'koexample-app-id' });
 *   CtvGateway.trackEvent('purchase', { sku: 'gold' });
 *
 * start() reads the device's identifiers and sends the install once per install of the app, remembering
 * the answer in localStorage:
 *   2xx (accepted or duplicate)        -> done for good: later launches send nothing;
 *   429, 408, 5xx, network error       -> nothing stored: the next start() (next launch) tries again;
 *   other 4xx (the request is wrong)   -> logged with the gateway's error body; not sent again by this app
 *                                         version (a new version, e.g. with a fixed app id, tries again).
 * webOS: LGUDID from luna://com.webos.service.sm deviceid/getIDs, modelName and sdkVersion from
 * luna://com.webos.service.tv.systemproperty getSystemInfo (through webOSTV.js's webOS.service.request).
 * Tizen: TIFA and LAT from webapis.adinfo, the model from webapis.productinfo, the platform version from
 * tizen.systeminfo. Advertising ids are never logged in full.
 */
(function (root, factory) {
  var api = factory(root);
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  } else {
    root.CtvGateway = api;
  }
})(typeof self !== 'undefined' ? self : this, function (root) {
  'use strict';

  var STORE = 'ctvgw.';
  var ZERO_UUID = /^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$/;
  var config = null;
  var device = null; // Promise of the fields every request carries
  var install = null; // Promise of this session's install report

  function log(line) {
    if (config && config.log === false) return;
    if (root.console) root.console.info('[CtvGateway] ' + line);
  }

  function stored(key) {
    try {
      return root.localStorage.getItem(STORE + key);
    } catch (e) {
      return null;
    }
  }

  function store(key, value) {
    try {
      if (value === null) root.localStorage.removeItem(STORE + key);
      else root.localStorage.setItem(STORE + key, value);
    } catch (e) {
      log('localStorage is not writable (' + e + '): the install may be sent again on the next launch');
    }
  }

  function detectPlatform() {
    if (root.webapis && root.webapis.adinfo) return 'samsung-tizen';
    if (root.webOS && root.webOS.service) return 'lg-webos';
    return null;
  }

  // webOSTV.js: webOS.service.request(uri, {method, parameters, onSuccess, onFailure}).
  function luna(uri, method, parameters) {
    return new Promise(function (resolve, reject) {
      root.webOS.service.request(uri, {
        method: method,
        parameters: parameters,
        onSuccess: resolve,
        onFailure: function (error) {
          reject(new Error(uri + '/' + method + ' failed: ' + (error && (error.errorText || error.errorCode))));
        }
      });
    });
  }

  function webOSFields() {
    var ids = luna('luna://com.webos.service.sm', 'deviceid/getIDs', { idType: ['LGUDID'] }).then(function (answer) {
      var list = (answer && answer.idList) || [];
      for (var i = 0; i < list.length; i++) {
        if (list[i].idType === 'LGUDID') return { lgudid: list[i].idValue };
      }
      throw new Error('deviceid/getIDs returned no LGUDID');
    });
    // modelName needs the user's agreement on some TVs: without it the gateway uses a default model.
    var system = luna('luna://com.webos.service.tv.systemproperty', 'getSystemInfo', { keys: ['modelName', 'sdkVersion'] })
      .then(null, function (error) {
        log(String(error.message) + ': sending without model and OS version');
        return {};
      });
    var version = config.appVersion ? Promise.resolve(config.appVersion) : new Promise(function (resolve) {
      if (typeof root.webOS.fetchAppInfo !== 'function') return resolve(undefined);
      root.webOS.fetchAppInfo(function (info) {
        resolve(info && info.version);
      });
    });
    return Promise.all([ids, system, version]).then(function (got) {
      return { ids: got[0], os_version: got[1].sdkVersion, model: got[1].modelName, app_version: got[2] };
    });
  }

  function attempt(what, read) {
    try {
      return read();
    } catch (e) {
      log(what + ' is not available (' + (e && (e.name || e)) + ')');
      return undefined;
    }
  }

  function tizenFields() {
    return new Promise(function (resolve) {
      var adinfo = root.webapis.adinfo;
      // Throws SecurityError without the adinfo privilege in config.xml: then nothing can be sent.
      var tifa = adinfo.getTIFA();
      var lat = adinfo.isLATEnabled();
      resolve({
        ids: { tifa: tifa },
        lat: lat === true,
        model: attempt('webapis.productinfo.getModel()', function () {
          return root.webapis.productinfo.getModel();
        }),
        os_version: attempt('the platform version', function () {
          return root.tizen.systeminfo.getCapability('http://tizen.org/feature/platform.version');
        }),
        app_version: config.appVersion || attempt('the app version', function () {
          return root.tizen.application.getAppInfo().version;
        })
      });
    });
  }

  function readDevice(platform) {
    var read = platform === 'samsung-tizen' ? tizenFields : webOSFields;
    return read().then(function (fields) {
      var body = { app_id: config.appId, ids: fields.ids };
      if (fields.app_version) body.app_version = String(fields.app_version);
      if (typeof fields.lat === 'boolean') body.lat = fields.lat;
      if (fields.os_version) body.os_version = String(fields.os_version);
      if (fields.model) body.model = String(fields.model);
      return body;
    });
  }

  function advertisingId(body) {
    return body && body.ids && body.ids.tifa;
  }

  // text with the advertising id cut to its first 8 characters.
  function redact(text, body) {
    var id = advertisingId(body);
    if (!id || id.length <= 8) return text;
    return String(text).split(id).join(id.slice(0, 8) + '...');
  }

  function post(kind, body) {
    if (typeof root.fetch !== 'function') {
      return Promise.reject(new Error('fetch is not available on this TV'));
    }
    var headers = { 'Content-Type': 'application/json' };
    // The app's client key, if the gateway's operator gave it one: it selects the app, it is no secret.
    if (config.clientKey) headers['X-Ctvgw-Key'] = String(config.clientKey);
    return root.fetch(config.url + '/v1/' + config.platform + '/' + kind, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        return { status: response.status, text: text, retryAfter: response.headers.get('Retry-After') };
      });
    });
  }

  function copy(source) {
    var target = {};
    for (var key in source) {
      if (Object.prototype.hasOwnProperty.call(source, key)) target[key] = source[key];
    }
    return target;
  }

  function report() {
    var before = stored('install');
    if (before) {
      log('install reported before (' + before + '): nothing to send');
      return Promise.resolve({ status: 'reported-before' });
    }
    return device.then(function (fields) {
      if (stored('rejected_version') === String(fields.app_version)) {
        log('install was rejected for app version ' + fields.app_version + ': not sent again');
        return { status: 'rejected-before' };
      }
      var ids = fields.ids;
      for (var name in ids) {
        if (ZERO_UUID.test(String(ids[name]))) {
          // The webOS emulator's LGUDID, an opted-out id: it identifies no device. Nothing is stored.
          log('ids.' + name + ' is all zeros (an emulator?): install not sent');
          return { status: 'skipped', reason: 'placeholder_id' };
        }
      }
      if (!stored('first_seen')) store('first_seen', String(Math.floor(Date.now() / 1000)));
      var body = copy(fields);
      body.usertime = Number(stored('first_seen')) || Math.floor(Date.now() / 1000);
      if (config.data) body.data = config.data;
      if (config.consent) body.gdpr_privacy_consent = config.consent;
      return post('install', body).then(function (answer) {
        var code = answer.status;
        if (code >= 200 && code < 300) {
          var parsed = {};
          try {
            parsed = JSON.parse(answer.text) || {};
          } catch (e) {
            parsed = {};
          }
          var status = parsed.status || 'accepted';
          store('install', status + ' ' + (parsed.receipt || ''));
          store('rejected_version', null);
          log('install ' + status + ' receipt=' + parsed.receipt);
          return { status: status, httpStatus: code, receipt: parsed.receipt };
        }
        if (code === 408 || code === 429 || code >= 500 || code < 200) {
          log('install not delivered (' + code + (answer.retryAfter ? ' retry-after=' + answer.retryAfter : '') +
            '): will try again on the next launch');
          return { status: 'retry-later', httpStatus: code, retryAfter: answer.retryAfter };
        }
        store('rejected_version', String(fields.app_version));
        log('install rejected (' + code + '): ' + redact(answer.text, fields));
        return { status: 'rejected', httpStatus: code, error: redact(answer.text, fields) };
      }, function (error) {
        log('install not delivered (' + error + '): will try again on the next launch');
        return { status: 'retry-later', reason: String(error) };
      });
    }, function (error) {
      log('device identifiers not available (' + (error && error.message || error) + '): will try again on the next launch');
      return { status: 'retry-later', reason: String(error && error.message || error) };
    });
  }

  /**
   * Starts the install report (once per page load). options: url (gateway base URL), appId (Kochava app id),
   * clientKey (the app's client key, when the gateway requires one; sent as X-Ctvgw-Key),
   * appVersion (default: appinfo.json / config.xml version), platform ('lg-webos' or 'samsung-tizen';
   * detected), data (passed through to Kochava), consent (Google DMA consent as Kochava takes it: {tc_string,
   * gdpr_applies, ad_user_data, ad_personalization}; forwarded with the install and every event), log (false: silent). Resolves with {status, ...}; never rejects.
   */
  function start(options) {
    if (install) return install;
    config = copy(options || {});
    config.url = String(config.url || '').replace(/\/+$/, '');
    config.platform = config.platform || detectPlatform();
    if (!config.platform) {
      log('neither webOS nor Tizen: install not sent');
      install = Promise.resolve({ status: 'skipped', reason: 'unknown_platform' });
      return install;
    }
    device = new Promise(function (resolve) {
      resolve(readDevice(config.platform));
    });
    install = report();
    return install;
  }

  /**
   * Posts a post-install event (event_name, event_data and the device fields) to /v1/{platform}/event.
   * Call start() first. Sent once, never stored. Resolves with {status: 'sent'|'failed', httpStatus}.
   */
  function trackEvent(name, data) {
    if (!device) return Promise.resolve({ status: 'failed', reason: 'start() was not called' });
    return device.then(function (fields) {
      var body = copy(fields);
      body.event_name = String(name);
      body.event_data = data || {};
      body.usertime = Math.floor(Date.now() / 1000);
      if (config.consent) body.gdpr_privacy_consent = config.consent;
      return post('event', body).then(function (answer) {
        var ok = answer.status >= 200 && answer.status < 300;
        log('event ' + name + (ok ? ' accepted' : ' not accepted') + ' (' + answer.status + ')' +
          (ok ? '' : ': ' + redact(answer.text, fields)));
        return { status: ok ? 'sent' : 'failed', httpStatus: answer.status };
      });
    }).then(null, function (error) {
      log('event ' + name + ' not sent (' + (error && error.message || error) + ')');
      return { status: 'failed', reason: String(error && error.message || error) };
    });
  }

  return { start: start, trackEvent: trackEvent };
});
