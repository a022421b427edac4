// Preloaded (node --require) before Portkey's start-server.js: Portkey calls @hono/node-server's
// serve() without a hostname, which listens on every interface. The benchmark stays on loopback,
// so a listen(port) without a host is given 127.0.0.1.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args[1] === undefined || typeof args[1] === 'function')) {
    if (args[1] === undefined) args[1] = '127.0.0.1';
    else args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
