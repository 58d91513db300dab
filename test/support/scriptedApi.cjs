/**
 * A loopback HTTP API whose answers a test scripts one request at a time: a status with headers
 * and a body (429 with Retry-After, 5xx…), a hang past the client's timeout, or a dropped
 * connection. It records every request it got (method, path, headers, body), so a test can check
 * what reached the provider: how many attempts, the credential header, the idempotency key.
 * Plain CommonJS: Node built-ins are not allowed in .ts.
 */
const http = require('node:http');

const { listenOnLoopback } = require('./loopback.cjs');

function startScriptedApi() {
	const requests = [];
	const script = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			requests.push({ method: req.method, path: req.url, headers: { ...req.headers }, body: raw, at: Date.now() });
			// An unscripted request is a test mistake: answer so that it shows.
			const step = script.shift() ?? { status: 599, body: { message: 'no scripted answer left' } };
			if (step.drop) return req.socket.destroy();
			if (step.hang) return; // never answered; close() ends the socket
			const body = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
			const headers = { ...(typeof step.body === 'object' ? { 'content-type': 'application/json' } : {}), ...step.headers };
			res.writeHead(step.status ?? 200, headers);
			res.end(body);
		});
	});
	return listenOnLoopback(server, () => ({
		requests,
		/** Queues the answers to the next requests, in order. */
		answer: (...steps) => script.push(...steps),
		reset: () => {
			requests.length = 0;
			script.length = 0;
		},
	}));
}

/** A loopback URL nothing listens on, for "connection refused". */
function closedPortUrl() {
	return new Promise((resolve) => {
		const server = http.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(`http://127.0.0.1:${port}`));
		});
	});
}

module.exports = { startScriptedApi, closedPortUrl };
