/**
 * The Freshdesk provider's calls, run in n8n's engine with its credential applied as n8n applies it, against nock
 * answers shaped as Freshdesk's API v2 reference documents them (developers.freshdesk.com/api: Create a Ticket,
 * View a Ticket, Filter Tickets, List All Tickets, Update a Ticket, Ticket Merge API, Create a Note, List All
 * Agents, Errors, Rate Limit).
 */
import nock from 'nock';

import type { CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import type { FreshdeskSettings } from '../../nodes/CreateCase/providers/freshdesk';
import { freshdeskKeyQuery, freshdeskKeyValue, freshdeskProvider, freshdeskSiteUrl } from '../../nodes/CreateCase/providers/freshdesk';
import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';
import type { ApiClient } from '../../nodes/shared/apiClient';
import { createAsTheNodeDoes, sampleClose, sampleDraft } from './caseDraftSamples';
import type { ProviderCall } from './caseProviderHarness';
import { callProvider } from './caseProviderHarness';

const FRESHDESK_ACCESS = 'fd_live_Zx81secretKEY';
const SITE = 'https://acme.freshdesk.com';
const credentials = { domain: 'acme', apiKey: FRESHDESK_ACCESS };
const basic = `Basic ${btoa(`${FRESHDESK_ACCESS}:X`)}`;
const KEY = 'typeform:resp_8f2c';

const freshdesk = () => nock(SITE, { reqheaders: { authorization: basic } });
const run = async <T>(call: (api: ApiClient, settings: FreshdeskSettings) => Promise<T>, spec: Partial<ProviderCall<T>> = {}) =>
	await callProvider(freshdeskProvider, { credentials, ...spec, call: async (api, settings) => await call(api, settings as FreshdeskSettings) });
const draft = (overrides: Partial<CaseDraft> = {}) => sampleDraft({ providerPriority: '4', ...overrides });
const searchPath = (value: string) => `/api/v2/search/tickets?query=${encodeURIComponent(freshdeskKeyQuery('cf_closed_loop_key', value))}`;

/** A ticket as View a Ticket documents it, with our custom field and tags. */
function ticket(id: number, overrides: Record<string, unknown> = {}) {
	return {
		cc_emails: [],
		fwd_emails: [],
		reply_cc_emails: [],
		email_config_id: null,
		group_id: 2043,
		priority: 4,
		requester_id: 129,
		responder_id: 6001263404,
		source: 2,
		status: 2,
		subject: 'Détracteur (2) — Livraison — Claire M.',
		company_id: 1,
		id,
		type: null,
		to_emails: null,
		product_id: null,
		fr_escalated: false,
		spam: false,
		urgent: false,
		is_escalated: false,
		created_at: '2030-03-01T09:13:06Z',
		updated_at: '2030-03-01T09:13:06Z',
		due_by: '2030-03-04T16:00:00Z',
		fr_due_by: '2030-03-04T16:00:00Z',
		description_text: 'Détracteur (2) — Livraison',
		description: '<div>Détracteur (2) — Livraison</div>',
		custom_fields: { cf_closed_loop_key: KEY },
		tags: ['closed-loop', 'detractor', 'delivery', 'closed-loop-rev-1'],
		attachments: [],
		...overrides,
	};
}

/** A private note as Create a Note answers it. */
const note = (id: number, ticketId: number, text: string) => ({
	body_text: text,
	body: `<div>${text}</div>`,
	id,
	incoming: false,
	private: true,
	user_id: 1,
	support_email: null,
	ticket_id: ticketId,
	attachments: [],
	created_at: '2030-03-01T09:13:07Z',
	updated_at: '2030-03-01T09:13:07Z',
});
const resumeNote = (ticketId: number) => note(9001, ticketId, `Closed Loop SLA resume link: ${sampleDraft().resumeUrl}`);

afterEach(() => nock.cleanAll());

describe('Freshdesk: the credential and the settings', () => {
	it('reads the domain as a subdomain, a host name or a full URL', () => {
		expect(freshdeskSiteUrl('acme')).toBe('https://acme.freshdesk.com');
		expect(freshdeskSiteUrl(' acme.freshdesk.com ')).toBe('https://acme.freshdesk.com');
		expect(freshdeskSiteUrl('https://acme.freshdesk.com/a/tickets')).toBe('https://acme.freshdesk.com');
		expect(freshdeskSiteUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
		expect(() => freshdeskSiteUrl('')).toThrow(/Domain is empty/);
		expect(() => freshdeskSiteUrl('acme freshdesk')).toThrow(/Domain "acme freshdesk" is not an address/);
	});

	it('refuses a key field that is not a field name, a group that is not an id, a fallback that is not an email', async () => {
		const settings = (parameters: Record<string, unknown>) => run(async (_api, read) => read, { parameters });
		expect((await settings({ freshdeskKeyField: 'Closed Loop Key' })).error?.message).toMatch(/Key Field "Closed Loop Key" is not a Freshdesk field name/);
		expect((await settings({ freshdeskKeyField: '' })).error?.message).toMatch(/Key Field is empty/);
		expect((await settings({ freshdeskGroupId: 'Support' })).error?.message).toMatch(/Group ID "Support" is not a Freshdesk group id/);
		expect((await settings({ freshdeskFallbackRequesterEmail: 'feedback' })).error?.message).toMatch(/Fallback Requester Email "feedback" is not an email/);
		const { value } = await settings({ freshdeskGroupId: ' 2043 ', freshdeskCloseStatus: 5 });
		expect(value).toMatchObject({ keyField: 'cf_closed_loop_key', groupId: 2043, closeStatus: 5, source: 2, dueDates: 'both' });
	});

	it('keeps a key that Filter Tickets can quote, and hashes one it cannot', () => {
		expect(freshdeskKeyValue(KEY)).toBe(KEY);
		expect(freshdeskKeyValue("o'brien@example.com")).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
		expect(freshdeskKeyValue("o'brien@example.com")).toBe(freshdeskKeyValue("o'brien@example.com"));
		expect(freshdeskKeyQuery('cf_closed_loop_key', KEY)).toBe(`"cf_closed_loop_key:'${KEY}'"`);
	});
});

describe('Freshdesk: find and get', () => {
	it('searches the key field, keeps the exact and oldest match, and reads the ticket with its resume link', async () => {
		const api = freshdesk()
			.get(searchPath(KEY))
			.reply(200, {
				total: 3,
				results: [
					ticket(57, { created_at: '2030-03-01T09:20:00Z' }),
					// The search matches words: another key that shares them is not ours.
					ticket(12, { created_at: '2030-02-01T08:00:00Z', custom_fields: { cf_closed_loop_key: 'typeform:resp_8f2c:old' } }),
					ticket(47, { created_at: '2030-03-01T09:13:06Z' }),
				],
			})
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.get('/api/v2/tickets/47/conversations')
			.reply(200, [resumeNote(47)]);

		const { value, error } = await run(async (client, settings) => await freshdeskProvider.find(client, KEY, settings));

		expect(error).toBeUndefined();
		expect(value).toEqual({
			id: '47',
			url: `${SITE}/a/tickets/47`,
			key: KEY,
			status: 'Open',
			closed: false,
			providerPriority: '4',
			dueAt: '2030-03-04T16:00:00Z',
			createdAt: '2030-03-01T09:13:06Z',
			revision: 1,
			resumeUrl: sampleDraft().resumeUrl,
			integrity: [],
		});
		expect(api.isDone()).toBe(true);
	});

	it('reads further pages (30 a page, 10 at most) while the search reports more results than it gave', async () => {
		const others = Array.from({ length: 30 }, (_, index) => ticket(200 + index, { custom_fields: { cf_closed_loop_key: `typeform:resp_${index}` } }));
		const api = freshdesk()
			.get(searchPath(KEY))
			.reply(200, { total: 31, results: others })
			.get(`${searchPath(KEY)}&page=2`)
			.reply(200, { total: 31, results: [ticket(47)] })
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.get('/api/v2/tickets/47/conversations')
			.reply(200, []);
		const { value, error } = await run(async (client, settings) => await freshdeskProvider.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toMatchObject({ id: '47', key: KEY });
		expect(api.isDone()).toBe(true);
	});

	it('finds nothing when the search has no ticket with the key', async () => {
		const api = freshdesk().get(searchPath(KEY)).reply(200, { total: 0, results: [] });
		const { value } = await run(async (client, settings) => await freshdeskProvider.find(client, KEY, settings));
		expect(value).toBeNull();
		expect(api.isDone()).toBe(true);
	});

	it('gets a ticket by id (the resume link from its field when one is set), and null for a 404', async () => {
		const api = freshdesk()
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47, { status: 4, custom_fields: { cf_closed_loop_key: KEY, cf_resume_url: 'https://n8n.example/resume' } }))
			.get('/api/v2/tickets/48')
			.reply(404, '');
		const { value } = await run(
			async (client, settings) => [await freshdeskProvider.get(client, '47', settings), await freshdeskProvider.get(client, '48', settings)],
			{ parameters: { freshdeskResumeUrlField: 'cf_resume_url' } },
		);
		expect(value?.[0]).toMatchObject({ id: '47', status: 'Resolved', closed: true, resumeUrl: 'https://n8n.example/resume', key: KEY });
		expect(value?.[1]).toBeNull();
		expect(api.isDone()).toBe(true);
	});
});

describe('Freshdesk: create', () => {
	it('opens the ticket with the requester, priority, owner found by email, group, tags, key, due dates, then the resume note', async () => {
		let created: Record<string, unknown> = {};
		let noteBody: Record<string, unknown> = {};
		const api = freshdesk()
			.get('/api/v2/agents?email=hugo.bernard%40acme.example')
			.reply(200, [{ available: true, occasional: false, id: 6001263404, ticket_scope: 1, type: 'support_agent', contact: { email: 'hugo.bernard@acme.example', name: 'Hugo Bernard' } }])
			.post('/api/v2/tickets', (body: Record<string, unknown>) => ((created = body), true))
			.reply(201, ticket(47))
			.post('/api/v2/tickets/47/notes', (body: Record<string, unknown>) => ((noteBody = body), true))
			.reply(201, resumeNote(47));

		const { value, error } = await run(async (client, settings) => await freshdeskProvider.create(client, draft(), settings), { parameters: { freshdeskGroupId: '2043' } });

		expect(error).toBeUndefined();
		expect(created).toEqual({
			email: 'claire.martin@example.fr',
			name: 'Claire Martin',
			subject: 'Détracteur (2) — Livraison — Claire M.',
			description: sampleDraft().descriptionHtml,
			status: 2,
			priority: 4,
			source: 2,
			responder_id: 6001263404,
			group_id: 2043,
			tags: ['closed-loop', 'detractor', 'delivery', 'closed-loop-rev-1'],
			custom_fields: { cf_closed_loop_key: KEY },
			due_by: '2030-03-04T16:00:00.000Z',
			fr_due_by: '2030-03-04T16:00:00.000Z',
		});
		expect(noteBody).toEqual({
			body: '<div>Closed Loop SLA resume link: https://n8n.acme.example/webhook-waiting/812/sla?signature=abc&amp;event=resolved</div>',
			private: true,
		});
		expect(value).toMatchObject({ id: '47', key: KEY, status: 'Open', revision: 1, resumeUrl: sampleDraft().resumeUrl });
		expect(value?.warnings).toBeUndefined();
		expect(api.isDone()).toBe(true);
	});

	it('takes the agent id from the routing table and the resume link into its field, without a lookup or a note', async () => {
		let created: Record<string, unknown> = {};
		const api = freshdesk()
			.post('/api/v2/tickets', (body: Record<string, unknown>) => ((created = body), true))
			.reply(201, ticket(47));
		const withId = draft({ assignee: { name: 'Hugo Bernard', email: 'hugo.bernard@acme.example', phone: null, helpdeskUserId: '6001263404' } });
		await run(async (client, settings) => await freshdeskProvider.create(client, withId, settings), { parameters: { freshdeskResumeUrlField: 'cf_closed_loop_resume_url' } });
		expect(created).toMatchObject({ responder_id: 6001263404, custom_fields: { cf_closed_loop_key: KEY, cf_closed_loop_resume_url: sampleDraft().resumeUrl } });
		expect(api.isDone()).toBe(true);
	});

	it('an owner with no agent, or a key that may not list agents (403), opens the ticket unassigned with a warning', async () => {
		for (const [status, body, warning] of [
			[200, [], /no Freshdesk agent has the email hugo.bernard@acme.example/],
			[403, { code: 'access_denied', message: 'You are not authorized to perform this action.' }, /only admins look agents up by email \(403\)/],
		] as const) {
			let created: Record<string, unknown> = {};
			freshdesk()
				.get('/api/v2/agents?email=hugo.bernard%40acme.example')
				.reply(status, body)
				.post('/api/v2/tickets', (sent: Record<string, unknown>) => ((created = sent), true))
				.reply(201, ticket(47, { responder_id: null }))
				.post('/api/v2/tickets/47/notes')
				.reply(201, resumeNote(47));
			const { value, error } = await run(async (client, settings) => await freshdeskProvider.create(client, draft(), settings));
			expect(error).toBeUndefined();
			expect(created).not.toHaveProperty('responder_id');
			expect(value?.warnings).toEqual([expect.stringMatching(warning)]);
		}
	});

	it('a respondent without email: their phone, else the fallback requester, else an error naming the setting and no call', async () => {
		const bodies: Array<Record<string, unknown>> = [];
		freshdesk()
			.post('/api/v2/tickets', (body: Record<string, unknown>) => (bodies.push(body), true))
			.times(2)
			.reply(201, ticket(47));
		const noEmail = (phone: string | null) => draft({ requester: { name: null, email: null, phone }, resumeUrl: null, assignee: null });

		await run(async (client, settings) => await freshdeskProvider.create(client, noEmail('+33 6 12 34 56 78'), settings));
		await run(async (client, settings) => await freshdeskProvider.create(client, noEmail(null), settings), {
			parameters: { freshdeskFallbackRequesterEmail: 'feedback@acme.example' },
		});
		const refused = await run(async (client, settings) => await freshdeskProvider.create(client, noEmail(null), settings));

		expect(bodies[0]).toMatchObject({ phone: '+33 6 12 34 56 78', name: '+33 6 12 34 56 78' });
		expect(bodies[0]).not.toHaveProperty('email');
		expect(bodies[1]).toMatchObject({ email: 'feedback@acme.example' });
		expect(refused.error?.message).toMatch(/Freshdesk needs a requester.*set Fallback Requester Email/);
		expect(bodies).toHaveLength(2);
	});

	it('a due date already past is not sent (Freshdesk refuses it) and says so; a priority outside 1..4 is refused', async () => {
		let created: Record<string, unknown> = {};
		freshdesk()
			.post('/api/v2/tickets', (body: Record<string, unknown>) => ((created = body), true))
			.reply(201, ticket(47));
		const late = draft({ dueAt: '2020-01-01T00:00:00.000Z', resumeUrl: null, assignee: null });
		const { value } = await run(async (client, settings) => await freshdeskProvider.create(client, late, settings));
		expect(created).not.toHaveProperty('due_by');
		expect(created).not.toHaveProperty('fr_due_by');
		expect(value?.warnings).toEqual([expect.stringMatching(/2020-01-01T00:00:00.000Z is already past/)]);

		const wrong = await run(async (client, settings) => await freshdeskProvider.create(client, draft({ providerPriority: 'urgent', assignee: null }), settings));
		expect(wrong.error?.message).toMatch(/Priority Mapping: Freshdesk priorities are 1 \(Low\).*"urgent" is not one/);
	});
});

describe('Freshdesk: converge after create', () => {
	it('lists the requester’s tickets (no search lag) and merges ours into the older ticket with the key', async () => {
		let merge: Record<string, unknown> = {};
		const api = freshdesk()
			.get('/api/v2/tickets/48')
			.reply(200, ticket(48, { created_at: '2030-03-01T09:13:07Z' }))
			.get('/api/v2/tickets?requester_id=129&order_by=created_at&order_type=desc&per_page=100')
			.reply(200, [
				ticket(48, { created_at: '2030-03-01T09:13:07Z' }),
				ticket(47, { created_at: '2030-03-01T09:13:06Z' }),
				ticket(31, { created_at: '2030-02-11T10:00:00Z', custom_fields: { cf_closed_loop_key: 'typeform:resp_0001' } }),
			])
			.put('/api/v2/tickets/merge', (body: Record<string, unknown>) => ((merge = body), true))
			.reply(204, '')
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.get('/api/v2/tickets/47/conversations')
			.reply(200, [resumeNote(47)]);
		const ours = { id: '48', key: KEY } as StoredCase;

		const { value, error } = await run(async (client, settings) => await freshdeskProvider.converge!(client, ours, KEY, settings));

		expect(error).toBeUndefined();
		expect(merge).toMatchObject({ primary_id: 47, ticket_ids: [47, 48], convert_recepients_to_cc: false, note_in_primary: { private: true }, note_in_secondary: { private: true } });
		expect(value).toMatchObject({ id: '47', key: KEY, resumeUrl: sampleDraft().resumeUrl });
		expect(value?.warnings).toEqual([expect.stringMatching(/#48 was merged into it/)]);
		expect(api.isDone()).toBe(true);
	});

	it('keeps ours when it is the oldest with the key', async () => {
		const api = freshdesk()
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.get('/api/v2/tickets?requester_id=129&order_by=created_at&order_type=desc&per_page=100')
			.reply(200, [ticket(48, { created_at: '2030-03-01T09:13:07Z' }), ticket(47)]);
		const ours = { id: '47', key: KEY } as StoredCase;
		const { value } = await run(async (client, settings) => await freshdeskProvider.converge!(client, ours, KEY, settings));
		expect(value).toBe(ours);
		expect(api.isDone()).toBe(true);
	});
});

describe('Freshdesk: revise, close, add note', () => {
	const stored = (): StoredCase => ({
		id: '47',
		url: `${SITE}/a/tickets/47`,
		key: KEY,
		status: 'Open',
		closed: false,
		providerPriority: '4',
		dueAt: null,
		createdAt: null,
		revision: 1,
		resumeUrl: sampleDraft().resumeUrl,
		integrity: [],
	});

	it('a revision replaces the description and the revision tag, and leaves a private note with the new text', async () => {
		let update: Record<string, unknown> = {};
		let noteBody: Record<string, unknown> = {};
		const revised = draft({ revision: 2, descriptionHtml: '<p>Révisée</p>', description: 'Révisée : colis perdu' });
		const api = freshdesk()
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47, { tags: ['closed-loop', 'vip', 'closed-loop-rev-1'] }))
			.put('/api/v2/tickets/47', (body: Record<string, unknown>) => ((update = body), true))
			.reply(200, ticket(47, { tags: ['closed-loop', 'vip', 'closed-loop-rev-2'] }))
			.post('/api/v2/tickets/47/notes', (body: Record<string, unknown>) => ((noteBody = body), true))
			.reply(201, note(9002, 47, 'Réponse révisée'));

		const { value } = await run(async (client, settings) => await freshdeskProvider.revise(client, stored(), revised, settings));

		expect(update).toEqual({ description: '<p>Révisée</p>', tags: ['closed-loop', 'vip', 'closed-loop-rev-2'] });
		expect(noteBody).toEqual({ body: expect.stringContaining('Réponse révisée (révision 2, après la 1)'), private: true });
		expect(String(noteBody.body)).toContain('Révisée : colis perdu');
		expect(value).toMatchObject({ id: '47', revision: 2 });
		expect(api.isDone()).toBe(true);
	});

	it('close: Resolved, the integrity flags as tags, the root cause in its field, then the close note; flags read back', async () => {
		let update: Record<string, unknown> = {};
		let noteBody: Record<string, unknown> = {};
		const close = sampleClose({ twoWayContact: false, resolved: true, rootCause: 'delivery', notes: 'TBC, waiting for the customer' });
		const api = freshdesk()
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.put('/api/v2/tickets/47', (body: Record<string, unknown>) => ((update = body), true))
			.reply(200, ticket(47, { status: 4, tags: ['closed-loop', 'detractor', 'delivery', 'closed-loop-rev-1', 'resolved-without-two-way-contact', 'closed-while-pending'] }))
			.post('/api/v2/tickets/47/notes', (body: Record<string, unknown>) => ((noteBody = body), true))
			.reply(201, note(9003, 47, 'Case closed'));

		const { value, error } = await run(async (client, settings) => await freshdeskProvider.close(client, stored(), close, settings), {
			parameters: { freshdeskRootCauseField: 'cf_root_cause' },
		});

		expect(error).toBeUndefined();
		expect(update).toEqual({
			status: 4,
			tags: ['closed-loop', 'detractor', 'delivery', 'closed-loop-rev-1', 'resolved-without-two-way-contact', 'closed-while-pending'],
			custom_fields: { cf_root_cause: 'Late, lost or damaged delivery' },
		});
		expect(noteBody.private).toBe(true);
		expect(String(noteBody.body)).toContain('Case closed<br>Two-way contact: no<br>Resolved: —');
		expect(String(noteBody.body)).toContain('- resolved-without-two-way-contact: ');
		expect(value).toMatchObject({ status: 'Resolved', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(api.isDone()).toBe(true);
	});

	it('close with Close Status Closed sends status 5', async () => {
		let update: Record<string, unknown> = {};
		freshdesk()
			.get('/api/v2/tickets/47')
			.reply(200, ticket(47))
			.put('/api/v2/tickets/47', (body: Record<string, unknown>) => ((update = body), true))
			.reply(200, ticket(47, { status: 5 }))
			.post('/api/v2/tickets/47/notes')
			.reply(201, note(9004, 47, 'Case closed'));
		const { value } = await run(async (client, settings) => await freshdeskProvider.close(client, stored(), sampleClose({ twoWayContact: true, resolved: true }), settings), {
			parameters: { freshdeskCloseStatus: 5 },
		});
		expect(update.status).toBe(5);
		expect(value).toMatchObject({ status: 'Closed', closed: true, integrity: [] });
	});

	it('add note: a private note, its text escaped as HTML', async () => {
		let noteBody: Record<string, unknown> = {};
		const api = freshdesk()
			.post('/api/v2/tickets/47/notes', (body: Record<string, unknown>) => ((noteBody = body), true))
			.reply(201, note(9005, 47, 'Called'));
		const { value } = await run(async (client, settings) => await freshdeskProvider.addNote(client, stored(), { text: 'Called <no answer>\nLeft a message', at: '2030-03-02T10:00:00Z' }, settings));
		expect(noteBody).toEqual({ body: '<div>Called &lt;no answer&gt;<br>Left a message</div>', private: true });
		expect(value).toEqual(stored());
		expect(api.isDone()).toBe(true);
	});
});

describe('Freshdesk: faults', () => {
	it('a 429 with Retry-After is waited, then the search succeeds', async () => {
		const api = freshdesk()
			.get(searchPath(KEY))
			.reply(429, '', { 'Retry-After': '1' })
			.get(searchPath(KEY))
			.reply(200, { total: 0, results: [] });
		const started = Date.now();
		const { value, error } = await run(async (client, settings) => await freshdeskProvider.find(client, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(api.isDone()).toBe(true);
	});

	it('a 503 on a GET is retried', async () => {
		const api = freshdesk().get('/api/v2/tickets/47').reply(503, '').get('/api/v2/tickets/47').reply(200, ticket(47)).get('/api/v2/tickets/47/conversations').reply(200, []);
		const { value } = await run(async (client, settings) => await freshdeskProvider.get(client, '47', settings));
		expect(value).toMatchObject({ id: '47', resumeUrl: null });
		expect(api.isDone()).toBe(true);
	});

	it('a 503 on the create POST is not repeated: it may have opened the ticket', async () => {
		const api = freshdesk().post('/api/v2/tickets').reply(503, '');
		const { error } = await run(async (client, settings) => await freshdeskProvider.create(client, draft({ assignee: null, resumeUrl: null }), settings));
		expect(error?.message).toBe('Freshdesk API: POST /api/v2/tickets failed with HTTP 503 (not retried: a POST without an idempotency key could be performed twice)');
		expect(error?.retryable).toBe(true);
		expect(api.isDone()).toBe(true);
	});

	it('a validation error names the call and Freshdesk’s field and message; the API key is in no error or log', async () => {
		freshdesk()
			.post('/api/v2/tickets')
			.reply(400, { description: 'Validation failed', errors: [{ field: 'cf_closed_loop_key', message: 'Unexpected/invalid field in request', code: 'invalid_field' }] });
		const { error, logs } = await run(async (client, settings) => await freshdeskProvider.create(client, draft({ assignee: null, resumeUrl: null }), settings));
		expect(error?.message).toBe('Freshdesk API: POST /api/v2/tickets failed with HTTP 400');
		expect(error?.description).toBe('Validation failed: cf_closed_loop_key: Unexpected/invalid field in request');
		expect(error?.httpCode).toBe('400');
		for (const shown of [JSON.stringify(error), logs]) {
			expect(shown).not.toContain(FRESHDESK_ACCESS);
			expect(shown).not.toContain(basic.slice('Basic '.length));
		}
	});

	it('a refused API key (401) names the call and is not retried; the key is in no error or log', async () => {
		const api = freshdesk().get('/api/v2/tickets/47').times(2).reply(401, { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' });
		const { error, logs } = await run(async (client, settings) => await freshdeskProvider.get(client, '47', settings));
		expect(error?.message).toBe('Freshdesk API: GET /api/v2/tickets/47 failed with HTTP 401');
		expect(error?.retryable).toBe(false);
		expect(JSON.stringify(error)).not.toContain(FRESHDESK_ACCESS);
		expect(logs).not.toContain(FRESHDESK_ACCESS);
		expect(api.isDone()).toBe(true);
	});
});

/**
 * A Freshdesk account in memory: tickets, notes, merges, and a search index that sees a ticket only once it is
 * indexed, as Filter Tickets does minutes later. For the runs of the same case one after the other and at once.
 */
function freshdeskAccount() {
	const tickets: Array<ReturnType<typeof ticket>> = [];
	const indexed = new Set<number>();
	const merges: Array<Record<string, unknown>> = [];
	let posts = 0;
	const scope = freshdesk().persist();
	scope.post('/api/v2/tickets').reply(201, (_uri, body) => {
		posts++;
		const sent = body as Record<string, unknown>;
		const id = 100 + tickets.length + 1;
		const created = ticket(id, {
			created_at: new Date(Date.UTC(2030, 2, 1, 9, 13, tickets.length)).toISOString().replace('.000', ''),
			custom_fields: sent.custom_fields,
			tags: sent.tags,
		});
		tickets.push(created);
		return created;
	});
	scope.post(/\/api\/v2\/tickets\/\d+\/notes/).reply(201, note(1, 101, 'note'));
	scope.get(/\/api\/v2\/tickets\/\d+\/conversations/).reply(200, []);
	scope.get(/\/api\/v2\/search\/tickets/).reply(200, () => {
		const results = tickets.filter((each) => indexed.has(each.id));
		return { total: results.length, results };
	});
	scope.get(/\/api\/v2\/tickets\?requester_id=129/).reply(200, () => [...tickets].reverse());
	scope.get(/\/api\/v2\/tickets\/\d+$/).reply((uri) => {
		const found = tickets.find((each) => `/api/v2/tickets/${each.id}` === uri);
		return found ? [200, found] : [404, ''];
	});
	scope.put('/api/v2/tickets/merge').reply(204, (_uri, body) => {
		merges.push(body as Record<string, unknown>);
		const { ticket_ids: ids, primary_id: primary } = body as { ticket_ids: number[]; primary_id: number };
		for (const each of tickets) if (ids.includes(each.id) && each.id !== primary) each.status = 5;
		return '';
	});
	return { tickets, merges, indexAll: () => tickets.forEach((each) => indexed.add(each.id)), posts: () => posts };
}

const createCase = async (caseDraft: CaseDraft) => await run(async (client, settings) => await createAsTheNodeDoes(client, freshdeskProvider as AnyCaseProvider, caseDraft, settings));

describe('Freshdesk: idempotency and concurrency', () => {
	const once = () => draft({ assignee: null, resumeUrl: null });

	it('a second run, once the search has indexed the ticket, finds it and opens nothing', async () => {
		const account = freshdeskAccount();
		const first = await createCase(once());
		account.indexAll();
		const second = await createCase(once());
		expect(first.value).toMatchObject({ outcome: 'created', stored: { id: '101' } });
		expect(second.value).toMatchObject({ outcome: 'found', stored: { id: '101', key: KEY } });
		expect(account.posts()).toBe(1);
	});

	it('a second run inside the search lag opens a twin, which converge merges into the first: one ticket stays open', async () => {
		const account = freshdeskAccount();
		await createCase(once());
		const second = await createCase(once());
		expect(account.posts()).toBe(2);
		expect(second.value?.stored).toMatchObject({ id: '101' });
		expect(account.merges).toEqual([expect.objectContaining({ primary_id: 101, ticket_ids: [101, 102] })]);
		expect(account.tickets.filter((each) => each.status === 2).map((each) => each.id)).toEqual([101]);
	});

	it('two runs at once both create (Freshdesk has no unique key); both end on the oldest ticket and the other is merged', async () => {
		const account = freshdeskAccount();
		const [left, right] = await Promise.all([createCase(once()), createCase(once())]);
		expect(account.posts()).toBe(2);
		expect([left.value?.stored.id, right.value?.stored.id]).toEqual(['101', '101']);
		expect(account.merges).toHaveLength(1);
		expect(account.tickets.filter((each) => each.status === 2).map((each) => each.id)).toEqual([101]);
	});
});
