// The y-websocket peer of bench/peers/: the reference server of y-websocket 1.5.4 (devDependency
// `y-websocket-peer`), its bin/utils.js setupWSConnection on a `ws` server, the document name taken
// from the URL path as its bin/server.js does. In memory only (YPERSISTENCE unset: no durability),
// no authentication. Plain JavaScript, run by plain node. Prints "listening on PORT" once it
// accepts connections on 127.0.0.1.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const utils = createRequire(import.meta.url).resolve('y-websocket-peer/bin/utils');
const { setupWSConnection } = createRequire(utils)('./utils.js');
// the `ws` version y-websocket 1.5.4's own server runs on (bin/server.js)
const WebSocket = createRequire(utils)('ws');

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('okay');
});
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', (conn, req) => setupWSConnection(conn, req, { docName: req.url.slice(1).split('?')[0] }));
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
