/**
 * A loopback stand-in for the part of Zendesk's Support API that Create Case's Zendesk provider uses
 * (developer.zendesk.com/api-reference/ticketing/): Create Ticket with `Idempotency-Key`, List Tickets by
 * `external_id`, Show Ticket, Update Ticket (comments, status, priority, custom fields, tags), Add Tags, List
 * Comments, Search Users, and Show the Currently Authenticated User (the credential test). It checks Basic
 * `{email}/token:{api_token}`, answers with the documented shapes and error bodies, and records every request.
 *
 * Idempotency as Zendesk documents it: a repeat with the same key and body gets the first answer back with
 * `x-idempotency-lookup: hit`; the same key with another body gets 400 `IdempotentRequestError`. Zendesk does not
 * document two identical requests arriving at the same instant; here the first to arrive creates the ticket and
 * every later one is a replay (a delayed answer, `createDelayMs`, keeps the first one in flight meanwhile).
 * Plain CommonJS: Node built-ins are not allowed in .ts.
 */
const http = require('node:http');

const { listenOnLoopback } = require('./loopback.cjs');

const FIRST_TICKET_ID = 35436;
const AGENT_ID = 235323;

function startFakeZendesk({ email, apiToken, users = [], createDelayMs = 0 }) {
	const expectedAuthorization = `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
	const requests = [];
	const tickets = new Map();
	const comments = new Map();
	const idempotency = new Map();
	const failures = [];
	let nextTicketId = FIRST_TICKET_ID;
	let nextCommentId = 1274;
	let baseUrl = '';
	const me = { id: AGENT_ID, name: 'Closed Loop Integration', email, role: 'admin', active: true, suspended: false };
	const directory = [me, ...users.map((user, index) => ({ id: 9000 + index, active: true, suspended: false, role: 'agent', ...user }))];

	const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	const invalid = (field, description, error = 'InvalidValue') => ({
		status: 422,
		body: { error: 'RecordInvalid', description: 'Record validation errors', details: { [field]: [{ description, error }] } },
	});

	function addComment(ticket, comment) {
		const list = comments.get(ticket.id);
		const publicComment = comment.public === undefined ? (list.length ? list[list.length - 1].public : true) : Boolean(comment.public);
		list.push({ id: nextCommentId++, type: 'Comment', author_id: AGENT_ID, body: comment.body, plain_body: comment.body, public: publicComment, created_at: now() });
		if (!publicComment) return;
		ticket.is_public = true;
	}

	function createTicket(input) {
		if (!input || typeof input !== 'object') return { status: 400, body: { error: 'InvalidEndpoint', description: 'The ticket object is missing' } };
		if (!input.comment || typeof input.comment.body !== 'string' || input.comment.body.trim() === '') {
			return invalid('base', 'Description: cannot be blank', 'BlankValue');
		}
		if (input.priority !== undefined && !['urgent', 'high', 'normal', 'low'].includes(input.priority)) return invalid('priority', 'Priority: is not valid');
		if (input.type !== undefined && !['problem', 'incident', 'question', 'task'].includes(input.type)) return invalid('type', 'Type: is not valid');
		let requesterId = AGENT_ID;
		if (input.requester) {
			if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(input.requester.email ?? ''))) return invalid('requester', 'Requester: Email is invalid');
			let user = directory.find((known) => known.email.toLowerCase() === String(input.requester.email).toLowerCase());
			if (!user) {
				user = { id: 20978392 + directory.length, name: input.requester.name ?? String(input.requester.email).split('@')[0], email: input.requester.email, role: 'end-user', active: true, suspended: false };
				directory.push(user);
			}
			requesterId = user.id;
		}
		if (input.assignee_id !== undefined && !directory.some((user) => user.id === input.assignee_id && user.role !== 'end-user')) {
			return invalid('assignee', 'Assignee: is not an agent');
		}
		const id = nextTicketId++;
		const stamp = now();
		const ticket = {
			url: `${baseUrl}/api/v2/tickets/${id}.json`,
			id,
			external_id: input.external_id ?? null,
			via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
			created_at: stamp,
			updated_at: stamp,
			type: input.type ?? null,
			subject: input.subject ?? null,
			raw_subject: input.subject ?? null,
			description: input.comment.body,
			priority: input.priority ?? null,
			status: input.status ?? (input.assignee_id !== undefined ? 'open' : 'new'),
			recipient: null,
			requester_id: requesterId,
			submitter_id: AGENT_ID,
			assignee_id: input.assignee_id ?? null,
			organization_id: null,
			group_id: input.group_id ?? null,
			collaborator_ids: [],
			follower_ids: [],
			email_cc_ids: [],
			forum_topic_id: null,
			problem_id: null,
			has_incidents: false,
			is_public: false,
			due_at: input.type === 'task' ? (input.due_at ?? null) : null,
			tags: [...new Set(input.tags ?? [])],
			custom_fields: input.custom_fields ?? [],
			satisfaction_rating: null,
			sharing_agreement_ids: [],
			fields: input.custom_fields ?? [],
			followup_ids: [],
			ticket_form_id: null,
			brand_id: null,
			allow_channelback: false,
			allow_attachments: true,
			from_messaging_channel: false,
		};
		tickets.set(id, ticket);
		comments.set(id, []);
		addComment(ticket, input.comment);
		return { status: 201, body: { ticket }, headers: { location: ticket.url } };
	}

	function updateTicket(ticket, input) {
		if (ticket.status === 'closed') return invalid('status', 'Status: closed prevents ticket update');
		if (!input || typeof input !== 'object') return { status: 400, body: { error: 'InvalidEndpoint', description: 'The ticket object is missing' } };
		if (input.priority !== undefined && !['urgent', 'high', 'normal', 'low'].includes(input.priority)) return invalid('priority', 'Priority: is not valid');
		if (input.status !== undefined && !['new', 'open', 'pending', 'hold', 'solved', 'closed'].includes(input.status)) return invalid('status', 'Status: is not valid');
		for (const name of ['status', 'priority', 'subject', 'assignee_id', 'group_id', 'type', 'due_at']) {
			if (input[name] !== undefined) ticket[name] = input[name];
		}
		if (input.tags !== undefined) ticket.tags = [...new Set(input.tags)];
		for (const field of input.custom_fields ?? []) {
			const known = ticket.custom_fields.find((existing) => existing.id === field.id);
			if (known) known.value = field.value;
			else ticket.custom_fields.push({ id: field.id, value: field.value });
		}
		if (input.comment) addComment(ticket, input.comment);
		ticket.updated_at = now();
		return { status: 200, body: { ticket, audit: { id: nextCommentId, ticket_id: ticket.id, created_at: ticket.updated_at, author_id: AGENT_ID, events: [] } } };
	}

	function route(method, path, query, headers, body) {
		const ticketPath = /^\/api\/v2\/tickets\/(\d+)(\/tags|\/comments)?$/.exec(path);
		if (method === 'GET' && path === '/api/v2/users/me') return { status: 200, body: { user: me } };
		if (method === 'GET' && path === '/api/v2/users/search') {
			const wanted = String(query.get('query') ?? '').replace(/^email:/, '').replace(/^"|"$/g, '').toLowerCase();
			const found = wanted ? directory.filter((user) => user.email.toLowerCase() === wanted || user.name.toLowerCase().includes(wanted)) : [];
			return { status: 200, body: { users: found, next_page: null, previous_page: null, count: found.length } };
		}
		if (method === 'GET' && path === '/api/v2/tickets') {
			const externalId = query.get('external_id');
			const found = [...tickets.values()].filter((ticket) => externalId === null || ticket.external_id === externalId);
			return { status: 200, body: { tickets: found, next_page: null, previous_page: null, count: found.length } };
		}
		if (method === 'POST' && path === '/api/v2/tickets') {
			const key = headers['idempotency-key'];
			if (key === undefined) return createTicket(body?.ticket);
			const earlier = idempotency.get(key);
			if (earlier) {
				if (earlier.body !== JSON.stringify(body)) {
					return { status: 400, body: { error: 'IdempotentRequestError', description: "Request parameters don't match the given idempotency key" } };
				}
				return { ...earlier.answer, headers: { ...earlier.answer.headers, 'x-idempotency-lookup': 'hit' } };
			}
			const answer = createTicket(body?.ticket);
			// Zendesk keeps the answer as it was sent: a later replay shows the ticket as it was created.
			idempotency.set(key, { body: JSON.stringify(body), answer: { ...answer, body: JSON.parse(JSON.stringify(answer.body)) } });
			return { ...answer, headers: { ...answer.headers, 'x-idempotency-lookup': 'miss' }, delayMs: createDelayMs };
		}
		if (ticketPath) {
			const ticket = tickets.get(Number(ticketPath[1]));
			if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
			if (!ticketPath[2] && method === 'GET') return { status: 200, body: { ticket } };
			if (!ticketPath[2] && method === 'PUT') return updateTicket(ticket, body?.ticket);
			if (ticketPath[2] === '/tags' && method === 'PUT') {
				if (ticket.status === 'closed') return invalid('status', 'Status: closed prevents ticket update');
				ticket.tags = [...new Set([...ticket.tags, ...(body?.tags ?? [])])];
				ticket.updated_at = now();
				return { status: 200, body: { tags: ticket.tags } };
			}
			if (ticketPath[2] === '/comments' && method === 'GET') {
				const list = comments.get(ticket.id);
				return { status: 200, body: { comments: list, next_page: null, previous_page: null, count: list.length } };
			}
		}
		return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
	}

	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const path = url.pathname.replace(/\.json$/, '');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			requests.push({
				method: req.method,
				path,
				query: Object.fromEntries(url.searchParams),
				authorization: req.headers.authorization,
				idempotencyKey: req.headers['idempotency-key'],
				body,
			});
			const send = ({ status, body: payload, headers = {}, delayMs = 0 }) => {
				const answer = () => {
					res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-rate-limit': '700', ...headers });
					res.end(payload === undefined ? '' : JSON.stringify(payload));
				};
				if (delayMs > 0) setTimeout(answer, delayMs);
				else answer();
			};
			if (req.headers.authorization !== expectedAuthorization) return send({ status: 401, body: { error: "Couldn't authenticate you" } });
			const failureIndex = failures.findIndex((failure) => failure.method === req.method && failure.path === path);
			if (failureIndex >= 0) {
				const [failure] = failures.splice(failureIndex, 1);
				return send({ status: failure.status, body: failure.body, headers: failure.headers });
			}
			if (typeof body === 'string') return send({ status: 400, body: { error: 'Unprocessable JSON', description: 'The body is not JSON' } });
			return send(route(req.method, path, url.searchParams, req.headers, body));
		});
	});
	return listenOnLoopback(server, (address) => {
		baseUrl = address;
		return {
			requests,
			tickets: () => [...tickets.values()],
			ticket: (id) => tickets.get(Number(id)),
			comments: (id) => comments.get(Number(id)) ?? [],
			/** The next such call is answered with this instead (a 429 with Retry-After, a 503…), once. */
			failNext: (method, path, status, body, headers = {}) => failures.push({ method, path, status, body, headers }),
			/** What an agent does in Zendesk's own interface: solve, close, tag. */
			setTicket: (id, changes) => Object.assign(tickets.get(Number(id)), changes),
		};
	});
}

module.exports = { startFakeZendesk };
