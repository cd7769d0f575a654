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

/**
 * The call's arguments with its options as an object: `connect(port, host)` and `connect(path)` become
 * `connect({ port, host })` and `connect({ path })`, so a name given positionally is looked up through the fence too.
 * Node's own calls come pre-normalised, as `[[options, callback]]`, and pass unchanged.
 */
function withOptionsObject(args) {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') return args;
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? [last] : [];
  if (typeof first === 'string' && Number.isNaN(Number(first))) return [{ path: first }, ...callback];
  return [typeof second === 'string' ? { port: first, host: second } : { port: first }, ...callback];
}

module.exports = { isLoopback };

if (!net.Socket.prototype[FENCED]) {
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function connectToLoopbackOnly(...given) {
    const args = withOptionsObject(given);
    const options = Array.isArray(args[0]) ? args[0][0] : args[0];
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
