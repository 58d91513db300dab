/**
 * A loopback stand-in for the part of Typeform's Create API the Survey Trigger uses to register
 * its webhook (developers.typeform.com, webhooks reference): PUT, GET and DELETE
 * /forms/{form_id}/webhooks/{tag}, and GET /me for the credential test. It answers as the
 * reference documents and records every request, so an e2e test can read the secret n8n
 * registered and sign deliveries with it. Plain CommonJS: Node built-ins are not allowed in .ts.
 */
const http = require('node:http');

const { listenOnLoopback } = require('./loopback.cjs');

function startFakeTypeform({ token }) {
	const requests = [];
	const webhooks = new Map();
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const body = raw ? JSON.parse(raw) : undefined;
			requests.push({ method: req.method, path: req.url, authorization: req.headers.authorization, body });
			const send = (status, payload) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(payload === undefined ? '' : JSON.stringify(payload));
			};
			if (req.headers.authorization !== `Bearer ${token}`) {
				return send(401, { code: 'AUTHENTICATION_FAILED', description: 'Authentication credentials not found on the Request Headers' });
			}
			if (req.method === 'GET' && req.url === '/me') return send(200, { alias: 'ops', email: 'ops@example.com', language: 'fr' });
			const match = /^\/forms\/([^/]+)\/webhooks\/([^/?]+)$/.exec(req.url);
			if (!match) return send(404, { code: 'NOT_FOUND', description: 'Endpoint not found' });
			const key = `${match[1]}/${match[2]}`;
			if (req.method === 'PUT') {
				const now = new Date().toISOString();
				const webhook = {
					id: `wh-${webhooks.size + 1}`,
					form_id: match[1],
					tag: decodeURIComponent(match[2]),
					url: body.url,
					enabled: body.enabled,
					verify_ssl: body.verify_ssl,
					event_types: body.event_types ?? { form_response: true },
					created_at: now,
					updated_at: now,
				};
				webhooks.set(key, { ...webhook, secret: body.secret });
				return send(200, webhook);
			}
			const existing = webhooks.get(key);
			if (!existing) return send(404, { code: 'FORM_NOT_FOUND', description: 'Non existing webhook' });
			if (req.method === 'GET') {
				const { secret: _secret, ...visible } = existing;
				return send(200, visible);
			}
			if (req.method === 'DELETE') {
				webhooks.delete(key);
				res.writeHead(204);
				return res.end();
			}
			return send(405, { code: 'METHOD_NOT_ALLOWED' });
		});
	});
	return listenOnLoopback(server, () => ({
		requests,
		/** The webhook registered for a form, with the secret n8n generated. */
		webhook: (formId) => [...webhooks.values()].find((webhook) => webhook.form_id === formId),
	}));
}

module.exports = { startFakeTypeform };
