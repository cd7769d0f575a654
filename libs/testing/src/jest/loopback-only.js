// Tests talk to loopback only. Some hold private and link-local addresses as input the code must refuse (the
// webhook address rules); should such a refusal ever regress, the test must fail here rather than send. Every TCP
// connection a test process opens (net, tls, http, undici: all connect a net.Socket) is checked: an address at
// once, a name by what it resolves to, before the connection is made. Unix sockets pass.
'use strict';
const dns = require('node:dns');
const net = require('node:net');

const FENCED = Symbol.for('duban.loopbackOnly');

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function isLoopback(address) {
  const family = net.isIP(address);
  return family !== 0 && loopback.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

const refusal = (what) =>
  Object.assign(new Error(`tests connect to loopback only: ${what} refused (libs/testing/src/jest/loopback-only.js)`), {
    code: 'ELOOPBACKONLY',
  });

/** The connection's options, however `connect` was called (Node passes its own calls pre-normalised, as an array). */
function optionsOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return first[0];
  if (first !== null && typeof first === 'object') return first;
  return { port: first, host: typeof second === 'string' ? second : undefined };
}

module.exports = { isLoopback };

if (!net.Socket.prototype[FENCED]) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function connectToLoopbackOnly(...args) {
    const options = optionsOf(args);
    // A Unix socket names a path; http's agent passes `path: null` for TCP.
    if (options && typeof options.path !== 'string') {
      const host = (options.host ?? 'localhost').replace(/^\[(.*)\]$/, '$1');
      if (net.isIP(host)) {
        if (!isLoopback(host)) {
          process.nextTick(() => this.destroy(refusal(host)));
          return this;
        }
      } else {
        const lookup = options.lookup ?? dns.lookup;
        options.lookup = (hostname, lookupOptions, callback) =>
          lookup(hostname, lookupOptions, (error, address, family) => {
            if (error) return callback(error, address, family);
            const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
            const outside = addresses.find((a) => !isLoopback(a));
            if (outside) return callback(refusal(`${hostname} (${outside})`), '', 0);
            return callback(null, address, family);
          });
      }
    }
    return connect.apply(this, args);
  };
  net.Socket.prototype[FENCED] = true;
}
