// Preloaded (`node --require`) into the Microsoft 365 Agents Playground child process only. The playground calls
// `server.listen(port)` with no host, which binds every interface, and it has no option to choose one; this
// rewrites every TCP listen in that process to 127.0.0.1 so the playground (which accepts unauthenticated
// requests that reach the bot) is never reachable from the network. Pipes and inherited handles pass through.
'use strict';
const net = require('node:net');

const LOOPBACK_HOST = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

function isPortLike(value) {
  return value === undefined || value === null || typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

function isHandleOrPipe(value) {
  if (value === null || typeof value !== 'object') return false;
  if (value instanceof net.Server || value instanceof net.Socket) return true;
  return '_handle' in value || 'fd' in value || 'path' in value || 'handle' in value;
}

net.Server.prototype.listen = function loopbackListen(...args) {
  const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
  const first = args[0];
  let options;
  if (first !== null && typeof first === 'object' && !isHandleOrPipe(first)) {
    options = { ...first, host: LOOPBACK_HOST };
  } else if (isPortLike(first)) {
    // listen(port, [host], [backlog]): the host (if any) is dropped; a numeric backlog is kept.
    options = { port: first === undefined || first === null ? 0 : Number(first), host: LOOPBACK_HOST };
    const backlog = args.slice(1).find((a) => typeof a === 'number');
    if (backlog !== undefined) options.backlog = backlog;
  } else {
    return originalListen.apply(this, callback ? [...args, callback] : args);
  }
  return callback ? originalListen.call(this, options, callback) : originalListen.call(this, options);
};
