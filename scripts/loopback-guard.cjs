// Preloaded with `node --require` in tests, benchmarks and the playground launcher: any attempt to open a
// TCP connection to a non-loopback address fails at once, so nothing (telemetry, OpenID metadata fetches,
// a mistyped URL) can ever leave this machine.
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost']);

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // node defaults to localhost
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  return false;
}

function refusal(host) {
  const err = new Error(`loopback-guard: refused connection to non-loopback host ${host}`);
  err.code = 'ECONNREFUSED';
  return err;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let options = args[0];
  if (Array.isArray(options)) options = options[0]; // internal normalized form
  let host;
  if (options !== null && typeof options === 'object') {
    if (options.path) return originalConnect.apply(this, args); // unix socket / named pipe
    host = options.host;
  } else if (typeof options === 'number' || /^\d+$/.test(String(options))) {
    host = typeof args[1] === 'string' ? args[1] : undefined;
  } else if (typeof options === 'string') {
    return originalConnect.apply(this, args); // unix socket path
  }
  if (!isLoopback(host)) {
    const err = refusal(host);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return originalConnect.apply(this, args);
};

// Name lookups of outside hosts are refused too: even a DNS query would leave the machine.
const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  if (!isLoopback(hostname)) {
    process.nextTick(() => cb(refusal(hostname)));
    return {};
  }
  return originalLookup.call(dns, hostname, options, callback);
};
const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname, options) {
  if (!isLoopback(hostname)) throw refusal(hostname);
  return originalPromiseLookup.call(dns.promises, hostname, options);
};

module.exports = { isLoopback };
